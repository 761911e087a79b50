/**
 * Which click state a late error belongs to. A slide's component may log or
 * throw from a timer a second after it appeared, when the walk has long moved
 * on: the page remembers, for every timer, the state it was set in (or the
 * state of the timer that set it) and tags what its callback logs with
 * console.error or throws with that state. The walk charges a tagged error
 * to its state; anything untagged (an event, a promise after a request) to
 * the state shown when it arrives. The walk waits for a slide's requests,
 * and at its end for the timers still due.
 */
import type { Page } from 'playwright-chromium'

export interface ClickState { slide: number, click: number }

/** The tag: a console error's last argument, a thrown error's last stack line. */
const TAG = 'render-check-origin'
/** The page's global that says how long its timers still run. */
const DUE = '__renderCheckTimersDue'

/** The state a deck URL shows: /base/5?clicks=2 is slide 5 at click 2. */
export function stateOf(url: string): ClickState {
  const u = new URL(url)
  const last = u.pathname.split('/').filter(Boolean).pop() ?? '1'
  return { slide: Number(last) || 1, click: Number(u.searchParams.get('clicks') ?? 0) }
}

/** Runs in the page before its own scripts (page.addInitScript): wraps its timers and console.error. */
function tagTimers({ tag, due: dueName }: { tag: string, due: string }): void {
  const page = globalThis as unknown as Record<string, unknown>
  // The same reading as stateOf's, of the page's own location.
  const here = () => {
    const last = location.pathname.split('/').filter(Boolean).pop() ?? '1'
    return `${Number(last) || 1}@${Number(new URLSearchParams(location.search).get('clicks') ?? 0)}`
  }
  let origin: string | undefined
  /** Pending timeouts: id → when due (performance.now()). */
  const due = new Map<unknown, number>()
  type Callback = (...args: unknown[]) => unknown
  const run = (fn: Callback, from: string, self: unknown, args: unknown[]) => {
    const outer = origin
    origin = from
    try {
      return fn.apply(self, args)
    }
    catch (error) {
      if (error instanceof Error && typeof error.stack === 'string')
        error.stack += `\n    at ${tag} ${from}`
      throw error
    }
    finally {
      // Promise callbacks the timer settled run before this one: still tagged.
      queueMicrotask(() => (origin = outer))
    }
  }
  const { setTimeout: setTimeout0, setInterval: setInterval0, clearTimeout: clearTimeout0 } = globalThis
  page.setTimeout = (handler: unknown, delay?: number, ...args: unknown[]) => {
    if (typeof handler !== 'function')
      return setTimeout0(handler as TimerHandler, delay, ...args)
    const from = origin ?? here()
    const id = setTimeout0(function (this: unknown, ...rest: unknown[]) {
      due.delete(id)
      return run(handler as Callback, from, this, rest)
    }, delay, ...args)
    due.set(id, performance.now() + (Number(delay) || 0))
    return id
  }
  page.clearTimeout = (id?: number) => {
    due.delete(id)
    clearTimeout0(id)
  }
  page.setInterval = (handler: unknown, delay?: number, ...args: unknown[]) => {
    if (typeof handler !== 'function')
      return setInterval0(handler as TimerHandler, delay, ...args)
    const from = origin ?? here()
    return setInterval0(function (this: unknown, ...rest: unknown[]) {
      return run(handler as Callback, from, this, rest)
    }, delay, ...args)
  }
  const error0 = console.error
  console.error = function (...args: unknown[]) {
    error0.apply(this, origin === undefined ? args : [...args, `${tag} ${origin}`])
  }
  page[dueName] = (limit: number) => {
    const now = performance.now()
    return Math.max(0, ...[...due.values()].map(at => at - now).filter(left => left <= limit))
  }
}

/** Makes every page `page` opens from now on tag its late errors. */
export async function tagLateErrors(page: Page): Promise<void> {
  await page.addInitScript(tagTimers, { tag: TAG, due: DUE })
}

/** A console message's or error stack's text without its tag, and the state the tag names. */
export function untag(text: string): { text: string, state?: ClickState } {
  const match = new RegExp(`\\s*(?:at )?${TAG} (\\d+)@(\\d+)\\s*$`).exec(text)
  if (!match)
    return { text }
  return { text: text.slice(0, match.index), state: { slide: Number(match[1]), click: Number(match[2]) } }
}

/** Milliseconds until the last timer the page set, due within `limit` ms, has run. */
export async function timersDue(page: Page, limit: number): Promise<number> {
  return page.evaluate(([name, within]) => ((globalThis as unknown as Record<string, (limit: number) => number>)[name])(within), [DUE, limit] as const)
}
