module.exports = { ...require('../../jest.preset.js'), displayName: '@cls/observability', rootDir: __dirname };
