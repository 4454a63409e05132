module.exports = { ...require('../jest.preset.js'), displayName: '@cls/e2e', rootDir: __dirname, testTimeout: 120_000, testMatch: ['<rootDir>/**/*.e2e.spec.ts'] };
