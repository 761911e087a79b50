import type { Deck } from '../../../scripts/shared/deck'
import { join } from 'node:path'
import { ROOT } from '../../../scripts/shared/project'

/** A deck of slides written in a test, located in a fixture file they are not in: each slide's content starts on its line 1. */
export function deckOf(...slides: { content: string, note?: string, frontmatter?: Record<string, unknown> }[]): Deck {
  return {
    entry: join(ROOT, 'tests/fixtures/code/slides.md'),
    headmatter: {},
    slides: slides.map((s, i) => ({ no: i + 1, title: `Slide ${i + 1}`, file: 'tests/fixtures/code/slides.md', line: 1, note: s.note ?? '', frontmatter: s.frontmatter ?? {}, content: s.content })),
  }
}

/** A fenced code block with its info string. */
export const fence = (info: string, code: string) => `\`\`\`${info}\n${code}\`\`\`\n`
