/** The handout's notes: markdown rendered, raw HTML refused, click markers shown where the slide steps on. */
import type { Deck, DeckSlide } from '../../scripts/shared/deck'
import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { HANDOUT_NOTES_FILE, handoutNotes, renderNote, writeHandoutNotes } from '../../scripts/export/notes'

const MARK = '<span class="click-mark" title="点击">▸</span>'

describe('renderNote', () => {
  it('turns each [click] and [click:N] marker into a mark', () => {
    expect(renderNote('先看图。[click] 再看代码。[click:3] 最后总结。[click:12]')).toBe(`<p>先看图。${MARK} 再看代码。${MARK} 最后总结。${MARK}</p>\n`)
  })

  it('renders markdown: emphasis, code, lists, paragraphs, bare links', () => {
    expect(renderNote('**重点**和 `kubectl`')).toBe('<p><strong>重点</strong>和 <code>kubectl</code></p>\n')
    expect(renderNote('- 一\n- 二')).toBe('<ul>\n<li>一</li>\n<li>二</li>\n</ul>\n')
    expect(renderNote('第一段\n\n第二段')).toBe('<p>第一段</p>\n<p>第二段</p>\n')
    expect(renderNote('见 https://kubernetes.io/docs/')).toBe('<p>见 <a href="https://kubernetes.io/docs/">https://kubernetes.io/docs/</a></p>\n')
  })

  it('keeps a single line break inside a paragraph, as the script is written', () => {
    expect(renderNote('第一行\n第二行')).toBe('<p>第一行\n第二行</p>\n')
  })

  it('escapes raw HTML instead of passing it through', () => {
    expect(renderNote('<script>alert(1)</script>')).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n')
  })

  it('leaves text that only looks like a marker alone', () => {
    expect(renderNote('[clicks] 与 [click:x]')).toBe('<p>[clicks] 与 [click:x]</p>\n')
  })

  it('renders empty notes as nothing', () => {
    expect(renderNote('')).toBe('')
  })
})

const deck: Deck = {
  entry: 'slides/x.md',
  headmatter: {},
  slides: [
    { no: 1, title: '封面', note: '开场白。', file: 'x.md', line: 1, frontmatter: {}, content: '' },
    { no: 2, title: '第二页', note: '讲解 [click] 下一步', file: 'x.md', line: 9, frontmatter: {}, content: '' },
  ] as DeckSlide[],
}

it('handoutNotes gives each slide its number, title and rendered notes, in order', () => {
  expect(handoutNotes(deck)).toEqual([
    { no: 1, title: '封面', html: '<p>开场白。</p>\n' },
    { no: 2, title: '第二页', html: `<p>讲解 ${MARK} 下一步</p>\n` },
  ])
})

it('writeHandoutNotes writes them as JSON beside the site', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'notes-'))
  await writeHandoutNotes(deck, dir)
  expect(HANDOUT_NOTES_FILE).toBe('handout-notes.json')
  expect(JSON.parse(await readFile(join(dir, 'handout-notes.json'), 'utf8'))).toEqual(handoutNotes(deck))
})
