module.exports = { ...require('../../jest.preset.js'), displayName: '@cls/temporal', rootDir: __dirname };
