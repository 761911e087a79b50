/** Bad input fails before the build, naming file, line and slide. */
import type { Deck, DeckSlide } from '../../scripts/shared/deck'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { DeckError, deckProblems, isMermaidFence, knownComponents, loadDeck, loadValidDeck, locate, mermaidBlocksIn, validateDeck } from '../../scripts/shared/deck'
import { ROOT } from '../../scripts/shared/project'

const fixture = (name: string) => join(ROOT, 'tests', 'fixtures', 'invalid', name)

describe('loadDeck', () => {
  it('reads each slide with its number, title, file, line, notes, frontmatter and content', async () => {
    const deck = await loadDeck(join(ROOT, 'tests', 'fixtures', 'lint', 'slides.md'))
    expect(deck.entry).toBe(join(ROOT, 'tests', 'fixtures', 'lint', 'slides.md'))
    expect(deck.headmatter.title).toBe('Lint fixture')
    expect(deck.slides).toHaveLength(22)
    expect(deck.slides.map(s => s.no)).toEqual(Array.from({ length: 22 }, (_, i) => i + 1))
    const [first, second, third] = deck.slides
    expect(first).toMatchObject({ no: 1, title: 'Lint fixture', file: 'tests/fixtures/lint/slides.md', line: 1 })
    expect(second).toEqual({
      no: 2,
      title: '',
      file: 'tests/fixtures/lint/slides.md',
      line: 24,
      note: '这一页缺少标题。讲稿本身足够长，足以让讲师照着讲完这一页的内容，所以只有标题这一条规则会触发，其余规则都保持安静。',
      frontmatter: {},
      content: '没有标题的一页。',
    })
    expect(third).toMatchObject({ title: '没有讲稿', note: '', line: 32 })
    expect(deck.slides[11].frontmatter).toEqual({ lintAllow: ['bullets'] })
  })

  it('names the slides of an imported file by that file and its own lines', async () => {
    const deck = await loadDeck(fixture('clean.md'))
    expect(deck.slides.map(s => `${s.no} ${s.file}:${s.line} ${s.title}`)).toEqual([
      '1 tests/fixtures/invalid/clean.md:1 Clean deck fixture',
      '2 tests/fixtures/invalid/parts/section.md:1 导入的第一页',
      '3 tests/fixtures/invalid/parts/section.md:5 导入的第二页',
      '4 tests/fixtures/invalid/clean.md:16 最后一页',
    ])
    expect(deck.slides[2].frontmatter).toEqual({ clicks: 2 })
    expect(deck.slides[2].note).toBe('导入文件里的讲稿。[click] 一 [click] 二')
  })

  it('a missing src: import fails the load, naming the importing file and line', async () => {
    const error = await loadDeck(fixture('slides.md')).catch(e => e)
    expect(error).toBeInstanceOf(DeckError)
    expect(error.name).toBe('DeckError')
    expect(error.entry).toBe(fixture('slides.md'))
    expect(error.problems).toEqual([expect.stringMatching(/^tests\/fixtures\/invalid\/slides\.md:11: Imported markdown file not found: .*missing-section\.md/)])
    expect(error.message).toMatch(/^tests\/fixtures\/invalid\/slides\.md has 1 problem\(s\):\n {2}- tests\/fixtures\/invalid\/slides\.md:11: Imported markdown file not found/)
  })

  it('an import from / starts at the entry\'s folder', async () => {
    const deck = await loadDeck(fixture('absolute-import.md'))
    expect(deck.slides.map(s => `${s.file}:${s.line}`)).toEqual([
      'tests/fixtures/invalid/absolute-import.md:1',
      'tests/fixtures/invalid/parts/section.md:1',
      'tests/fixtures/invalid/parts/section.md:5',
    ])
  })

  it('an import that leaves the project, or imports itself, is refused', async () => {
    const error = await loadDeck(fixture('escaping-import.md')).catch(e => e)
    expect(error).toBeInstanceOf(DeckError)
    expect(error.problems).toEqual([
      expect.stringMatching(/^tests\/fixtures\/invalid\/escaping-import\.md:9: Imported markdown escapes the project root: /),
      expect.stringMatching(/^tests\/fixtures\/invalid\/escaping-import\.md:13: Circular import detected for "\.\/escaping-import\.md"/),
    ])
  })

  it('a missing entry is a DeckError too', async () => {
    const error = await loadDeck(fixture('no-such-deck.md')).catch(e => e)
    expect(error).toBeInstanceOf(DeckError)
    expect(error.problems).toEqual([`entry file not found: ${fixture('no-such-deck.md')}`])
  })
})

