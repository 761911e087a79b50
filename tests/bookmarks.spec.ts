/**
 * The export's bookmarks open the right page. tests/fixtures/sections/ (three
 * sections, each a markdown file, and an appendix) is exported as a lesson
 * is, through exportDeck; in both PDFs each section's bookmark, and each
 * slide's beneath it, resolves as a viewer resolves it (pdf.js: destination,
 * then page index) to the one page that shows that slide, found by its text.
 */
import type { Deck, DeckSlide } from '../scripts/shared/deck'
import type { StaticServer } from '../scripts/shared/static-server'
import type { Bookmark, PdfReport } from './support/pdf'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { writeHandoutNotes } from '../scripts/export/notes'
import { exportDeck } from '../scripts/export/pdf'
import { sectionsOf } from '../scripts/export/pdf-outline'
import { isAppendix } from '../scripts/shared/appendix'
import { loadDeck } from '../scripts/shared/deck'
import { startStaticServer } from '../scripts/shared/static-server'
import { buildFixtureDeck } from './support/fixture-site'
import { readPdf } from './support/pdf'

test.describe.configure({ mode: 'serial' })

let server: StaticServer
let dir: string
let deck: Deck
let slidesPdf: PdfReport
let handoutPdf: PdfReport

test.beforeAll(async ({ browser }) => {
  test.setTimeout(180_000)
  const fixture = await buildFixtureDeck('sections')
  deck = await loadDeck(fixture.entry)
  // Only `npm run build` writes the handout's notes beside a site.
  await writeHandoutNotes(deck, join(fixture.root, fixture.slug))
  server = await startStaticServer({ root: fixture.root, decks: [fixture.slug] })
  dir = await mkdtemp(join(tmpdir(), 'bookmarks-'))
  const [slides, handout] = await exportDeck(browser, {
    printUrl: `${server.url}/${fixture.slug}/print`,
    handoutUrl: `${server.url}/${fixture.slug}/handout?print`,
    deck,
    target: join(dir, 'slides.pdf'),
    handoutTarget: join(dir, 'handout.pdf'),
    title: 'fixture',
    subject: 'fixture',
    label: 'fixture',
  })
  slidesPdf = await readPdf(slides)
  handoutPdf = await readPdf(handout)
})

test.afterAll(async () => {
  await server?.close()
  if (dir)
    await rm(dir, { recursive: true, force: true })
})

/** Letters, digits and Chinese only: how text reads once layout is gone. */
const words = (text: string) => text.replace(/[^\p{Script=Han}A-Za-z0-9]/gu, '')

/** The one page whose text holds `marker`. */
function pageShowing(pdf: PdfReport, marker: string): number {
  const pages = pdf.texts.flatMap((text, i) => words(text).includes(words(marker)) ? [i] : [])
  expect(pages, `the pages that show "${marker}"`).toHaveLength(1)
  return pages[0]
}

/** Each bookmark, sections and their slides in outline order, with the page it should open. */
function expectedBookmarks(pdf: PdfReport, slides: DeckSlide[], marker: (slide: DeckSlide) => string): Bookmark[] {
  return sectionsOf(slides).flatMap(section => [
    { title: section.title, page: pageShowing(pdf, marker(section.slides[0])) },
    ...section.slides.map(slide => ({ title: `${slide.no}. ${slide.title}`, page: pageShowing(pdf, marker(slide)) })),
  ])
}

const opened = (pdf: PdfReport): Bookmark[] => pdf.outline.flatMap(({ children, ...section }) => [section, ...children])

test('slides PDF: each section\'s bookmark and each slide\'s open the page that shows that slide', () => {
  const live = deck.slides.filter(s => !isAppendix(s.frontmatter))
  expect(slidesPdf.pages).toBe(live.length)
  const expected = expectedBookmarks(slidesPdf, live, slide => slide.title)
  expect(opened(slidesPdf)).toEqual(expected)
  // Not vacuous: three sections, starting on three different pages.
  expect(slidesPdf.outline.map(o => o.page)).toEqual([0, 2, 5])
})

test('handout PDF: each bookmark opens the sheet that holds its slide, appendix included', () => {
  // A sheet holds a slide's picture and, beneath it, "N. title" and its notes.
  const expected = expectedBookmarks(handoutPdf, deck.slides, slide => `${slide.no}. ${slide.title}`)
  expect(opened(handoutPdf)).toEqual(expected)
  // Not vacuous: more slides than sheets, and the four sections do not all start on one.
  expect(handoutPdf.pages).toBeLessThan(deck.slides.length)
  expect(new Set(handoutPdf.outline.map(o => o.page)).size).toBeGreaterThan(2)
})
