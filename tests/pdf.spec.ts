/** Each lesson's PDF handout: one page per slide, bookmarks, real Chinese text. */
import { existsSync } from 'node:fs'
import { expect, test } from '@playwright/test'
import { layers, lessons } from '../data/course'
import { loadValidDeck } from '../scripts/deck'
import { pdfTitleOf } from '../scripts/export'
import { entryOf, pdfPathOf } from '../scripts/project'
import { readPdf } from './support/pdf'

for (const lesson of lessons) {
  test(`lesson ${lesson.number} PDF has a page per slide, an outline and searchable Chinese`, async () => {
    const file = pdfPathOf(lesson)
    expect(existsSync(file), `${file} is missing: run npm run build`).toBe(true)
    const deck = await loadValidDeck(entryOf(lesson))
    const pdf = await readPdf(file)

    expect(pdf.pages).toBe(deck.slides.length)
    pdf.texts.forEach((text, i) => expect(text.trim(), `page ${i + 1} has no text`).not.toBe(''))

    // A bookmark per slide, named by the slide's heading.
    const titled = deck.slides.filter(s => s.title)
    expect(pdf.outline.length).toBeGreaterThanOrEqual(titled.length)
    for (const slide of titled)
      expect(pdf.outline, `no bookmark for slide ${slide.no}`).toContain(slide.title)

    // Real text in a real CJK font: every layer name on the map can be found.
    const all = pdf.texts.join('\n')
    for (const word of ['本节地图', ...layers.map(l => l.zh), lesson.title])
      expect(all.replace(/\s+/g, '')).toContain(word.replace(/\s+/g, ''))
    expect(pdf.embeddedFonts.some(f => /NotoSansSC/.test(f)), pdf.embeddedFonts.join(', ')).toBe(true)
    expect(pdf.type3Fonts).toBe(0)

    expect(pdf.title).toBe(pdfTitleOf(lesson))
    expect(pdf.language).toMatch(/zh-CN/)
    expect(pdf.tagged).toBe(true)
  })
}
