/**
 * A learner on a phone, on a mobile connection: slide 1 of each lesson and
 * the review page of one lesson, from `npm run serve`'s server, in Chromium
 * under Lighthouse's slow-mobile profile (150 ms round trip, 1.6 Mbit/s down,
 * 750 kbit/s up, the CPU 4× slower; CDP's Network.emulateNetworkConditions
 * and Emulation.setCPUThrottlingRate), a phone's screen (390×844, touch,
 * 3× pixels), a browser launched with nothing cached for every sample.
 *
 * Per page, medians of BENCH_RUNS samples: the time from navigation to the
 * first frame with the slide's title visible and its fonts loaded, as the
 * page itself saw it (scripts/bench/first-frame.ts), the bytes moved until then
 * (on the wire: headers and bodies as received, compressed or not), and the
 * bytes and requests up to network idle, with where they go by kind.
 */
import type { CDPSession, Page } from 'playwright-chromium'
import type { Lesson } from '../../data/course'
import { chromium } from 'playwright-chromium'
import { lessons } from '../../data/course'
import { CHROMIUM_ARGS, resolveBrowser } from '../shared/browser'
import { basePathOf } from '../shared/project'
import { startStaticServer } from '../shared/static-server'
import { firstFrame, watchFirstFrame } from './first-frame'
import { load, median, round, RUNS, withBuiltSites } from './measure'

/** Lighthouse's mobile throttling, as DevTools applies it. */
export const SLOW_MOBILE = {
  latencyMs: 150,
  downloadBitsPerSecond: 1.6e6,
  uploadBitsPerSecond: 750e3,
  cpuSlowdown: 4,
}
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 }
/** The lesson whose review page is measured. */
const REVIEW_LESSON = lessons[1]
/** Longest a page may take (slowed 4× on a shared machine). */
const PAGE_TIMEOUT = 180_000

export interface PhoneSample {
  seconds: number
  /** The first slide's title on screen, before its fonts may have arrived. */
  titleSeconds: number
  bytesBeforeShown: number
  requestsBeforeShown: number
  bytesToIdle: number
  requestsToIdle: number
  /** Bytes up to network idle by kind (script, stylesheet, font, document, other). */
  byKind: Record<string, number>
  /** The largest responses up to network idle: path and bytes. */
  largest: [string, number][]
}

type Kind = 'script' | 'stylesheet' | 'font' | 'document' | 'fetch' | 'other'
function kindOf(type: string | undefined): Kind {
  const t = (type ?? '').toLowerCase()
  return t === 'script' || t === 'stylesheet' || t === 'font' || t === 'document' || t === 'fetch' ? t : 'other'
}

/**
 * Counts what crosses the (emulated) network: bytes as received, per
 * request, with Chromium's own timestamps, so that what arrived before a
 * moment of the page can be told from what came after.
 */
async function meter(cdp: CDPSession) {
  interface Metered { url: string, kind: Kind, sent: number, chunks: [number, number][], finished?: [number, number] }
  const requests = new Map<string, Metered>()
  /** Chromium's clock (seconds) when the page's document was asked for: the page's performance.now() 0, within a few ms. */
  let origin: number | undefined
  cdp.on('Network.requestWillBeSent', (e) => {
    if (origin === undefined && e.type === 'Document')
      origin = e.timestamp
    requests.set(e.requestId, { url: e.request.url, kind: kindOf(e.type), sent: e.timestamp, chunks: [] })
  })
  cdp.on('Network.dataReceived', e => requests.get(e.requestId)?.chunks.push([e.timestamp, e.encodedDataLength]))
  // The whole response: headers and body as they came over the wire.
  cdp.on('Network.loadingFinished', (e) => {
    const r = requests.get(e.requestId)
    if (r)
      r.finished = [e.timestamp, e.encodedDataLength]
  })
  await cdp.send('Network.enable')
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: false })
  /** Bytes of one request received by `at` (Chromium's clock). */
  const bytesBy = (r: Metered, at: number) => r.finished && r.finished[0] <= at
    ? Math.max(r.finished[1], r.chunks.reduce((n, [, b]) => n + b, 0))
    : r.chunks.filter(([t]) => t <= at).reduce((n, [, b]) => n + b, 0)
  return {
    /** What had arrived `seconds` after the document was asked for (everything, without a time). */
    snapshot: (seconds = Number.POSITIVE_INFINITY) => {
      const at = (origin ?? 0) + seconds
      const all = [...requests.values()].filter(r => r.sent <= at).map(r => ({ url: r.url, kind: r.kind, bytes: bytesBy(r, at), done: !!r.finished && r.finished[0] <= at }))
      return { bytes: all.reduce((n, r) => n + r.bytes, 0), requests: all.filter(r => r.bytes > 0 || r.done).length, all }
    },
  }
}

