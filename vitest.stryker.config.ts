/**
 * The unit tests as the mutation run (stryker.config.mjs) uses them: the tests
 * of the mutated modules, against fixtures. Left out: tests/unit/lessons.test.ts,
 * which checks the lessons' content (it would tie the score to the state of
 * slides/), and the tests of modules the run does not mutate.
 */
import { defineConfig } from 'vitest/config'
import base from './vitest.config'

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: [
      'tests/unit/lint.test.ts',
      'tests/unit/lint-mermaid-dom.test.ts',
      'tests/unit/lint-mermaid-nodom.test.ts',
      'tests/unit/deck.test.ts',
      'tests/unit/notes.test.ts',
      'tests/unit/pdf-outline.test.ts',
      'tests/unit/project.test.ts',
      'tests/unit/browser.test.ts',
      'tests/unit/browser-registry.test.ts',
      'tests/unit/course-data.test.ts',
      'tests/unit/mutation-score.test.ts',
      'tests/unit/landing.test.ts',
      'tests/unit/remote-guard.test.ts',
      'tests/unit/present-args.test.ts',
      'tests/unit/build-plan.test.ts',
      // Timing, search and the labs
      'tests/unit/timing.test.ts',
      'tests/unit/pace.test.ts',
      'tests/unit/search.test.ts',
      'tests/unit/lab-cluster.test.ts',
      'tests/unit/lab-run.test.ts',
      // The code check: fixtures only (code-check-lessons.test.ts, which reads slides/, is left out).
      'tests/unit/code-check.test.ts',
      'tests/unit/code-check-baseline.test.ts',
      'tests/unit/code-check-parts.test.ts',
      'tests/unit/code-check-decks.test.ts',
      'tests/unit/code-check-kinds.test.ts',
      'tests/unit/code-check-served.test.ts',
      'tests/unit/code-check-cel.test.ts',
      'tests/unit/code-check-extract.test.ts',
      'tests/unit/labs.test.ts',
    ],
  },
})
