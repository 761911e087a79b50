import type { Buffer } from 'node:buffer'
/**
 * Measures the pipeline on this machine and writes bench/results.json, each
 * figure named for what it measures. Figures are medians of BENCH_RUNS runs
 * (default 3); where two things are compared they are measured in the same
 * rounds (ours, then the baseline, then ours again, so that both see the
 * same machine on average), and the ratio is the median of the rounds'
 * ratios. Each part records its date, runs, Node and the machine's
 * load average before and after (the machine is shared: say how busy it was).
 *
 *   npm run bench                    every part
 *   npm run bench -- build           one part (or several); the others keep their figures
 *
 * Parts:
 * - build: in a scratch copy of the project (scripts/project-copy.ts), each
 *   round: a clean build from an empty dist/ (three sites, six PDFs, the
 *   landing page, the search index: `npm run build`'s script, as a process),
 *   the baseline (plain `slidev export` of the three lessons one after
 *   another: three slide PDFs), a second clean build (the clean figure is
 *   the mean of the two around the baseline), the export alone from those
 *   sites (`npm run export`), an incremental build after editing one slide
 *   of lesson 2.
 * - identical: the clean build's output against the lessons built one after
 *   another and then printed (scripts/compare-dist.ts).
 * - present: `npm run present -- 2` from the command to slide 1 in a cold
 *   browser, from the built site; and the dev server's cold start (`--edit`).
 * - render-check: `npm run check`'s walk, every lesson, light and dark.
 * - load: slide 1 of each built lesson in a browser with nothing cached.
 * - code-check: every code block of all lessons (scripts/code-check/), in a
 *   fresh process each run, its modules loaded inside the measurement.
 * - search: the index's size, and the time from a query to its first result
 *   with nothing cached, on the landing page and inside a lesson.
 *
 * The mutation score (`mutation`, written by npm run test:mutation) is kept.
 */
import type { Page } from 'playwright-chromium'
import type { LessonCheck } from './check'
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import os from 'node:os'
import { join } from 'node:path'
import process from 'node:process'
import { gzipSync } from 'node:zlib'
import { chromium } from 'playwright-chromium'
import { lessons } from '../data/course'
import { SEARCH_INDEX_PATH } from '../search/engine'
import { CHROMIUM_ARGS, resolveBrowser, whenDisconnected } from './browser'
import { CLI_BUILDS_ENV } from './build'
import { runChecks, SCHEMES } from './check'
import { compareDist } from './compare-dist'
import { failCommand } from './exit'
import { basePathOf, DIST_DIR, handoutPathOf, pdfPathOf, ROOT, siteDirOf } from './project'
import { copyProject } from './project-copy'
import { writeSearchIndex } from './search-index'
import { startStaticServer } from './serve'

const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3))
const RESULTS = join(ROOT, 'bench', 'results.json')
const require = createRequire(import.meta.url)
const TSX = require.resolve('tsx/cli')
const SLIDEV = require.resolve('@slidev/cli/bin/slidev.mjs')

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
const load = () => round(os.loadavg()[0], 1)

/** Runs a command to its end; its output is kept for the error message and returned. */
function runProcess(args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<{ seconds: number, stdout: string }> {
  const started = performance.now()
  const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d))
  child.stderr.on('data', (d: Buffer) => (stderr += d))
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000
      if (code === 0)
        resolve({ seconds, stdout })
      else
        reject(new Error(`${args.slice(1).join(' ')} (in ${cwd}) exited with ${code}:\n${(stdout + stderr).slice(-3000)}`))
    })
  })
}

// ------------------------------------------------------------------ build

/** The one-slide edit of the incremental figure: lesson 2's authentication slide gets a longer title. */
const EDITED = join('slides', 'lesson-2', '05-authn.md')

