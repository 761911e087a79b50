/**
 * Mermaid needs a DOM to load (DOMPurify), which the lint lends it for the
 * import only. In a file of its own, so this test is the one that loads it.
 */
import type { DeckSlide } from '../../scripts/shared/deck'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { lintDeck } from '../../scripts/checks/lint'
import { ROOT } from '../../scripts/shared/project'

it('parses diagrams that need the DOM, and leaves no window behind', async () => {
  expect('window' in globalThis).toBe(false)
  const diagram = (code: string, no: number) => ({ no, title: `图 ${no}`, file: 'x.md', line: no, frontmatter: {}, content: `\`\`\`mermaid\n${code}\n\`\`\``, note: '讲稿'.repeat(30) }) as DeckSlide
  const slides = [diagram('classDiagram\n  class Controller', 1), diagram('flowchart LR\n  A["<b>API</b>"] --> B', 2), diagram('stateDiagram-v2\n  [*] --> Ready', 3)]
  const findings = await lintDeck({ entry: join(ROOT, 'tests', 'fixtures', 'lint', 'slides.md'), headmatter: {}, slides })
  expect(findings).toEqual([])
  expect('window' in globalThis).toBe(false)
  expect('document' in globalThis).toBe(false)
})