async function throttle(page: Page): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page)
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: SLOW_MOBILE.latencyMs,
    downloadThroughput: SLOW_MOBILE.downloadBitsPerSecond / 8,
    uploadThroughput: SLOW_MOBILE.uploadBitsPerSecond / 8,
  })
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: SLOW_MOBILE.cpuSlowdown })
  return cdp
}

/**
 * One cold sample: a new browser, the page loaded under the profile until it
 * shows `selector` with its fonts (timed by the page, scripts/bench/first-frame.ts),
 * then until network idle.
 */
export async function phoneSample(url: string, selector: string): Promise<PhoneSample> {
  const browser = await chromium.launch({ executablePath: resolveBrowser().executablePath, args: CHROMIUM_ARGS })
  try {
    const context = await browser.newContext(PHONE)
    const page = await context.newPage()
    page.setDefaultTimeout(PAGE_TIMEOUT)
    const cdp = await throttle(page)
    const net = await meter(cdp)
    await watchFirstFrame(page, selector)
    await page.goto(url, { waitUntil: 'commit', timeout: PAGE_TIMEOUT })
    const shown = await firstFrame(page, PAGE_TIMEOUT)
    const before = net.snapshot(shown.withFonts)
    await page.waitForLoadState('networkidle', { timeout: PAGE_TIMEOUT }).catch(() => {})
    // Playwright's idle is 500 ms without a request: a font asked for late still counts.
    await page.waitForTimeout(1000)
    const idle = net.snapshot()
    const byKind: Record<string, number> = {}
    for (const r of idle.all)
      byKind[r.kind] = (byKind[r.kind] ?? 0) + r.bytes
    const largest = idle.all.sort((a, b) => b.bytes - a.bytes).slice(0, 8).map(r => [new URL(r.url).pathname, r.bytes] as [string, number])
    return { seconds: shown.withFonts, titleSeconds: shown.drawn, bytesBeforeShown: before.bytes, requestsBeforeShown: before.requests, bytesToIdle: idle.bytes, requestsToIdle: idle.requests, byKind, largest }
  }
  finally {
    await browser.close()
  }
}

export interface PhonePage {
  url: string
  seconds: number
  titleSeconds: number
  kibBeforeShown: number
  requestsBeforeShown: number
  kibToIdle: number
  requestsToIdle: number
  kibToIdleByKind: Record<string, number>
  largest: [string, number][]
  samples: number[]
  loadAverage: { before: number, after: number }
}

const kib = (bytes: number) => round(bytes / 1024, 0)

export function summarize(samples: PhoneSample[]): Omit<PhonePage, 'url' | 'loadAverage'> {
  const med = (pick: (s: PhoneSample) => number) => median(samples.map(pick))
  const kinds = [...new Set(samples.flatMap(s => Object.keys(s.byKind)))]
  // The sample whose time is the median's (or nearest): its largest responses.
  const typical = [...samples].sort((a, b) => a.seconds - b.seconds)[Math.floor(samples.length / 2)]
  return {
    seconds: round(med(s => s.seconds), 2),
    titleSeconds: round(med(s => s.titleSeconds), 2),
    kibBeforeShown: kib(med(s => s.bytesBeforeShown)),
    requestsBeforeShown: med(s => s.requestsBeforeShown),
    kibToIdle: kib(med(s => s.bytesToIdle)),
    requestsToIdle: med(s => s.requestsToIdle),
    kibToIdleByKind: Object.fromEntries(kinds.map(k => [k, kib(med(s => s.byKind[k] ?? 0))])),
    largest: typical.largest.map(([path, bytes]) => [path, kib(bytes)] as [string, number]),
    samples: samples.map(s => round(s.seconds, 2)),
  }
}

