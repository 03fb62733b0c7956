// Tests run TypeScript through swc (decorator metadata on, ~5x faster than ts-jest).
// One embedded PostgreSQL serves the whole run: globalSetup starts it (unless DATABASE_URL is
// set), migrates a template database, and hands its URL to the workers through process.env;
// each test file then gets its own database cloned from the template.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      keepClassNames: true,
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];

module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swc },
  testMatch: ['<rootDir>/test/**/*.test.ts'],
  globalSetup: '<rootDir>/test/global-setup.ts',
  globalTeardown: '<rootDir>/test/global-teardown.ts',
  // Two workers on the 2-core CI machine: jest's default (cores - 1) runs in band, one core idle
  // while a worker waits on PostgreSQL. Each test file has its own database, so files never share
  // state. Timeouts are generous because two heavy files (a browser, a reconciliation) can run
  // side by side.
  maxWorkers: 2,
  testTimeout: 180000,
};
