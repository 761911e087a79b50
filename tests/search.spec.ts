/**
 * The course search, in the built site, with every request off the machine
 * blocked: the slides that teach "CRI", "准入" and "RuntimeClass" (the
 * extension points those words name, by the course data, and the slide whose
 * title names each point, by the decks) are found from the landing page and
 * from inside a lesson; a hit opens its slide, at the click step where the
 * match is; the search is nowhere in print or the presenter view.
 */
import type { Page } from '@playwright/test'
import type { ExtensionPoint } from '../data/course'
import type { Deck, DeckSlide } from '../scripts/shared/deck'
import type { StaticServer } from '../scripts/shared/static-server'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { extensionPoints, lessons } from '../data/course'
import { loadValidDeck } from '../scripts/shared/deck'
import { DIST_DIR, entryOf } from '../scripts/shared/project'
import { startStaticServer } from '../scripts/shared/static-server'
import { teachingSlide } from '../scripts/shared/teaching'
import { loadMiniSearch, SEARCH_INDEX_PATH, searchSlides } from '../search/engine'
import { blockOffMachine } from './support/network'

let server: StaticServer
const decks = new Map<number, Deck>()

test.beforeAll(async () => {
  server = await startStaticServer()
  for (const lesson of lessons)
    decks.set(lesson.number, await loadValidDeck(entryOf(lesson)))
})

test.afterAll(async () => {
  await server?.close()
})

const QUERIES = ['CRI', '准入', 'RuntimeClass']

/** The points a query names, by the course data: a whole word of the English name, or part of the Chinese name. */
function pointsNamed(query: string): ExtensionPoint[] {
  const word = new RegExp(`(?:^|[^A-Za-z])${query}(?:$|[^A-Za-z])`)
  return extensionPoints.filter(p => word.test(p.name) || (/\p{Script=Han}/u.test(query) && p.zh.includes(query)))
}

function teaching(point: ExtensionPoint): DeckSlide {
  const slide = teachingSlide(decks.get(point.lesson)!, point)
  expect(slide, `a slide of lesson ${point.lesson} whose title names ${point.name} (${point.zh})`).toBeDefined()
  return slide!
}

/** The hits a results list shows: lesson, slide, click step, title. */
async function hitsIn(page: Page, selector: string) {
  return page.locator(selector).evaluateAll(as => as.map(a => ({
    lesson: Number((a as HTMLElement).dataset.lesson),
    no: Number((a as HTMLElement).dataset.slide),
    click: Number((a as HTMLElement).dataset.click),
    title: a.querySelector('.title')?.textContent?.trim() ?? '',
    snippet: a.querySelector('.snippet')?.innerHTML ?? '',
    href: (a as HTMLAnchorElement).getAttribute('href') ?? '',
  })))
}

test('the queries name extension points that the lessons teach', () => {
  for (const query of QUERIES) {
    const points = pointsNamed(query)
    expect(points.length, `points named by "${query}"`).toBeGreaterThan(0)
    for (const point of points)
      teaching(point)
  }
})

for (const query of QUERIES) {
  test(`searching "${query}" on the landing page finds the slides that teach it, with the network blocked`, async ({ context, page }) => {
    const network = await blockOffMachine(context)
    await page.goto(`${server.url}/`)
    await page.locator('#search-input').fill(query)
    await expect(page.locator('#search-results .hit').first()).toBeVisible()
    const hits = await hitsIn(page, '#search-results .hit')

    for (const point of pointsNamed(query)) {
      const slide = teaching(point)
      const hit = hits.find(h => h.lesson === point.lesson && h.no === slide.no)
      expect(hit, `"${query}" finds lesson ${point.lesson} slide ${slide.no} «${slide.title}», which teaches ${point.name}`).toBeDefined()
      expect(hit!.title).toBe(slide.title)
    }
    // Slides whose title has the word come first, and every hit marks it.
    expect(hits[0].title.toLowerCase()).toContain(query.toLowerCase())
    for (const hit of hits)
      expect(`${hit.title} ${hit.snippet}`.toLowerCase(), `hit ${hit.lesson}/${hit.no}`).toContain(query.toLowerCase())
    expect(hits.filter(h => /<mark>/.test(h.snippet)).length).toBeGreaterThan(0)

    expect(network.offMachine).toEqual([])
    expect(network.failed).toEqual([])
    expect(network.errors).toEqual([])
  })
}

test('a hit on the landing page opens the slide that teaches the point', async ({ context, page }) => {
  const network = await blockOffMachine(context)
  const [point] = pointsNamed('RuntimeClass')
  const slide = teaching(point)
  await page.goto(`${server.url}/`)
  await page.locator('#search-input').fill('RuntimeClass')
  await page.locator(`#search-results .hit[data-lesson="${point.lesson}"][data-slide="${slide.no}"]`).click()
  await expect(page).toHaveURL(new RegExp(`/lesson-${point.lesson}/${slide.no}(?:\\?clicks=0)?$`))
  await expect(page.locator(`.slidev-page-${slide.no} h1`).first()).toHaveText(slide.title)
  expect(network.offMachine).toEqual([])
  expect(network.failed).toEqual([])
})

