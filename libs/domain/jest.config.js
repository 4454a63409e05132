module.exports = { ...require('../../jest.preset.js'), displayName: '@cls/domain', rootDir: __dirname };
