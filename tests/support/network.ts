/**
 * The network as a learner off-line has it: every request that is not to the
 * local test server (loopback) is aborted before it leaves, and recorded, so
 * a test can assert that nothing was even attempted. Failed requests and
 * console errors are recorded too.
 */
import type { BrowserContext, Page } from '@playwright/test'

export interface NetworkWatch {
  /** Requests that would have left the machine (aborted). */
  offMachine: string[]
  /** Requests that failed or answered 4xx/5xx. */
  failed: string[]
  /** Console errors and uncaught page errors. */
  errors: string[]
}

const LOOPBACK = /^(?:https?|wss?):\/\/(?:127(?:\.\d{1,3}){3}|localhost|\[::1\])(?::\d+)?\//

/** Blocks everything but loopback (and data:/blob:) for all pages of `context`, and records. */
export async function blockOffMachine(context: BrowserContext): Promise<NetworkWatch> {
  const watch: NetworkWatch = { offMachine: [], failed: [], errors: [] }
  await context.route('**/*', (route) => {
    const url = route.request().url()
    if (LOOPBACK.test(url) || url.startsWith('data:') || url.startsWith('blob:'))
      return route.continue()
    watch.offMachine.push(url)
    return route.abort('internetdisconnected')
  })
  context.on('requestfailed', (r) => {
    // A navigation cancels the previous page's pending loads, and Chromium
    // cancels loads when the machine's interfaces change (other test servers
    // come and go on loopback aliases): neither is a failure of the site.
    const error = r.failure()?.errorText ?? ''
    if (error !== 'net::ERR_ABORTED' && error !== 'net::ERR_NETWORK_CHANGED')
      watch.failed.push(`${error}: ${r.url()}`)
  })
  context.on('response', (r) => {
    if (r.status() >= 400)
      watch.failed.push(`HTTP ${r.status()}: ${r.url()}`)
  })
  const onPage = (page: Page) => {
    page.on('console', (m) => {
      if (m.type() === 'error')
        watch.errors.push(m.text().slice(0, 300))
    })
    page.on('pageerror', e => watch.errors.push(`uncaught: ${e.message.slice(0, 300)}`))
  }
  context.pages().forEach(onPage)
  context.on('page', onPage)
  return watch
}
