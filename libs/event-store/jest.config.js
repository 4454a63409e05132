module.exports = { ...require('../../jest.preset.js'), displayName: '@cls/event-store', rootDir: __dirname };
