/**
 * The render check as a command: every slide of the chosen lessons, at every
 * click step, in the built site (dist/, served by scripts/serve.ts), in light
 * and dark mode; what "renders cleanly" means is scripts/render-check.ts.
 *
 *   npm run check               all lessons, light and dark
 *   npm run check -- 2          one lesson (or several: -- 1 3)
 *   npm run check -- 2 --light  one colour scheme (--light or --dark)
 *
 * Prints a report by lesson and scheme (slide, title, click step, problem)
 * and exits 1 when anything is wrong. tests/render.spec.ts and the benchmark
 * run the same `checkLesson`.
 */
import type { Browser } from 'playwright-chromium'
import type { Lesson } from '../../data/course'
import type { Deck } from '../shared/deck'
import type { Problem, ProblemKind } from './render-check'
import { existsSync } from 'node:fs'
import { join, relative } from 'node:path'
import process from 'node:process'
import { chromium } from 'playwright-chromium'
import { lessons, parseLesson } from '../../data/course'
import { changedFiles, describeChanges, lessonInputs, readStamp, siteStampOf } from '../build/plan'
import { CHROMIUM_ARGS, resolveBrowser, SLIDE_VIEWPORT, whenDisconnected } from '../shared/browser'
import { loadValidDeck } from '../shared/deck'
import { basePathOf, DIST_DIR, entryOf, ROOT, siteDirOf } from '../shared/project'
import { startStaticServer } from '../shared/static-server'
import { checkDeck } from './render-check'

export const SCHEMES = ['light', 'dark'] as const
export type Scheme = typeof SCHEMES[number]

export interface LessonCheck {
  lesson: Lesson
  scheme: Scheme
  slides: number
  /** Click states visited. */
  states: number
  /** Slides visited (the deck's count when the walk got through). */
  visited: number
  problems: Problem[]
  seconds: number
}

/**
 * Walks one lesson's built site in a new page of `browser` (980 × 552, the
 * given colour scheme). The deck is read from its entry unless given.
 */
export async function checkLesson(browser: Browser, siteUrl: string, lesson: Lesson, scheme: Scheme, deck?: Deck): Promise<LessonCheck> {
  const slides = (deck ?? await loadValidDeck(entryOf(lesson))).slides
  const started = performance.now()
  const page = await browser.newPage({ colorScheme: scheme, viewport: SLIDE_VIEWPORT })
  try {
    const { problems, states } = await checkDeck(page, { siteUrl, base: basePathOf(lesson), label: `lesson ${lesson.number} (${scheme})`, slides })
    return { lesson, scheme, slides: slides.length, states: states.length, visited: new Set(states.map(s => s.slide)).size, problems, seconds: (performance.now() - started) / 1000 }
  }
  finally {
    await page.close().catch(() => {})
  }
}

const KIND_NAMES: Record<ProblemKind, string> = {
  'page-error': 'page error',
  'console-error': 'console error',
  'failed-request': 'failed request',
  'external-request': 'request off the machine',
  'mermaid': 'Mermaid',
  'broken-image': 'broken image',
  'unknown-component': 'unknown component',
  'overflow': 'outside the canvas',
  'font': 'font',
  'small-text': 'text too small',
  'dense-text': 'too much text',
  'navigation': 'navigation',
}

/** The report: a line per lesson and scheme, then its problems, one per line, in slide and click order. */
export function formatReport(results: LessonCheck[]): string {
  const lines: string[] = []
  for (const r of results) {
    const head = `lesson ${r.lesson.number} «${r.lesson.title}», ${r.scheme}: ${r.slides} slides, ${r.states} click states, ${r.seconds.toFixed(1)} s`
    lines.push(r.problems.length ? `✗ ${head}: ${r.problems.length} problem(s)` : `✓ ${head}: no problems`)
    const sorted = [...r.problems].sort((a, b) => a.slide - b.slide || a.click - b.click)
    for (const p of sorted)
      lines.push(`    slide ${p.slide} «${p.title}», click ${p.click}: ${KIND_NAMES[p.kind] ?? p.kind}: ${p.detail}`)
    if (r.visited !== r.slides && !r.problems.some(p => p.kind === 'navigation'))
      lines.push(`    the walk reached ${r.visited} of ${r.slides} slides`)
  }
  return lines.join('\n')
}

