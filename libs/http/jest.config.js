module.exports = { ...require('../../jest.preset.js'), displayName: '@cls/http', rootDir: __dirname };
