// `npm test`: everything that needs only Node. Suites that need system packages (promtool, chromium)
// live in __tests__/prometheus and __tests__/browser and run from their own configs.
const base = require('./jest.base.config');

module.exports = {
  ...base,
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/__tests__/prometheus/', '<rootDir>/__tests__/browser/'],
};
