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
  // Test files run in a vm context, where every read of a global (Math.imul, Number.isSafeInteger,
  // Infinity...) goes through the context's interceptor, ~50x slower than a local: the simulator's
  // hot loops (random numbers, the HPA engine) ran 2-4x slower under jest than under node. These
  // built-ins are passed to each module as parameters instead (the same objects, jest's option for
  // this); never a global tests replace (Date, timers: fake timers must still reach them).
  // The second line: the next most read, counted per test file (getters on the context's global):
  // isFinite and isNaN up to ~240k and ~130k reads a file (simulation, capacity), Promise up to ~120k
  // (jest's own expect and circus run in the context too), ~2.5M reads a run at ~0.15-0.2 us each.
  sandboxInjectedGlobals: ['Math', 'Number', 'BigInt', 'Infinity', 'Object', 'Array', 'JSON', 'String', 'Symbol', 'Map', 'Set', 'Float64Array', 'Error',
    'isFinite', 'isNaN', 'Promise', 'globalThis', 'Boolean', 'ArrayBuffer', 'Uint16Array', 'Uint8Array', 'parseInt', 'parseFloat', 'Reflect', 'RegExp', 'WeakMap'],
};
