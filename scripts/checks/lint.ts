/**
 * The script lint: catches what a learner would notice before they do.
 * Slides come from Slidev's own parser (scripts/shared/deck.ts); their markdown is
 * read with markdown-it, never with regular expressions over the file.
 *
 *   npm run lint:slides            every lesson
 *   npm run lint:slides -- 2       one lesson
 */
import type Token from 'markdown-it/lib/token.mjs'
import type { ExtensionPoint } from '../../data/course'
import type { Deck, DeckSlide } from '../shared/deck'
import type { LintFinding, LintRule } from './findings'
import { relative } from 'node:path'
import process from 'node:process'
import MarkdownIt from 'markdown-it'
import { draftReferences, extensionPoints, journeys, layers, lessons, misspellings, parseLesson, pointsOfLesson } from '../../data/course'
import { printCurrency } from '../shared/currency'
import { DeckError, deckProblems, isMermaidFence, loadDeck, locate } from '../shared/deck'
import { entryOf, ROOT } from '../shared/project'
import { teachingSlide } from '../shared/teaching'
import { codeLintFindings, codeSummaryLine } from './code-check/report'
import { formatFinding } from './findings'
import { labClusterProblems } from './lab-cluster'
import { formatTimingTable, measureDeck } from './timing'

export const LIMITS = {
  /** Characters of speaker notes (markers and spaces aside) to teach from. */
  minNoteChars: 50,
  maxBullets: 6,
  maxCodeLines: 15,
}

const md = new MarkdownIt({ html: true })

function flatten(tokens: Token[]): Token[] {
  return tokens.flatMap(t => [t, ...(t.children ? flatten(t.children) : [])])
}

