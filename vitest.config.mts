import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'node',
          include: ['test/api/**/*.test.ts', 'test/db/**/*.test.ts', 'test/policy/**/*.test.ts', 'test/unit/**/*.test.ts', 'test/courses/**/*.test.ts'],
          environment: 'node',
          // PBKDF2 at 100k iterations costs ~40 ms a password on these machines.
          testTimeout: 20_000,
        },
      },
      './vitest.workers.config.mts',
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          environment: 'node',
          // Builds web/dist once, so the tests exercise what `npm start` serves.
          globalSetup: ['test/browser/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
