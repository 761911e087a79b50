/**
 * Reading on a phone: 390×844 with touch, as a learner holds it. The review
 * mode (/lesson-N/overview) stacks each slide above its notes, the slide at
 * least 90 % of the screen's width, the notes at 16 px or more, one vertical
 * scroll and never a horizontal one; interview answers stay hidden until
 * tapped; the landing page and its search work with touch, and nothing
 * leaves the machine.
 */
import type { Page } from '@playwright/test'
import type { StaticServer } from '../scripts/shared/static-server'
import { expect, test } from '@playwright/test'
import { lessons } from '../data/course'
import { FONT_FACES_LINK } from '../scripts/build/deferred-font-faces'
import { loadValidDeck } from '../scripts/shared/deck'
import { entryOf } from '../scripts/shared/project'
import { startStaticServer } from '../scripts/shared/static-server'
import { blockOffMachine } from './support/network'

const PHONE = { width: 390, height: 844 }

// Chromium plays the phone: its size, touch, a mobile viewport and a phone's pixel density.
test.use({ viewport: PHONE, hasTouch: true, isMobile: true, deviceScaleFactor: 3 })

let server: StaticServer

test.beforeAll(async () => {
  server = await startStaticServer()
})

test.afterAll(async () => {
  await server?.close()
})

/** Widths that could scroll sideways: the document's and the review scroller's. */
async function horizontalOverflow(page: Page) {
  return page.evaluate(() => {
    const boxes = [document.scrollingElement!, ...document.querySelectorAll('.review')] as HTMLElement[]
    return boxes.map(el => ({ what: el.className || el.tagName, scroll: el.scrollWidth, client: el.clientWidth }))
      .filter(b => b.scroll > b.client + 1)
  })
}

for (const lesson of lessons) {
  test(`lesson ${lesson.number}'s review mode reads on a phone: slide above notes, full width, notes ≥ 16 px, no sideways scroll`, async ({ context, page }) => {
    const network = await blockOffMachine(context)
    const deck = await loadValidDeck(entryOf(lesson))
    await page.goto(`${server.url}/${lesson.slug}/overview`)
    const items = page.locator('.review-item')
    await expect(items).toHaveCount(deck.slides.length)
    await page.evaluate(() => document.fonts.ready)

    const layout = await items.evaluateAll(els => els.map((el) => {
      const frame = el.querySelector('.review-frame')!.getBoundingClientRect()
      const notes = el.querySelector('.review-notes')!.getBoundingClientRect()
      const note = el.querySelector('.slidev-note')
      return {
        no: Number((el as HTMLElement).dataset.reviewSlide),
        frameWidth: frame.width,
        frameBottom: frame.bottom,
        notesTop: notes.top,
        noteFont: note ? Number.parseFloat(getComputedStyle(note).fontSize) : 0,
        noteText: note?.textContent?.trim().length ?? 0,
      }
    }))
    const viewport = page.viewportSize()!.width
    for (const slide of layout) {
      expect(slide.frameWidth, `slide ${slide.no}: width of the slide`).toBeGreaterThanOrEqual(0.9 * viewport)
      expect(slide.frameWidth, `slide ${slide.no}: inside the screen`).toBeLessThanOrEqual(viewport)
      expect(slide.notesTop, `slide ${slide.no}: notes below the slide`).toBeGreaterThanOrEqual(slide.frameBottom - 1)
      expect(slide.noteFont, `slide ${slide.no}: notes' font size`).toBeGreaterThanOrEqual(16)
      expect(slide.noteText, `slide ${slide.no}: has notes`).toBeGreaterThan(0)
    }
    expect(await horizontalOverflow(page)).toEqual([])

    // One vertical scroll, by finger, reaches the last slide.
    const scroller = page.locator('.review')
    const before = await scroller.evaluate(el => el.scrollTop)
    const cdp = await context.newCDPSession(page)
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: 195, y: 700 }] })
    for (let y = 680; y >= 200; y -= 20)
      await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: 195, y }] })
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] })
    await expect.poll(() => scroller.evaluate(el => el.scrollTop)).toBeGreaterThan(before + 200)
    expect(await horizontalOverflow(page)).toEqual([])
    await scroller.evaluate(el => el.scrollTo({ top: el.scrollHeight }))
    await expect(items.last().locator('.review-frame')).toBeInViewport()
    expect(await horizontalOverflow(page)).toEqual([])

    expect(network.offMachine).toEqual([])
    expect(network.failed).toEqual([])
    expect(network.errors).toEqual([])
  })
}

