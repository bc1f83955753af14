/** @type {import('jest').Config} */
module.exports = {
  // Node, plus a guard that fails a test file leaving servers, sockets, child processes or timers open.
  testEnvironment: '<rootDir>/test/support/openHandlesEnvironment.ts',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // Type checking is done once by `tsc` in `npm test`; jest only transpiles.
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json', diagnostics: false }],
  },
  moduleNameMapper: {
    // adaptivecards 3.x ships ESM in its main entry; the dist bundle is UMD and loads in jest.
    '^adaptivecards$': '<rootDir>/node_modules/adaptivecards/dist/adaptivecards.js',
  },
  globalSetup: '<rootDir>/test/support/globalSetup.ts',
  globalTeardown: '<rootDir>/test/support/globalTeardown.ts',
  testTimeout: 30000,
  maxWorkers: 2,
};
