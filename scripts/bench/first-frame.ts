/**
 * When a page first shows an element, timed by the page itself.
 *
 * Waiting from the outside (Playwright's `waitFor`) adds its own polling to
 * the figure: its script runs in the page, slowed with the page, and on the
 * phone profile (CPU 4× slower) it saw the title about 0.45 s after the page
 * had drawn it. The page instead checks at every animation frame, just
 * before that frame is painted, and keeps the time since navigation started
 * (`performance.now()`): when the element is first visible, and when it is
 * visible with every font the page asked for loaded (what the learner sees
 * once the fallback font has been swapped out).
 */
import type { Page } from 'playwright-chromium'

export interface FirstFrame {
  /** Seconds from navigation start to the first frame with the element visible. */
  drawn: number
  /** Seconds to the first frame with it visible and no font still loading. */
  withFonts: number
}

const KEY = '__courseFirstFrame'

/** Starts watching in every page of `page`'s next navigations (call before `goto`). */
export async function watchFirstFrame(page: Page, selector: string): Promise<void> {
  // A string, not a function: tsx's helpers (`__name`) do not exist in the page.
  await page.addInitScript({
    content: `(() => {
      const times = window.${KEY} = {}
      const visible = () => {
        const el = document.querySelector(${JSON.stringify(selector)})
        if (!el || !el.checkVisibility({ opacityProperty: true, visibilityProperty: true }))
          return false
        const box = el.getBoundingClientRect()
        return box.width > 0 && box.height > 0
      }
      const frame = () => {
        if (visible()) {
          times.drawn ??= performance.now()
          if (document.fonts.status === 'loaded') {
            times.withFonts = performance.now()
            return
          }
        }
        requestAnimationFrame(frame)
      }
      requestAnimationFrame(frame)
    })()`,
  })
}

/** The page's own times, once it has shown the element with its fonts (within `timeout` ms). */
export async function firstFrame(page: Page, timeout: number): Promise<FirstFrame> {
  await page.waitForFunction(key => (window as unknown as Record<string, { withFonts?: number }>)[key]?.withFonts !== undefined, KEY, { timeout, polling: 100 })
  const times = await page.evaluate(key => (window as unknown as Record<string, { drawn: number, withFonts: number }>)[key], KEY)
  return { drawn: times.drawn / 1000, withFonts: times.withFonts / 1000 }
}
