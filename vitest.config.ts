import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';
import { resolve } from 'node:path';

export default defineConfig({
  test: {
    projects: [
      {
        plugins: [WxtVitest()],
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.{ts,tsx}'],
          environment: 'node',
          setupFiles: ['tests/helpers/unit-setup.ts'],
          globalSetup: ['tests/helpers/model-setup.ts'],
        },
      },
      {
        resolve: { alias: { '@': resolve(import.meta.dirname) } },
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/helpers/model-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // One Chromium at a time: two cores, and each test owns a browser profile.
          fileParallelism: false,
        },
      },
    ],
  },
});
