module.exports = { ...require('../../jest.preset.js'), displayName: '@cls/worker', rootDir: __dirname, testTimeout: 60_000 };
