/**
 * Walks a built deck the way a presenter does — one click at a time with the
 * arrow key — and reports everything that would embarrass the presenter:
 * errors, failed or off-machine requests, Mermaid diagrams that did not
 * render, broken images, unknown components, content outside the slide
 * canvas or cut off by a box, Chinese text that is not drawn with the
 * self-hosted CJK font, text too small to read from the back of the room, and
 * slides with too much text. What it sees on a slide is render-inspect.ts; an
 * error that arrives late is charged to the state that caused it
 * (error-origin.ts).
 */
import type { Page, Request } from 'playwright-chromium'
import type { DeckSlide } from '../shared/deck'
import type { ClickState } from './error-origin'
import type { DomFinding, ProblemKind } from './render-inspect'
import { FONT_FACES_LINK, FONT_FACES_LOADER } from '../build/deferred-font-faces'
import { isAppendix } from '../shared/appendix'
import { mermaidBlocksIn } from '../shared/deck'
import { declaredClicks } from './clicks'
import { stateOf, tagLateErrors, timersDue, untag } from './error-origin'
import { inspectSlide, LEGIBILITY } from './render-inspect'

export type { ProblemKind } from './render-inspect'
export { LEGIBILITY } from './render-inspect'

export interface Problem {
  deck: string
  slide: number
  title: string
  click: number
  kind: ProblemKind
  detail: string
}

export interface DeckCheck {
  problems: Problem[]
  /** Every (slide, click) state visited, in order. */
  states: ClickState[]
}

export interface CheckOptions {
  /** Origin of the local server, e.g. http://127.0.0.1:4173 */
  siteUrl: string
  /** The deck's base path, e.g. /lesson-1/ */
  base: string
  /** How failures name the deck, e.g. "lesson 1". */
  label: string
  /** The deck's slides as Slidev parsed them (titles, Mermaid blocks). */
  slides: DeckSlide[]
  /** How long a slide may take to settle (Mermaid, images, fonts). */
  settleTimeout?: number
}

export function formatProblem(p: Problem): string {
  return `${p.deck}, slide ${p.slide} «${p.title}», click ${p.click}: ${p.kind}: ${p.detail}`
}

const NO_ANIMATION = `*, *::before, *::after {
  transition-duration: 0s !important; transition-delay: 0s !important;
  animation-duration: 0s !important; animation-delay: 0s !important;
}`

