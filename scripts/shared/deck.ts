/**
 * Reads a lesson's markdown with Slidev's own parser and checks what Slidev
 * would let through silently: a missing `src:` import, an unknown component,
 * an image that does not exist or comes from the Internet.
 */
import type Token from 'markdown-it/lib/token.mjs'
import { existsSync, readdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, relative, resolve } from 'node:path'
import { load } from '@slidev/parser/fs'
import MarkdownIt from 'markdown-it'
import { ROOT } from './project'

export interface DeckSlide {
  /** 1-based, as in the deck's URL. */
  no: number
  title: string
  /** The markdown file that holds the slide, relative to the project root. */
  file: string
  /** 1-based line of the slide's first line in that file. */
  line: number
  note: string
  frontmatter: Record<string, unknown>
  content: string
}

export interface Deck {
  entry: string
  headmatter: Record<string, unknown>
  slides: DeckSlide[]
}

export class DeckError extends Error {
  constructor(readonly entry: string, readonly problems: string[]) {
    super(`${relative(ROOT, entry)} has ${problems.length} problem(s):\n${problems.map(p => `  - ${p}`).join('\n')}`)
    this.name = 'DeckError'
  }
}

const md = new MarkdownIt({ html: true })

export async function loadDeck(entry: string): Promise<Deck> {
  if (!existsSync(entry))
    throw new DeckError(entry, [`entry file not found: ${entry}`])
  const userRoot = dirname(entry)
  const data = await load({ userRoot, roots: [userRoot, ROOT], allowedRoots: [ROOT] }, entry)

  // Slidev records a missing or circular `src:` import here and builds anyway.
  const problems: string[] = []
  for (const [file, markdown] of Object.entries(data.markdownFiles)) {
    for (const error of markdown.errors ?? [])
      problems.push(`${relative(ROOT, file)}:${error.row + 1}: ${error.message}`)
  }
  if (problems.length)
    throw new DeckError(entry, problems)

  return {
    entry,
    headmatter: data.headmatter,
    slides: data.slides.map((slide, index) => ({
      no: index + 1,
      title: slide.title ?? '',
      file: relative(ROOT, slide.source.filepath),
      line: slide.source.start + 1,
      note: slide.note ?? '',
      frontmatter: slide.frontmatter,
      content: slide.content,
    })),
  }
}

/**
 * Whether a fence is a Mermaid diagram, decided as Slidev decides it: its info
 * string starts with `mermaid`, options or not (`mermaid {scale: 0.8}`,
 * `mermaid{scale:0.8}`).
 */
export function isMermaidFence(info: string): boolean {
  return info.trim().startsWith('mermaid')
}

/** How many Mermaid diagrams the slide draws, counted in its source. */
export function mermaidBlocksIn(slide: DeckSlide): number {
  return md.parse(slide.content, {}).filter(t => t.type === 'fence' && isMermaidFence(t.info)).length
}

/** Where a slide comes from, the way an error message names it. */
export function locate(slide: DeckSlide): string {
  return `${slide.file}:${slide.line} (slide ${slide.no} «${slide.title || 'untitled'}»)`
}

function componentNames(dir: string): string[] {
  if (!existsSync(dir))
    return []
  return readdirSync(dir).filter(f => /\.(?:vue|ts|tsx|js)$/.test(f)).map(f => f.replace(/\.\w+$/, ''))
}

/** Components a slide may use: the project's, the deck folder's, and Slidev's built-ins. */
export function knownComponents(deck: Deck): Set<string> {
  const require = createRequire(import.meta.url)
  const clientRoot = dirname(require.resolve('@slidev/client/package.json'))
  return new Set([
    ...componentNames(join(ROOT, 'components')),
    ...componentNames(join(dirname(deck.entry), 'components')),
    ...componentNames(join(clientRoot, 'builtin')),
  ])
}

function flatten(tokens: Token[]): Token[] {
  return tokens.flatMap(t => [t, ...(t.children ? flatten(t.children) : [])])
}

const TAG = /<([A-Z]\w*)\b/g
const IMG_SRC = /<img\s(?:[^>]*\s)?src\s*=\s*["']([^"']+)["']/gi
const REMOTE = /^(?:https?:)?\/\//i

export interface DeckProblem {
  kind: 'unknown-component' | 'missing-image' | 'remote-image'
  slide: DeckSlide
  /** What is wrong and what to do, without the place. */
  message: string
}

/** Finds the problems in a deck that a build would not report, slide by slide. */
export function deckProblems(deck: Deck): DeckProblem[] {
  const components = knownComponents(deck)
  const publicDir = join(ROOT, 'public')
  const problems: DeckProblem[] = []

  for (const slide of deck.slides) {
    const images: string[] = []
    for (const token of flatten(md.parse(slide.content, {}))) {
      if (token.type === 'image')
        images.push(token.attrGet('src') ?? '')
      if (token.type === 'html_block' || token.type === 'html_inline') {
        for (const [, name] of token.content.matchAll(TAG)) {
          if (!components.has(name))
            problems.push({ kind: 'unknown-component', slide, message: `unknown component <${name}> (not in components/ nor a Slidev built-in)` })
        }
        for (const [, src] of token.content.matchAll(IMG_SRC))
          images.push(src)
      }
    }
    for (const src of images) {
      if (!src || src.startsWith('data:'))
        continue
      if (REMOTE.test(src)) {
        problems.push({ kind: 'remote-image', slide, message: `image loaded from the Internet: ${src} (put a copy in public/)` })
        continue
      }
      const path = src.startsWith('/') ? join(publicDir, src) : resolve(ROOT, dirname(slide.file), src)
      if (!existsSync(path.split(/[?#]/)[0]))
        problems.push({ kind: 'missing-image', slide, message: `image not found: ${src}` })
    }
  }
  return problems
}

/** The deck's problems as messages naming file, line and slide. */
export function validateDeck(deck: Deck): string[] {
  return deckProblems(deck).map(p => `${locate(p.slide)}: ${p.message}`)
}

/** Loads and validates; throws a DeckError naming file, line and slide. */
export async function loadValidDeck(entry: string): Promise<Deck> {
  const deck = await loadDeck(entry)
  const problems = validateDeck(deck)
  if (problems.length)
    throw new DeckError(entry, problems)
  return deck
}