export function failedChecks(results: LessonCheck[]): LessonCheck[] {
  return results.filter(r => r.problems.length || r.visited !== r.slides)
}

/**
 * Checks every (lesson, scheme) pair, two at a time (the machine has two
 * cores), in one browser; `onResult` hears each as it finishes.
 */
export async function runChecks(browser: Browser, siteUrl: string, selected: Lesson[], schemes: readonly Scheme[], onResult: (r: LessonCheck) => void = () => {}): Promise<LessonCheck[]> {
  const decks = new Map(await Promise.all(selected.map(async l => [l.number, await loadValidDeck(entryOf(l))] as const)))
  const jobs = selected.flatMap(lesson => schemes.map(scheme => ({ lesson, scheme })))
  const results: LessonCheck[] = Array.from({ length: jobs.length })
  let next = 0
  const worker = async () => {
    while (next < jobs.length) {
      const index = next++
      const { lesson, scheme } = jobs[index]
      results[index] = await checkLesson(browser, siteUrl, lesson, scheme, decks.get(lesson.number))
      onResult(results[index])
    }
  }
  await Promise.race([Promise.all([worker(), worker()]), whenDisconnected(browser)])
  return results
}

export function parseCheckArgs(argv: string[]): { lessons: Lesson[], schemes: Scheme[] } {
  const schemes: Scheme[] = []
  const chosen: Lesson[] = []
  for (const arg of argv) {
    if (arg === '--light' || arg === '--dark')
      schemes.push(arg.slice(2) as Scheme)
    else if (arg.startsWith('-'))
      throw new Error(`Unknown option ${arg}. Usage: npm run check [-- <lesson>…] [--light | --dark]`)
    else
      chosen.push(parseLesson(arg))
  }
  return { lessons: chosen.length ? chosen : lessons, schemes: schemes.length ? schemes : [...SCHEMES] }
}

export async function main() {
  const options = parseCheckArgs(process.argv.slice(2))
  // Fail fast: no browser, or nothing built, is said before anything starts.
  const { executablePath } = resolveBrowser()
  const missing = options.lessons.filter(l => !existsSync(join(siteDirOf(l), 'index.html')))
  if (missing.length)
    throw new Error(`Not built: ${missing.map(l => relative(ROOT, siteDirOf(l))).join(', ')}. Run npm run build -- ${missing.map(l => l.number).join(' ')} --no-pdf first.`)

  // The check walks what is built: say so when that is older than the sources.
  for (const lesson of options.lessons) {
    const [stamp, inputs] = [await readStamp(siteStampOf(siteDirOf(lesson))), await lessonInputs(lesson)]
    if (stamp?.hash !== inputs.hash)
      console.warn(`Note: ${relative(ROOT, siteDirOf(lesson))}/ is not built from the current sources (${stamp ? describeChanges(changedFiles(stamp.files, inputs.files)) : 'no stamp'}): npm run build -- ${lesson.number} --no-pdf checks them.`)
  }

  const started = performance.now()
  const server = await startStaticServer({ root: DIST_DIR })
  let browser: Browser | undefined
  let results: LessonCheck[]
  try {
    browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS })
    console.log(`Render check of ${relative(ROOT, DIST_DIR)}/: ${options.lessons.map(l => `lesson ${l.number}`).join(', ')}; ${options.schemes.join(' and ')}`)
    results = await runChecks(browser, server.url, options.lessons, options.schemes, r => console.log(`  ${r.scheme.padEnd(5)} lesson ${r.lesson.number}: ${r.problems.length ? `${r.problems.length} problem(s)` : 'ok'} (${r.seconds.toFixed(1)} s)`))
  }
  finally {
    await browser?.close().catch(() => {})
    await server.close()
  }
  console.log(`\n${formatReport(results)}`)
  const failed = failedChecks(results)
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  if (failed.length) {
    const total = failed.reduce((n, r) => n + r.problems.length, 0)
    throw new Error(`${total} problem(s) in ${failed.map(r => `lesson ${r.lesson.number} (${r.scheme})`).join(', ')} (${seconds} s)`)
  }
  console.log(`\nRender check passed: ${results.reduce((n, r) => n + r.states, 0)} click states in ${seconds} s.`)
}
