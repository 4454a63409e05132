module.exports = { ...require('../../jest.preset.js'), displayName: '@cls/reporting', rootDir: __dirname };
