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
 * - build: in a scratch copy of the project (scripts/shared/project-copy.ts), each
 *   round: a clean build from an empty dist/ (three sites, six PDFs, the
 *   landing page, the search index: `npm run build`'s script, as a process),
 *   the baseline (plain `slidev export` of the three lessons one after
 *   another: three slide PDFs), a second clean build (the clean figure is
 *   the mean of the two around the baseline), the export alone from those
 *   sites (`npm run export`), an incremental build after editing one slide
 *   of lesson 2.
 * - identical: the clean build's output against the lessons built one after
 *   another and then printed (scripts/build/compare-dist.ts).
 * - present: `npm run present -- 2` as typed (npm included) to its Ready
 *   line, then a Chromium profile with nothing cached: its launch, a new tab
 *   and the page to slide 1 with its fonts, each timed; built site (the first
 *   start after a build, and later ones) and dev server.
 * - render-check: `npm run check`'s walk, every lesson, light and dark.
 * - load: slide 1 of each built lesson in a browser with nothing cached.
 * - phone: slide 1 of each lesson and one review page on a phone under the
 *   slow-mobile profile (scripts/bench/phone.ts): time to the first slide, bytes moved.
 * - code-check: every code block of all lessons (scripts/checks/code-check/), in a
 *   fresh process each run, its modules loaded inside the measurement.
 * - search: the index's size, and the time from a query to its first result
 *   with nothing cached, on the landing page and inside a lesson.
 *
 * The mutation score (`mutation`, written by npm run test:mutation) is kept.
 */
import { spawnSync } from 'node:child_process'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import os from 'node:os'
import { join } from 'node:path'
import process from 'node:process'
import { resolveBrowser } from '../shared/browser'
import { ROOT } from '../shared/project'
import { benchBuild, benchIdentical } from './build'
import { load, RESULTS, round, RUNS } from './measure'
import { benchPhone, phoneLine } from './phone'
import { benchPresent } from './present'
import { benchCodeCheck, benchColdLoad, benchRenderCheck, benchSearch, searchLine } from './site'

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
    line: r => `present  first start after a build: slide 1 ${r.firstPresentAfterBuild.commandToSlide1BrowserOpenSeconds} s from the command with the browser running (target < 2 s: ${r.targets.firstStartUnder2sBrowserOpen ? 'met' : 'NOT met'}; command ${r.firstPresentAfterBuild.commandToReadySeconds} s, new tab ${r.firstPresentAfterBuild.newTabSeconds} s, page ${r.firstPresentAfterBuild.navigationToSlide1Seconds} s), ${r.firstPresentAfterBuild.commandToSlide1BrowserStartedSeconds} s with Chromium started for it (launch ${r.firstPresentAfterBuild.browserLaunchSeconds} s, page ${r.firstPresentAfterBuild.navigationJustLaunchedSeconds} s); a plain page in Chromium just launched ${r.plainPageJustLaunched.navigationToHeadingSeconds} s (command, launch and that page: ${r.plainPageJustLaunched.firstStartCommandLaunchAndPlainPageSeconds} s); later starts ${r.builtSite.commandToSlide1BrowserOpenSeconds} s; dev server ${r.devServer.commandToSlide1BrowserOpenSeconds} s`,
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
  'phone': {
    browser: true,
    run: benchPhone,
    line: r => `${Object.entries(r.pages).map(([name, p]) => phoneLine(name, p as any)).join('\n')}\nphone  targets: slide 1 under 3.5 s ${r.targets.slide1Under3_5s ? 'met' : 'NOT met'}, at most 350 KiB before it shows ${r.targets.slide1AtMost350KiBBeforeShown ? 'met' : 'NOT met'}; review page's first slide under 7 s ${r.targets.reviewFirstSlideUnder7s ? 'met' : 'NOT met'}`,
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
const KEYS: Record<string, string> = { 'build': 'build', 'identical': 'buildOutputIdentical', 'render-check': 'renderCheck', 'load': 'coldLoad', 'code-check': 'codeCheck', 'search': 'search', 'present': 'present', 'phone': 'phone' }

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

export async function main() {
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
