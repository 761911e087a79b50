import type { DeckCheck } from '../scripts/checks/render-check'
/**
 * The render check proven on a deck with one known defect per kind: it must
 * report exactly those, at the right slide and click, and nothing else.
 */
import type { StaticServer } from '../scripts/shared/static-server'
import { expect, test } from '@playwright/test'
import { checkDeck, formatProblem } from '../scripts/checks/render-check'
import { SLIDE_VIEWPORT } from '../scripts/shared/browser'
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
  const page = await browser.newPage({ viewport: SLIDE_VIEWPORT })
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
    ...Array.from({ length: 6 }, (_, i) => ({ slide: 18 + i, click: 0 })),
    { slide: 23, click: 1 },
    { slide: 24, click: 0 },
    // The last slide, to its final step.
    { slide: 25, click: 0 },
    { slide: 25, click: 1 },
    { slide: 25, click: 2 },
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
    '18@0 overflow',
    '19@0 overflow',
    '20@0 overflow',
    '21@0 overflow',
    '23@0 console-error',
    '23@1 page-error',
    '25@2 overflow',
    '25@2 console-error',
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

test('content cut off by a box: at its bottom, in a scrolling box, at its top, at its left; boxes that fit pass', () => {
  const clipped = result.problems.filter(p => p.slide >= 18 && p.slide <= 22).map(p => `${p.slide}: ${p.detail}`)
  expect(clipped).toEqual([
    '18: <div> "第一行放得下。第二行也放得下。第三行被框裁掉了。" cuts off its content (868×72 in 868×48)',
    '19: <div> "第一行放得下。第二行也放得下。第三行要滚动才看得到。" cuts off its content (868×72 in 868×48)',
    // Cut where the box's scroll size does not show it: the text itself is measured against the box.
    '20: text "这一行的上半截被裁掉了。" is cut off by <div> "这一行的上半截被裁掉了。" (overflow: clip)',
    '21: text "这一行的开头被框裁掉了。" is cut off by <div> "这一行的开头被框裁掉了。" (overflow: hidden)',
  ])
})

test('an error that arrives a second late is charged to the slide and click that caused it, not to the slide shown then', () => {
  const late = result.problems.filter(p => /late/.test(p.detail)).map(formatProblem)
  expect(late).toEqual([
    'fixture, slide 23 «迟到的错误», click 0: console-error: fixture: a late console error at click 0',
    'fixture, slide 23 «迟到的错误», click 1: page-error: fixture: a late uncaught error at click 1',
    // After the walk's last state: not lost.
    'fixture, slide 25 «最后一页的最后一步», click 2: console-error: fixture: a late console error at click 2',
  ])
})

test('walks the last slide to its final click step and reports what appears only there', () => {
  expect(result.states.slice(-3)).toEqual([{ slide: 25, click: 0 }, { slide: 25, click: 1 }, { slide: 25, click: 2 }])
  const last = result.problems.filter(p => p.slide === 25).map(formatProblem)
  expect(last).toEqual([
    expect.stringMatching(/^fixture, slide 25 «最后一页的最后一步», click 2: overflow: .*"最后一步才超出画布。" reaches outside the slide canvas$/),
    'fixture, slide 25 «最后一页的最后一步», click 2: console-error: fixture: a late console error at click 2',
  ])
})
