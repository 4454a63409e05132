// Integration specs wait on real brokers with eventually() (15 s at most); the test timeout must outlast that so
// a failure reports the assertion rather than a timeout.
module.exports = { ...require('../../jest.preset.js'), displayName: '@cls/relay', rootDir: __dirname, testTimeout: 30_000 };
