/**
 * Writes the course search index, dist/search/index.json, from the three
 * decks: every slide's title, its body text (markdown rendered with
 * markdown-it, tags and diagrams' source left out) and its speaker notes,
 * cut into pieces by click step, so a hit opens the slide where its match
 * shows. The index is MiniSearch's, built with the same tokenizer
 * (Intl.Segmenter, zh-CN) the browser uses for the query: search/engine.ts.
 *
 *   npm run build writes it; `tsx scripts/build/search-index.ts` rewrites it alone.
 */
import type { SearchDoc, SearchIndexFile } from '../../search/engine'
import type { Deck, DeckSlide } from '../shared/deck'
import { Buffer } from 'node:buffer'
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import process from 'node:process'
import { pathToFileURL } from 'node:url'
import { Window } from 'happy-dom'
import MarkdownIt from 'markdown-it'
import { lessons } from '../../data/course'
import { buildMiniSearch, SEARCH_INDEX_PATH } from '../../search/engine'
import { ANNOUNCEMENT } from '../checks/timing'
import { isAppendix } from '../shared/appendix'
import { loadValidDeck } from '../shared/deck'
import { DIST_DIR, entryOf } from '../shared/project'
import { inlineSnippets } from '../shared/snippets'

const md = new MarkdownIt({ html: true })
const window = new Window()

const CLICK_MARKER = /\[click(?::(\d+))?\]/g
/** Elements whose text is not read on the slide. */
const SKIP = 'style, script, template, .mermaid, [v-if="false"]'

const squeeze = (text: string) => text.replace(/\s+/g, ' ').trim()

/** Text of some markdown, as a reader sees it. */
export function markdownText(markdown: string): string {
  const html = md.render(markdown)
  const doc = window.document
  const box = doc.createElement('div')
  box.innerHTML = html
  return squeeze(box.textContent ?? '')
}

/**
 * A slide's body, cut by click step the way Slidev counts: each `v-click`
 * element (or `<v-click>`) is the next step unless it names one (`v-click="3"`),
 * `v-after` shares the step before it, and each item of `<v-clicks>` is a step
 * of its own. Text outside them shows from step 0. Code step highlights
 * change the emphasis, not the text, so code counts as step 0.
 */
export function bodyPieces(content: string, title: string): { click: number, text: string }[] {
  // Vue's self-closing components (<LayerMap />) are not self-closing to an HTML parser.
  const source = content.replace(/<([A-Z][\w-]*)(\s[^<>]*)?\/>/g, '<$1$2></$1>')
  const tokens = md.parse(source, {})
  // The title heading (the slide's first h1) is indexed as the title.
  const h1 = tokens.findIndex(t => t.type === 'heading_open' && t.tag === 'h1')
  if (h1 >= 0 && squeeze(tokens[h1 + 1].content) === squeeze(title))
    tokens.splice(h1, 3)
  // Mermaid's source is not text on the slide.
  const kept = tokens.filter(t => !(t.type === 'fence' && t.info.trim().startsWith('mermaid')))
  const doc = window.document
  const box = doc.createElement('div')
  box.innerHTML = md.renderer.render(kept, md.options, {})
  for (const el of box.querySelectorAll(SKIP)) el.remove()

  const clickOf = new Map<unknown, number>()
  let counter = 0
  for (const el of box.querySelectorAll('*')) {
    const tag = el.tagName.toLowerCase()
    if (tag === 'v-clicks') {
      for (const item of el.querySelectorAll('li')) {
        // One step per top-level item; a nested item shows with its parent.
        const outer = item.parentElement?.closest('li')
        if (outer && el.contains(outer))
          continue
        counter += 1
        clickOf.set(item, counter)
      }
      continue
    }
    const value = tag === 'v-click' ? (el.getAttribute('at') ?? '') : el.getAttribute('v-click')
    if (tag === 'v-click' || el.hasAttribute('v-click')) {
      const v = (value ?? '').trim()
      if (/^\d+$/.test(v))
        counter = Math.max(counter, Number(v))
      else if (/^\+\d+$/.test(v))
        counter += Number(v.slice(1))
      else
        counter += 1
      clickOf.set(el, /^\d+$/.test(v) ? Number(v) : counter)
    }
    else if (el.hasAttribute('v-after')) {
      clickOf.set(el, counter)
    }
  }

  const pieces = new Map<number, string[]>()
  const walker = doc.createTreeWalker(box, 4 /* NodeFilter.SHOW_TEXT */)
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent ?? ''
    if (!text.trim())
      continue
    let click = 0
    for (let el = node.parentElement; el && el !== box; el = el.parentElement) {
      if (clickOf.has(el)) {
        click = clickOf.get(el)!
        break
      }
    }
    pieces.set(click, [...pieces.get(click) ?? [], text])
  }
  return [...pieces.entries()]
    .sort(([a], [b]) => a - b)
    .map(([click, parts]) => ({ click, text: squeeze(parts.join(' ')) }))
    .filter(p => p.text)
}

