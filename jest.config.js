/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  // Transpile only (tsconfig has isolatedModules); `npm test` type-checks with tsc first.
  transform: { '^.+\\.ts$': 'ts-jest' },
  maxWorkers: 2,
};
