module.exports = { ...require('../../jest.preset.js'), displayName: '@cls/kafka', rootDir: __dirname };