/** Slide 1's title. */
const SLIDE1 = '.slidev-page-1 h1'
/** The review page's first slide, its title drawn. */
const REVIEW_FIRST = '.review-item[data-review-slide="1"] .review-frame h1'

/** Every page measured, against a server on `url` (the built dist/ of every lesson in `of`). */
export async function phonePages(url: string, of: Lesson[] = lessons, log: (line: string) => void = console.log): Promise<Record<string, PhonePage>> {
  const pages: [string, string, string][] = [
    ...of.map(l => [`${l.slug} slide 1`, `${url}${basePathOf(l)}1`, SLIDE1] as [string, string, string]),
    ...of.filter(l => l === REVIEW_LESSON).map(l => [`${l.slug} review`, `${url}${basePathOf(l)}overview`, REVIEW_FIRST] as [string, string, string]),
  ]
  const results: Record<string, PhonePage> = {}
  for (const [name, pageUrl, selector] of pages) {
    const loadBefore = load()
    const samples: PhoneSample[] = []
    for (let i = 0; i < RUNS; i++)
      samples.push(await phoneSample(pageUrl, selector))
    results[name] = { url: new URL(pageUrl).pathname, ...summarize(samples), loadAverage: { before: loadBefore, after: load() } }
    log(phoneLine(name, results[name]))
  }
  return results
}

export function phoneLine(name: string, p: PhonePage): string {
  return `phone  ${name}: shown in ${p.seconds} s (title ${p.titleSeconds} s), ${p.kibBeforeShown} KiB in ${p.requestsBeforeShown} requests before; ${p.kibToIdle} KiB in ${p.requestsToIdle} requests to network idle (${Object.entries(p.kibToIdleByKind).map(([k, v]) => `${k} ${v}`).join(', ')}); load ${p.loadAverage.before} → ${p.loadAverage.after}`
}

/** The phone part: the sites built from the current sources in a scratch copy, served as `npm run serve` serves them. */
export async function benchPhone() {
  return withBuiltSites(async (root) => {
    const server = await startStaticServer({ root })
    try {
      const pages = await phonePages(server.url, lessons, () => {})
      const slides = lessons.map(l => pages[`${l.slug} slide 1`])
      const review = pages[`${REVIEW_LESSON.slug} review`]
      return {
        what: `slide 1 of each lesson and ${REVIEW_LESSON.slug}'s review page (/overview), from npm run serve's server, in Chromium under the slow-mobile profile (${SLOW_MOBILE.latencyMs} ms round trip, ${SLOW_MOBILE.downloadBitsPerSecond / 1e6} Mbit/s down, ${SLOW_MOBILE.uploadBitsPerSecond / 1e3} kbit/s up, CPU ${SLOW_MOBILE.cpuSlowdown}× slower), 390×844 touch at 3× pixels, a new browser with nothing cached per sample: seconds from navigation to the first frame with the slide's title visible and no font loading, timed by the page at each animation frame (an outside wait saw it about 0.45 s later on this profile); KiB on the wire (headers and bodies as received) before that and up to network idle`,
        profile: SLOW_MOBILE,
        pages,
        targets: {
          slide1Under3_5s: slides.every(s => s.seconds < 3.5),
          slide1AtMost350KiBBeforeShown: slides.every(s => s.kibBeforeShown <= 350),
          reviewFirstSlideUnder7s: review.seconds < 7,
        },
      }
    }
    finally {
      await server.close()
    }
  })
}
