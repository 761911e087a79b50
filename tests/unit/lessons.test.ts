/**
 * The lessons themselves (content, not logic): each entry loads and validates,
 * carries the title of the course data, and shares its headmatter with the
 * others. `npm run lint:slides` checks the script; this file is left out of
 * the mutation run, which tests the code against fixtures.
 */
import { expect, it } from 'vitest'
import { lessons } from '../../data/course'
import { loadDeck, loadValidDeck } from '../../scripts/shared/deck'
import { entryOf } from '../../scripts/shared/project'

it.each(lessons)('lesson $number loads and validates, titled as in the course data', async (lesson) => {
  const deck = await loadValidDeck(entryOf(lesson))
  expect(deck.slides.length).toBeGreaterThan(1)
  expect(deck.headmatter.title).toBe(lesson.title)
})

it('every lesson entry shares the same headmatter but for its title and info', async () => {
  const heads = await Promise.all(lessons.map(async (l) => {
    const { title, info, ...rest } = (await loadDeck(entryOf(l))).headmatter
    return rest
  }))
  for (const head of heads.slice(1))
    expect(head).toEqual(heads[0])
})
