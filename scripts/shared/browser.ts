import type { Browser } from 'playwright-chromium'
/**
 * The one place that decides which Chromium runs the export and the tests:
 * $CHROMIUM_PATH, else Playwright's own download, else a system Chromium.
 */
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import process from 'node:process'
import { chromium } from 'playwright-chromium'

export interface ResolvedBrowser {
  executablePath: string
  source: 'CHROMIUM_PATH' | 'playwright' | 'system'
}

const SYSTEM_CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']

/** A window that shows one slide unscaled: Slidev's default canvas, 980 px wide at 16:9. */
export const SLIDE_VIEWPORT = { width: 980, height: 552 }

/** Flags for a headless Chromium on a machine without a GPU or outside network. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

function onPath(name: string): string | undefined {
  try {
    const found = execFileSync('which', [name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
    return found || undefined
  }
  catch {
    return undefined
  }
}

export interface BrowserSearch {
  env?: NodeJS.ProcessEnv
  /** Where Playwright keeps its own Chromium (its registry's answer by default). */
  playwrightPath?: () => string | undefined
  /** System executables to look for, in order. */
  systemCandidates?: string[]
}

function playwrightChromium(): string | undefined {
  try {
    return chromium.executablePath()
  }
  catch {
    // Playwright throws when its registry has no Chromium for this platform.
    return undefined
  }
}

export function resolveBrowser(search: BrowserSearch = {}): ResolvedBrowser {
  const { env = process.env, playwrightPath = playwrightChromium, systemCandidates = SYSTEM_CANDIDATES } = search
  const override = env.CHROMIUM_PATH?.trim()
  if (override) {
    if (!existsSync(override))
      throw new Error(`CHROMIUM_PATH is set to "${override}", but no file exists there.`)
    return { executablePath: override, source: 'CHROMIUM_PATH' }
  }

  const downloaded = playwrightPath()
  if (downloaded && existsSync(downloaded))
    return { executablePath: downloaded, source: 'playwright' }

  for (const name of systemCandidates) {
    const path = existsSync(`/usr/bin/${name}`) ? `/usr/bin/${name}` : onPath(name)
    if (path)
      return { executablePath: path, source: 'system' }
  }

  throw new Error([
    'No Chromium found for the PDF export and the browser tests. Either:',
    '  - install Playwright\'s Chromium: npx playwright install chromium',
    '  - or install a system Chromium (Debian/Ubuntu: apt-get install chromium),',
    '    or point CHROMIUM_PATH at any Chromium or Chrome executable.',
  ].join('\n'))
}

/**
 * Rejects once the browser goes away (crashed, killed). Race the work with
 * it: a Playwright call in flight at the moment the browser dies may never
 * settle (seen with browser.newPage), and the command would hang.
 */
export function whenDisconnected(browser: Browser): Promise<never> {
  const gone = new Promise<never>((_, reject) => {
    browser.once('disconnected', () => reject(new Error('the browser closed while in use (it crashed or was killed)')))
  })
  // Nobody waits on it after a normal close.
  gone.catch(() => {})
  return gone
}
