import type { Buffer } from 'node:buffer'
/**
 * Measures the pipeline on this machine and writes bench/results.json.
 * Every figure is the median of several runs (BENCH_RUNS, default 3).
 *
 *   npm run bench
 *
 * - build: each lesson's site build, and its PDF export (slides and
 *   handout), alone and all lessons together;
 * - render check: every slide and click step of all lessons (light mode);
 * - cold load: bytes (gzip) and time until slide 1 shows, fresh browser;
 * - baseline: plain `slidev export` of each lesson, one after the other;
 * - code check: every code block of all lessons (scripts/code-check/), in a
 *   fresh process each run, its modules loaded inside the measurement;
 * - search: the index's size, and the time from a query to its first result
 *   with nothing cached, on the landing page and inside a lesson.
 *
 *   npm run bench -- code-check   only the code check, merged into the
 *                                 existing bench/results.json
 *   npm run bench -- search       only the search (needs a built dist/), merged likewise
 */
import type { Page } from 'playwright-chromium'
import type { LessonCheck } from './check'
import { spawnSync } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import os from 'node:os'
import { join } from 'node:path'
import process from 'node:process'
import { gzipSync } from 'node:zlib'
import { chromium } from 'playwright-chromium'
import { lessons } from '../data/course'
import { SEARCH_INDEX_PATH } from '../search/engine'
import { CHROMIUM_ARGS, resolveBrowser, whenDisconnected } from './browser'
import { buildLesson } from './build'
import { runChecks, SCHEMES } from './check'
import { failCommand } from './exit'
import { exportLessons } from './export'
import { basePathOf, DIST_DIR, entryOf, ROOT } from './project'
import { writeSearchIndex } from './search-index'
import { startStaticServer } from './serve'

const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3))

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now()
  await fn()
  return (performance.now() - started) / 1000
}

async function medianOf(fn: () => Promise<unknown>): Promise<number> {
  const samples: number[] = []
  for (let i = 0; i < RUNS; i++)
    samples.push(await timed(fn))
  return median(samples)
}

const round = (n: number, digits = 2) => Number(n.toFixed(digits))

async function benchBuild() {
  const perLesson: Record<string, number> = {}
  for (const lesson of lessons)
    perLesson[lesson.slug] = round(await medianOf(() => buildLesson(lesson)))
  const sites = round(Object.values(perLesson).reduce((a, b) => a + b, 0))
  // Each lesson alone (its own browser and server), then all in one browser
  // as `npm run build` does it; every export writes slides and handout.
  const exportPerLesson: Record<string, number> = {}
  for (const lesson of lessons)
    exportPerLesson[lesson.slug] = round(await medianOf(() => exportLessons([lesson])))
  const exportAll = round(await medianOf(() => exportLessons(lessons)))
  return { sitesPerLesson: perLesson, sites, exportPerLesson, export: exportAll, total: round(sites + exportAll) }
}

async function benchRenderCheck() {
  const server = await startStaticServer()
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
    return { what: 'npm run check: every slide and click step of all lessons, light and dark, in the built site', seconds: round(seconds), slides, clickStates: states, schemes: [...SCHEMES], statesPerSecond: round(states / seconds, 1), problems }
  }
  finally {
    await server.close()
    await browser.close()
  }
}