test('interview answers stay blurred in review mode until tapped', async ({ page }) => {
  let checked = 0
  for (const lesson of lessons) {
    const deck = await loadValidDeck(entryOf(lesson))
    const quizzes = deck.slides.filter(s => /面试/.test(s.title) && /v-click/.test(s.content))
    if (!quizzes.length)
      continue
    await page.goto(`${server.url}/${lesson.slug}/overview`)
    const slide = page.locator(`.review-item[data-review-slide="${quizzes[0].no}"]`)
    await slide.scrollIntoViewIfNeeded()
    const answers = slide.locator('.slidev-vclick-target')
    await expect(answers.first()).toBeVisible()
    const count = await answers.count()
    expect(count, `lesson ${lesson.number} slide ${quizzes[0].no}: answers revealed by clicks`).toBeGreaterThan(0)
    const blurred = () => answers.evaluateAll(els => els.map(el => getComputedStyle(el).filter !== 'none'))
    expect(await blurred()).toEqual(Array.from({ length: count }).fill(true))
    // The notes hold the answers too.
    await expect(slide.locator('.review-notes')).toHaveClass(/notes-hidden/)

    // A tap shows that answer only.
    await answers.first().tap()
    await expect.poll(blurred).toEqual(Array.from({ length: count }, (_, i) => i !== 0))
    await slide.locator('.review-notes').tap()
    await expect(slide.locator('.review-notes')).not.toHaveClass(/notes-hidden/)
    await slide.getByRole('button', { name: '全部显示' }).tap()
    await expect.poll(blurred).toEqual(Array.from({ length: count }).fill(false))
    checked++
  }
  expect(checked, 'lessons with interview slides').toBeGreaterThan(0)
})

test('the landing page and its search work by touch on a phone', async ({ context, page }) => {
  const network = await blockOffMachine(context)
  await page.goto(`${server.url}/`)
  await page.evaluate(() => document.fonts.ready)
  expect(await horizontalOverflow(page)).toEqual([])
  // The map's points are finger-sized.
  const sizes = await page.locator('.map a.point').evaluateAll(as => as.map(a => a.getBoundingClientRect().height))
  expect(Math.min(...sizes)).toBeGreaterThanOrEqual(44)

  await page.locator('#search-input').tap()
  await page.keyboard.type('CRI')
  const hit = page.locator('#search-results .hit').first()
  await expect(hit).toBeVisible()
  expect(await horizontalOverflow(page)).toEqual([])
  const { lesson, slide } = await hit.evaluate(a => ({ lesson: (a as HTMLElement).dataset.lesson, slide: (a as HTMLElement).dataset.slide }))
  await hit.tap()
  await expect(page).toHaveURL(new RegExp(`/lesson-${lesson}/${slide}(?:\\?clicks=\\d+)?$`))
  await expect(page.locator(`.slidev-page-${slide}`)).toBeVisible()

  // In the lesson, the search button is there for a finger.
  await page.locator('.course-search-trigger').tap()
  await expect(page.locator('.course-search input[type="search"]')).toBeFocused()
  const panel = await page.locator('.course-search .panel').boundingBox()
  expect(panel!.width).toBeLessThanOrEqual(PHONE.width)
  expect(network.offMachine).toEqual([])
  expect(network.failed).toEqual([])
  expect(network.errors).toEqual([])
})

/** What index.html names for slide 1: its own tags' files and the preload script's list. */
function namedIn(html: string): Set<string> {
  const named = new Set([...html.matchAll(/(?:href|src)="([^"]+)"/g)].map(m => m[1]))
  const script = /<script data-course="first-screen-preload">[\s\S]*?of (\[\[[\s\S]*?\]\])\)/.exec(html)?.[1]
  for (const [path] of JSON.parse(script ?? '[]') as [string, string][])
    named.add(path)
  return named
}

