/**
 * The lint lends Mermaid a DOM only when the process has none: a window that
 * was there before (a test environment, a browser) stays as it was. In a file
 * of its own, so Mermaid is loaded fresh here.
 */
import type { DeckSlide } from '../../scripts/shared/deck'
import { join } from 'node:path'
import { Window } from 'happy-dom'
import { afterAll, expect, it } from 'vitest'
import { lintDeck } from '../../scripts/checks/lint'
import { ROOT } from '../../scripts/shared/project'

const scope = globalThis as Record<string, unknown>
const own = new Window()
scope.window = own
scope.document = own.document
afterAll(() => {
  delete scope.window
  delete scope.document
})

it('a window that was already there is kept', async () => {
  const slide = { no: 1, title: '图', file: 'x.md', line: 1, frontmatter: {}, content: '```mermaid\nflowchart LR\n  A --> (\n```', note: '讲稿'.repeat(30) } as DeckSlide
  const findings = await lintDeck({ entry: join(ROOT, 'tests', 'fixtures', 'lint', 'slides.md'), headmatter: {}, slides: [slide] })
  expect(findings.map(f => f.rule)).toEqual(['mermaid'])
  expect(scope.window).toBe(own)
  expect(scope.document).toBe(own.document)
})
