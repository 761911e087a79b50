/**
 * A learner reviewing alone: the landing page lists the lessons from the
 * course data, every link works, a lesson opens on slide 1 and on a deep link
 * that survives a reload, the notes are readable in review mode, keyboard and
 * touch move through the slides, and nothing is fetched from off the machine.
 */
import type { Page } from '@playwright/test'
import type { StaticServer } from '../scripts/shared/static-server'
import { relative } from 'node:path'
import { expect, test } from '@playwright/test'
import { PDFDocument } from 'pdf-lib'
import { layerById, lessons } from '../data/course'
import { sizeOf } from '../scripts/build/landing'
import { pdfTitleOf } from '../scripts/export/pdf'
import { labDirOf, labFiles } from '../scripts/labs/folder'
import { SLIDE_VIEWPORT } from '../scripts/shared/browser'
import { loadValidDeck } from '../scripts/shared/deck'
import { DIST_DIR, entryOf, handoutPathOf, pdfPathOf } from '../scripts/shared/project'
import { startStaticServer } from '../scripts/shared/static-server'
import { teachingSlides, titleNames } from '../scripts/shared/teaching'

let server: StaticServer

test.beforeAll(async () => {
  server = await startStaticServer()
})

test.afterAll(async () => {
  await server?.close()
})

/** Records every request that is not to the local server, or that fails. */
async function watchNetwork(page: Page) {
  const offMachine: string[] = []
  const failed: string[] = []
  await page.route('**/*', (route) => {
    const url = route.request().url()
    if (url.startsWith(server.url) || url.startsWith('data:') || url.startsWith('blob:'))
      return route.continue()
    offMachine.push(url)
    return route.abort('blockedbyclient')
  })
  page.on('requestfailed', (r) => {
    // A navigation cancels the previous page's pending loads; that is no failure.
    if (r.failure()?.errorText !== 'net::ERR_ABORTED')
      failed.push(`${r.failure()?.errorText}: ${r.url()}`)
  })
  page.on('response', (r) => {
    if (r.status() >= 400)
      failed.push(`HTTP ${r.status()}: ${r.url()}`)
  })
  return { offMachine, failed }
}

