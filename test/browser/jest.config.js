// The console's browser suite: every process, the development Keycloak and Debian's Chromium. Its own project so that
// `npm test -- test/browser` runs it alone; each test passes its own timeout, since a multi-project run keeps one global.
module.exports = {
  ...require('../../jest.preset.js'),
  displayName: '@cls/browser',
  rootDir: __dirname,
  testMatch: ['<rootDir>/**/*.browser.spec.ts'],
  testTimeout: 300_000,
};
