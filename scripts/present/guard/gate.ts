/**
 * The guard's decision on one request or WebSocket upgrade, in this order,
 * each step on the same view of the request (./target.ts):
 *
 * 1. The request target must be canonical: else 400, for every client.
 * 2. It must not come from another origin (./origin.ts): else 403, reads
 *    as well as writes, for every client; page navigations excepted.
 * 3. This machine (./addresses.ts) may then do anything Slidev offers.
 * 4. Another machine: 403 without a remote password; else it must bring the
 *    password or its cookie (./password.ts): 401, or 429 after guessing.
 * 5. A remote screen may do what the allow-list (./allow-list.ts) names:
 *    GET and HEAD of what a view needs, the presenter sync's POST at its
 *    exact path (its body checked by the plugin), the HMR WebSocket at `/`.
 *    Everything else: 403, logged.
 */
import type { Buffer } from 'node:buffer'
import type { IncomingMessage } from 'node:http'
import type { AllowList } from './allow-list'
import type { Attempts, Refusal, Status } from './password'
import { join } from 'node:path'
import { ROOT } from '../../shared/project'
import { isFromThisMachine } from './addresses'
import { createAllowList } from './allow-list'
import { foreignOrigin } from './origin'
import { createPasswordCheck } from './password'
import { canonicalTarget } from './target'

export type Verdict
  = | {
    allowed: true
    /** This machine, or another one (view only). */
    client: 'local' | 'remote'
    setCookie?: string
    /** Send the browser on to this URL (the same one without ?password=). */
    redirect?: string
    /** A remote presenter-sync post: read and check its body first. */
    checkSyncBody?: boolean
  }
  | Refusal

export interface GuardOptions {
  /** The remote password; none: this machine only. */
  password?: string
  /** The HMAC key (default: one per process). */
  key?: Buffer
  now?: () => number
  attempts?: Map<string, Attempts>
  log?: (line: string) => void
  /** The project, whose deck folders a remote screen may read (default: this project). */
  root?: string
  /** The folder served at `/` (default: <root>/public). */
  publicDir?: string
  /** The allow-list itself (default: made from root and publicDir). */
  allowList?: AllowList
}

export interface Gate {
  request: (req: IncomingMessage) => Verdict
  upgrade: (req: IncomingMessage) => Verdict
}

/** The WebSocket protocols of Vite's HMR channel (which carries the sync to the clients) and its ping. */
const HMR_PROTOCOLS = new Set(['vite-hmr', 'vite-ping'])

const REFUSALS: Record<Status, string> = {
  400: 'Bad request.',
  401: 'This presentation answers other machines only with the remote password: open the URL with ?password=… that the presenter gave you.',
  403: 'Refused.',
  413: 'Request body too large.',
  429: 'Too many wrong passwords from this address: wait, then try again.',
}

export function refusalText(verdict: Refusal): string {
  return `${REFUSALS[verdict.status]} (${verdict.reason})\n`
}

/** A request target as it may go into a log line: printable, short. */
export function printable(text: string | undefined, max = 120): string {
  const clean = (text ?? '').replace(/[^\x20-\x7E]/g, c => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
  return clean.length > max ? `${clean.slice(0, max)}…` : clean
}

export function createGate(options: GuardOptions = {}): Gate {
  const { password, now = Date.now, log = (line: string) => console.warn(`[remote-guard] ${line}`) } = options
  const root = options.root ?? ROOT
  const allow = options.allowList ?? createAllowList({ root, publicDir: options.publicDir ?? join(root, 'public') })

  /** Logs one line per address and kind at most every 10 s, with a count of the others. */
  const quietLog = new Map<string, { last: number, unlogged: number }>()
  const report = (address: string, what: string, kind = what) => {
    const id = `${address}\0${kind}`
    const entry = quietLog.get(id) ?? { last: 0, unlogged: 0 }
    if (now() - entry.last < 10_000) {
      entry.unlogged++
    }
    else {
      log(`${address}: ${what}${entry.unlogged ? ` (and ${entry.unlogged} more since the last report)` : ''}`)
      entry.last = now()
      entry.unlogged = 0
    }
    quietLog.delete(id)
    quietLog.set(id, entry)
    if (quietLog.size > 10_000)
      quietLog.delete(quietLog.keys().next().value!)
  }
  const authenticate = password ? createPasswordCheck({ password, key: options.key, now, attempts: options.attempts, log, report }) : undefined

  const deny = (status: Status, reason: string): Refusal => ({ allowed: false, status, reason })

  /** Steps 1 to 4: the target, the origin, who the client is. */
  const admit = (req: IncomingMessage, method: string, navigation: boolean) => {
    const address = req.socket.remoteAddress ?? 'unknown'
    const canonical = canonicalTarget(req.url)
    if (!canonical.ok) {
      report(address, `refused (400) ${method} ${printable(req.url)}: ${canonical.problem}`, `400 ${canonical.problem}`)
      return { verdict: deny(400, `the request target is not in canonical form: ${canonical.problem}`) }
    }
    const { target } = canonical
    const foreign = foreignOrigin(req, target.path)
    if (foreign) {
      report(address, `refused (403) ${method} ${printable(target.path)}: ${foreign}`, `403 ${foreign}`)
      return { verdict: deny(403, foreign) }
    }
    if (isFromThisMachine(req))
      return { verdict: { allowed: true, client: 'local' } as Verdict }
    if (!authenticate) {
      report(address, 'refused (403): no remote password is set, so only this machine may connect')
      return { verdict: deny(403, 'the presenter has not shared this presentation: no remote password is set') }
    }
    const who = authenticate(req, address, target, navigation)
    return who.allowed ? { verdict: who as Verdict, target, address } : { verdict: who }
  }

  const request = (req: IncomingMessage): Verdict => {
    const method = (req.method ?? 'GET').toUpperCase()
    const navigation = method === 'GET' && (req.headers['sec-fetch-dest'] === 'document' || /text\/html/.test(req.headers.accept ?? ''))
    const { verdict, target, address } = admit(req, method, navigation)
    if (!verdict.allowed || verdict.client === 'local' || !target)
      return verdict
    // Step 5: what a remote screen may do.
    if ((method === 'GET' || method === 'HEAD') && allow.read(target.path))
      return verdict
    if (method === 'POST' && allow.post(req.url ?? ''))
      return { ...verdict, setCookie: undefined, checkSyncBody: true }
    report(address!, `refused (403) ${method} ${printable(target.path)}: not for a remote screen`)
    return deny(403, `a remote screen can view the presentation, not ${method === 'GET' || method === 'HEAD' ? 'read' : 'change'} ${printable(target.path, 60)}`)
  }

  const upgrade = (req: IncomingMessage): Verdict => {
    const { verdict, target, address } = admit(req, 'WebSocket', false)
    if (!verdict.allowed || verdict.client === 'local' || !target)
      return verdict
    const protocol = String(req.headers['sec-websocket-protocol'] ?? '')
    if (!HMR_PROTOCOLS.has(protocol) || target.path !== '/') {
      report(address!, `refused (403) WebSocket ${printable(target.path)} (${printable(protocol, 40) || 'no protocol'}): not for a remote screen`)
      return deny(403, 'a remote screen may open only the presentation\'s sync WebSocket')
    }
    return { ...verdict, setCookie: undefined, redirect: undefined }
  }

  return { request, upgrade }
}
