module.exports = { ...require('../../jest.preset.js'), displayName: '@cls/relay', rootDir: __dirname };
