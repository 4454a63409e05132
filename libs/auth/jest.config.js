module.exports = { ...require('../../jest.preset.js'), displayName: '@cls/auth', rootDir: __dirname };
