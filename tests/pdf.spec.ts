/**
 * Each lesson's two PDFs: the slides (a page per live slide: the appendix is
 * not in the live deck) and the handout (every slide, appendix included, above
 * its notes on A4, legible on paper), with bookmarks by section, real
 * searchable Chinese in an embedded CJK font, tags and zh-CN metadata.
 */
import type { PdfReport } from './support/pdf'
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { expect, test } from '@playwright/test'
import { PDFDocument, StandardFonts } from 'pdf-lib'
import { layers, lessons } from '../data/course'
import { pdfTitleOf } from '../scripts/export/pdf'
import { sectionsOf } from '../scripts/export/pdf-outline'
import { isAppendix } from '../scripts/shared/appendix'
import { loadValidDeck } from '../scripts/shared/deck'
import { entryOf, handoutPathOf, pdfPathOf } from '../scripts/shared/project'
import { handoutLegibility, MIN_NOTES_PT, MIN_SLIDE_TEXT_PT, MIN_SLIDE_TEXT_SHARE, picturesWithNotes, readHandoutLayout, readPdf } from './support/pdf'

const squash = (text: string) => text.replace(/\s+/g, '')
/** Letters, digits and Chinese only: how text reads once markup is gone. */
const words = (text: string) => text.replace(/[^\p{Script=Han}A-Za-z0-9]/gu, '')

function expectRealChinese(pdf: PdfReport) {
  pdf.texts.forEach((text, i) => expect(text.trim(), `page ${i + 1} is blank`).not.toBe(''))
  expect(pdf.embeddedFonts.some(f => /NotoSansSC/.test(f)), pdf.embeddedFonts.join(', ')).toBe(true)
  // Type 3 glyphs would mean a fallback font drawn as pictures, not text.
  expect(pdf.type3Fonts).toBe(0)
  expect(pdf.language).toMatch(/zh-CN/)
  expect(pdf.tagged).toBe(true)
}

for (const lesson of lessons) {
  test.describe(`lesson ${lesson.number}`, () => {
    test('slides PDF: a page per live slide, bookmarks by section, searchable Chinese', async () => {
      const file = pdfPathOf(lesson)
      expect(existsSync(file), `${file} is missing: run npm run build`).toBe(true)
      const deck = await loadValidDeck(entryOf(lesson))
      const live = deck.slides.filter(s => !isAppendix(s.frontmatter))
      const pdf = await readPdf(file)

      expect(pdf.pages).toBe(live.length)
      expectRealChinese(pdf)
      // One bookmark per section (a section file), its slides beneath.
      const sections = sectionsOf(live)
      expect(pdf.outline.map(o => o.title)).toEqual(sections.map(s => s.title))
      expect(pdf.outline.map(o => o.children.length)).toEqual(sections.map(s => s.slides.length))
      // Each bookmark opens its slide's page (a page per live slide, in order).
      expect(pdf.outline.map(o => [o.page, ...o.children.map(c => c.page)])).toEqual(sections.map(s => [live.indexOf(s.slides[0]), ...s.slides.map(slide => live.indexOf(slide))]))
      // Every layer name on the map can be found as text.
      const all = squash(pdf.texts.join(''))
      for (const word of ['本节地图', ...layers.map(l => l.zh), lesson.title])
        expect(all).toContain(squash(word))
      expect(pdf.title).toBe(pdfTitleOf(lesson))
    })

    test('handout PDF: every slide\'s title and notes, page numbers, bookmarks', async () => {
      const file = handoutPathOf(lesson)
      expect(existsSync(file), `${file} is missing: run npm run build`).toBe(true)
      const deck = await loadValidDeck(entryOf(lesson))
      const pdf = await readPdf(file)

      expectRealChinese(pdf)
      expect(pdf.title).toBe(`${pdfTitleOf(lesson)}（讲义）`)
      const all = words(pdf.texts.join(''))
      // Each slide's title and the start of its notes are in the handout.
      for (const slide of deck.slides) {
        expect(all.includes(words(`${slide.no}${slide.title}`)), `title of slide ${slide.no}`).toBe(true)
        const opening = words(slide.note.replace(/\[click\]/g, '')).slice(0, 20)
        expect(all.includes(opening), `notes of slide ${slide.no}: "${opening}"`).toBe(true)
      }
      // The lesson title heads every sheet, and every sheet is numbered.
      pdf.texts.forEach((text, i) => {
        expect(squash(text)).toContain(squash(lesson.title))
        expect(squash(text)).toContain(`${i + 1}/${pdf.pages}`)
      })
      const sections = sectionsOf(deck.slides)
      expect(pdf.outline.map(o => o.title)).toEqual(sections.map(s => s.title))
      // Each bookmark opens the sheet that holds its slide's picture and notes.
      const sheetOf = new Map((await readHandoutLayout(file)).flatMap((page, sheet) => picturesWithNotes(page).map(p => [p.slide, sheet] as const)))
      expect(pdf.outline.map(o => [o.page, ...o.children.map(c => c.page)])).toEqual(sections.map(s => [sheetOf.get(s.slides[0].no), ...s.slides.map(slide => sheetOf.get(slide.no))]))
    })

    test(`handout PDF: slide text prints at ≥ ${MIN_SLIDE_TEXT_PT} pt, notes at ≥ ${MIN_NOTES_PT} pt (measured in the PDF)`, async () => {
      const file = handoutPathOf(lesson)
      expect(existsSync(file), `${file} is missing: run npm run build`).toBe(true)
      const legibility = handoutLegibility(await readHandoutLayout(file))
      const figures = `slide text ${legibility.slide.chars} chars, min ${legibility.slide.min.toFixed(2)} pt, median ${legibility.slide.median.toFixed(2)} pt, `
        + `${(legibility.slide.shareAtLeast * 100).toFixed(1)} % ≥ ${MIN_SLIDE_TEXT_PT} pt; notes ${legibility.notes.chars} chars, min ${legibility.notes.min.toFixed(2)} pt, median ${legibility.notes.median.toFixed(2)} pt`
      test.info().annotations.push({ type: 'sizes', description: figures })
      expect(legibility.problems, figures).toEqual([])
    })

    test('handout PDF: each slide is drawn once, in order, above its own notes', async () => {
      const deck = await loadValidDeck(entryOf(lesson))
      const pages = await readHandoutLayout(handoutPathOf(lesson))
      const slidesPdf = await readPdf(pdfPathOf(lesson))
      const live = deck.slides.filter(s => !isAppendix(s.frontmatter))
      const placed = pages.flatMap(page => picturesWithNotes(page))
      expect(placed.map(p => p.slide)).toEqual(deck.slides.map(s => s.no))
      for (const { picture, notes, slide: no } of placed) {
        const slide = deck.slides[no! - 1]
        expect(words(notes).startsWith(words(`${slide.no}${slide.title}`)), `notes beneath slide ${no}: ${notes.slice(0, 40)}`).toBe(true)
        const drawn = words(picture.texts.map(t => t.str).join(''))
        const index = live.indexOf(slide)
        // A live slide's picture is that slide's page of the slides PDF; an appendix slide's shows its title.
        if (index >= 0)
          expect(drawn, `the picture above the notes of slide ${no}`).toBe(words(slidesPdf.texts[index]))
        else
          expect(drawn, `the picture above the notes of appendix slide ${no}`).toContain(words(slide.title))
      }
    })
  })
}

