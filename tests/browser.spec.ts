/** One resolver picks the browser: $CHROMIUM_PATH, Playwright's, the system's. */
import process from 'node:process'
import { expect, test } from '@playwright/test'
import { resolveBrowser } from '../scripts/browser'

test('CHROMIUM_PATH wins when it points at a file', () => {
  const found = resolveBrowser({ env: { CHROMIUM_PATH: process.execPath }, playwrightPath: () => process.execPath })
  expect(found).toEqual({ executablePath: process.execPath, source: 'CHROMIUM_PATH' })
})

test('a CHROMIUM_PATH that does not exist is an error, not a silent fallback', () => {
  expect(() => resolveBrowser({ env: { CHROMIUM_PATH: '/nowhere/chrome' } })).toThrow(/CHROMIUM_PATH is set to "\/nowhere\/chrome", but no file exists there/)
})

test('Playwright\'s own Chromium comes before the system\'s', () => {
  const found = resolveBrowser({ env: {}, playwrightPath: () => process.execPath, systemCandidates: ['sh'] })
  expect(found.source).toBe('playwright')
})

test('a system Chromium is used when Playwright has none', () => {
  const found = resolveBrowser({ env: {}, playwrightPath: () => '/nowhere/playwright-chrome', systemCandidates: ['no-such-browser', 'sh'] })
  expect(found).toEqual({ executablePath: expect.stringMatching(/\/sh$/), source: 'system' })
})

test('with no browser at all, the error names both ways to get one', () => {
  expect(() => resolveBrowser({ env: {}, playwrightPath: () => undefined, systemCandidates: ['no-such-browser'] }))
    .toThrow(/npx playwright install chromium[\s\S]*apt-get install chromium[\s\S]*CHROMIUM_PATH/)
})