/**
 * The notes, cut at their `[click]` markers: the part before the first
 * marker is said at step 0, the part after the k-th at step k (or at the
 * step a marker names, `[click:3]`). The time announcement is left out.
 */
export function notePieces(note: string): { click: number, text: string }[] {
  const pieces: { click: number, text: string }[] = []
  let click = 0
  let last = 0
  const push = (part: string) => {
    const text = markdownText(part.replace(ANNOUNCEMENT, ''))
    if (text)
      pieces.push({ click, text })
  }
  for (const marker of note.matchAll(CLICK_MARKER)) {
    push(note.slice(last, marker.index))
    click = marker[1] ? Number(marker[1]) : click + 1
    last = marker.index + marker[0].length
  }
  push(note.slice(last))
  return pieces
}

/** A slide's searchable pieces. */
export function slideDocs(lesson: number, slide: DeckSlide): Omit<SearchDoc, 'id'>[] {
  const title = squeeze(slide.title.replace(/[`*_]/g, ''))
  const base = { lesson, no: slide.no, title, ...(isAppendix(slide.frontmatter) ? { appendix: true } : {}) }
  return [
    { ...base, kind: 'title' as const, click: 0, text: '' },
    ...bodyPieces(inlineSnippets(slide.content, slide.file), slide.title).map(p => ({ ...base, kind: 'body' as const, ...p })),
    ...notePieces(slide.note).map(p => ({ ...base, kind: 'note' as const, ...p })),
  ]
}

export function searchDocs(decks: { lesson: number, deck: Deck }[]): SearchDoc[] {
  return decks
    .flatMap(({ lesson, deck }) => deck.slides.flatMap(slide => slideDocs(lesson, slide)))
    .map((doc, id) => ({ id, ...doc }))
}

export async function loadCourseDecks(): Promise<{ lesson: number, deck: Deck }[]> {
  return Promise.all(lessons.map(async lesson => ({ lesson: lesson.number, deck: await loadValidDeck(entryOf(lesson)) })))
}

export async function buildSearchIndex(): Promise<SearchIndexFile> {
  const decks = await loadCourseDecks()
  const docs = searchDocs(decks)
  return {
    version: 1,
    lessons: lessons.map(l => ({ number: l.number, slug: l.slug, title: l.title, slides: decks.find(d => d.lesson === l.number)!.deck.slides.length })),
    index: buildMiniSearch(docs).toJSON(),
  }
}

/** Writes dist/search/index.json; returns its path and size in bytes. */
export async function writeSearchIndex(distDir = DIST_DIR): Promise<{ file: string, bytes: number }> {
  const file = join(distDir, SEARCH_INDEX_PATH)
  const json = JSON.stringify(await buildSearchIndex())
  await mkdir(dirname(file), { recursive: true })
  await writeFile(file, json)
  return { file, bytes: Buffer.byteLength(json) }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  writeSearchIndex().then(({ file, bytes }) => console.log(`wrote ${file} (${(bytes / 1024).toFixed(0)} KiB)`), (error) => {
    console.error(`Search index failed: ${error instanceof Error ? error.message : error}`)
    process.exitCode = 1
  })
}