for (const lesson of lessons) {
  test(`lesson ${lesson.number}'s slide 1 asks for all its files at once: each named in index.html, each fetched once, no unused preload on other pages`, async ({ context, page }) => {
    const network = await blockOffMachine(context)
    const html = await (await fetch(`${server.url}/${lesson.slug}/1`)).text()
    const named = namedIn(html)
    const fetched: string[] = []
    const warnings: string[] = []
    context.on('request', (r) => {
      if (['script', 'stylesheet', 'font', 'image'].includes(r.resourceType()))
        fetched.push(new URL(r.url()).pathname)
    })
    context.on('console', (m) => {
      if (m.type() === 'warning' && /preload/i.test(m.text()))
        warnings.push(m.text().slice(0, 200))
    })
    await page.goto(`${server.url}/${lesson.slug}/1`)
    await expect(page.locator('.slidev-page-1 h1')).toBeVisible()
    await page.evaluate(() => document.fonts.ready)
    const beforeShown = [...fetched]
    expect(beforeShown.filter(path => !named.has(path)), 'fetched for slide 1 but not named in index.html').toEqual([])
    // Fonts and the cover's mark came from the preload script: they are there only on slide 1's paths.
    expect(beforeShown.some(path => path.endsWith('.woff2'))).toBe(true)
    // Chromium warns of a preload left unused a few seconds after the load event.
    for (const path of ['overview', 'presenter/1', 'notes'])
      await page.goto(`${server.url}/${lesson.slug}/${path}`, { waitUntil: 'load' })
    await page.waitForTimeout(3500)
    expect(warnings).toEqual([])
    const counts = new Map<string, number>()
    for (const path of fetched)
      counts.set(path, (counts.get(path) ?? 0) + 1)
    expect(network.failed).toEqual([])
    expect(network.errors).toEqual([])
    // Each file once per page that used it: the preload and the app's own request are one fetch.
    expect(beforeShown.length).toBe(new Set(beforeShown).size)
  })
}

for (const lesson of lessons) {
  test(`lesson ${lesson.number}'s font faces come after slide 1 there, and before anything is drawn on its other pages`, async ({ context, page }) => {
    const network = await blockOffMachine(context)
    const fonts: string[] = []
    context.on('request', (r) => {
      if (r.resourceType() === 'font')
        fonts.push(new URL(r.url()).pathname.replace(/^.*\//, ''))
    })
    await page.goto(`${server.url}/${lesson.slug}/1`)
    await expect(page.locator('.slidev-page-1 h1')).toBeVisible()
    // The site's faces arrive once the page has loaded (scripts/build/deferred-font-faces.ts) ...
    const faces = page.locator(FONT_FACES_LINK)
    await expect(faces).toHaveCount(1)
    await page.waitForFunction(link => (document.querySelector(link) as HTMLLinkElement).sheet, FONT_FACES_LINK)
    const timing = await page.evaluate((link) => {
      const href = (document.querySelector(link) as HTMLLinkElement).href
      const load = (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).loadEventStart
      return { load, requested: performance.getEntriesByName(href)[0].startTime }
    }, FONT_FACES_LINK)
    expect(timing.requested).toBeGreaterThanOrEqual(timing.load)
    // ... declared before the cover's cut, which keeps slide 1's characters: no other font file is fetched for them.
    expect(await page.evaluate((link) => {
      const faces = document.querySelector(link)!
      return !!(faces.compareDocumentPosition(document.querySelector('style[data-course="first-screen-fonts"]')!) & Node.DOCUMENT_POSITION_FOLLOWING)
    }, FONT_FACES_LINK)).toBe(true)
    await page.waitForLoadState('networkidle')
    await page.evaluate(() => document.fonts.ready)
    expect(fonts.filter(name => !name.startsWith('noto-sans-sc-cover-')), 'font files slide 1 fetched besides the cover\'s cut').toEqual([])
    expect(await page.evaluate(() => [...document.fonts].filter(f => f.family.replace(/"/g, '') === 'Noto Sans SC').length)).toBeGreaterThan(200)

    // The review page: the faces are a stylesheet the page waits for, there before the app's code runs.
    await page.addInitScript((selector) => {
      document.addEventListener('DOMContentLoaded', () => {
        const link = document.querySelector(selector) as HTMLLinkElement | null
        document.documentElement.dataset.facesAtStart = String(!!link?.sheet)
      })
    }, FONT_FACES_LINK)
    await page.goto(`${server.url}/${lesson.slug}/overview`)
    await expect(page.locator('html')).toHaveAttribute('data-faces-at-start', 'true')
    expect(network.failed).toEqual([])
    expect(network.errors).toEqual([])
  })
}