test('inside a lesson, / opens the search and a hit moves to its slide; Ctrl+K too', async ({ context, page }) => {
  const network = await blockOffMachine(context)
  const [point] = pointsNamed('CRI')
  const slide = teaching(point)
  const lesson = lessons.find(l => l.number === point.lesson)!
  await page.goto(`${server.url}/${lesson.slug}/1`)
  await expect(page.locator('.slidev-page-1')).toBeVisible()

  await page.keyboard.press('/')
  const input = page.locator('.course-search input[type="search"]')
  await expect(input).toBeFocused()
  await input.fill('CRI')
  // Typing does not move the deck.
  await expect(page).toHaveURL(/\/1$/)
  const hit = page.locator(`.course-search .hit[data-lesson="${point.lesson}"][data-slide="${slide.no}"]`)
  await expect(hit).toBeVisible()
  await hit.click()
  await expect(page.locator('.course-search')).toHaveCount(0)
  await expect(page).toHaveURL(new RegExp(`/${lesson.slug}/${slide.no}(?:\\?clicks=0)?$`))
  await expect(page.locator(`.slidev-page-${slide.no} h1`).first()).toHaveText(slide.title)

  // Ctrl+K opens it again; Escape closes it and the arrow keys move the deck again.
  await page.keyboard.press('Control+k')
  await expect(input).toBeFocused()
  await page.keyboard.press('Escape')
  await expect(page.locator('.course-search')).toHaveCount(0)
  await page.keyboard.press('ArrowRight')
  await expect(page).not.toHaveURL(new RegExp(`/${lesson.slug}/${slide.no}(?:\\?clicks=0)?$`))

  expect(network.offMachine).toEqual([])
  expect(network.failed).toEqual([])
  expect(network.errors).toEqual([])
})

test('a hit in the notes after a [click] marker opens the slide at that click step', async ({ context, page }) => {
  const network = await blockOffMachine(context)
  // From the built index: a words-long stretch of notes said after a click
  // that no other piece of the course contains, so the hit is that piece.
  const file = JSON.parse(await readFile(join(DIST_DIR, SEARCH_INDEX_PATH), 'utf8'))
  const index = loadMiniSearch(file)
  interface Stored { lesson: number, no: number, kind: string, click: number, text: string, title: string, appendix?: boolean }
  const stored = Object.values((file.index as { storedFields: Record<string, Stored> }).storedFields)
  const allText = stored.map(d => `${d.title}\n${d.text}`)
  let target: { piece: Stored, query: string } | undefined
  for (const piece of stored.filter(d => d.kind === 'note' && d.click > 0 && !d.appendix)) {
    for (const [run] of piece.text.matchAll(/\p{Script=Han}{8,}/gu)) {
      const query = run.slice(0, 8)
      if (allText.filter(t => t.includes(query)).length !== 1)
        continue
      const [first] = searchSlides(index, query)
      if (first && first.lesson === piece.lesson && first.no === piece.no && first.click === piece.click) {
        target = { piece, query }
        break
      }
    }
    if (target)
      break
  }
  expect(target, 'a note piece after a click with a phrase of its own').toBeDefined()
  const { piece, query } = target!

  await page.goto(`${server.url}/`)
  await page.locator('#search-input').fill(query)
  const hit = page.locator('#search-results .hit').first()
  await expect(hit).toHaveAttribute('data-slide', String(piece.no))
  await expect(hit).toHaveAttribute('data-click', String(piece.click))
  await expect(hit.locator('.snippet mark').first()).toHaveText(query)
  await hit.click()
  await expect(page).toHaveURL(new RegExp(`/lesson-${piece.lesson}/${piece.no}\\?clicks=${piece.click}$`))
  await expect(page.locator(`.slidev-page-${piece.no}`)).toBeVisible()
  // The deck stands at that click: one step back is the step before it.
  await page.keyboard.press('ArrowLeft')
  await expect(page).toHaveURL(new RegExp(`/lesson-${piece.lesson}/${piece.no}(?:\\?clicks=${piece.click - 1})?$`))
  expect(network.offMachine).toEqual([])
  expect(network.failed).toEqual([])
})

test('the search is not in the presenter view, nor on the print page that makes the PDFs', async ({ page }) => {
  const lesson = lessons[0]
  await page.goto(`${server.url}/${lesson.slug}/1`)
  await expect(page.locator('.course-search-trigger')).toHaveCount(1)
  await page.emulateMedia({ media: 'print' })
  await expect(page.locator('.course-search-trigger')).toBeHidden()
  await page.emulateMedia({ media: 'screen' })

  await page.goto(`${server.url}/${lesson.slug}/print`)
  await expect(page.locator('.print-slide-container').first()).toBeVisible()
  await expect(page.locator('.course-search-trigger, .course-search')).toHaveCount(0)

  await page.goto(`${server.url}/${lesson.slug}/presenter/1`)
  await expect(page.locator('.slidev-page-1').first()).toBeVisible()
  await page.keyboard.press('/')
  await expect(page.locator('.course-search-trigger, .course-search')).toHaveCount(0)
})
