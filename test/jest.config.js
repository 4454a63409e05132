module.exports = { ...require('../jest.preset.js'), displayName: '@cls/e2e', rootDir: __dirname };
