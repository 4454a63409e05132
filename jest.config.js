// Every project at once, for `jest` from the root (the per-project configs are what Nx runs).
module.exports = {
  projects: ['<rootDir>/libs/*', '<rootDir>/apps/*', '<rootDir>/workflows', '<rootDir>/test'],
};
