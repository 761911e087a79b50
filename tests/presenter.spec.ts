/**
 * The speaker notes are the instructor's script. In the presenter view of the
 * built site, a slide shows its own notes, and the `[click]` markers follow
 * the clicks: Slidev renders each marker as
 * `<span class="slidev-note-click-mark" data-clicks="N">`, and at click N it
 * fades every part of the notes but the one after marker N (the part before
 * the first marker at click 0).
 */
import type { Page } from '@playwright/test'
import type { DeckSlide } from '../scripts/shared/deck'
import type { StaticServer } from '../scripts/shared/static-server'
import { expect, test } from '@playwright/test'
import MarkdownIt from 'markdown-it'
import { lessons } from '../data/course'
import { loadValidDeck } from '../scripts/shared/deck'
import { basePathOf, entryOf } from '../scripts/shared/project'
import { startStaticServer } from '../scripts/shared/static-server'

const MARKER = /\[click(?::(\d+))?\]/gi
const NOTE = '.grid-section.note .slidev-note'
// Slidev renders notes with markdown-it (its fork markdown-exit), HTML allowed.
const md = new MarkdownIt({ html: true })

let server: StaticServer

test.beforeAll(async () => {
  server = await startStaticServer()
})

test.afterAll(async () => {
  await server?.close()
})

/** The note's parts between markers, and the click count each marker stands for (as Slidev counts). */
function partsOf(note: string): { markers: number[], parts: string[] } {
  const markers: number[] = []
  let clicks = 0
  for (const [, count] of note.matchAll(MARKER))
    markers.push(clicks += Number(count ?? 1))
  return { markers, parts: note.split(MARKER).filter((_, i) => i % 2 === 0) }
}

const squash = (text: string) => text.replace(/\s+/g, '')

/** The text a browser shows for some note markdown. */
function textOf(page: Page, markdown: string): Promise<string> {
  return page.evaluate((html) => {
    const template = document.createElement('template')
    template.innerHTML = html
    return template.content.textContent ?? ''
  }, md.render(markdown)).then(squash)
}

interface ShownNote {
  all: string
  /** Text drawn in the normal colour, not faded. */
  highlighted: string
  /** data-clicks of the markers drawn as active. */
  active: number[]
}

/** Runs in the page: the notes as shown, split by colour (faded or not). */
function readNote(selector: string): ShownNote {
  const note = document.querySelector(selector)!
  // The colour Slidev fades with, whether or not this note has markers.
  const probe = document.createElement('div')
  probe.innerHTML = '<div class="slidev-note-with-clicks"><span class="slidev-note-fade"></span></div>'
  note.append(probe)
  const faded = getComputedStyle(probe.querySelector('span')!).color
  probe.remove()
  let highlighted = ''
  const walker = document.createTreeWalker(note, NodeFilter.SHOW_TEXT)
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement && getComputedStyle(node.parentElement).color !== faded)
      highlighted += node.textContent
  }
  return {
    all: (note.textContent ?? '').replace(/\s+/g, ''),
    highlighted: highlighted.replace(/\s+/g, ''),
    active: [...note.querySelectorAll<HTMLElement>('.slidev-note-click-mark-active')].map(m => Number(m.dataset.clicks)),
  }
}

/** The first slide with click markers in its notes, the first without, and the last. */
function sample(slides: DeckSlide[]): DeckSlide[] {
  const withMarkers = slides.find(s => partsOf(s.note).markers.length > 0)
  const without = slides.find(s => s.note && partsOf(s.note).markers.length === 0)
  return [...new Set([withMarkers, without, slides.at(-1)].filter(s => s !== undefined))].sort((a, b) => a.no - b.no)
}

for (const lesson of lessons) {
  test(`lesson ${lesson.number}: the presenter shows each slide's notes, and the click markers follow the clicks`, async ({ page }) => {
    await page.setViewportSize({ width: 1280, height: 800 })
    const { slides } = await loadValidDeck(entryOf(lesson))
    const chosen = sample(slides)
    expect(chosen.some(s => partsOf(s.note).markers.length > 0), 'a sampled slide has click markers').toBe(true)

    for (const slide of chosen) {
      const where = `slide ${slide.no} «${slide.title}»`
      await page.goto(`${server.url}${basePathOf(lesson)}presenter/${slide.no}`)
      await expect(page.locator(NOTE), where).toBeVisible()

      const { markers, parts } = partsOf(slide.note)
      const expected = await textOf(page, slide.note.replace(MARKER, ' '))
      await expect.poll(async () => (await page.evaluate(readNote, NOTE)).all, `${where}: its own notes`).toBe(expected)

      if (!markers.length) {
        // No markers: nothing is faded.
        expect((await page.evaluate(readNote, NOTE)).highlighted, `${where}: the whole note is highlighted`).toBe(expected)
        continue
      }

      // Click 0: the part before the first marker.
      const before = await textOf(page, parts[0])
      await expect.poll(() => page.evaluate(readNote, NOTE), `${where}, click 0`).toEqual({ all: expected, highlighted: before, active: [] })
      for (const [i, clicks] of markers.entries()) {
        // `[click:N]` stands for N clicks at once.
        for (let n = i ? markers[i - 1] : 0; n < clicks; n++)
          await page.keyboard.press('ArrowRight')
        await expect(page, `${where}: → goes to click ${clicks}`).toHaveURL(new RegExp(`/presenter/${slide.no}\\?clicks=${clicks}$`))
        const after = await textOf(page, parts[i + 1])
        await expect.poll(() => page.evaluate(readNote, NOTE), `${where}, click ${clicks}: the part after marker ${clicks}`)
          .toEqual({ all: expected, highlighted: after, active: [clicks] })
      }
    }

    // The timer counts down the lesson, and stands still until started.
    await expect(page.locator('.grid-section.bottom')).toContainText(`${lesson.duration}:00`)
  })
}
