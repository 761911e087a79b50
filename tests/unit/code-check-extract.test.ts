/**
 * Where the code check finds blocks: the file lines of a slide's content and
 * notes when the same text occurs twice, the language of a lab file, the
 * blocks a slide's includes add, and the rest of the lab folder they come from.
 */
import type { DeckSlide } from '../../scripts/shared/deck'
import { readdirSync } from 'node:fs'
import { join } from 'node:path'
import { expect, describe as group, it } from 'vitest'
import { blocksOf, blocksOfDeck, langOfFile, partLines, snippetsOf } from '../../scripts/checks/code-check/extract'
import { loadDeck } from '../../scripts/shared/deck'
import { ROOT } from '../../scripts/shared/project'

import { deckOf } from './support/code-check-deck'

group('the lines of a slide\'s parts', () => {
  it('are found from the slide\'s own line on, and the notes after the content, when the same text repeats', async () => {
    const deck = await loadDeck(join(ROOT, 'tests/fixtures/code/repeated.md'))
    expect(deck.slides.map(partLines)).toEqual([{ content: 5, notes: 12 }, { content: 17, notes: 24 }])
    expect(blocksOf(deck.slides[1]).map(b => `${b.part} ${b.line}`)).toEqual(['content 19'])
  })

  it('fall back to the slide\'s line, and the notes to the content\'s, when the text is not in the file', () => {
    const slide = (content: string, note: string): DeckSlide => ({ no: 2, title: 'T', file: 'tests/fixtures/code/repeated.md', line: 7, note, frontmatter: {}, content })
    expect(partLines(slide('# Not in the file', ''))).toEqual({ content: 7, notes: 7 })
    expect(partLines(slide('', 'not in the file either'))).toEqual({ content: 7, notes: 7 })
    expect(partLines(slide('# Demo', 'not in the file either'))).toEqual({ content: 17, notes: 17 })
  })
})

group('a lab file\'s language', () => {
  it('is yaml for .yml, the extension for other files, and a shell only from a real shebang', () => {
    expect(langOfFile('labs/x/kind.yml', '')).toBe('yaml')
    expect(langOfFile('labs/x/notes.txt', 'hello\n')).toBe('txt')
    // A comment naming a shell is no shebang.
    expect(langOfFile('labs/x/NOTES', '# bash notes\n')).toBe('')
    expect(langOfFile('labs/x/run', '#! /bin/sh\necho\n')).toBe('sh')
    expect(langOfFile('labs/x/run', '#!/usr/bin/env  bash\necho\n')).toBe('bash')
  })
})

group('the blocks a slide includes', () => {
  it('carry the info string as written, numbered one after another', () => {
    const slide: DeckSlide = { no: 3, title: 'Lab', file: 'tests/fixtures/labs/slides.md', line: 1, note: '', frontmatter: {}, content: '<<< ./bad.sh bash\n<<< ./bad.sh#setup\n' }
    expect(snippetsOf(slide, 2).map(b => `${b.index} ${b.info}`)).toEqual(['2 bash', '3 sh'])
  })

  it('bring in the rest of a labs/ folder on the first slide that includes from it, after that slide\'s own blocks', () => {
    const lab = 'labs/lesson-1'
    const deck = deckOf(
      { content: '```yaml\na: 1\n```\n\n<<< ../../../labs/lesson-1/kind-config.yaml\n' },
      { content: '<<< ../../../labs/lesson-1/01-cluster.sh bash\n<<< ../labs/bad.sh bash\n' },
    )
    const rest = readdirSync(join(ROOT, lab)).filter(f => f !== 'kind-config.yaml' && f !== '01-cluster.sh').sort()
    expect(blocksOfDeck(deck).map(b => `s${b.slide.no} ${b.index} ${b.part} ${b.file}:${b.line}`)).toEqual([
      's1 1 content tests/fixtures/code/slides.md:1',
      's1 2 content labs/lesson-1/kind-config.yaml:0',
      's2 1 content labs/lesson-1/01-cluster.sh:0',
      // An include from outside labs/ brings nothing else of its folder.
      's2 2 content tests/fixtures/labs/bad.sh:0',
      ...rest.map((f, i) => `s1 ${3 + i} content ${lab}/${f}:0`),
    ])
  })
})