/** Slide 1 in a browser with nothing cached: bytes on the wire (gzip) and time. */
async function benchColdLoad() {
  const server = await startStaticServer()
  const results: Record<string, { seconds: number, requests: number, bytes: number, gzipBytes: number }> = {}
  try {
    for (const lesson of lessons) {
      const samples: { seconds: number, requests: number, bytes: number, gzipBytes: number }[] = []
      for (let i = 0; i < RUNS; i++) {
        const browser = await chromium.launch({ executablePath: resolveBrowser().executablePath, args: CHROMIUM_ARGS })
        try {
          const page: Page = await browser.newPage({ viewport: { width: 980, height: 552 } })
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

/**
 * The baseline: `slidev export` as Slidev ships it, each lesson in turn, and
 * our export of all lessons (slides and handouts) measured right before it in
 * the same round, so both see the same machine; the ratio is the median of
 * the rounds' ratios.
 */
async function benchAgainstPlainSlidevExport() {
  const slidev = createRequire(import.meta.url).resolve('@slidev/cli/bin/slidev.mjs')
  const out = await mkdtemp(join(os.tmpdir(), 'plain-export-'))
  const samples: Record<string, number[]> = Object.fromEntries(lessons.map(l => [l.slug, []]))
  const ours: number[] = []
  const ratios: number[] = []
  try {
    for (let i = 0; i < RUNS; i++) {
      const oursSeconds = await timed(() => exportLessons(lessons))
      let plainSeconds = 0
      for (const lesson of lessons) {
        const seconds = await timed(async () => {
          const run = spawnSync(process.execPath, [slidev, 'export', entryOf(lesson), '--output', join(out, `${lesson.slug}.pdf`), '--executable-path', resolveBrowser().executablePath], { cwd: ROOT, encoding: 'utf8' })
          if (run.status !== 0)
            throw new Error(`slidev export of ${lesson.slug} failed:\n${run.stderr.slice(-2000)}`)
        })
        samples[lesson.slug].push(seconds)
        plainSeconds += seconds
      }
      ours.push(oursSeconds)
      ratios.push(oursSeconds / plainSeconds)
    }
  }
  finally {
    await rm(out, { recursive: true, force: true })
  }
  const perLesson = Object.fromEntries(Object.entries(samples).map(([slug, s]) => [slug, round(median(s))]))
  return { perLesson, total: round(Object.values(perLesson).reduce((a, b) => a + b, 0)), ours: round(median(ours)), ratio: round(median(ratios), 3) }
}

/** The code check of all lessons, each run in a fresh process (cold module caches). */
function benchCodeCheck() {
  const samples: { seconds: number, lessons: number, blocks: number }[] = []
  for (let i = 0; i < RUNS; i++) {
    const run = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'code-check', 'cli.ts'), '--time'], { cwd: ROOT, encoding: 'utf8' })
    if (run.status !== 0)
      throw new Error(`the code check failed:\n${run.stderr.slice(-2000)}`)
    samples.push(JSON.parse(run.stdout.trim().split('\n').at(-1)!))
  }
  const seconds = round(median(samples.map(s => s.seconds)))
  // The machine is shared: say how busy it was.
  return { seconds, lessons: samples[0].lessons, blocks: samples[0].blocks, targetUnder5s: seconds < 5, loadAverage1m: round(os.loadavg()[0], 1) }
}

/** `npm run bench -- code-check`: that figure alone, written into the existing results. */
async function mainCodeCheck() {
  const codeCheck = benchCodeCheck()
  console.log(`code check  ${codeCheck.seconds} s for ${codeCheck.blocks} blocks of ${codeCheck.lessons} lessons (target < 5 s: ${codeCheck.targetUnder5s ? 'met' : 'NOT met'})`)
  const file = join(ROOT, 'bench', 'results.json')
  const results = JSON.parse(await readFile(file, 'utf8'))
  results.codeCheck = { ...codeCheck, date: new Date().toISOString(), runs: RUNS }
  results.targets = { ...results.targets, codeCheckUnder5s: codeCheck.targetUnder5s }
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`)
  console.log('wrote codeCheck into bench/results.json')
}

/**
 * The course search: the index's size (raw and gzip, with the landing page's
 * script) and the time from a query to its first result on screen in a
 * browser with nothing cached (fetching and opening the index included), on
 * the landing page and inside a lesson (the search chunk loaded on first use).
 */
async function benchSearch() {
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
        const context = await browser.newContext({ viewport: { width: 980, height: 552 } })
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

/** `npm run bench -- search`: that figure alone, written into the existing results. */
async function mainSearch() {
  resolveBrowser()
  const search = await benchSearch()
  console.log(searchLine(search))
  const file = join(ROOT, 'bench', 'results.json')
  const results = JSON.parse(await readFile(file, 'utf8'))
  results.search = { ...search, date: new Date().toISOString(), runs: RUNS }
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`)
  console.log('wrote search into bench/results.json')
}

function searchLine(s: Awaited<ReturnType<typeof benchSearch>>): string {
  return `search  index ${(s.indexBytes / 1024).toFixed(0)} KiB (${(s.indexGzipBytes / 1024).toFixed(0)} KiB gzip) built in ${s.indexSeconds} s; first result ${s.firstResultLandingSeconds} s on the landing page, ${s.firstResultLessonSeconds} s in a lesson`
}

async function main() {
  if (process.argv[2] === 'code-check')
    return mainCodeCheck()
  if (process.argv[2] === 'search')
    return mainSearch()
  // Fail fast: every figure below needs the browser, the first after minutes of builds.
  resolveBrowser()
  console.log(`Benchmark: ${RUNS} run(s) each, medians, on ${os.cpus().length} cores, Node ${process.version}`)
  const build = await benchBuild()
  console.log(`site build  ${Object.entries(build.sitesPerLesson).map(([k, v]) => `${k} ${v} s`).join(', ')}; all ${build.sites} s`)
  console.log(`PDF export (slides + handout)  ${Object.entries(build.exportPerLesson).map(([k, v]) => `${k} ${v} s`).join(', ')}; all lessons in one browser ${build.export} s`)
  const render = await benchRenderCheck()
  console.log(`render check  ${render.seconds} s for ${render.slides} slides / ${render.clickStates} click states (${render.statesPerSecond} states/s), ${render.problems} problem(s)`)
  const cold = await benchColdLoad()
  for (const [slug, r] of Object.entries(cold))
    console.log(`cold load  ${slug}: slide 1 in ${r.seconds} s, ${r.requests} requests, ${(r.gzipBytes / 1024).toFixed(0)} KiB gzip (${(r.bytes / 1024).toFixed(0)} KiB raw)`)
  const plain = await benchAgainstPlainSlidevExport()
  const ratio = plain.ratio
  console.log(`slidev export (plain)  ${Object.entries(plain.perLesson).map(([k, v]) => `${k} ${v} s`).join(', ')}; all ${plain.total} s`)
  console.log(`ours / plain export  ${ratio} (ours ${plain.ours} s in the same rounds; target ≤ 0.333)`)
  const codeCheck = benchCodeCheck()
  console.log(`code check  ${codeCheck.seconds} s for ${codeCheck.blocks} blocks of ${codeCheck.lessons} lessons`)
  const search = await benchSearch()
  console.log(searchLine(search))

  const targets = {
    exportAtMostAThirdOfPlain: ratio <= 1 / 3,
    renderCheckUnder30s: render.seconds < 30,
    slide1Under1s: Object.values(cold).every(r => r.seconds < 1),
    codeCheckUnder5s: codeCheck.targetUnder5s,
  }
  console.log(`targets  ${Object.entries(targets).map(([k, v]) => `${k}: ${v ? 'met' : 'NOT met'}`).join(', ')}`)

  const chromiumVersion = spawnSync(resolveBrowser().executablePath, ['--version'], { encoding: 'utf8' }).stdout.trim()
  await mkdir(join(ROOT, 'bench'), { recursive: true })
  // The mutation score is not measured here (npm run test:mutation writes it): keep it.
  const { mutation } = JSON.parse(await readFile(join(ROOT, 'bench', 'results.json'), 'utf8').catch(() => '{}')) as { mutation?: unknown }
  await writeFile(join(ROOT, 'bench', 'results.json'), `${JSON.stringify({
    date: new Date().toISOString(),
    machine: { cores: os.cpus().length, memoryGiB: round(os.totalmem() / 2 ** 30, 1), node: process.version, chromium: chromiumVersion },
    runs: RUNS,
    build,
    renderCheck: render,
    coldLoad: cold,
    plainSlidevExport: plain,
    exportRatio: ratio,
    codeCheck,
    search,
    targets,
    mutation,
  }, null, 2)}\n`)
  console.log('wrote bench/results.json')
}

main().catch(error => failCommand('Benchmark failed', error))
