/**
 * The labs on the built site: the landing page lists each lesson's lab files,
 * every link answers 200 with the file byte for byte (and the folder as a
 * ZIP), and every code block a lab slide includes (`<<< ../../labs/…`) shows
 * exactly the file's text: the slides hold no second copy.
 */
import type { StaticServer } from '../scripts/shared/static-server'
import { readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { expect, test } from '@playwright/test'
import { lessons } from '../data/course'
import { labDirOf, labFiles } from '../scripts/labs/folder'
import { loadValidDeck } from '../scripts/shared/deck'
import { entryOf, ROOT } from '../scripts/shared/project'
import { startStaticServer } from '../scripts/shared/static-server'

let server: StaticServer

test.beforeAll(async () => {
  server = await startStaticServer()
})

test.afterAll(async () => {
  await server?.close()
})

test('the landing page links every lab file of every lesson, and each answers 200 with the file', async ({ page, request }) => {
  await page.goto(`${server.url}/`)
  for (const lesson of lessons) {
    const card = page.locator(`article.lesson[data-lesson="${lesson.number}"]`)
    await card.locator('details.lab summary').click()
    const files = labFiles(labDirOf(lesson.number))
    const links = card.locator('details.lab li a')
    await expect(links).toHaveText(files)
    for (const [i, file] of files.entries()) {
      const href = await links.nth(i).getAttribute('href')
      expect(href).toBe(`./labs/${lesson.slug}/${file}`)
      const response = await request.get(new URL(href!, `${server.url}/`).href)
      expect(response.status(), href!).toBe(200)
      expect((await response.body()).equals(readFileSync(join(labDirOf(lesson.number), file))), href!).toBe(true)
    }
    const zip = card.locator(`details.lab a[href="./labs/${lesson.slug}.zip"]`)
    await expect(zip).toBeVisible()
    const response = await request.get(`${server.url}/labs/${lesson.slug}.zip`)
    expect(response.status()).toBe(200)
    expect((await response.body()).subarray(0, 4).toString('latin1')).toBe('PK\x03\x04')
  }
})

test('every code block a slide includes from labs/ shows the file itself', async ({ page }) => {
  let included = 0
  for (const lesson of lessons) {
    const deck = await loadValidDeck(entryOf(lesson))
    for (const slide of deck.slides) {
      // The slide's code blocks in order: an include (`<<< file`) or a fenced block of its own.
      const blocksInOrder = [...slide.content.matchAll(/^(?:<<< (\S+)|```)/gm)]
        .filter((m, i, all) => m[1] !== undefined || all.slice(0, i).filter(b => b[1] === undefined).length % 2 === 0)
        .map(m => m[1] === undefined ? undefined : resolve(ROOT, dirname(slide.file), m[1]))
      const files = blocksInOrder.flatMap((file, index) => file ? [{ file, index }] : [])
      if (!files.length)
        continue
      await page.goto(`${server.url}/${lesson.slug}/${slide.no}`)
      const blocks = page.locator(`#slideshow .slidev-page-${slide.no} .slidev-code code`)
      // A slide loads its chunk on first visit: slower while the machine is busy.
      await expect(blocks).toHaveCount(blocksInOrder.length, { timeout: 20_000 })
      for (const { file, index } of files) {
        const shown = await blocks.nth(index).evaluate(code => [...code.querySelectorAll('.line')].map(line => line.textContent).join('\n'))
        expect(shown, `${lesson.slug} slide ${slide.no}: ${file}`).toBe(readFileSync(file, 'utf8').replace(/\n$/, ''))
        included++
      }
    }
  }
  // Every lesson's lab slides include files.
  expect(included).toBeGreaterThanOrEqual(lessons.length * 3)
})
