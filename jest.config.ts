import type { Config } from 'jest';

const tsJest: Config['transform'] = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }],
};
/** The typed client package (clients/typescript), from source; tsconfig.json maps the same name. */
const moduleNameMapper: Config['moduleNameMapper'] = { '^@hookflow/client$': '<rootDir>/clients/typescript/src/index.ts' };

/**
 * `unit` needs nothing running; the other projects get a real Temporal dev server and a
 * real PostgreSQL from the global setup (started here, or reused when TEMPORAL_ADDRESS /
 * TEST_DATABASE_URL are given).
 */
const config: Config = {
  testTimeout: 60_000,
  // No forceExit: every test and helper closes what it opens, so jest exits on its own. If
  // it prints "Jest did not exit one second after the test run", something was left open
  // (CONTRIBUTING.md, How tests run).
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform: tsJest,
      moduleNameMapper,
      testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      transform: tsJest,
      moduleNameMapper,
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      globalSetup: '<rootDir>/test/helpers/global-setup.ts',
      globalTeardown: '<rootDir>/test/helpers/global-teardown.ts',
    },
    {
      // Workflow code on the real dev server with stub activities (test/helpers/workflow-worker.ts):
      // the paths end-to-end tests reach slowly or not at all (continue-as-new, races with timers).
      displayName: 'workflows',
      testEnvironment: 'node',
      transform: tsJest,
      moduleNameMapper,
      testMatch: ['<rootDir>/test/workflows/**/*.test.ts'],
      globalSetup: '<rootDir>/test/helpers/global-setup.ts',
      globalTeardown: '<rootDir>/test/helpers/global-teardown.ts',
    },
    {
      // Runs `npm run dev` itself, as a new user would. The shared servers of the global
      // setup stand in for "an existing Temporal cluster and PostgreSQL".
      displayName: 'e2e',
      testEnvironment: 'node',
      transform: tsJest,
      moduleNameMapper,
      testMatch: ['<rootDir>/test/e2e/**/*.test.ts'],
      globalSetup: '<rootDir>/test/helpers/global-setup.ts',
      globalTeardown: '<rootDir>/test/helpers/global-teardown.ts',
    },
    {
      // The customer portal in a real browser (Debian's Chromium through playwright-core),
      // against the real stack and receivers on loopback. Its setup also builds the portal.
      displayName: 'ui',
      testEnvironment: 'node',
      transform: tsJest,
      moduleNameMapper,
      testMatch: ['<rootDir>/test/ui/**/*.test.ts'],
      globalSetup: '<rootDir>/test/helpers/ui-global-setup.ts',
      globalTeardown: '<rootDir>/test/helpers/global-teardown.ts',
    },
    {
      // A real Temporal server (temporal-server from .tools, PostgreSQL persistence, the
      // frontend on mTLS) with two workers and two APIs as separate processes, set up with
      // the scripts docker-compose.yml uses (test/cluster). `npm run test:cluster` runs it alone.
      displayName: 'cluster',
      testEnvironment: 'node',
      transform: tsJest,
      moduleNameMapper,
      testMatch: ['<rootDir>/test/cluster/**/*.test.ts'],
      globalSetup: '<rootDir>/test/helpers/global-setup.ts',
      globalTeardown: '<rootDir>/test/helpers/global-teardown.ts',
    },
    {
      // Fault tests: the real stack with processes killed, servers restarted and receivers
      // misbehaving; each prints a ledger of what was published, delivered and attempted.
      // Each file starts the servers it breaks; the shared ones come from the global setup.
      displayName: 'faults',
      testEnvironment: 'node',
      transform: tsJest,
      moduleNameMapper,
      testMatch: ['<rootDir>/test/faults/**/*.test.ts'],
      globalSetup: '<rootDir>/test/helpers/global-setup.ts',
      globalTeardown: '<rootDir>/test/helpers/global-teardown.ts',
    },
  ],
};

export default config;
