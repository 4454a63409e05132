// Every project at once, for `npm test` (the per-project configs are what Nx runs). Timeouts are a global option
// in a multi-project run, so the longest any project needs is set here: suites on real servers and the
// end-to-end suite that starts every process wait on them with bounded polls, not on this.
module.exports = {
  projects: ['<rootDir>/libs/*', '<rootDir>/apps/*', '<rootDir>/workflows', '<rootDir>/test', '<rootDir>/test/browser'],
  testTimeout: 120_000,
};
