module.exports = { ...require('../../jest.preset.js'), displayName: '@cls/web', rootDir: __dirname };
