import process from 'node:process'
import { defineConfig } from '@playwright/test'
import { CHROMIUM_ARGS, resolveBrowser } from './scripts/browser'

export default defineConfig({
  testDir: 'tests',
  // tests/unit/*.test.ts are Vitest's (npm run test:unit).
  testMatch: '**/*.spec.ts',
  // Each render test walks a whole deck; the machine has two cores.
  workers: 2,
  fullyParallel: true,
  timeout: 180_000,
  reporter: [['list'], ['./tests/support/summary-reporter.ts']],
  forbidOnly: !!process.env.CI,
  use: {
    viewport: { width: 980, height: 552 },
    launchOptions: { executablePath: resolveBrowser().executablePath, args: CHROMIUM_ARGS },
  },
})
