/**
 * Preload links for a lesson's slide 1, so its files travel at once instead
 * of one round trip after another.
 *
 * Slidev's app finds what slide 1 needs only while it runs: the entry's
 * modules (which Vite already preloads), then the play page's chunks, then
 * the slide's own chunks, then the fonts its text falls in. Each step waits
 * for the one before, a round trip each: 150 ms apiece on a phone's
 * connection, and each behind the 4× slower CPU's parsing. The build loads
 * slide 1 in Chromium, from the built files, on a phone's screen and on a
 * laptop's, and names in index.html what both fetched: scripts as
 * modulepreload links, stylesheets, fonts and images by a preload script
 * that runs on slide 1's paths only. The browser then asks for all of them
 * while it reads the HTML; the app later finds them in its cache. Nothing else changes: the app still loads and runs them itself,
 * in its own order.
 *
 * Only what both screens fetch is named (a phone never pays for a laptop's
 * file), sorted, so two builds of the same site name the same files.
 */
import type { Browser, BrowserContextOptions } from 'playwright-chromium'
import { readFile, writeFile } from 'node:fs/promises'
import { extname, join } from 'node:path'
import { SLIDE_VIEWPORT } from '../shared/browser'
import { checkPath, fileFor } from '../shared/static-server'

/** An origin no request can reach: every request of the page is answered from the site's files. */
const ORIGIN = 'http://first-screen.invalid'

/** The screens slide 1 is loaded on; a file is named only if each of them fetched it. */
const SCREENS: BrowserContextOptions[] = [
  { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 },
  { viewport: SLIDE_VIEWPORT },
]

export type PreloadKind = 'script' | 'style' | 'font' | 'image'

export interface FirstScreenFile {
  /** The path as the page asks for it, with the site's base: `/lesson-2/assets/x.js`. */
  path: string
  kind: PreloadKind
}

const KINDS: Record<string, PreloadKind> = { script: 'script', stylesheet: 'style', font: 'font', image: 'image' }

/** The `<link rel=modulepreload>` for a script, as Vite writes its own (same mode, so the app's import finds it). */
export function modulePreloadTag(path: string): string {
  return `<link rel="modulepreload" crossorigin href="${path}">`
}

/** `/lesson-2/` → a pattern of the paths that show slide 1 there: `/lesson-2/` and `/lesson-2/1`. */
export function slide1PathPattern(base: string): string {
  return `^${base.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}1?$`
}

/**
 * A script that asks for the stylesheets, fonts and images at once, on the
 * paths that show slide 1 only: the review page, the presenter and the notes
 * share this index.html, and a browser warns of a preloaded style, font or
 * image a page leaves unused (it does not for a module).
 */
export function preloadScript(base: string, files: FirstScreenFile[]): string {
  const items = files.filter(f => f.kind !== 'script').map(f => [f.path, f.kind])
  if (!items.length)
    return ''
  return `<script data-course="first-screen-preload">/* slide 1's files, asked for at once */(function(){if(!new RegExp(${JSON.stringify(slide1PathPattern(base))}).test(location.pathname))return;for(const[href,as]of ${JSON.stringify(items)}){const l=document.createElement("link");l.rel="preload";l.as=as;l.href=href;if(as!=="image")l.crossOrigin="";if(as==="font")l.type="font/woff2";document.head.appendChild(l)}})()</script>`
}

/**
 * index.html with a modulepreload for each script it does not name already,
 * at the end of the head (after the entry and its own preloads, which the
 * browser then still asks for first), and the preload script for the rest
 * before the first stylesheet: an inline script after a stylesheet waits
 * for it, which would hold the fonts back until the stylesheet has arrived.
 */
export function withPreloads(html: string, base: string, files: FirstScreenFile[]): string {
  const missing = files.filter(f => !html.includes(`"${f.path}"`))
  const modules = missing.filter(f => f.kind === 'script').map(f => `  ${modulePreloadTag(f.path)}\n`).join('')
  const script = preloadScript(base, missing)
  if (!modules && !script)
    return html
  if (!html.includes('</head>'))
    throw new Error('first-screen preloads: index.html has no </head> to put them in')
  let next = html.replace('</head>', `${modules}</head>`)
  if (script) {
    const stylesheet = /<link rel="stylesheet"/.exec(next)
    const at = stylesheet ? stylesheet.index : next.indexOf('</head>')
    next = `${next.slice(0, at)}${script}\n  ${next.slice(at)}`
  }
  return next
}

/**
 * The site's file for a request under `base`, as `npm run serve` finds it
 * (its path rules and index lookup), or index.html for a route of the
 * single-page app; undefined for anything else.
 */
function fileOf(siteDir: string, base: string, url: string): string | undefined {
  const checked = checkPath(url)
  if (!('path' in checked) || !checked.path.startsWith(base))
    return undefined
  const path = checked.path.slice(base.length - 1)
  return fileFor(siteDir, path) ?? (extname(path) ? undefined : join(siteDir, 'index.html'))
}

/** What one screen fetches to show slide 1 with its fonts, up to network idle. */
async function fetchedOn(browser: Browser, screen: BrowserContextOptions, siteDir: string, base: string): Promise<Map<string, PreloadKind>> {
  const context = await browser.newContext(screen)
  try {
    await context.route('**/*', async (route) => {
      const url = new URL(route.request().url())
      const file = url.origin === ORIGIN ? fileOf(siteDir, base, `${url.pathname}${url.search}`) : undefined
      return file ? route.fulfill({ path: file }) : route.abort()
    })
    const fetched = new Map<string, PreloadKind>()
    context.on('request', (request) => {
      const url = new URL(request.url())
      const kind = KINDS[request.resourceType()]
      if (kind && url.origin === ORIGIN)
        fetched.set(url.pathname, kind)
    })
    const page = await context.newPage()
    await page.goto(`${ORIGIN}${base}1`)
    await page.locator('.slidev-page-1').waitFor({ state: 'visible', timeout: 60_000 })
    await page.evaluate(() => document.fonts.ready)
    await page.waitForLoadState('networkidle')
    return fetched
  }
  finally {
    await context.close()
  }
}

/** What every screen fetched for slide 1, sorted by path. */
export async function recordFirstScreen(browser: Browser, siteDir: string, base: string): Promise<FirstScreenFile[]> {
  const screens = []
  for (const screen of SCREENS)
    screens.push(await fetchedOn(browser, screen, siteDir, base))
  const [first, ...others] = screens
  return [...first]
    .filter(([path, kind]) => others.every(s => s.get(path) === kind))
    .map(([path, kind]) => ({ path, kind }))
    .sort((a, b) => a.path.localeCompare(b.path))
}

/**
 * Names slide 1's files in the site's index.html, but those `leaveOut`
 * picks (a file the page asks for only once slide 1 is up); returns how many links it
 * added. Without a browser (a machine with no Chromium) the site stays as
 * Slidev built it: slower to show, the same to read.
 */
export async function addFirstScreenPreloads(siteDir: string, base: string, launch: () => Promise<Browser | undefined>, leaveOut: (path: string) => boolean = () => false): Promise<number> {
  const browser = await launch()
  if (!browser)
    return 0
  try {
    const files = (await recordFirstScreen(browser, siteDir, base)).filter(f => !leaveOut(f.path))
    const index = join(siteDir, 'index.html')
    const html = await readFile(index, 'utf8')
    const next = withPreloads(html, base, files)
    await writeFile(index, next)
    return files.filter(f => !html.includes(`"${f.path}"`)).length
  }
  finally {
    await browser.close()
  }
}