async function withEditedSlide<T>(root: string, round: number, fn: () => Promise<T>): Promise<T> {
  const file = join(root, EDITED)
  const original = await readFile(file, 'utf8')
  const edited = original.replace(/^# (.+)$/m, (_, title: string) => `# ${title}（第 ${round + 1} 轮）`)
  if (edited === original)
    throw new Error(`${EDITED} has no title to edit`)
  await writeFile(file, edited)
  try {
    return await fn()
  }
  finally {
    await writeFile(file, original)
  }
}

function expectBuilt(root: string) {
  const dist = join(root, 'dist')
  const missing = [
    ...lessons.flatMap(l => [join(siteDirOf(l), 'index.html'), pdfPathOf(l), handoutPathOf(l)]),
    join(DIST_DIR, 'index.html'),
    join(DIST_DIR, SEARCH_INDEX_PATH),
  ].map(p => p.replace(DIST_DIR, dist)).filter(p => !existsSync(p))
  if (missing.length)
    throw new Error(`the clean build did not write ${missing.join(', ')}`)
}

async function benchBuild() {
  const browser = resolveBrowser().executablePath
  const copy = await copyProject('bench-build-')
  const out = await mkdtemp(join(os.tmpdir(), 'plain-export-'))
  const rounds: Record<string, number | string>[] = []
  try {
    // Each part of a round, as a process in the copy.
    const clean = async () => {
      await rm(join(copy.root, 'dist'), { recursive: true, force: true })
      const run = await runProcess([TSX, 'scripts/build.ts'], copy.root)
      expectBuilt(copy.root)
      return run.seconds
    }
    const plain = async () => {
      const perLesson: Record<string, number> = {}
      for (const lesson of lessons)
        perLesson[lesson.slug] = (await runProcess([SLIDEV, 'export', join('slides', `${lesson.slug}.md`), '--output', join(out, `${lesson.slug}.pdf`), '--executable-path', browser], copy.root)).seconds
      return perLesson
    }
    for (let i = 0; i < RUNS; i++) {
      const loadBefore = load()
      // Clean, plain, clean: both sides see the same machine on average, however its load drifts.
      const before = await clean()
      const p = await plain()
      const after = await clean()
      const exportOnly = (await runProcess([TSX, 'scripts/export.ts'], copy.root)).seconds
      const incremental = await withEditedSlide(copy.root, i, () => runProcess([TSX, 'scripts/build.ts'], copy.root))
      if (!/^lesson-2: site and PDFs: changed: slides\/lesson-2\/05-authn\.md$/m.test(incremental.stdout) || !/^lesson-1: up to date, skipped/m.test(incremental.stdout))
        throw new Error(`the incremental build did not rebuild lesson 2 alone:\n${incremental.stdout}`)
      // Where the incremental build's time goes, from its own log: the one
      // lesson's site build and its print, which no skipping can avoid.
      const logged = (pattern: RegExp) => Number(pattern.exec(incremental.stdout)?.[1] ?? Number.NaN)
      const incrementalSite = logged(/^built dist\/lesson-2\/ in ([\d.]+) s$/m)
      const incrementalPrint = logged(/^printed dist\/pdf\/lesson-2\.pdf, dist\/pdf\/lesson-2-handout\.pdf in ([\d.]+) s$/m)
      if (Number.isNaN(incrementalSite) || Number.isNaN(incrementalPrint))
        throw new Error(`the incremental build's log does not say how long lesson 2's site and print took:\n${incremental.stdout}`)
      const plainTotal = Object.values(p).reduce((a, b) => a + b, 0)
      const cleanMean = (before + after) / 2
      const row = {
        cleanBuild: round(cleanMean),
        cleanBuildBeforePlain: round(before),
        cleanBuildAfterPlain: round(after),
        exportOnly: round(exportOnly),
        incrementalBuild: round(incremental.seconds),
        plainExport: round(plainTotal),
        ...Object.fromEntries(Object.entries(p).map(([k, v]) => [`plainExport ${k}`, round(v)])),
        cleanVsPlain: round(cleanMean / plainTotal, 3),
        exportOnlyVsPlain: round(exportOnly / plainTotal, 3),
        // Against the clean build just before it.
        incrementalVsClean: round(incremental.seconds / after, 3),
        incrementalSiteBuild: incrementalSite,
        incrementalPrint,
        incrementalSitePlusPrintVsClean: round((incrementalSite + incrementalPrint) / after, 3),
        loadAverageBefore: loadBefore,
        loadAverageAfter: load(),
      }
      rounds.push(row)
      console.log(`build round ${i + 1}/${RUNS}: clean ${row.cleanBuildBeforePlain} / ${row.cleanBuildAfterPlain} s around plain export ${row.plainExport} s (${row.cleanVsPlain}); export only ${row.exportOnly} s (${row.exportOnlyVsPlain}); after one edit ${row.incrementalBuild} s (${row.incrementalVsClean} of the clean build before it; its site ${incrementalSite} s + print ${incrementalPrint} s = ${row.incrementalSitePlusPrintVsClean}); load ${loadBefore} → ${row.loadAverageAfter}`)
    }
  }
  finally {
    await copy.remove()
    await rm(out, { recursive: true, force: true })
  }
  const m = (key: string) => round(median(rounds.map(r => r[key] as number)), key.includes('Vs') ? 3 : 2)
  return {
    what: {
      cleanBuild: 'npm run build from an empty dist/: three sites, six PDFs (slides and handout per lesson), the landing page and the search index; the build script as a process (tsx), without npm\'s own start-up',
      plainExport: 'the baseline: plain `slidev export slides/lesson-N.md` (a dev server, then the slides PDF only, appendix included), the three lessons one after another',
      exportOnly: 'npm run export alone: the six PDFs printed from already built sites (no site build); not comparable to a build',
      incrementalBuild: `npm run build after editing one slide (the title in ${EDITED}): lesson 2's site and PDFs, the landing page and the search index; lessons 1 and 3 skipped`,
      incrementalSiteBuild: 'of the incremental build: lesson 2\'s `slidev build` alone (from the build\'s log)',
      incrementalPrint: 'of the incremental build: printing lesson 2\'s two PDFs alone (from the build\'s log)',
      incrementalSitePlusPrintVsClean: 'those two over the clean build: the least an incremental build can take while it rebuilds a changed lesson\'s site and PDFs whole, as Slidev 52 and Chromium\'s printing do',
      where: 'a scratch copy of the project (its sources, node_modules shared by a symlink), so the working tree and its dist/ are not touched',
    },
    rounds: RUNS,
    order: 'each round: clean build, plain export (three lessons), clean build again, export only, incremental; the clean figure is the mean of the two around the plain export, so both see the same machine on average',
    cleanBuildSeconds: m('cleanBuild'),
    plainExportSeconds: m('plainExport'),
    cleanVsPlain: m('cleanVsPlain'),
    exportOnlySeconds: m('exportOnly'),
    exportOnlyVsPlain: m('exportOnlyVsPlain'),
    incrementalBuildSeconds: m('incrementalBuild'),
    incrementalVsClean: m('incrementalVsClean'),
    incrementalSiteBuildSeconds: m('incrementalSiteBuild'),
    incrementalPrintSeconds: m('incrementalPrint'),
    incrementalSitePlusPrintVsClean: m('incrementalSitePlusPrintVsClean'),
    targets: {
      cleanVsPlainAtMost0_6: m('cleanVsPlain') <= 0.6,
      incrementalVsCleanAtMost0_25: m('incrementalVsClean') <= 0.25,
    },
    samples: rounds,
  }
}

/**
 * The clean build gives the same output as building each lesson with
 * Slidev's CLI (`slidev build`, one process each), one after another, then
 * printing them, then the landing page: how npm run build worked before it
 * built the sites in one warm process and printed while building. Both in a
 * scratch copy, compared by scripts/compare-dist.ts.
 */
async function benchIdentical() {
  const copy = await copyProject('bench-identical-')
  try {
    const dist = join(copy.root, 'dist')
    const sequential = performance.now()
    // Slidev's own CLI, one `slidev build` process per lesson.
    const cli = { ...process.env, [CLI_BUILDS_ENV]: '1' }
    for (const lesson of lessons)
      await runProcess([TSX, 'scripts/build.ts', String(lesson.number), '--no-pdf'], copy.root, cli)
    await runProcess([TSX, 'scripts/export.ts'], copy.root)
    await runProcess([TSX, 'scripts/landing.ts'], copy.root)
    const sequentialSeconds = (performance.now() - sequential) / 1000
    await rename(dist, `${dist}-sequential`)
    const pipelined = await runProcess([TSX, 'scripts/build.ts'], copy.root)
    const { files, pdfs, differences } = await compareDist(`${dist}-sequential`, dist)
    return {
      what: 'a clean npm run build (the sites in one warm Slidev process, each lesson printed as soon as its site is built) against each lesson built by Slidev\'s CLI (a slidev build process each, COURSE_BUILD_WITH_CLI=1), one after another, then printed, then the landing page: every file byte for byte, the PDFs object by object apart from their dates and Chromium\'s DOM node ids',
      identical: differences.length === 0,
      files,
      pdfs,
      differences: differences.slice(0, 20),
      sequentialSeconds: round(sequentialSeconds),
      pipelinedSeconds: round(pipelined.seconds),
    }
  }
  finally {
    await copy.remove()
  }
}

// ------------------------------------------------------------------ present

/** `npm run present` as a process, in its own process group; resolves when `ready` shows in its output. */
function startPresent(root: string, args: string[], ready: RegExp): Promise<{ stop: () => Promise<void>, output: () => string }> {
  const { COURSE_REMOTE_PASSWORD: _, ...env } = process.env
  const child = spawn(process.execPath, [TSX, 'scripts/present.ts', ...args], { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const exited = new Promise<void>(resolve => child.once('exit', () => resolve()))
  const stop = async () => {
    try {
      process.kill(-child.pid!, 'SIGTERM')
    }
    catch {}
    const late = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL')
      }
      catch {}
    }, 5_000)
    await exited
    clearTimeout(late)
  }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => stop().then(() => reject(new Error(`present ${args.join(' ')}: not ready within 180 s:\n${output.slice(-2000)}`))), 180_000)
    const hear = (d: Buffer) => {
      output += d
      if (ready.test(output)) {
        clearTimeout(timer)
        resolve({ stop, output: () => output })
      }
    }
    child.stdout!.on('data', hear)
    child.stderr!.on('data', hear)
    exited.then(() => {
      clearTimeout(timer)
      if (!ready.test(output))
        reject(new Error(`present ${args.join(' ')} exited:\n${output.slice(-2000)}`))
    })
  })
}

