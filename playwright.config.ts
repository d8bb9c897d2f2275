/**
 * Browser tests in Debian's Chromium (CHROMIUM_PATH to use another). Each test file starts its own server and data
 * directory, so files run side by side (PLAYWRIGHT_WORKERS, default 2); the tests of one file run in order.
 * PLAYWRIGHT_TRACE=1 keeps a trace of each failed test (recording one costs CPU in every test, so it is off by default).
 */
import { defineConfig } from '@playwright/test';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export default defineConfig({
  testDir: 'tests/e2e',
  timeout: 120_000,
  // A ceiling, not a wait: a step that waits on the server (a sync after a scan) gets room on a loaded 2-core machine.
  expect: { timeout: 30_000 },
  workers: Number(process.env.PLAYWRIGHT_WORKERS ?? 2),
  retries: 0,
  reporter: [['list']],
  use: {
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    },
    trace: process.env.PLAYWRIGHT_TRACE ? 'retain-on-failure' : 'off',
  },
});
