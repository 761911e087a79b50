import type { DeckCheck } from '../scripts/checks/render-check'
/**
 * The render check proven on a deck with one known defect per kind: it must
 * report exactly those, at the right slide and click, and nothing else.
 */
import type { StaticServer } from '../scripts/shared/static-server'
import { expect, test } from '@playwright/test'
import { checkDeck, formatProblem } from '../scripts/checks/render-check'
import { loadDeck } from '../scripts/shared/deck'
import { startStaticServer } from '../scripts/shared/static-server'
import { buildFixtureDeck } from './support/fixture-site'

test.describe.configure({ mode: 'serial' })

let server: StaticServer
let result: DeckCheck

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000)
  const fixture = await buildFixtureDeck('defects')
  server = await startStaticServer({ root: fixture.root, decks: [fixture.slug] })
  const deck = await loadDeck(fixture.entry)
  const page = await browser.newPage({ viewport: { width: 980, height: 552 } })
  result = await checkDeck(page, { siteUrl: server.url, base: `/${fixture.slug}/`, label: 'fixture', slides: deck.slides, settleTimeout: 4000 })
  await page.close()
})

test.afterAll(async () => {
  await server?.close()
})

test('visits every slide at every click step', () => {
  expect(result.states).toEqual([
    ...Array.from({ length: 10 }, (_, i) => ({ slide: i + 1, click: 0 })),
    { slide: 11, click: 0 },
    { slide: 11, click: 1 },
    { slide: 12, click: 0 },
    { slide: 12, click: 1 },
    { slide: 13, click: 0 },
    { slide: 14, click: 0 },
    { slide: 14, click: 1 },
    { slide: 15, click: 0 },
    { slide: 16, click: 0 },
    // An appendix slide: 13 px and 170 characters are fine up close.
    { slide: 17, click: 0 },
  ])
})

test('reports exactly the planted defects', () => {
  const found = result.problems.map(p => `${p.slide}@${p.click} ${p.kind}`)
  expect(found, result.problems.map(formatProblem).join('\n')).toEqual([
    '2@0 console-error',
    '3@0 page-error',
    '4@0 failed-request',
    '5@0 external-request',
    '6@0 mermaid',
    '7@0 broken-image',
    '8@0 overflow',
    '9@0 font',
    '10@0 unknown-component',
    '11@1 overflow',
    '13@0 mermaid',
    '14@1 small-text',
    '15@0 dense-text',
    '16@0 small-text',
    '16@0 small-text',
  ])
})

test('names the deck, slide number, title and click step', () => {
  const overflow = result.problems.find(p => p.slide === 11)!
  expect(formatProblem(overflow)).toMatch(/^fixture, slide 11 «第二步才溢出», click 1: overflow: /)
  const external = result.problems.find(p => p.kind === 'external-request')!
  expect(external.detail).toContain('https://example.com/fixture-ping')
  const clipped = result.problems.find(p => p.slide === 13)!
  expect(clipped.detail).toBe('Mermaid label "量得太小的标签" is cut off by its box')
  const missing = result.problems.find(p => p.kind === 'failed-request')!
  expect(missing.detail).toMatch(/HTTP 404: .*fixture-missing\.json/)
})

test('names small text with its drawn size and floor, and dense slides with their count', () => {
  const text = result.problems.filter(p => p.kind === 'small-text' || p.kind === 'dense-text').map(formatProblem)
  test.info().annotations.push({ type: 'legibility', description: text.join('\n') })
  expect(text[0]).toBe('fixture, slide 14 «第二步才变小», click 1: small-text: "点击后出现的十像素小字" is 10.0 px (at least 14 px for body text)')
  expect(text[1]).toMatch(/^fixture, slide 15 «字太多», click 0: dense-text: 153 Chinese characters of body text on the slide \(at most 150\)/)
  // A Mermaid diagram at {scale: 0.5} draws its 16 px labels at 8 px: measured as drawn, against the 12 px floor.
  expect(text.slice(2)).toEqual([
    expect.stringMatching(/^fixture, slide 16 «缩得太小的图», click 0: small-text: "客户端" is [78]\.\d px \(at least 12 px for tables, footnotes, code and diagrams\)$/),
    expect.stringMatching(/^fixture, slide 16 «缩得太小的图», click 0: small-text: "API 层" is [78]\.\d px/),
  ])
})