/** A browser with nothing cached, from its launch to slide 1's title on screen with its fonts. */
async function coldSlide1(url: string): Promise<number> {
  const started = performance.now()
  const browser = await chromium.launch({ executablePath: resolveBrowser().executablePath, args: CHROMIUM_ARGS })
  try {
    const page = await browser.newPage({ viewport: { width: 980, height: 552 } })
    await page.goto(url)
    await page.locator('.slidev-page-1 h1').waitFor({ state: 'visible', timeout: 120_000 })
    await page.evaluate(() => document.fonts.ready)
    return (performance.now() - started) / 1000
  }
  finally {
    await browser.close()
  }
}

async function benchPresent() {
  const lesson = lessons[1]
  const copy = await copyProject('bench-present-')
  const port = 43_000 + Math.floor(Math.random() * 1000)
  try {
    await runProcess([TSX, 'scripts/build.ts', String(lesson.number), '--no-pdf'], copy.root)
    const args = [String(lesson.number), '--port', String(port)]
    // The first present after a build makes the live deck once.
    let started = performance.now()
    const first = await startPresent(copy.root, args, /^Ready: /m)
    const firstSeconds = (performance.now() - started) / 1000
    await first.stop()
    const built: { ready: number, slide1: number, total: number }[] = []
    const dev: { ready: number, slide1: number, total: number }[] = []
    for (let i = 0; i < RUNS; i++) {
      started = performance.now()
      const running = await startPresent(copy.root, args, /^Ready: /m)
      const ready = (performance.now() - started) / 1000
      try {
        if (!/^Mode: the built site, because its live deck is built from the current sources/m.test(running.output()))
          throw new Error(`present did not serve the built site:\n${running.output()}`)
        const slide1 = await coldSlide1(`http://localhost:${port}/1`)
        built.push({ ready, slide1, total: ready + slide1 })
      }
      finally {
        await running.stop()
      }
      started = performance.now()
      const editing = await startPresent(copy.root, [...args, '--edit'], /public slide show|localhost:\d+\//)
      const devReady = (performance.now() - started) / 1000
      try {
        const slide1 = await coldSlide1(`http://localhost:${port}/1`)
        dev.push({ ready: devReady, slide1, total: devReady + slide1 })
      }
      finally {
        await editing.stop()
      }
      console.log(`present round ${i + 1}/${RUNS}: built site ${round(built[i].total)} s (command ${round(built[i].ready)} s + cold browser ${round(built[i].slide1)} s); dev server ${round(dev[i].total)} s`)
    }
    const med = (rows: typeof built, key: keyof typeof built[0]) => round(median(rows.map(r => r[key])))
    return {
      what: {
        builtSite: `npm run present -- ${lesson.number} when the build is current and its live deck made: from the command to "Ready" (the server up), then a browser launched with nothing cached to slide 1's title on screen with its fonts`,
        devServer: `npm run present -- ${lesson.number} --edit (Slidev's dev server): from the command to the server listening, then the same cold browser to slide 1 (the dev server compiles the deck on this first request)`,
        firstPresentAfterBuild: 'the first npm run present after npm run build: it builds the live deck (appendix hidden) once, then serves it',
      },
      lesson: lesson.slug,
      builtSite: { commandToReadySeconds: med(built, 'ready'), coldBrowserToSlide1Seconds: med(built, 'slide1'), totalSeconds: med(built, 'total') },
      devServer: { commandToListeningSeconds: med(dev, 'ready'), coldBrowserToSlide1Seconds: med(dev, 'slide1'), totalSeconds: med(dev, 'total') },
      firstPresentAfterBuildSeconds: round(firstSeconds),
      targets: { slide1Under2sFromColdBrowser: med(built, 'slide1') < 2 },
    }
  }
  finally {
    await copy.remove()
  }
}

// ------------------------------------------------------------------ render check

/**
 * The sites, built from the current sources in a scratch copy, served: what
 * the working tree's dist/ would be, without depending on whether it is
 * current or being rebuilt by someone else meanwhile.
 */
async function withBuiltSites<T>(fn: (root: string) => Promise<T>): Promise<T> {
  const copy = await copyProject('bench-sites-')
  try {
    await runProcess([TSX, 'scripts/build.ts', '--no-pdf'], copy.root)
    return await fn(join(copy.root, 'dist'))
  }
  finally {
    await copy.remove()
  }
}

async function benchRenderCheck() {
  return withBuiltSites(renderCheckOf)
}

async function renderCheckOf(root: string) {
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
async function benchColdLoad() {
  return withBuiltSites(coldLoadOf)
}

async function coldLoadOf(root: string) {
  const server = await startStaticServer({ root })
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

function searchLine(s: Awaited<ReturnType<typeof benchSearch>>): string {
  return `search  index ${(s.indexBytes / 1024).toFixed(0)} KiB (${(s.indexGzipBytes / 1024).toFixed(0)} KiB gzip) built in ${s.indexSeconds} s; first result ${s.firstResultLandingSeconds} s on the landing page, ${s.firstResultLessonSeconds} s in a lesson`
}

// ------------------------------------------------------------------ the parts

interface Part {
  /** Needs Chromium: checked before anything runs. */
  browser: boolean
  run: () => Promise<Record<string, unknown>>
  line: (r: any) => string
}

const PARTS: Record<string, Part> = {
  'build': {
    browser: true,
    run: benchBuild,
    line: r => `build  clean ${r.cleanBuildSeconds} s vs plain slidev export ${r.plainExportSeconds} s: ${r.cleanVsPlain} (target ≤ 0.6: ${r.targets.cleanVsPlainAtMost0_6 ? 'met' : 'NOT met'}); export only ${r.exportOnlySeconds} s (${r.exportOnlyVsPlain} of plain); after one edit ${r.incrementalBuildSeconds} s: ${r.incrementalVsClean} of clean (target ≤ 0.25: ${r.targets.incrementalVsCleanAtMost0_25 ? 'met' : 'NOT met'}), of which lesson 2's site ${r.incrementalSiteBuildSeconds} s and print ${r.incrementalPrintSeconds} s alone are ${r.incrementalSitePlusPrintVsClean} of clean`,
  },
  'identical': {
    browser: true,
    run: benchIdentical,
    line: r => `identical  ${r.identical ? 'the same output' : `${r.differences.length} difference(s): ${r.differences.slice(0, 3).join('; ')}`} (${r.files} files, ${r.pdfs} PDFs); one after another ${r.sequentialSeconds} s, pipelined ${r.pipelinedSeconds} s`,
  },
  'present': {
    browser: true,
    run: benchPresent,
    line: r => `present  built site: slide 1 ${r.builtSite.coldBrowserToSlide1Seconds} s from a cold browser (target < 2 s: ${r.targets.slide1Under2sFromColdBrowser ? 'met' : 'NOT met'}), ${r.builtSite.totalSeconds} s from the command; dev server: ${r.devServer.totalSeconds} s from the command; first present after a build (live deck made): ${r.firstPresentAfterBuildSeconds} s`,
  },
  'render-check': {
    browser: true,
    run: benchRenderCheck,
    line: r => `render check  ${r.seconds} s for ${r.slides} slides, ${r.clickStates} click states in ${r.schemes.join(' and ')} (${r.statesPerSecond} states/s), ${r.problems} problem(s)`,
  },
  'load': {
    browser: true,
    run: async () => ({ what: 'slide 1 of each built lesson (npm run serve) in a browser with nothing cached: from page.goto to the title visible and the fonts loaded; bytes as received and gzipped', perLesson: await benchColdLoad() }),
    line: r => Object.entries(r.perLesson as Record<string, { seconds: number, requests: number, gzipBytes: number }>).map(([slug, l]) => `load  ${slug}: slide 1 in ${l.seconds} s, ${l.requests} requests, ${(l.gzipBytes / 1024).toFixed(0)} KiB gzip`).join('\n'),
  },
  'code-check': {
    browser: false,
    run: async () => ({ what: 'the code check of every block of all lessons, a fresh process each run', ...benchCodeCheck() }),
    line: r => `code check  ${r.seconds} s for ${r.blocks} blocks of ${r.lessons} lessons (target < 5 s: ${r.targetUnder5s ? 'met' : 'NOT met'})`,
  },
  'search': {
    browser: true,
    run: benchSearch,
    line: searchLine,
  },
}

/** Which key of results.json each part writes (the older names are kept). */
const KEYS: Record<string, string> = { 'build': 'build', 'identical': 'buildOutputIdentical', 'render-check': 'renderCheck', 'load': 'coldLoad', 'code-check': 'codeCheck', 'search': 'search', 'present': 'present' }

function versions() {
  const version = (pkg: string) => JSON.parse(spawnSync(process.execPath, ['-p', `JSON.stringify(require(${JSON.stringify(`${pkg}/package.json`)}).version)`], { cwd: ROOT, encoding: 'utf8' }).stdout || '""')
  let chromium = ''
  try {
    chromium = spawnSync(resolveBrowser().executablePath, ['--version'], { encoding: 'utf8' }).stdout.trim()
  }
  catch {}
  return {
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? '',
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    chromium,
    slidev: version('@slidev/cli'),
    vite: version('vite'),
    playwright: version('playwright-chromium'),
  }
}

async function main() {
  const asked = process.argv.slice(2)
  const names = asked.length ? asked : Object.keys(PARTS)
  const unknown = names.filter(n => !PARTS[n])
  if (unknown.length)
    throw new Error(`Unknown part ${unknown.join(', ')}. Usage: npm run bench [-- ${Object.keys(PARTS).join(' | ')} …]`)
  // Fail fast: the parts that need the browser, the first after minutes of builds.
  if (names.some(n => PARTS[n].browser))
    resolveBrowser()
  console.log(`Benchmark: ${names.join(', ')}; ${RUNS} run(s) each, medians; ${os.cpus().length} cores, Node ${process.version}, load average ${load()}`)
  for (const name of names) {
    const loadBefore = load()
    const started = new Date().toISOString()
    const figures = await PARTS[name].run()
    console.log(PARTS[name].line(figures))
    // Written part by part, into what is there: the other parts' figures and the mutation score stay.
    const results = JSON.parse(await readFile(RESULTS, 'utf8').catch(() => '{}')) as Record<string, unknown>
    results[KEYS[name]] = { ...figures, date: started, runs: RUNS, node: process.version, loadAverage: { before: loadBefore, after: load() }, nice: os.getPriority() }
    results.context = 'A shared machine: 2 cores used by several sessions at once (their builds, test runs, mutation runs). Each part records the load average before and after it, and the nice value it ran at; compare figures measured under similar load. Ratios compare what ran in the same rounds.'
    results.machine = versions()
    results.date = new Date().toISOString()
    delete results.exportRatio
    delete results.plainSlidevExport
    delete results.targets
    delete results.runs
    await mkdir(join(ROOT, 'bench'), { recursive: true })
    await writeFile(RESULTS, `${JSON.stringify(results, null, 2)}\n`)
    console.log(`wrote ${KEYS[name]} into bench/results.json`)
  }
}

main().catch(error => failCommand('Benchmark failed', error))
