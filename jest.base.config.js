// Shared by jest.config.js (npm test), jest.prometheus.config.js and jest.browser.config.js.
module.exports = {
  // The node environment, removing the temp dirs of __tests__/support.ts when a test file ends.
  testEnvironment: '<rootDir>/jest.environment.js',
  roots: ['<rootDir>/__tests__'],
  transform: {
    '^.+\\.ts$': ['@swc/jest', { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: ['**/*.test.ts'],
  // jest-runtime reusing compiled code across the test files of a worker (see the file).
  runtime: '<rootDir>/jest.runtime.js',
};
