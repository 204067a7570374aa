// One project per test tier (STYLE.md): the file suffix decides the tier.
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];
const moduleNameMapper = {
  '^@lienthong/messaging/nest$': '<rootDir>/libs/messaging/src/nest',
  '^@lienthong/event-store/domain$': '<rootDir>/libs/event-store/src/domain',
  '^@lienthong/(event-store|messaging|contracts|testing|kafka-dev-broker|apache-kafka|platform|working-calendar|agency-desk|bundle-catalogue|dev-seed|mail-catcher)$': '<rootDir>/libs/$1/src',
};
const base = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper,
  roots: ['<rootDir>/libs', '<rootDir>/services', '<rootDir>/e2e', '<rootDir>/deploy', '<rootDir>/bench'],
};
module.exports = {
  projects: [
    { ...base, displayName: 'unit', testMatch: ['**/*.unit.spec.ts'] },
    {
      ...base,
      displayName: 'int',
      testMatch: ['**/*.int.spec.ts'],
      globalSetup: '<rootDir>/libs/testing/src/jest/global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/src/jest/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/libs/testing/src/jest/timeout-int.ts'],
    },
    {
      ...base,
      displayName: 'e2e',
      testMatch: ['**/*.e2e.spec.ts'],
      globalSetup: '<rootDir>/libs/testing/src/jest/global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/src/jest/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/libs/testing/src/jest/timeout-e2e.ts'],
    },
    {
      // Apache Kafka only (npm run test:kafka): each file starts the cluster it needs.
      ...base,
      displayName: 'kafka',
      testMatch: ['**/*.kafka.spec.ts'],
      globalSetup: '<rootDir>/libs/testing/src/jest/global-setup.ts',
      globalTeardown: '<rootDir>/libs/testing/src/jest/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/libs/testing/src/jest/timeout-e2e.ts'],
    },
  ],
};
