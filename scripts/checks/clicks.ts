/**
 * How many click steps a slide has, counted as Slidev counts them: shared by
 * the script lint (the `[click]` markers against the steps) and the timing
 * model (each step adds a pause, scripts/checks/timing.ts), which the
 * presenter's pace (scripts/present/pace.ts) reads too. Light on purpose: the
 * live deck's build loads it.
 */
import type Token from 'markdown-it/lib/token.mjs'
import type { DeckSlide } from '../shared/deck'
import MarkdownIt from 'markdown-it'

const md = new MarkdownIt({ html: true })

function flatten(tokens: Token[]): Token[] {
  return tokens.flatMap(t => [t, ...(t.children ? flatten(t.children) : [])])
}

/**
 * The click steps a slide declares, counted the way Slidev counts them:
 * `clicks:` in the frontmatter, v-click elements, the children of
 * <v-clicks>, and the steps of a highlighted code block.
 */
export function declaredClicks(slide: DeckSlide): number {
  let clicks = 0
  const tokens = flatten(md.parse(slide.content, {}))
  for (const token of tokens) {
    if (token.type === 'fence') {
      const range = /\{([^}]*)\}/.exec(token.info)?.[1]
      if (range)
        clicks += range.split('|').length - 1
    }
    if (token.type === 'html_block' || token.type === 'html_inline') {
      // <v-click> components and v-click directives; v-after adds none.
      clicks += (token.content.match(/<v-click\b/g) ?? []).length
      clicks += (token.content.match(/\sv-click[=\s>]/g) ?? []).length
    }
  }
  // <v-clicks> reveals one list item per click.
  const source = slide.content
  for (const block of source.matchAll(/<v-clicks\b[^>]*>([\s\S]*?)<\/v-clicks>/g)) {
    const inner = flatten(md.parse(block[1], {}))
    clicks += inner.filter(t => t.type === 'list_item_open').length
  }
  const declared = Number(slide.frontmatter.clicks ?? 0)
  return Math.max(clicks, Number.isFinite(declared) ? declared : 0)
}
