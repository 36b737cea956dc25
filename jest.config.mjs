// Jest runs in ESM mode (NestJS 12 is ESM-only): see ENVIRONMENT.md.
const base = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    '^@gridflow/([a-z0-9-]+)$': '<rootDir>/libs/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      {
        useESM: true,
        // Type-checking is `npm run lint`'s job (tsc --noEmit); tests only transpile.
        tsconfig: { module: 'ESNext', moduleResolution: 'bundler', isolatedModules: true },
      },
    ],
  },
};

export default {
  rootDir: '.',
  // Generous: a busy 2-core machine boots an app and migrates a database in a beforeAll hook.
  testTimeout: 120_000,
  maxWorkers: 2,
  projects: [
    {
      ...base,
      displayName: 'unit',
      testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts', '<rootDir>/test/{security,lint}/*.spec.ts'],
    },
    {
      ...base,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/**/*.{e2e,integration,browser}-spec.ts'],
      // Each run gets its own database and queue prefix, removed at the end.
      globalSetup: '<rootDir>/test/setup/global-setup.mjs',
      globalTeardown: '<rootDir>/test/setup/global-teardown.mjs',
    },
  ],
};
