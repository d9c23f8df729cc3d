// `npm test`: everything that needs only Node. Suites that need system packages (promtool, chromium)
// live in __tests__/prometheus and __tests__/browser and run from their own configs.
const base = require('./jest.base.config');

module.exports = {
  ...base,
  // jest's default is one worker fewer than the cores: a single worker on a 2-core machine, which
  // leaves a core idle while test files wait on the synth processes they spawn.
  maxWorkers: '100%',
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/__tests__/prometheus/', '<rootDir>/__tests__/browser/'],
};
