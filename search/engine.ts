/**
 * The course search, shared by the build (which writes the index) and the
 * browser (the lessons' search panel and the landing page): one tokenizer,
 * one set of MiniSearch options, one ranking and one snippet, so a query is
 * cut into words exactly as the slides were.
 *
 * Chinese has no spaces between words: `Intl.Segmenter` (zh-CN, word
 * granularity, ICU's dictionary) cuts text and query alike. ICU does not know
 * every technical compound (准入 comes out as 准|入), so a hit must also
 * contain each query term as a substring: MiniSearch finds candidates and
 * ranks them (BM25, title boosted), the substring check keeps the precise ones.
 */
import type { Options, SearchResult } from 'minisearch'
import MiniSearch from 'minisearch'

/** Where a piece of a slide's text comes from. */
export type SegmentKind = 'title' | 'body' | 'note'

/** One searchable piece of a slide: its text, and the click step at which it is on screen or spoken. */
export interface SearchDoc {
  id: number
  lesson: number
  /** Slide number in the lesson's site (1-based, as in its URL). */
  no: number
  title: string
  kind: SegmentKind
  /** Click step: 0 for what shows when the slide opens, k after the k-th click. */
  click: number
  text: string
  /** An appendix slide: in the review site, not in the live talk. */
  appendix?: boolean
}

export interface SearchLesson {
  number: number
  slug: string
  title: string
  slides: number
}

/** dist/search/index.json */
export interface SearchIndexFile {
  version: 1
  lessons: SearchLesson[]
  /** MiniSearch's serialized index (documents' stored fields included). */
  index: unknown
}

export const SEARCH_INDEX_PATH = 'search/index.json'

const segmenter = new Intl.Segmenter('zh-CN', { granularity: 'word' })

/** Word-like segments of `text`, as ICU cuts them: "动态准入控制" → 动态|准|入|控制. */
export function tokenize(text: string): string[] {
  const words: string[] = []
  for (const { segment, isWordLike } of segmenter.segment(text)) {
    if (isWordLike)
      words.push(segment)
  }
  return words
}

const normalize = (text: string) => text.normalize('NFKC').toLowerCase()
const HAN = /\p{Script=Han}/u

export const miniSearchOptions: Options<SearchDoc> = {
  fields: ['title', 'text'],
  storeFields: ['lesson', 'no', 'title', 'kind', 'click', 'text', 'appendix'],
  tokenize,
  processTerm: term => normalize(term),
  searchOptions: {
    boost: { title: 3 },
    combineWith: 'AND',
    // "runtimeclass" finds runtimeClassName; a Chinese character is a word of its own, no prefix.
    prefix: term => term.length >= 3 && !HAN.test(term),
  },
}

export function buildMiniSearch(docs: SearchDoc[]): MiniSearch<SearchDoc> {
  const search = new MiniSearch<SearchDoc>(miniSearchOptions)
  search.addAll(docs)
  return search
}

export function loadMiniSearch(file: SearchIndexFile): MiniSearch<SearchDoc> {
  return MiniSearch.loadJS(file.index as Parameters<typeof MiniSearch.loadJS>[0], miniSearchOptions) as MiniSearch<SearchDoc>
}

/** One slide found: where it is, and the best matching piece of it. */
export interface SearchHit {
  lesson: number
  no: number
  title: string
  click: number
  kind: SegmentKind
  appendix: boolean
  score: number
  /** HTML: a window of the matching text, escaped, with every match in <mark>. */
  snippet: string
}

