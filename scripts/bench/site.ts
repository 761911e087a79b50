/**
 * The built sites: the render check's walk, slide 1 cold, the code check, search.
 */
import type { Buffer } from 'node:buffer'
import type { Page } from 'playwright-chromium'
import type { LessonCheck } from '../checks/check-sites'
import { spawnSync } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import os from 'node:os'
import { join } from 'node:path'
import process from 'node:process'
import { gzipSync } from 'node:zlib'
import { chromium } from 'playwright-chromium'
import { lessons } from '../../data/course'
import { SEARCH_INDEX_PATH } from '../../search/engine'
import { writeSearchIndex } from '../build/search-index'
import { runChecks, SCHEMES } from '../checks/check-sites'
import { CHROMIUM_ARGS, resolveBrowser, SLIDE_VIEWPORT, whenDisconnected } from '../shared/browser'
import { basePathOf, DIST_DIR, ROOT } from '../shared/project'
import { startStaticServer } from '../shared/static-server'
import { median, medianOf, round, RUNS, withBuiltSites } from './measure'

export async function benchRenderCheck() {
  return withBuiltSites(renderCheckOf)
}

export async function renderCheckOf(root: string) {
  const server = await startStaticServer({ root })
  const browser = await chromium.launch({ executablePath: resolveBrowser().executablePath, args: CHROMIUM_ARGS }).catch(async (error) => {
    await server.close()
    throw error
  })
  try {
    // What `npm run check` does: every lesson, light and dark, two pages at a time.
    let results: LessonCheck[] = []
    const seconds = await medianOf(async () => {
      results = await runChecks(browser, server.url, lessons, SCHEMES)
    })
    const slides = results.filter(r => r.scheme === 'light').reduce((n, r) => n + r.slides, 0)
    const states = results.reduce((n, r) => n + r.states, 0)
    const problems = results.reduce((n, r) => n + r.problems.length, 0)
    return { what: 'npm run check: every slide and click step of all lessons, light and dark, in the built sites (built from the current sources in a scratch copy), two pages at a time in one browser', seconds: round(seconds), slides, clickStates: states, schemes: [...SCHEMES], statesPerSecond: round(states / seconds, 1), problems }
  }
  finally {
    await server.close()
    await browser.close()
  }
}

/** Slide 1 in a browser with nothing cached: bytes on the wire (gzip) and time. */
export async function benchColdLoad() {
  return withBuiltSites(coldLoadOf)
}

export async function coldLoadOf(root: string) {
  const server = await startStaticServer({ root })
  const results: Record<string, { seconds: number, requests: number, bytes: number, gzipBytes: number }> = {}
  try {
    for (const lesson of lessons) {
      const samples: { seconds: number, requests: number, bytes: number, gzipBytes: number }[] = []
      for (let i = 0; i < RUNS; i++) {
        const browser = await chromium.launch({ executablePath: resolveBrowser().executablePath, args: CHROMIUM_ARGS })
        try {
          const page: Page = await browser.newPage({ viewport: SLIDE_VIEWPORT })
          const bodies: Promise<Buffer | undefined>[] = []
          page.on('response', r => bodies.push(r.body().catch(() => undefined)))
          const started = performance.now()
          await page.goto(`${server.url}${basePathOf(lesson)}1`)
          await page.locator('.slidev-page-1 h1').waitFor({ state: 'visible' })
          await page.evaluate(() => document.fonts.ready)
          const seconds = (performance.now() - started) / 1000
          const received = (await Promise.all(bodies)).filter((b): b is Buffer => !!b)
          samples.push({
            seconds,
            requests: received.length,
            bytes: received.reduce((n, b) => n + b.length, 0),
            gzipBytes: received.reduce((n, b) => n + gzipSync(b).length, 0),
          })
        }
        finally {
          await browser.close()
        }
      }
      results[lesson.slug] = {
        seconds: round(median(samples.map(s => s.seconds)), 3),
        requests: median(samples.map(s => s.requests)),
        bytes: median(samples.map(s => s.bytes)),
        gzipBytes: median(samples.map(s => s.gzipBytes)),
      }
    }
    return results
  }
  finally {
    await server.close()
  }
}

