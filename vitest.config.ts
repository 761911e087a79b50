/**
 * Vitest runs the unit tests: the modules that hold logic without a browser
 * (the lint, the deck loader, notes, bookmarks, the landing page, the course
 * data, the browser resolver). Playwright Test runs tests/*.spec.ts, which
 * need Chromium or a built site.
 */
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    // Mermaid's parser loads in a second or two on this machine.
    testTimeout: 30_000,
    // Two cores, shared.
    maxWorkers: 2,
  },
})
