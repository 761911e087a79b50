/** The layer map reveals one layer per click, lights the current one, and focuses a lesson's layers. */
import type { StaticServer } from '../scripts/shared/static-server'
import { expect, test } from '@playwright/test'
import { layers, lessons, pointsOfLayer } from '../data/course'
import { loadValidDeck } from '../scripts/shared/deck'
import { basePathOf, entryOf } from '../scripts/shared/project'
import { startStaticServer } from '../scripts/shared/static-server'

let server: StaticServer

test.beforeAll(async () => {
  server = await startStaticServer()
})

test.afterAll(async () => {
  await server?.close()
})

const REVEAL_ORDER = ['client', 'api', 'control-plane', 'infrastructure', 'config']

test('lesson 1 reveals the layers one click at a time and prints the whole map', async ({ page }) => {
  const lesson = lessons[0]
  const deck = await loadValidDeck(entryOf(lesson))
  const slide = deck.slides.find(s => s.content.includes('<LayerMap :step="$clicks"'))
  expect(slide, 'lesson 1 has an animated layer map').toBeDefined()
  const base = `${server.url}${basePathOf(lesson)}`

  for (let clicks = 0; clicks <= REVEAL_ORDER.length; clicks++) {
    await page.goto(`${base}${slide!.no}?clicks=${clicks}`)
    const map = page.locator(`.slidev-page-${slide!.no} .layer-map`)
    await expect(map).toBeVisible()
    const shown = await map.locator('.band:not(.hidden)').evaluateAll(els => els.map(e => e.getAttribute('data-layer')))
    expect(shown.sort(), `click ${clicks}`).toEqual(REVEAL_ORDER.slice(0, clicks).sort())
    const current = await map.locator('.band.current').evaluateAll(els => els.map(e => e.getAttribute('data-layer')))
    expect(current, `click ${clicks}`).toEqual(clicks ? [REVEAL_ORDER[clicks - 1]] : [])
    // Every extension point of a shown layer is on the map, from the data module.
    for (const layer of layers.filter(l => shown.includes(l.id)))
      await expect(map.locator(`.band[data-layer="${layer.id}"] .chip`)).toHaveCount(pointsOfLayer(layer.id).length)
  }

  // The print view (the PDF) shows the final state: every layer.
  await page.goto(`${base}print`)
  const printed = page.locator('.print-slide-container').nth(slide!.no - 1).locator('.band:not(.hidden)')
  await expect(printed).toHaveCount(layers.length)
})

for (const lesson of lessons.filter(l => l.number > 1)) {
  test(`lesson ${lesson.number} opens with its own layers lit`, async ({ page }) => {
    const deck = await loadValidDeck(entryOf(lesson))
    const slide = deck.slides.find(s => s.title === '本节地图')!
    await page.goto(`${server.url}${basePathOf(lesson)}${slide.no}`)
    const map = page.locator(`.slidev-page-${slide.no} .layer-map`)
    await expect(map).toBeVisible()
    const dimmed = await map.locator('.band.dimmed').evaluateAll(els => els.map(e => e.getAttribute('data-layer')))
    expect(dimmed.sort()).toEqual(layers.map(l => l.id).filter(id => !lesson.layers.includes(id)).sort())
  })
}
