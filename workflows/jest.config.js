module.exports = { ...require('../jest.preset.js'), displayName: '@cls/workflows', rootDir: __dirname, testTimeout: 60_000 };
