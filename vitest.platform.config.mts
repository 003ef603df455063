import { defineConfig } from 'vitest/config';

/**
 * Tests that only Windows or macOS can run (tests/platform/**): the engine's boot service
 * registered with the real Task Scheduler / checked by plutil. Run by
 * .github/workflows/platforms.yml on windows-latest and macos-latest, one file per OS; the Linux
 * suite (vitest.config.mts) excludes them.
 */
export default defineConfig({
  test: {
    name: 'platform',
    environment: 'node',
    include: ['tests/platform/**/*.test.ts'],
    globalSetup: ['tests/setup/build-cli.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
