// @ts-check
/**
 * Mutation testing of the modules that hold logic without a browser:
 * `npm run test:mutation` (StrykerJS with the Vitest runner over tests/unit/).
 * Each module's score goes to bench/results.json (scripts/mutation-score.ts).
 *
 * Whole functions are chosen by their text, not by line numbers, so the lists
 * below follow the files as they change:
 * - the CLI `main()` and the `import.meta.url === …` blocks are left out: they
 *   only read argv and print (their failure paths are run as subprocesses by
 *   tests/failure-paths.spec.ts);
 * - data/course.ts: its helper functions only; mutating the data itself (a
 *   colour, a summary) says nothing about the tests.
 *
 * Surviving mutants, each explained where it is not killed by a test:
 * (see the list at the bottom of this file, kept with the last run's figures).
 */
import { readFileSync } from 'node:fs'

/** `file:start-end` ranges of the top-level functions (or one-line arrow constants) whose names match. */
function functions(file, names) {
  const lines = readFileSync(new URL(file, import.meta.url), 'utf8').split('\n')
  const ranges = []
  lines.forEach((line, i) => {
    const fn = /^export (?:async )?function (\w+)/.exec(line)
    const arrow = /^export const (\w+) = \(.*=>.*[^{]$/.exec(line)
    if (fn && names.test(fn[1]))
      ranges.push(`${file}:${i + 1}-${lines.findIndex((l, j) => j > i && l === '}') + 1}`)
    else if (arrow && names.test(arrow[1]))
      ranges.push(`${file}:${i + 1}-${i + 1}`)
  })
  if (!ranges.length)
    throw new Error(`stryker.config.mjs: no function of ${file} matches ${names}`)
  return ranges
}

/** `file:1-N`: everything above the first line matching `stop` (the CLI part). */
function above(file, stop) {
  const lines = readFileSync(new URL(file, import.meta.url), 'utf8').split('\n')
  const at = lines.findIndex(l => stop.test(l))
  if (at < 1)
    throw new Error(`stryker.config.mjs: ${stop} not found in ${file}`)
  return `${file}:1-${at}`
}

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.stryker.config.ts', related: false },
  mutate: [
    above('scripts/lint-slides.ts', /^async function main\(\)/),
    'scripts/deck.ts',
    'scripts/notes.ts',
    'scripts/pdf-outline.ts',
    'scripts/project.ts',
    above('scripts/browser.ts', /^\/\/ `npm run browser` prints/),
    above('scripts/mutation-score.ts', /^async function main\(\)/),
    // The lesson cards; the map, search and fonts of the page are tested in the browser (tests/landing.spec.ts, tests/search.spec.ts).
    ...functions('scripts/landing.ts', /^(?:escape|sizeOf|lessonCard)$/),
    // The remote guard's decisions and present's command line (tests/unit/remote-guard.test.ts,
    // present-args.test.ts). The guard's wiring into Vite's server (takeBody … remoteGuard) runs only
    // in a real dev server, which tests/present.spec.ts drives from another network namespace.
    above('scripts/remote-guard.ts', /^(?:async )?function takeBody\(/),
    ...functions('scripts/present.ts', /^(?:generatePassword|parsePresentArgs|slidevArgs|slidevEnv)$/),
    ...functions('data/course.ts', /^(?:lessonByNumber|layerById|journeyById|pointsOfLayer|pointsOfLesson|parseLesson)$/),
  ],
  coverageAnalysis: 'perTest',
  // Two cores, shared with everything else on the machine.
  concurrency: 1,
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  reporters: ['clear-text', 'progress-append-only', 'json', 'html'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  // scripts/mutation-score.ts holds every module to 80 % after recording the score.
  thresholds: { high: 90, low: 80, break: null },
  // Mermaid's parser takes a second or two to load in a fresh worker.
  timeoutMS: 10_000,
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
}
