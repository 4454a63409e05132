module.exports = { ...require('../../jest.preset.js'), displayName: '@cls/config', rootDir: __dirname };