/** The query's terms: whitespace separates them; each must be found in a hit. */
export function queryTerms(query: string): string[] {
  return normalize(query).split(/\s+/).filter(Boolean)
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`)
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * Where terms match: a Chinese term anywhere, a Latin one only at the start
 * of a word, as MiniSearch's prefix search finds it ("cri" in crictl, not in script).
 */
function termPattern(terms: string[]): RegExp {
  const parts = [...terms]
    .sort((a, b) => b.length - a.length)
    .map(t => HAN.test(t[0]) ? escapeRegExp(t) : `(?<![\\p{L}\\p{N}])${escapeRegExp(t)}`)
  return new RegExp(parts.join('|'), 'giu')
}

/** A window of `text` around the first match of `terms`, every match marked. */
export function snippetOf(text: string, terms: string[], radius = 36): string {
  if (!terms.length)
    return escapeHtml(text.slice(0, radius * 3))
  // Match on the NFKC-lowercased text where it keeps the length, to mark the same span of the original.
  const lower = normalize(text)
  const source = lower.length === text.length ? lower : text
  const at = termPattern(terms).exec(source)?.index ?? 0
  const start = Math.max(0, at - radius)
  const end = Math.min(text.length, at + radius * 2)
  let html = ''
  let last = start
  for (const m of source.slice(start, end).matchAll(termPattern(terms))) {
    const from = start + m.index
    html += `${escapeHtml(text.slice(last, from))}<mark>${escapeHtml(text.slice(from, from + m[0].length))}</mark>`
    last = from + m[0].length
  }
  html += escapeHtml(text.slice(last, end))
  return `${start > 0 ? '…' : ''}${html}${end < text.length ? '…' : ''}`
}

function contains(doc: SearchResult, terms: string[]) {
  const haystack = normalize(`${doc.title}\n${doc.text}`)
  return terms.every(t => termPattern([t]).test(haystack))
}

/**
 * Slides that match `query`, best first, one hit per slide (its best piece).
 * A piece matches when MiniSearch finds it and it contains every term; when no
 * piece contains them all (a typo), MiniSearch's fuzzy matches are offered.
 */
export function searchSlides(search: MiniSearch<SearchDoc>, query: string, limit = 20): SearchHit[] {
  const terms = queryTerms(query)
  if (!terms.length)
    return []
  let found = search.search(query)
  const exact = found.filter(r => contains(r, terms))
  if (exact.length)
    found = exact
  else
    found = search.search(query, { fuzzy: 0.2, combineWith: 'AND' })

  // A piece that holds the query's words themselves outranks one that holds
  // only longer words they begin (CRI, not just crictl).
  const words = tokenize(query).map(normalize)
  for (const result of found) {
    if (!words.every(w => result.terms.includes(w)))
      result.score *= 0.3
  }
  const bySlide = new Map<string, SearchResult[]>()
  for (const result of found) {
    const key = `${result.lesson}/${result.no}`
    bySlide.set(key, [...bySlide.get(key) ?? [], result])
  }
  const kindOrder: Record<SegmentKind, number> = { title: 0, body: 1, note: 2 }
  return [...bySlide.values()]
    .map((pieces) => {
      // A slide whose title matches ranks first; every matching piece adds to it.
      const score = pieces.reduce((sum, p) => sum + p.score * (p.kind === 'title' ? 2 : 1), 0)
      // Open it where the match first shows: the earliest click step, on the slide before the notes.
      const first = [...pieces].sort((a, b) => a.click - b.click || kindOrder[a.kind as SegmentKind] - kindOrder[b.kind as SegmentKind] || b.score - a.score)[0]
      // The snippet shows text the title does not already show.
      const shown = first.kind === 'title' ? (pieces.filter(p => p.kind !== 'title').sort((a, b) => b.score - a.score)[0] ?? first) : first
      return {
        lesson: first.lesson as number,
        no: first.no as number,
        title: first.title as string,
        click: first.click as number,
        kind: first.kind as SegmentKind,
        appendix: !!first.appendix,
        score,
        snippet: snippetOf(shown.kind === 'title' ? shown.title : shown.text, terms),
      }
    })
    .sort((a, b) => b.score - a.score)
    .slice(0, limit)
}

/** The URL of a hit inside the course site: the slide, at the click step of its match. */
export function hitUrl(hit: Pick<SearchHit, 'lesson' | 'no' | 'click'>, root = '/'): string {
  return `${root}lesson-${hit.lesson}/${hit.no}${hit.click > 0 ? `?clicks=${hit.click}` : ''}`
}