/** Issue 22: the three handouts, packed by height, in at most this many sheets (163 with one or two slides a sheet). */
const HANDOUT_SHEETS_BUDGET = 106

test(`the three handouts take at most ${HANDOUT_SHEETS_BUDGET} sheets together`, async () => {
  const counts: string[] = []
  let total = 0
  for (const lesson of lessons) {
    const file = handoutPathOf(lesson)
    expect(existsSync(file), `${file} is missing: run npm run build`).toBe(true)
    const pages = await readHandoutLayout(file)
    total += pages.length
    counts.push(`${lesson.slug}: ${pages.length}`)
  }
  test.info().annotations.push({ type: 'sheets', description: `${counts.join(', ')}; total ${total}` })
  expect(total, counts.join(', ')).toBeLessThanOrEqual(HANDOUT_SHEETS_BUDGET)
})

test(`the legibility check fails a handout whose slides are drawn at the old 300 px (text under ${MIN_SLIDE_TEXT_PT} pt)`, async () => {
  const lesson = lessons[0]
  const source = pdfPathOf(lesson)
  expect(existsSync(source), `${source} is missing: run npm run build`).toBe(true)
  // The old layout: A4 portrait, each slide 300 CSS px (225 pt) wide beside 11 px notes.
  const slides = await PDFDocument.load(await readFile(source))
  const handout = await PDFDocument.create()
  const font = await handout.embedFont(StandardFonts.Helvetica)
  const pictures = await handout.embedPages(slides.getPages().slice(0, 8))
  for (let i = 0; i < pictures.length; i += 4) {
    const sheet = handout.addPage([595.28, 841.89])
    pictures.slice(i, i + 4).forEach((picture, k) => {
      const top = 780 - k * 190
      sheet.drawPage(picture, { x: 34, y: top - 127, width: 225, height: 127 })
      sheet.drawText(`${i + k + 1}. notes beside the slide`, { x: 272, y: top - 10, size: 8.25, font })
    })
  }
  const legibility = handoutLegibility(await readHandoutLayout(await handout.save()))
  expect(legibility.slide.chars).toBeGreaterThan(100)
  expect(legibility.slide.median).toBeLessThan(MIN_SLIDE_TEXT_PT)
  expect(legibility.slide.shareAtLeast).toBeLessThan(MIN_SLIDE_TEXT_SHARE)
  expect(legibility.problems).toEqual([
    expect.stringMatching(new RegExp(`% of the slides' characters print below ${MIN_SLIDE_TEXT_PT} pt`)),
    expect.stringMatching(new RegExp(`characters of notes, header or footer print below ${MIN_NOTES_PT} pt`)),
  ])
})
