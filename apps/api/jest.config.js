module.exports = { ...require('../../jest.preset.js'), displayName: '@cls/api', rootDir: __dirname };