/** The code check of all lessons, each run in a fresh process (cold module caches). */
export function benchCodeCheck() {
  const samples: { seconds: number, lessons: number, blocks: number }[] = []
  for (let i = 0; i < RUNS; i++) {
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'checks', 'code-check', 'cli.ts'), '--time'], { cwd: ROOT, encoding: 'utf8' })
    if (run.status !== 0)
      throw new Error(`the code check failed:\n${run.stderr.slice(-2000)}`)
    samples.push(JSON.parse(run.stdout.trim().split('\n').at(-1)!))
  }
  const seconds = round(median(samples.map(s => s.seconds)))
  // The machine is shared: say how busy it was.
  return { seconds, lessons: samples[0].lessons, blocks: samples[0].blocks, targetUnder5s: seconds < 5, loadAverage1m: round(os.loadavg()[0], 1) }
}

/**
 * The course search: the index's size (raw and gzip, with the landing page's
 * script) and the time from a query to its first result on screen in a
 * browser with nothing cached (fetching and opening the index included), on
 * the landing page and inside a lesson (the search chunk loaded on first use).
 */
export async function benchSearch() {
  const started = performance.now()
  const { bytes } = await writeSearchIndex()
  const indexSeconds = (performance.now() - started) / 1000
  const indexFile = await readFile(join(DIST_DIR, SEARCH_INDEX_PATH))
  const script = await readFile(join(DIST_DIR, 'search', 'landing.js'))
  const queries = ['CRI', '准入', 'RuntimeClass']
  const server = await startStaticServer()
  const browser = await chromium.launch({ executablePath: resolveBrowser().executablePath, args: CHROMIUM_ARGS })
  const landing: number[] = []
  const lesson: number[] = []
  const measure = async () => {
    for (let i = 0; i < RUNS; i++) {
      for (const query of queries) {
        // A new context has an empty cache: the index is fetched and opened inside the measurement.
        const context = await browser.newContext({ viewport: SLIDE_VIEWPORT })
        try {
          const page = await context.newPage()
          await page.goto(`${server.url}/`)
          landing.push(await page.evaluate(async (q) => {
            const input = document.querySelector<HTMLInputElement>('#search-input')!
            const list = document.querySelector('#search-results')!
            const t0 = performance.now()
            const shown = new Promise<void>(resolve => new MutationObserver(() => list.children.length && resolve()).observe(list, { childList: true }))
            input.value = q
            input.form!.requestSubmit()
            await shown
            return (performance.now() - t0) / 1000
          }, query))
          await page.goto(`${server.url}/${lessons[0].slug}/1`)
          await page.locator('.slidev-page-1').waitFor()
          const t0 = performance.now()
          await page.keyboard.press('/')
          await page.locator('.course-search input[type="search"]').fill(query)
          await page.locator('.course-search .hit').first().waitFor()
          lesson.push((performance.now() - t0) / 1000)
        }
        finally {
          await context.close()
        }
      }
    }
  }
  try {
    await Promise.race([measure(), whenDisconnected(browser)])
  }
  finally {
    await browser.close()
    await server.close()
  }
  return {
    engine: 'MiniSearch + Intl.Segmenter (zh-CN)',
    indexSeconds: round(indexSeconds),
    indexBytes: bytes,
    indexGzipBytes: gzipSync(indexFile).length,
    landingScriptGzipBytes: gzipSync(script).length,
    firstResultLandingSeconds: round(median(landing), 3),
    firstResultLessonSeconds: round(median(lesson), 3),
    queries,
  }
}

export function searchLine(s: Awaited<ReturnType<typeof benchSearch>>): string {
  return `search  index ${(s.indexBytes / 1024).toFixed(0)} KiB (${(s.indexGzipBytes / 1024).toFixed(0)} KiB gzip) built in ${s.indexSeconds} s; first result ${s.firstResultLandingSeconds} s on the landing page, ${s.firstResultLessonSeconds} s in a lesson`
}

// ------------------------------------------------------------------ the parts
