/**
 * The appendix (frontmatter `appendix: true`): left out of the live deck that
 * `npm run present` serves (Slidev's dev mode), kept by `slidev build` and
 * `slidev export`, through the project's preparser (setup/preparser.ts).
 */
import type { Buffer } from 'node:buffer'
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import process from 'node:process'
import { expect, test } from '@playwright/test'
import { injectPreparserExtensionLoader, load } from '@slidev/parser/fs'
import { isAppendix, isLiveDeck, SHOW_APPENDIX_ENV } from '../scripts/shared/appendix'
import { loadDeck } from '../scripts/shared/deck'
import { ROOT } from '../scripts/shared/project'
import preparser from '../setup/preparser'
import { freePort } from './support/ports'

const fixture = join(ROOT, 'tests', 'fixtures', 'appendix', 'slides.md')
const slidevBin = createRequire(import.meta.url).resolve('@slidev/cli/bin/slidev.mjs')

test('only the dev server is the live deck; COURSE_SHOW_APPENDIX=1 shows the appendix there too', () => {
  expect(isLiveDeck('dev', {})).toBe(true)
  expect(isLiveDeck('build', {})).toBe(false)
  expect(isLiveDeck('export', {})).toBe(false)
  expect(isLiveDeck('dev', { [SHOW_APPENDIX_ENV]: '1' })).toBe(false)
  expect(isAppendix({ appendix: true })).toBe(true)
  expect(isAppendix({ appendix: 'yes' })).toBe(false)
})

test('Slidev\'s parser, with the project\'s preparser, drops appendix slides in dev mode only', async () => {
  injectPreparserExtensionLoader(async (_roots, headmatter, filepath, mode) => preparser({ filepath, headmatter, mode }))
  const titles = async (mode: string) => (await load({ userRoot: join(ROOT, 'tests', 'fixtures', 'appendix'), roots: [ROOT] }, fixture, undefined, mode)).slides.map(s => s.title)
  expect(await titles('dev')).toEqual(['Appendix fixture', '现场第二页'])
  expect(await titles('build')).toEqual(['Appendix fixture', '现场第二页', '附录', '附录：长表'])
  expect(await titles('export')).toEqual(['Appendix fixture', '现场第二页', '附录', '附录：长表'])
  // The project's own reading of a deck (lint, export, tests) sees every slide.
  const deck = await loadDeck(fixture)
  expect(deck.slides.map(s => isAppendix(s.frontmatter))).toEqual([false, false, true, true])
})

test('the dev server\'s deck has no appendix slides', async ({ page }) => {
  test.setTimeout(90_000)
  const port = await freePort()
  const child = spawn(process.execPath, [slidevBin, fixture, '--port', String(port)], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout!.on('data', (d: Buffer) => (output += d))
  child.stderr!.on('data', (d: Buffer) => (output += d))
  const kill = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL')
    }
    catch {}
  }
  process.once('exit', kill)
  try {
    // eslint-disable-next-line no-control-regex
    const plain = () => output.replace(/\x1B\[[\d;]*m/g, '')
    await expect.poll(plain, { timeout: 60_000, message: 'the dev server did not start' }).toContain(`localhost:${port}`)
    await page.goto(`http://localhost:${port}/1`)
    await page.waitForFunction(() => (window as any).__slidev__?.nav?.total > 0, null, { timeout: 60_000 })
    const titles = await page.evaluate(() => (window as any).__slidev__.nav.slides.map((s: any) => s.meta?.slide?.title))
    expect(titles).toEqual(['Appendix fixture', '现场第二页'])
  }
  finally {
    process.off('exit', kill)
    kill()
  }
})
