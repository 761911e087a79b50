/**
 * Each lesson's two PDFs: the slides (a page per slide) and the handout
 * (slides beside their notes on A4), with bookmarks by section, real
 * searchable Chinese in an embedded CJK font, tags and zh-CN metadata.
 */
import type { PdfReport } from './support/pdf'
import { existsSync } from 'node:fs'
import { expect, test } from '@playwright/test'
import { layers, lessons } from '../data/course'
import { loadValidDeck } from '../scripts/deck'
import { pdfTitleOf } from '../scripts/export'
import { sectionsOf } from '../scripts/pdf-outline'
import { entryOf, handoutPathOf, pdfPathOf } from '../scripts/project'
import { readPdf } from './support/pdf'

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
    test('slides PDF: a page per slide, bookmarks by section, searchable Chinese', async () => {
      const file = pdfPathOf(lesson)
      expect(existsSync(file), `${file} is missing: run npm run build`).toBe(true)
      const deck = await loadValidDeck(entryOf(lesson))
      const pdf = await readPdf(file)

      expect(pdf.pages).toBe(deck.slides.length)
      expectRealChinese(pdf)
      // One bookmark per section (a section file), its slides beneath.
      const sections = sectionsOf(deck.slides)
      expect(pdf.outline.map(o => o.title)).toEqual(sections.map(s => s.title))
      expect(pdf.outline.map(o => o.children.length)).toEqual(sections.map(s => s.slides.length))
      // Every layer name on the map can be found as text.
      const all = squash(pdf.texts.join(''))
      for (const word of ['本节地图', ...layers.map(l => l.zh), lesson.title])
        expect(all).toContain(squash(word))
      expect(pdf.title).toBe(pdfTitleOf(lesson))
    })

    test('handout PDF: every slide beside its notes, page numbers, bookmarks', async () => {
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
    })
  })
}
