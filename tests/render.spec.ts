/**
 * Every slide of every lesson, at every click step, renders cleanly in the
 * built site (see scripts/checks/render-check.ts for what "cleanly" means). The walk
 * is scripts/check.ts's `checkLesson`, the one `npm run check` runs.
 */
import type { StaticServer } from '../scripts/shared/static-server'
import { expect, test } from '@playwright/test'
import { lessons } from '../data/course'
import { checkLesson, SCHEMES } from '../scripts/checks/check-sites'
import { formatProblem } from '../scripts/checks/render-check'
import { startStaticServer } from '../scripts/shared/static-server'

let server: StaticServer

test.beforeAll(async () => {
  server = await startStaticServer()
})

test.afterAll(async () => {
  await server?.close()
})

// Dark mode draws Mermaid with another theme and every colour anew.
for (const scheme of SCHEMES) {
  for (const lesson of lessons) {
    test(`lesson ${lesson.number} renders every slide at every click step (${scheme})`, async ({ browser }) => {
      const result = await checkLesson(browser, server.url, lesson, scheme)
      expect(result.problems.map(formatProblem), `${result.problems.length} problem(s) in lesson ${lesson.number}`).toEqual([])
      expect(result.visited).toBe(result.slides)
      test.info().annotations.push({ type: 'states', description: `${result.slides} slides, ${result.states} click states` })
    })
  }
}
