/**
 * Every slide of every lesson, at every click step, renders cleanly in the
 * built site (see scripts/render-check.ts for what "cleanly" means).
 */
import type { StaticServer } from '../scripts/serve'
import { expect, test } from '@playwright/test'
import { lessons } from '../data/course'
import { loadValidDeck } from '../scripts/deck'
import { basePathOf, entryOf } from '../scripts/project'
import { checkDeck, formatProblem } from '../scripts/render-check'
import { startStaticServer } from '../scripts/serve'

let server: StaticServer

test.beforeAll(async () => {
  server = await startStaticServer()
})

test.afterAll(async () => {
  await server?.close()
})

// Dark mode draws Mermaid with another theme and every colour anew.
for (const scheme of ['light', 'dark'] as const) {
  for (const lesson of lessons) {
    test(`lesson ${lesson.number} renders every slide at every click step (${scheme})`, async ({ browser }) => {
      const page = await browser.newPage({ colorScheme: scheme, viewport: { width: 980, height: 552 } })
      const deck = await loadValidDeck(entryOf(lesson))
      const { problems, states } = await checkDeck(page, {
        siteUrl: server.url,
        base: basePathOf(lesson),
        label: `lesson ${lesson.number} (${scheme})`,
        slides: deck.slides,
      })
      await page.close()
      expect(problems.map(formatProblem), `${problems.length} problem(s) in lesson ${lesson.number}`).toEqual([])
      expect(new Set(states.map(s => s.slide)).size).toBe(deck.slides.length)
      test.info().annotations.push({ type: 'states', description: `${deck.slides.length} slides, ${states.length} click states` })
    })
  }
}