const CLICK_MARKER = /\[click(?::\d+)?\]/g
const REMOTE_URL = /^(?:https?:)?\/\//i
/** HTML elements that load what their src/href/data points at (an <a href> loads nothing). */
const LOADING_TAG = /<(img|script|iframe|video|audio|source|embed|object|link)\b([^>]*)>/gi
const LOADING_ATTR = /\s(?:src|href|data)\s*=\s*["']([^"']+)["']/i
/** A <link> loads when one of its rel words is stylesheet, preload or icon (not canonical, preconnect …). */
const LINK_REL = /\srel\s*=\s*["']([^"']*)["']/i
const LOADING_REL = /^(?:stylesheet|preload|modulepreload|icon)$/i
const CSS_URL = /url\(\s*["']?((?:https?:)?\/\/[^"')]+)/gi
const CSS_IMPORT = /@import\s+["']((?:https?:)?\/\/[^"']+)/gi

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

type Mermaid = typeof import('mermaid').default
let mermaidLoaded: Promise<Mermaid> | undefined

/**
 * Mermaid's own parser. It sanitizes labels with DOMPurify, which needs a DOM
 * when it is loaded: lend it happy-dom's window for the import only, so no
 * browser globals stay behind in this process.
 */
function loadMermaid(): Promise<Mermaid> {
  mermaidLoaded ??= (async () => {
    const { Window } = await import('happy-dom')
    const scope = globalThis as Record<string, unknown>
    const lent = !('window' in scope)
    const win = new Window()
    if (lent)
      Object.assign(scope, { window: win, document: win.document })
    try {
      return (await import('mermaid')).default
    }
    finally {
      if (lent) {
        delete scope.window
        delete scope.document
      }
    }
  })()
  return mermaidLoaded
}

async function mermaidProblems(slide: DeckSlide): Promise<string[]> {
  const fences = md.parse(slide.content, {}).filter(t => t.type === 'fence' && isMermaidFence(t.info))
  if (!fences.length)
    return []
  const mermaid = await loadMermaid()
  const problems: string[] = []
  for (const fence of fences) {
    try {
      await mermaid.parse(fence.content)
    }
    catch (error) {
      problems.push(`Mermaid does not parse: ${String((error as Error).message ?? error).replace(/\s+/g, ' ').slice(0, 200)}`)
    }
  }
  return problems
}

export interface LintOptions {
  /** Extension points the deck must present in a slide title. */
  mustPresent?: ExtensionPoint[]
  /** Check the spoken-time budget (scripts/checks/timing.ts): off for fixture decks that are not lessons. */
  timing?: boolean
  /** Check every code block (scripts/checks/code-check/): off for fixture decks that test other rules. */
  code?: boolean
}

export async function lintDeck(deck: Deck, options: LintOptions = {}): Promise<LintFinding[]> {
  const findings: LintFinding[] = []

  // Remote images are the remote-resource rule's to report.
  for (const problem of deckProblems(deck).filter(p => p.kind !== 'remote-image'))
    findings.push({ rule: 'deck', where: locate(problem.slide), slide: problem.slide.no, message: problem.message })

  for (const slide of deck.slides) {
    const where = locate(slide)
    // A slide may waive a rule on purpose, e.g. a references slide lists more
    // than six links: `lintAllow: [bullets]` in its frontmatter.
    const allowed = new Set([slide.frontmatter.lintAllow ?? []].flat().map(String))
    const add = (rule: LintRule, message: string) => {
      if (!allowed.has(rule))
        findings.push({ rule, where, slide: slide.no, message })
    }
    const tokens = flatten(md.parse(slide.content, {}))

    if (!slide.title.trim())
      add('title', 'the slide has no title (start it with a "# 标题" heading)')

    const note = slide.note.replace(CLICK_MARKER, '').replace(/\s+/g, '')
    if (!note)
      add('notes', 'the slide has no speaker notes (end it with an HTML comment holding the script)')
    else if (note.length < LIMITS.minNoteChars)
      add('notes', `the speaker notes are too short to teach from (${note.length} characters, at least ${LIMITS.minNoteChars})`)

    // Bullets: list items in the markdown and in HTML <li> of the slide.
    const bullets = tokens.filter(t => t.type === 'list_item_open').length
      + tokens.filter(t => t.type === 'html_block' || t.type === 'html_inline').reduce((n, t) => n + (t.content.match(/<li\b/g) ?? []).length, 0)
    if (bullets > LIMITS.maxBullets)
      add('bullets', `${bullets} bullets on one slide (at most ${LIMITS.maxBullets})`)

    for (const fence of tokens.filter(t => t.type === 'fence')) {
      const lang = fence.info.trim().split(/\s/)[0]
      const lines = fence.content.replace(/\n$/, '').split('\n').length
      const stepped = /\{[^|}]*\|[^}]*\}/.test(fence.info)
      if (!isMermaidFence(fence.info) && lines > LIMITS.maxCodeLines && !stepped)
        add('code-length', `a ${lines}-line ${lang || 'code'} block without step highlighting (at most ${LIMITS.maxCodeLines} lines, or add {…|…})`)
    }

    const remote = new Set<string>()
    for (const token of tokens) {
      if (token.type === 'image' && REMOTE_URL.test(token.attrGet('src') ?? ''))
        remote.add(token.attrGet('src')!)
      if (token.type === 'html_block' || token.type === 'html_inline') {
        for (const [, tag, attributes] of token.content.matchAll(LOADING_TAG)) {
          const url = LOADING_ATTR.exec(attributes)?.[1]
          const rel = LINK_REL.exec(attributes)?.[1]
          const loads = tag.toLowerCase() !== 'link' || rel === undefined || rel.split(/\s+/).some(word => LOADING_REL.test(word))
          if (url && REMOTE_URL.test(url) && loads)
            remote.add(url)
        }
        for (const [, url] of token.content.matchAll(CSS_URL)) remote.add(url)
        for (const [, url] of token.content.matchAll(CSS_IMPORT)) remote.add(url)
      }
    }
    for (const url of remote)
      add('remote-resource', `loads ${url} from outside the repository (copy it into public/)`)

    const markers = (slide.note.match(CLICK_MARKER) ?? []).length
    const clicks = declaredClicks(slide)
    if (markers > clicks)
      add('click-markers', `${markers} [click] markers in the notes, but the slide has ${clicks} click step(s)`)

    // Addresses are spelt as their sites spell them (…/kubectl-plugins/).
    const text = `${slide.content}\n${slide.note}`.replace(/https?:\/\/\S+/g, '')
    for (const { wrong, right } of misspellings) {
      if (text.includes(wrong))
        add('spelling', `"${wrong}" should be "${right}"`)
    }

    for (const problem of await mermaidProblems(slide))
      add('mermaid', problem)

    for (const problem of labClusterProblems(`${slide.content}\n${slide.note}`))
      add('lab-cluster', problem)

    // Teach the fact, never the correction: no word about the draft the class never saw.
    for (const word of draftReferences.filter(w => `${slide.title}\n${slide.content}\n${slide.note}`.includes(w)))
      add('draft-reference', `mentions "${word}": teach the fact without referring to a draft (corrections belong in the errata, outside slides/)`)
  }

  for (const point of options.mustPresent ?? []) {
    // The same rule that links the landing page's map to the slide (scripts/shared/teaching.ts).
    if (!teachingSlide(deck, point))
      findings.push({ rule: 'coverage', where: relative(ROOT, deck.entry), message: `no slide title names "${point.name}" (${point.zh}), which this lesson presents` })
  }
  if (options.timing)
    findings.push(...measureDeck(deck, declaredClicks).findings)
  if (options.code)
    findings.push(...await codeLintFindings(deck))
  return findings
}

export async function main() {
  const args = process.argv.slice(2)
  const selected = args.length ? args.map(parseLesson) : lessons
  const currency = printCurrency()
  let total = 0
  for (const lesson of selected) {
    let findings: LintFinding[]
    try {
      const deck = await loadDeck(entryOf(lesson))
      console.log(`lesson ${lesson.number}: spoken time\n${formatTimingTable(measureDeck(deck, declaredClicks))}`)
      findings = await lintDeck(deck, { mustPresent: pointsOfLesson(lesson.number), timing: true, code: true })
      console.log(await codeSummaryLine(deck, `lesson ${lesson.number}`))
    }
    catch (error) {
      if (!(error instanceof DeckError))
        throw error
      findings = error.problems.map(p => ({ rule: 'deck' as const, where: p.split(': ')[0], message: p.split(': ').slice(1).join(': ') }))
    }
    for (const finding of findings)
      console.log(formatFinding(finding))
    console.log(`lesson ${lesson.number}: ${findings.length ? `${findings.length} problem(s)` : 'clean'}`)
    total += findings.length
  }
  // The landing page is generated from the course data: it may not mention the draft either.
  const landingText = JSON.stringify({ lessons, layers, extensionPoints, journeys })
  for (const word of draftReferences.filter(w => landingText.includes(w))) {
    console.log(formatFinding({ rule: 'draft-reference', where: 'data/course.ts', message: `the landing page's data mentions "${word}"` }))
    total++
  }
  // Loud at the end too, where a reader of the log looks.
  if (currency.warning)
    console.warn(currency.warning)
  if (total)
    process.exitCode = 1
}
