/**
 * Slidev looks for components/, setup/, styles/ and public/ beside each entry
 * (slides/). The project root is wired in as an addon plus a publicDir in
 * vite.config.ts; this proves every lesson's built site really uses them.
 */
import type { StaticServer } from '../scripts/serve'
import { expect, test } from '@playwright/test'
import { lessons } from '../data/course'
import { basePathOf } from '../scripts/project'
import { startStaticServer } from '../scripts/serve'

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
