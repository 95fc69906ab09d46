/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  // Transpile only (tsconfig has isolatedModules); `npm test` type-checks with tsc first.
  transform: { '^.+\\.ts$': 'ts-jest' },
  // As main.ts does: no stack trace per cdktf token (see that file). Stack tests: a third of the CPU time.
  setupFiles: ['<rootDir>/cdktf-without-stack-traces.ts'],
  maxWorkers: 2,
};
