/**
 * No cross-origin use of the server, from this machine or another: a request
 * that a page of another origin made (another site, or another port of
 * localhost, which browsers count as the same site) is refused, reads as
 * well as writes, so that a page of a second dev server, a notebook or
 * `python -m http.server` on this machine cannot read the project through the
 * dev server. The server grants CORS to no other origin either
 * (`server.cors: false`, set by the guard's plugin): a same-origin page needs
 * no CORS.
 *
 * What a browser says, and what follows:
 * - `Origin` (sent with every CORS request, POST and WebSocket): it must be
 *   `http://` and this server's own host (the Host header); `null` or
 *   anything else is refused.
 * - `Sec-Fetch-Site` (sent by current browsers with every request):
 *   `same-origin` and `none` (typed in, a bookmark) pass; `same-site` and
 *   `cross-site` are refused, except a top-level page navigation by GET or
 *   HEAD (`Sec-Fetch-Mode: navigate`, `Sec-Fetch-Dest: document`): a link
 *   from elsewhere opens the page in its own origin, which the other page
 *   cannot read. Acting GETs (opening a file in the editor) get no such
 *   exception.
 * - Neither header (a tool on this machine, curl, an MCP client): passes.
 */
import type { IncomingMessage } from 'node:http'

/** GET endpoints that act on this machine (Vite opens the file in the editor). */
export const ACTING_GET = /^\/__open-in-editor(?:\/|$)/

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name]
  return Array.isArray(value) ? value.join(',') : value
}

/** A top-level page load: what another site may start, but never read. */
export function isNavigation(req: IncomingMessage): boolean {
  const method = (req.method ?? 'GET').toUpperCase()
  return (method === 'GET' || method === 'HEAD')
    && header(req, 'sec-fetch-mode') === 'navigate'
    && header(req, 'sec-fetch-dest') === 'document'
}

/** Why the request comes from another origin than this server, if it does. */
export function foreignOrigin(req: IncomingMessage, path: string): string | undefined {
  const origin = header(req, 'origin')
  if (origin !== undefined) {
    let own = false
    try {
      const url = new URL(origin)
      own = url.protocol === 'http:' && url.origin === origin && url.host.toLowerCase() === (header(req, 'host') ?? '').toLowerCase()
    }
    catch {}
    if (!own)
      return `a request from another origin (Origin ${origin.slice(0, 100)} is not this server)`
  }
  const site = header(req, 'sec-fetch-site')
  if (site === undefined || site === 'same-origin' || site === 'none')
    return undefined
  if (isNavigation(req) && !ACTING_GET.test(path))
    return undefined
  return `a request made by a page of another ${site === 'same-site' ? 'origin on this site' : 'site'} (Sec-Fetch-Site: ${site.slice(0, 40)})`
}