describe('deck problems', () => {
  const expected = [
    'tests/fixtures/invalid/problems.md:21 (slide 2 «拼错的组件»): unknown component <LayerMapp> (not in components/ nor a Slidev built-in)',
    'tests/fixtures/invalid/problems.md:21 (slide 2 «拼错的组件»): unknown component <Layermap> (not in components/ nor a Slidev built-in)',
    // A JSON file, a markdown file and Card.stories.ts in components/ are no components.
    'tests/fixtures/invalid/problems.md:21 (slide 2 «拼错的组件»): unknown component <Data> (not in components/ nor a Slidev built-in)',
    'tests/fixtures/invalid/problems.md:21 (slide 2 «拼错的组件»): unknown component <Notes> (not in components/ nor a Slidev built-in)',
    'tests/fixtures/invalid/problems.md:21 (slide 2 «拼错的组件»): unknown component <Card> (not in components/ nor a Slidev built-in)',
    'tests/fixtures/invalid/problems.md:29 (slide 3 «缺失的图片»): image not found: /images/no-such-diagram.png',
    'tests/fixtures/invalid/problems.md:29 (slide 3 «缺失的图片»): image not found: ./images/missing.svg',
    'tests/fixtures/invalid/problems.md:36 (slide 4 «远程图片»): image loaded from the Internet: https://example.com/diagram.png (put a copy in public/)',
    'tests/fixtures/invalid/problems.md:36 (slide 4 «远程图片»): image loaded from the Internet: //cdn.example.com/a.png (put a copy in public/)',
  ]

  it('names unknown components and missing or remote images with file, line and slide', async () => {
    const deck = await loadDeck(fixture('problems.md'))
    // Slide 1 is clean: known components, local images (relative, public/, with a query, with "//" inside), data: and empty sources.
    expect(validateDeck(deck)).toEqual(expected)
    expect(deckProblems(deck).map(p => `${p.slide.no} ${p.kind}`)).toEqual([
      ...Array.from({ length: 5 }).fill('2 unknown-component'),
      '3 missing-image',
      '3 missing-image',
      '4 remote-image',
      '4 remote-image',
    ])
  })

  it('loadValidDeck throws them all at once, one per line, and passes a clean deck', async () => {
    const error = await loadValidDeck(fixture('problems.md')).catch(e => e)
    expect(error).toBeInstanceOf(DeckError)
    expect(error.problems).toEqual(expected)
    expect(error.message).toBe(`tests/fixtures/invalid/problems.md has 9 problem(s):\n${expected.map(p => `  - ${p}`).join('\n')}`)
    const clean = await loadValidDeck(fixture('clean.md'))
    expect(clean.slides).toHaveLength(4)
  })

  it('knows the project\'s components, the deck folder\'s and Slidev\'s built-ins', async () => {
    const known = knownComponents(await loadDeck(fixture('problems.md')))
    for (const name of ['LayerMap', 'LessonCover', 'FixtureOnly', 'Mermaid', 'VClick', 'Toc'])
      expect(known, name).toContain(name)
    expect(known).not.toContain('LayerMapp')
    // Another deck's folder has no FixtureOnly.
    const other = knownComponents({ entry: join(ROOT, 'slides', 'lesson-1.md'), headmatter: {}, slides: [] })
    expect(other).not.toContain('FixtureOnly')
    expect(other).toContain('LayerMap')
  })
})

describe('mermaid fences', () => {
  it.each([
    ['mermaid', true],
    ['  mermaid  ', true],
    ['mermaid {scale: 0.8}', true],
    ['mermaid{scale:0.8}', true],
    ['text', false],
    ['yaml mermaid', false],
    ['', false],
  ])('%j is a diagram: %s', (info, expected) => {
    expect(isMermaidFence(info)).toBe(expected)
  })

  it('counts the diagrams of a slide', () => {
    const slide = { content: '```mermaid\nflowchart LR\n```\n\n```mermaid {scale: 0.5}\nA\n```\n\n```text\nmermaid\n```\n\n    ```mermaid\n    indented code\n    ```' } as DeckSlide
    expect(mermaidBlocksIn(slide)).toBe(2)
  })
})

it('locates a slide by file, line, number and title, or says it is untitled', () => {
  const slide = { no: 4, title: '标题', file: 'slides/a.md', line: 12 } as DeckSlide
  expect(locate(slide)).toBe('slides/a.md:12 (slide 4 «标题»)')
  expect(locate({ ...slide, title: '' })).toBe('slides/a.md:12 (slide 4 «untitled»)')
})

it('an empty deck has no problems', () => {
  const deck: Deck = { entry: fixture('problems.md'), headmatter: {}, slides: [] }
  expect(deckProblems(deck)).toEqual([])
})
