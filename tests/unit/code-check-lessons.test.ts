/**
 * The code check on the course itself: every block of every lesson passes,
 * and the share of checked blocks reaches the target. Apart from
 * code-check.test.ts because it reads slides/, not fixtures: the mutation run
 * (vitest.stryker.config.ts) leaves it out so a score does not follow the
 * state of the lessons.
 */
import { describe, expect, it } from 'vitest'
import { lessons } from '../../data/course'
import { CHECKED_TARGET } from '../../scripts/checks/code-check/index'
import { codeLintFindings } from '../../scripts/checks/code-check/report'
import { loadDeck } from '../../scripts/shared/deck'
import { entryOf } from '../../scripts/shared/project'

describe('the lessons', () => {
  for (const lesson of lessons) {
    it(`lesson ${lesson.number}: every code block passes, and at least ${CHECKED_TARGET * 100} % are checked`, async () => {
      const findings = await codeLintFindings(await loadDeck(entryOf(lesson)))
      expect(findings.map(f => `${f.where}: ${f.message}`)).toEqual([])
    })
  }
})
