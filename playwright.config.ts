import process from 'node:process'
import { defineConfig } from '@playwright/test'
import { CHROMIUM_ARGS, resolveBrowser } from './scripts/shared/browser'

/**
 * Specs that create a network namespace (tests/support/netns.ts), and
 * present-command.spec.ts, which runs `npm run present` like them (not
 * present-mode.spec.ts: a scratch copy on loopback).
 */
const NETWORK_SPECS = /present-(?:command|guard|local|remote)\.spec\.ts$/

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
  projects: [
    { name: 'site', testIgnore: NETWORK_SPECS },
    // Making and removing a network namespace changes this machine's network,
    // and Chromium aborts page loads in flight when it notices
    // (ERR_NETWORK_CHANGED): the specs that do it run after the others, in one
    // worker (workers: 1; fullyParallel alone lets two files run side by
    // side), so no browser of another test is loading a page meanwhile.
    { name: 'network', testMatch: NETWORK_SPECS, dependencies: ['site'], fullyParallel: false, workers: 1 },
  ],
})
