import preact from '@preact/preset-vite';
import { defineConfig } from 'vitest/config';

// Four projects, one command (`npm test` runs them in order through scripts/test.ts):
// unit-node and unit-dom sit beside the code; integration and browser live in tests/.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit-node',
          environment: 'node',
          include: ['shared/{schemas,protocol,domain}/**/*.test.ts', 'server/**/*.test.ts', 'scripts/**/*.test.ts'],
          exclude: ['server/dashboard/**', 'server/widget/**'],
        },
      },
      {
        plugins: [preact()],
        test: {
          name: 'unit-dom',
          environment: 'happy-dom',
          include: [
            'extension/**/*.test.{ts,tsx}',
            'shared/ui/**/*.test.{ts,tsx}',
            'server/dashboard/**/*.test.{ts,tsx}',
            'server/widget/**/*.test.{ts,tsx}',
          ],
          setupFiles: ['tests/setup/dom.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          environment: 'node',
          include: ['tests/integration/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'browser',
          environment: 'node',
          include: ['tests/browser/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // One Chromium at a time: the machine has two cores and each browser test owns a whole profile.
          fileParallelism: false,
        },
      },
    ],
  },
});
