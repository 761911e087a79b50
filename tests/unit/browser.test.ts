/** One resolver picks the browser: $CHROMIUM_PATH, Playwright's, the system's. */
import type { Browser } from 'playwright-chromium'
import { EventEmitter } from 'node:events'
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import process from 'node:process'
import { afterEach, expect, it } from 'vitest'
import { resolveBrowser, whenDisconnected } from '../../scripts/shared/browser'

const PATH = process.env.PATH
afterEach(() => {
  process.env.PATH = PATH
})

it('$CHROMIUM_PATH wins when it points at a file, spaces trimmed', () => {
  const found = resolveBrowser({ env: { CHROMIUM_PATH: ` ${process.execPath} ` }, playwrightPath: () => '/bin/sh' })
  expect(found).toEqual({ executablePath: process.execPath, source: 'CHROMIUM_PATH' })
})

it('a CHROMIUM_PATH that does not exist is an error, not a silent fallback', () => {
  expect(() => resolveBrowser({ env: { CHROMIUM_PATH: '/nowhere/chrome' }, playwrightPath: () => '/bin/sh' }))
    .toThrow('CHROMIUM_PATH is set to "/nowhere/chrome", but no file exists there.')
})

it('an empty CHROMIUM_PATH counts as unset', () => {
  expect(resolveBrowser({ env: { CHROMIUM_PATH: '  ' }, playwrightPath: () => process.execPath })).toEqual({ executablePath: process.execPath, source: 'playwright' })
})

it('the Playwright download comes before the system\'s', () => {
  const found = resolveBrowser({ env: {}, playwrightPath: () => process.execPath, systemCandidates: ['sh'] })
  expect(found).toEqual({ executablePath: process.execPath, source: 'playwright' })
})

it('a system Chromium is used when Playwright has none or names a missing file, first candidate first', () => {
  expect(resolveBrowser({ env: {}, playwrightPath: () => '/nowhere/playwright-chrome', systemCandidates: ['no-such-browser', 'sh', 'node'] }))
    .toEqual({ executablePath: '/usr/bin/sh', source: 'system' })
  expect(resolveBrowser({ env: {}, playwrightPath: () => undefined, systemCandidates: ['node', 'sh'] }))
    .toEqual({ executablePath: '/usr/bin/node', source: 'system' })
})

it('a system Chromium outside /usr/bin is found on the PATH', () => {
  const dir = mkdtempSync(join(tmpdir(), 'browser-'))
  const exe = join(dir, 'my-chromium')
  writeFileSync(exe, '#!/bin/sh\n')
  chmodSync(exe, 0o755)
  process.env.PATH = `${dir}:${PATH}`
  expect(resolveBrowser({ env: {}, playwrightPath: () => undefined, systemCandidates: ['my-chromium'] }))
    .toEqual({ executablePath: exe, source: 'system' })
})

it('/usr/bin is looked in first, even when it is not on the PATH', () => {
  process.env.PATH = '/nonexistent'
  expect(resolveBrowser({ env: {}, playwrightPath: () => undefined, systemCandidates: ['sh'] }))
    .toEqual({ executablePath: '/usr/bin/sh', source: 'system' })
})

it('by default it looks for Chromium and Chrome under their usual names', () => {
  const found = resolveBrowser({ env: {}, playwrightPath: () => undefined })
  expect(found.source).toBe('system')
  expect(found.executablePath).toMatch(/\/(?:chromium|chromium-browser|google-chrome|google-chrome-stable)$/)
})

it('with no browser at all, the error names every way to get one', () => {
  expect(() => resolveBrowser({ env: {}, playwrightPath: () => undefined, systemCandidates: ['no-such-browser'] })).toThrow([
    'No Chromium found for the PDF export and the browser tests. Either:',
    '  - install Playwright\'s Chromium: npx playwright install chromium',
    '  - or install a system Chromium (Debian/Ubuntu: apt-get install chromium),',
    '    or point CHROMIUM_PATH at any Chromium or Chrome executable.',
  ].join('\n'))
})

it('whenDisconnected rejects, with the reason, once the browser goes away, and not before', async () => {
  const browser = new EventEmitter()
  let settled = false
  const gone = whenDisconnected(browser as unknown as Browser)
  gone.catch(() => {}).finally(() => (settled = true))
  await new Promise(resolve => setTimeout(resolve, 10))
  expect(settled).toBe(false)
  browser.emit('disconnected')
  await expect(gone).rejects.toThrow('the browser closed while in use (it crashed or was killed)')
  expect(browser.listenerCount('disconnected')).toBe(0)
})

it('a browser that closes normally leaves no unhandled rejection behind', async () => {
  const browser = new EventEmitter()
  const unhandled: unknown[] = []
  const record = (reason: unknown) => unhandled.push(reason)
  process.on('unhandledRejection', record)
  whenDisconnected(browser as unknown as Browser)
  browser.emit('disconnected')
  await new Promise(resolve => setTimeout(resolve, 20))
  process.off('unhandledRejection', record)
  expect(unhandled).toEqual([])
})