test('the landing page lists every lesson from the course data, and every link resolves', async ({ page, request }) => {
  const network = await watchNetwork(page)
  await page.goto(`${server.url}/`)
  await expect(page).toHaveTitle('《Kubernetes 扩展点》课程')
  const cards = page.locator('article.lesson')
  await expect(cards).toHaveCount(lessons.length)

  const slideCounts = new Map<string, number>()
  for (const lesson of lessons) {
    const card = page.locator(`article.lesson[data-lesson="${lesson.number}"]`)
    const deck = await loadValidDeck(entryOf(lesson))
    slideCounts.set(lesson.slug, deck.slides.length)
    await expect(card.locator('h2')).toHaveText(lesson.title)
    await expect(card.locator('.number')).toHaveText(`第 ${lesson.number} 课 · 约 ${lesson.duration} 分钟 · ${deck.slides.length} 页幻灯片`)
    await expect(card.locator('.goals li')).toHaveText(lesson.goals)
    await expect(card.locator('.layer')).toHaveText(lesson.layers.map(id => layerById(id).zh))
  }

  // Every link stays on this site and answers; a link into a lesson opens the
  // lesson, its review mode or one of its slides. (The server answers any
  // path under /lesson-N/ with the lesson's page, so a 200 proves nothing there.)
  const hrefs = await page.locator('a[href]').evaluateAll(links => links.map(a => (a as HTMLAnchorElement).href))
  for (const href of hrefs) {
    expect(href.startsWith(`${server.url}/`), `${href} stays on this site`).toBe(true)
    const path = new URL(href).pathname
    const into = /^\/(lesson-\d+)\/(.*)$/.exec(path)
    if (into) {
      expect(slideCounts.has(into[1]), `${href}: a lesson of the course`).toBe(true)
      const rest = into[2]
      if (rest !== '' && rest !== 'overview')
        expect(Number(rest), `${href}: a slide of ${into[1]}`).toBeGreaterThanOrEqual(1)
      if (/^\d+$/.test(rest))
        expect(Number(rest), `${href}: a slide of ${into[1]}`).toBeLessThanOrEqual(slideCounts.get(into[1])!)
    }
    const response = await request.get(href)
    expect(response.status(), href).toBe(200)
  }
  // The page's Chinese is set in the self-hosted font.
  await page.evaluate(() => document.fonts.ready)
  expect(await page.evaluate(() => [...document.fonts].some(f => f.family.replace(/["']/g, '') === 'Noto Sans SC' && f.status === 'loaded'))).toBe(true)
  expect(network.offMachine).toEqual([])
  expect(network.failed).toEqual([])
})

for (const lesson of lessons) {
  test(`lesson ${lesson.number}'s card links to its own site, review mode and PDFs, each opening what it says`, async ({ page, request }) => {
    await page.goto(`${server.url}/`)
    const card = page.locator(`article.lesson[data-lesson="${lesson.number}"]`)
    const links = await card.locator('a').evaluateAll(as => as.map(a => [a.textContent!.trim(), a.getAttribute('href')!]))
    const slug = lesson.slug
    expect(links).toEqual([
      [lesson.title, `./${slug}/`],
      ['观看幻灯片', `./${slug}/`],
      ['复习模式（幻灯片与讲稿）', `./${slug}/overview`],
      ['幻灯片 PDF', `./pdf/${slug}.pdf`],
      ['讲义 PDF（含讲稿）', `./pdf/${slug}-handout.pdf`],
      // The lab: the folder as a ZIP, then each file (tests/labs.spec.ts opens them).
      [`下载整个目录（${slug}.zip）`, `./labs/${slug}.zip`],
      ...labFiles(labDirOf(lesson.number)).map(file => [file, `./labs/${slug}/${file}`]),
    ])

    // The PDFs are this lesson's slides and this lesson's handout, told apart by their titles.
    for (const [label, title] of [['幻灯片 PDF', pdfTitleOf(lesson)], ['讲义 PDF（含讲稿）', `${pdfTitleOf(lesson)}（讲义）`]]) {
      const response = await request.get(await card.getByRole('link', { name: label, exact: true }).evaluate(a => (a as HTMLAnchorElement).href))
      expect(response.headers()['content-type']).toContain('application/pdf')
      const pdf = await PDFDocument.load(await response.body(), { updateMetadata: false })
      expect(pdf.getTitle(), label).toBe(title)
    }

    // The title opens the lesson's first slide.
    await card.locator('h2 a').click()
    await expect(page.locator('.slidev-page-1 .lesson-cover h1')).toHaveText(lesson.title)
    expect(new URL(page.url()).pathname).toMatch(new RegExp(`^/${slug}/(1)?$`))

    // Review mode shows this lesson's slides beside their notes.
    await page.goto(`${server.url}/`)
    await page.locator(`article.lesson[data-lesson="${lesson.number}"]`).getByRole('link', { name: '复习模式（幻灯片与讲稿）' }).click()
    await expect(page).toHaveURL(new RegExp(`/${slug}/overview$`))
    const deck = await loadValidDeck(entryOf(lesson))
    for (const slide of [deck.slides[1], deck.slides.at(-1)!]) {
      const opening = slide.note.replace(/\[click(?::\d+)?\]/g, '').trim().split(/[。，；]/)[0].replace(/[*`]/g, '').slice(0, 12)
      await expect(page.getByText(opening, { exact: false }).first(), `notes of slide ${slide.no}`).toBeVisible()
    }
  })
}

for (const lesson of lessons) {
  test(`lesson ${lesson.number} opens on slide 1 and on a deep link that survives a reload`, async ({ page }) => {
    const network = await watchNetwork(page)
    const deck = await loadValidDeck(entryOf(lesson))
    await page.goto(`${server.url}/`)
    await page.locator(`article.lesson[data-lesson="${lesson.number}"] a.primary`).click()
    await expect(page.locator('.slidev-page-1 .lesson-cover h1')).toHaveText(lesson.title)
    expect(new URL(page.url()).pathname).toMatch(new RegExp(`^/${lesson.slug}/(1)?$`))

    const deep = deck.slides[Math.floor(deck.slides.length / 2)]
    await page.goto(`${server.url}/${lesson.slug}/${deep.no}`)
    await expect(page.locator(`.slidev-page-${deep.no} h1`).first()).toHaveText(deep.title)
    await page.reload()
    await expect(page.locator(`.slidev-page-${deep.no} h1`).first()).toHaveText(deep.title)
    expect(network.offMachine).toEqual([])
    expect(network.failed).toEqual([])
  })
}

test('a learner moves through a lesson by keyboard and by touch', async ({ browser }) => {
  const context = await browser.newContext({ hasTouch: true, viewport: SLIDE_VIEWPORT })
  const page = await context.newPage()
  const deck = await loadValidDeck(entryOf(lessons[0]))
  // Slides 1 and 2 of lesson 1 have no click steps: each move changes slide.
  expect(deck.slides.slice(0, 3).every(s => !s.note.includes('[click]'))).toBe(true)
  await page.goto(`${server.url}/${lessons[0].slug}/1`)
  await expect(page.locator('.slidev-page-1')).toBeVisible()

  await page.keyboard.press('ArrowRight')
  await expect(page).toHaveURL(/\/2$/)
  await page.keyboard.press('ArrowLeft')
  await expect(page).toHaveURL(/\/1$/)

  // A leftward swipe of a finger, sent as real touch input.
  const cdp = await context.newCDPSession(page)
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: 800, y: 300 }] })
  for (let x = 760; x >= 200; x -= 40)
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y: 300 }] })
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] })
  await expect(page).toHaveURL(/\/2$/)
  await context.close()
})

test('the map: each of the course\'s extension points links to the slide whose title names it, and that slide opens', async ({ page }) => {
  const network = await watchNetwork(page)
  const decks = new Map(await Promise.all(lessons.map(async l => [l.number, await loadValidDeck(entryOf(l))] as const)))
  const expected = teachingSlides(decks)
  await page.goto(`${server.url}/`)
  const links = await page.locator('.map a.point').evaluateAll(as => as.map(a => ({ id: (a as HTMLElement).dataset.point!, href: (a as HTMLAnchorElement).href })))
  // Every point once, nothing else.
  expect(links.map(l => l.id).sort()).toEqual(expected.map(e => e.point.id).sort())

  for (const { point, slide } of expected) {
    expect(slide, `lesson ${point.lesson} has a slide whose title names ${point.name} (${point.zh})`).toBeDefined()
    expect(titleNames(slide!.title, point)).toBe(true)
    const link = links.find(l => l.id === point.id)!
    expect(new URL(link.href).pathname, point.id).toBe(`/lesson-${point.lesson}/${slide!.no}`)
    await page.goto(link.href)
    const heading = page.locator(`.slidev-page-${slide!.no} h1`).first()
    await expect(heading, `${point.id} opens slide ${slide!.no}`).toBeVisible()
    const shown = (await heading.textContent())!.trim()
    expect(titleNames(shown, point), `the slide ${point.id} opens, «${shown}», names it`).toBe(true)
  }
  expect(network.offMachine).toEqual([])
  // 32 pages in a row: the next navigation may cancel the last page's late
  // loads (net::…); an answer other than 200 still fails.
  expect(network.failed.filter(f => f.startsWith('HTTP'))).toEqual([])
})

test('the landing page shows how many slides of each lesson this browser has seen', async ({ page }) => {
  const counts = new Map(await Promise.all(lessons.map(async l => [l.number, (await loadValidDeck(entryOf(l))).slides.length] as const)))
  const progress = (n: number) => page.locator(`article.lesson[data-lesson="${n}"] .progress`)
  await page.goto(`${server.url}/`)
  for (const lesson of lessons)
    await expect(progress(lesson.number)).toHaveText(`已看 0 / ${counts.get(lesson.number)}`)

  // Three slides of the first lesson shown in the deck (slide 2 twice), the first of the second in review mode.
  const [first, second] = lessons
  for (const no of [1, 2, 3, 2]) {
    await page.goto(`${server.url}/${first.slug}/${no}`)
    await expect(page.locator(`.slidev-page-${no}`)).toBeVisible()
  }
  await page.goto(`${server.url}/${second.slug}/overview`)
  await expect(page.locator('[data-testid="review-seen"]')).toHaveText(new RegExp(`^已看 [1-9]\\d* / ${counts.get(second.number)}$`))

  await page.goto(`${server.url}/`)
  await expect(progress(first.number)).toHaveText(`已看 3 / ${counts.get(first.number)}`)
  await expect(progress(second.number)).toContainText('已看 ')
  expect(Number(await progress(second.number).locator('.seen-count').textContent())).toBeGreaterThanOrEqual(1)
  for (const lesson of lessons.slice(2))
    await expect(progress(lesson.number)).toHaveText(`已看 0 / ${counts.get(lesson.number)}`)
})

test('each PDF link gives the size of the PDF the build wrote (the page is written after the PDFs)', async ({ page }) => {
  await page.goto(`${server.url}/`)
  for (const lesson of lessons) {
    for (const path of [pdfPathOf(lesson), handoutPathOf(lesson)]) {
      const link = page.locator(`a[href="./${relative(DIST_DIR, path)}"]`)
      await expect(link).toHaveCount(1)
      const shown = await link.locator('xpath=following-sibling::span[1]').textContent()
      expect(shown, path).toBe(await sizeOf(path))
      expect(shown).toMatch(/^\d+\.\d MB$/)
    }
  }
})