export async function checkDeck(page: Page, options: CheckOptions): Promise<DeckCheck> {
  const { siteUrl, base, label, slides, settleTimeout = 10_000 } = options
  const origin = new URL(siteUrl).origin
  const problems: Problem[] = []
  const states: DeckCheck['states'] = []
  /** What arrived since the last state was recorded: it belongs to the state being settled. */
  let pending: DomFinding[] = []

  const titles = new Map<number, string>()
  const titleOf = (no: number) => titles.get(no) || slides[no - 1]?.title || '(untitled)'
  // Small or dense text is reported at the first click that shows it, not again at every later click.
  const seen = new Set<string>()
  const record = (at: ClickState, found: DomFinding[]) => {
    for (const f of found) {
      const key = `${at.slide}|${f.kind}|${f.kind === 'dense-text' ? '' : f.detail}`
      if (f.kind === 'small-text' || f.kind === 'dense-text') {
        if (seen.has(key))
          continue
        seen.add(key)
      }
      problems.push({ deck: label, slide: at.slide, title: titleOf(at.slide), click: at.click, ...f })
    }
  }
  /** A late error tagged with a state already recorded goes there; anything else to the state being settled. */
  const arrived = (finding: DomFinding, from?: ClickState) => {
    if (from && states.some(s => s.slide === from.slide && s.click === from.click))
      record(from, [finding])
    else
      pending.push(finding)
  }

  // Nothing may leave the machine: a request elsewhere is recorded and aborted.
  await page.route('**/*', (route) => {
    const url = route.request().url()
    if (url.startsWith(origin) || url.startsWith('data:') || url.startsWith('blob:'))
      return route.continue()
    arrived({ kind: 'external-request', detail: `request off the machine: ${url}` })
    return route.abort('blockedbyclient')
  })
  const local = (r: Request) => r.url().startsWith(origin)
  // A slide's own requests (a fetch in a component, a lazy chunk) must land
  // before its state is recorded, or they would count against the next one.
  const inflight = new Set<Request>()
  let lastNetwork = Date.now()
  page.on('request', (r) => {
    inflight.add(r)
    lastNetwork = Date.now()
  })
  const done = (r: Request) => {
    inflight.delete(r)
    lastNetwork = Date.now()
  }
  page.on('requestfinished', done)
  page.on('requestfailed', done)
  const networkQuiet = async (quietMs: number) => {
    const deadline = Date.now() + settleTimeout
    // `inflight` and `lastNetwork` change in the request listeners meanwhile.
    while ((inflight.size > 0 || Date.now() - lastNetwork < quietMs) && Date.now() < deadline)
      await page.waitForTimeout(20)
  }
  page.on('pageerror', e => arrived({ kind: 'page-error', detail: e.message }, untag(e.stack ?? '').state))
  page.on('console', (msg) => {
    // Failed loads are reported with their URL by the request listeners.
    if (msg.type() !== 'error' || msg.text().startsWith('Failed to load resource'))
      return
    const { text, state } = untag(msg.text())
    arrived({ kind: 'console-error', detail: text.slice(0, 300) }, state)
  })
  page.on('requestfailed', (r) => {
    if (local(r))
      arrived({ kind: 'failed-request', detail: `${r.failure()?.errorText ?? 'failed'}: ${r.url()}` })
  })
  page.on('response', (r) => {
    if (r.status() < 400)
      return
    arrived({ kind: 'failed-request', detail: `HTTP ${r.status()}: ${r.url()}` })
    // Chromium never finishes an error response whose body the page does not read.
    done(r.request())
  })

  // tsx (esbuild's keepNames) wraps named functions in a `__name` helper that
  // does not exist in the page; scripts that run this check under tsx need it.
  await page.addInitScript(() => {
    (globalThis as Record<string, unknown>).__name ??= (fn: unknown) => fn
  })
  await tagLateErrors(page)
  await page.goto(`${siteUrl}${base}1?isolate`, { waitUntil: 'load' })
  // Slide 1's paths load the site's font faces once the page has loaded
  // (scripts/build/deferred-font-faces.ts): every slide is measured with them.
  await page.waitForFunction(({ loader, link }) => !document.querySelector(loader)
    || [...document.querySelectorAll<HTMLLinkElement>(link)].some(faces => faces.sheet), { loader: FONT_FACES_LOADER, link: FONT_FACES_LINK })
  await page.addStyleTag({ content: NO_ANIMATION })

  // The last slide's steps, as its source declares them: the walk waits for each.
  const lastClicks = slides.length ? declaredClicks(slides[slides.length - 1]) : 0
  let state = stateOf(page.url())
  for (;;) {
    const mermaidExpected = slides[state.slide - 1] ? mermaidBlocksIn(slides[state.slide - 1]) : 0
    const deadline = Date.now() + settleTimeout
    const args = { no: state.slide, mermaidExpected, legibility: LEGIBILITY, appendix: isAppendix(slides[state.slide - 1]?.frontmatter) }
    let inspection = await page.evaluate(inspectSlide, args)
    while (!inspection.settled && Date.now() < deadline) {
      await page.waitForTimeout(50)
      inspection = await page.evaluate(inspectSlide, args)
    }
    await networkQuiet(state.click === 0 ? 100 : 20)
    await page.evaluate(() => document.fonts.ready)
    if (inspection.settled)
      inspection = await page.evaluate(inspectSlide, args)
    else
      inspection.findings.push({ kind: /Mermaid/.test(inspection.waitingFor ?? '') ? 'mermaid' : 'navigation', detail: `${inspection.waitingFor} within ${settleTimeout} ms` })

    if (inspection.title && !titles.has(state.slide))
      titles.set(state.slide, inspection.title)
    states.push(state)
    record(state, [...pending, ...inspection.findings])
    pending = []

    const before = page.url()
    await page.keyboard.press('ArrowRight')
    // Past the last declared step of the last slide, a step that does not come is the end of the deck.
    const atEnd = state.slide >= slides.length && state.click >= lastClicks
    const moved = await page.waitForURL(url => url.href !== before, { timeout: atEnd ? 300 : 3000 })
      .then(() => true, () => false)
    if (!moved)
      break
    state = stateOf(page.url())
  }

  // Whatever arrives after the last state still belongs to it, or to the
  // state whose timer sends it: wait for the timers the slides set.
  const last = states.at(-1)!
  await page.waitForTimeout(Math.min(await timersDue(page, settleTimeout), settleTimeout) + 100)
  record(last, pending)

  const visited = new Set(states.map(s => s.slide)).size
  if (visited !== slides.length)
    record(last, [{ kind: 'navigation', detail: `visited ${visited} slides, the deck has ${slides.length}` }])
  else if (last.click < lastClicks)
    record(last, [{ kind: 'navigation', detail: `the walk ended at click ${last.click} of the last slide, which declares ${lastClicks} click steps` }])
  // Late errors were charged to earlier states as they came.
  problems.sort((a, b) => a.slide - b.slide || a.click - b.click)
  return { problems, states }
}
