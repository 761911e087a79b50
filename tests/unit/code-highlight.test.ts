/**
 * The course's code blocks come out coloured in both themes however busy the
 * build machine is. Slidev highlights every fence with the decks' Shiki setup
 * (setup/shiki.ts); Shiki by default stops colouring a line once 500 ms of
 * wall-clock time have passed on it. Builds sharing two cores with Chromium
 * crossed that now and then on the light pass, which runs first and compiles
 * the grammar: those blocks were plain in light mode only, and two builds of
 * the same commit differed. Here the clock is made to jump, as on a starved
 * machine, and the output must not change.
 */
import type { CodeBlock } from '../../scripts/checks/code-check/extract'
import { resolveOptions } from '@slidev/cli'
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { lessons } from '../../data/course'
import { blocksOf, snippetsOf } from '../../scripts/checks/code-check/extract'
import { loadDeck } from '../../scripts/shared/deck'
import { entryOf } from '../../scripts/shared/project'

type Highlight = (block: CodeBlock) => Promise<string>

/** The languages whose blocks must show colour: what the decks write most. */
const COLOURED_LANGS = ['yaml', 'bash', 'go', 'json']

/** Each token's light and dark colour; the block's defaults from its <pre>. */
function colours(html: string) {
  const pre = /<pre [^>]*style="--shiki-light:(#[\da-f]+);--shiki-dark:(#[\da-f]+)/i.exec(html)
  if (!pre)
    throw new Error(`not a dual-theme Shiki block: ${html.slice(0, 120)}`)
  const tokens = [...html.matchAll(/<span style="--shiki-light:(#[\da-f]+);--shiki-dark:(#[\da-f]+)(?:;[^"]*)?">([^<]*)<\/span>/gi)]
    .map(([, light, dark, text]) => ({ light: light.toUpperCase(), dark: dark.toUpperCase(), text }))
  return { light: pre[1].toUpperCase(), dark: pre[2].toUpperCase(), tokens }
}

/** Tokens coloured in one theme and left at the plain foreground in the other (GitHub's themes colour the same tokens). */
function halfColoured(html: string): string[] {
  const block = colours(html)
  return block.tokens
    .filter(t => (t.light === block.light) !== (t.dark === block.dark))
    .map(t => `${JSON.stringify(t.text)} light ${t.light} dark ${t.dark}`)
}

let blocks: CodeBlock[]
let highlight: Highlight

beforeAll(async () => {
  blocks = []
  for (const lesson of lessons) {
    for (const slide of (await loadDeck(entryOf(lesson))).slides) {
      const fenced = blocksOf(slide)
      blocks.push(...fenced, ...snippetsOf(slide, fenced.length + 1))
    }
  }
  blocks = blocks.filter(b => b.lang !== 'mermaid' && b.code.trim())
  // Slidev's own highlighter and options for a deck, as its markdown transform uses them.
  const { utils } = await resolveOptions({ entry: entryOf(lessons[0]) }, 'build')
  highlight = block => utils.shiki.codeToHtml(block.code, { ...utils.shikiOptions, lang: block.lang })
})

afterEach(() => {
  vi.restoreAllMocks()
})

/** Every block highlighted at once, as a deck's slides are transformed. */
const highlightAll = () => Promise.all(blocks.map(block => highlight(block)))

const where = (block: CodeBlock) => `${block.file}:${block.line} (${block.lang})`

describe('the course\'s code blocks', () => {
  it('include the languages that must show colour', () => {
    for (const lang of COLOURED_LANGS)
      expect(blocks.some(b => b.lang === lang), lang).toBe(true)
  })

  it('are coloured in both themes: no token is coloured in one and plain in the other', async () => {
    const html = await highlightAll()
    const problems = blocks.flatMap((block, i) => halfColoured(html[i]).map(t => `${where(block)}: ${t}`))
    expect(problems).toEqual([])
    for (const [i, block] of blocks.entries()) {
      if (COLOURED_LANGS.includes(block.lang))
        expect(colours(html[i]).tokens.some(t => t.light !== colours(html[i]).light), where(block)).toBe(true)
    }
  })

  it('come out the same when every line takes longer than Shiki\'s default time budget (a starved machine)', async () => {
    // Loaded and compiled first: the starved run differs only in the clock.
    const reference = await highlightAll()
    let clock = Date.now()
    vi.spyOn(Date, 'now').mockImplementation(() => (clock += 1000))
    const starved = await highlightAll()
    vi.restoreAllMocks()
    const changed = blocks.filter((_, i) => starved[i] !== reference[i]).map(where)
    expect(changed).toEqual([])
    expect(blocks.flatMap((block, i) => halfColoured(starved[i]).map(t => `${where(block)}: ${t}`))).toEqual([])
  })
})
