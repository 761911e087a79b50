/**
 * Slidev looks for components/, setup/, styles/ and public/ beside each entry
 * (slides/). The project root is wired in as an addon plus a publicDir in
 * vite.config.ts; this proves every lesson's built site really uses them,
 * and that each site draws its diagrams with the Mermaid bundled once for all
 * lessons (scripts/build/prebuilt-mermaid.ts), from its own vendor/ folder.
 */
import type { StaticServer } from '../scripts/shared/static-server'
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { lessons } from '../data/course'
import { VENDOR_MERMAID_DIR } from '../scripts/build/prebuilt-mermaid'
import { loadDeck, mermaidBlocksIn } from '../scripts/shared/deck'
import { basePathOf, entryOf, siteDirOf } from '../scripts/shared/project'
import { startStaticServer } from '../scripts/shared/static-server'

let server: StaticServer

test.beforeAll(async () => {
  server = await startStaticServer()
})

test.afterAll(async () => {
  await server?.close()
})

for (const lesson of lessons) {
  test(`lesson ${lesson.number} uses the top-level components, styles, setup and public folders`, async ({ page, request }) => {
    const base = `${server.url}${basePathOf(lesson)}`

    // public/: served under the lesson's base.
    const mark = await request.get(`${base}course-mark.svg`)
    expect(mark.status()).toBe(200)
    expect(await mark.text()).toContain('<svg')

    await page.goto(`${base}1`)
    // components/: the cover and the map are the project's components.
    await expect(page.locator('.slidev-page-1 .lesson-cover h1')).toHaveText(lesson.title)
    const logo = page.locator('.slidev-page-1 .lesson-cover img.mark')
    await expect(logo).toHaveJSProperty('complete', true)
    expect(await logo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0)

    // styles/: the self-hosted fonts and the course stylesheet.
    const family = await page.locator('.slidev-page-1 h1').evaluate(h => getComputedStyle(h).fontFamily)
    expect(family).toMatch(/^"?Noto Sans SC"?/)
    await page.evaluate(() => document.fonts.ready)
    expect(await page.evaluate(() => [...document.fonts].some(f => f.family.replace(/"/g, '') === 'Noto Sans SC' && f.status === 'loaded'))).toBe(true)

    // setup/main.ts: `?isolate` stops Slidev from rendering the next slide early.
    await page.goto(`${base}1?isolate`)
    await expect(page.locator('.slidev-page-1')).toBeVisible()
    // Once the page is idle, Slidev would have loaded the next slide by now.
    await page.waitForLoadState('networkidle')
    expect(await page.locator('.slidev-page-2').count()).toBe(0)
    await page.goto(`${base}1`)
    await expect(page.locator('.slidev-page-2')).toHaveCount(1)
  })
}

for (const lesson of lessons) {
  test(`lesson ${lesson.number}'s site carries the Mermaid bundled once for all lessons, and no Mermaid of its own`, () => {
    const site = siteDirOf(lesson)
    // In the site: it works offline and alone.
    expect(existsSync(join(site, VENDOR_MERMAID_DIR, 'mermaid.js'))).toBe(true)
    const assets = readdirSync(join(site, 'assets'), { recursive: true }).map(String)
    expect(assets.filter(name => /flowDiagram|sequenceDiagram|mermaid/i.test(name))).toEqual([])
  })
}

test('every Mermaid diagram of the live slides is drawn from its lesson\'s own vendor/mermaid', async ({ page }) => {
  const diagrams: { lesson: typeof lessons[number], no: number }[] = []
  for (const lesson of lessons) {
    for (const slide of (await loadDeck(entryOf(lesson))).slides) {
      if (mermaidBlocksIn(slide) > 0)
        diagrams.push({ lesson, no: slide.no })
    }
  }
  // Not vacuous: the course draws at least one (lesson 2's request path).
  expect(diagrams.length).toBeGreaterThan(0)
  for (const { lesson, no } of diagrams) {
    const requested: string[] = []
    const failed: string[] = []
    page.removeAllListeners('request')
    page.removeAllListeners('requestfailed')
    page.on('request', request => requested.push(new URL(request.url()).pathname))
    page.on('requestfailed', request => failed.push(request.url()))
    await page.goto(`${server.url}${basePathOf(lesson)}${no}`)
    const diagram = page.locator(`.slidev-page-${no} .mermaid`).first()
    await expect(diagram).toBeVisible()
    await expect.poll(() => diagram.evaluate(d => !!d.shadowRoot?.querySelector('svg'))).toBe(true)
    expect(requested, `lesson ${lesson.number} slide ${no}`).toContain(`${basePathOf(lesson)}${VENDOR_MERMAID_DIR}/mermaid.js`)
    expect(requested.filter(path => path.includes('/vendor/') && !path.startsWith(basePathOf(lesson)))).toEqual([])
    expect(failed).toEqual([])
  }
})
