/** Bad input fails before the build, naming file, line and slide. */
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { lessons, parseLesson } from '../data/course'
import { DeckError, loadDeck, loadValidDeck, validateDeck } from '../scripts/deck'
import { entryOf, ROOT } from '../scripts/project'

const fixture = (name: string) => join(ROOT, 'tests', 'fixtures', name, 'slides.md')

test('a missing src: import fails the load, naming the importing file and line', async () => {
  const error = await loadDeck(fixture('invalid')).catch(e => e)
  expect(error).toBeInstanceOf(DeckError)
  expect(error.message).toContain('tests/fixtures/invalid/slides.md:11: Imported markdown file not found')
  expect(error.message).toContain('missing-section.md')
})

test('unknown components and missing or remote images are named with file, line and slide', async () => {
  // Read the fixture without its broken import so the other rules can be seen.
  const { readFile, writeFile, rm } = await import('node:fs/promises')
  const source = await readFile(fixture('invalid'), 'utf8')
  const copy = join(ROOT, 'tests', 'fixtures', 'invalid', 'without-import.md')
  await writeFile(copy, source.replace(/---\nsrc: \.\/missing-section\.md\n---\n\n/, ''))
  try {
    const problems = validateDeck(await loadDeck(copy))
    expect(problems).toEqual([
      expect.stringMatching(/^tests\/fixtures\/invalid\/without-import\.md:\d+ \(slide 2 «拼错的组件»\): unknown component <LayerMapp>/),
      expect.stringMatching(/\(slide 3 «缺失的图片»\): image not found: \/images\/no-such-diagram\.png$/),
      expect.stringMatching(/\(slide 4 «远程图片»\): image loaded from the Internet: https:\/\/example\.com\/diagram\.png/),
    ])
    await expect(loadValidDeck(copy)).rejects.toThrow(/3 problem\(s\)/)
  }
  finally {
    await rm(copy, { force: true })
  }
})

test('every lesson entry loads and validates', async () => {
  for (const lesson of lessons) {
    const deck = await loadValidDeck(entryOf(lesson))
    expect(deck.slides.length, lesson.slug).toBeGreaterThan(1)
    expect(deck.headmatter.title, 'entry title matches the course data').toBe(lesson.title)
  }
})

test('every lesson entry shares the same headmatter but for its title', async () => {
  const heads = await Promise.all(lessons.map(async (l) => {
    const { title, info, ...rest } = (await loadDeck(entryOf(l))).headmatter
    return rest
  }))
  for (const head of heads.slice(1))
    expect(head).toEqual(heads[0])
})

test('a lesson number is parsed or refused with the list of lessons', () => {
  expect(parseLesson('2').number).toBe(2)
  expect(parseLesson('lesson-3').number).toBe(3)
  expect(() => parseLesson('7')).toThrow(/Unknown lesson "7"\. Choose one of: 1 \(.+\), 2 \(.+\), 3 \(.+\)/)
  expect(() => parseLesson('')).toThrow(/Unknown lesson/)
})
