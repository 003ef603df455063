import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        // The Electron binary cannot run here: the shell is tested against one recorded mock.
        resolve: { alias: { electron: resolve(import.meta.dirname, 'tests/mocks/electron.ts') } },
        test: {
          name: 'node',
          environment: 'node',
          include: ['tests/**/*.test.ts'],
          // tests/platform: Windows and macOS only (vitest.platform.config.mts, platforms.yml).
          exclude: ['tests/renderer/**', 'tests/e2e/**', 'tests/platform/**'],
          globalSetup: ['tests/setup/build-cli.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'jsdom',
          environment: 'jsdom',
          include: ['tests/renderer/**/*.test.{ts,tsx}'],
          setupFiles: ['tests/setup/testing-library.ts'],
          // Fluent UI dialogs are slow to mount and unmount in jsdom on 2 shared cores.
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/setup/build-renderer.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
