/**
 * The dev server's gatekeeper (a Vite plugin, installed for every `slidev`
 * dev server of this project by vite.config.ts). Slidev itself checks its
 * remote password only in the browser and lets anyone who reaches the server
 * edit the slides, so this guard decides every request, WebSocket upgrade and
 * WebSocket message on the server, and fails closed:
 *
 * - **This machine** is a client on a loopback address (127.0.0.0/8, ::1,
 *   ::ffff:127.0.0.0/104) that names the server by a local Host (`localhost`,
 *   `127.0.0.1`, `[::1]`) and comes through no proxy. It may do anything
 *   Slidev offers, except a write (POST, PUT, PATCH, DELETE; opening a file
 *   in the editor) sent from another site: an `Origin` that is not the
 *   server's own, or `Sec-Fetch-Site: cross-site`, gets 403.
 * - **Every other client** gets 403 when no remote password is set, and the
 *   server then listens on 127.0.0.1 only, whatever host Slidev was given.
 * - With a password, another client brings it once as `?password=…` and gets
 *   a cookie (an HMAC token under a key made for this run, so cookies from an
 *   earlier run get 401). Without either: 401. Wrong passwords are slowed and
 *   after `LIMITS.failures` of them refused for `LIMITS.lockMs` (429); each
 *   refusal is logged with the address, never with the guess.
 * - An authenticated remote client can view and follow: GET and HEAD, the
 *   HMR WebSocket (its messages to the server are dropped, except keep-alive
 *   pings and module invalidation), and the presenter sync (POST
 *   /@server-reactive/nav, which moves the slide and the timer; its body is
 *   checked). Anything else (other POSTs such as /__slidev/slides/N.json,
 *   drawings and snapshots, /__mcp, /__open-in-editor, Slidev's file-writing
 *   WebSocket events) gets 403.
 */
import type { IncomingMessage, Server } from 'node:http'
import type { Duplex } from 'node:stream'
import type { Connect, Plugin } from 'vite'
import { Buffer } from 'node:buffer'
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { isIPv4, isIPv6 } from 'node:net'
import { posix } from 'node:path'
import { Readable } from 'node:stream'

export const REMOTE_COOKIE = 'course_remote'

export const LIMITS = {
  /** Wrong passwords from one address before it is refused for a while. */
  failures: 5,
  /** How long an address is refused (429) after too many wrong passwords. */
  lockMs: 60_000,
  /** Wrong passwords older than this are forgotten. */
  windowMs: 15 * 60_000,
  /** Each wrong password is answered this much later, times the failures so far. */
  slowMs: 200,
  /** Addresses remembered at most (oldest forgotten first). */
  addresses: 10_000,
  /** The largest presenter-sync body a remote client may send. */
  syncBodyBytes: 64 * 1024,
}

/** The shortest remote password the guard accepts. */
export const MIN_PASSWORD_LENGTH = 12

/** The presenter/audience sync: where Slidev's client posts the current slide and timer. */
export const SYNC_PATH = '/@server-reactive/nav'

// ---------------------------------------------------------------- addresses

/** An IPv6 address as eight 16-bit groups, or undefined if it is not one. */
function ipv6Groups(address: string): number[] | undefined {
  let text = address.split('%')[0].toLowerCase()
  if (!isIPv6(text))
    return undefined
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text)
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number)
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
  }
  const [head, tail] = text.split('::')
  const before = head ? head.split(':') : []
  const after = tail ? tail.split(':') : []
  const groups = tail === undefined ? before : [...before, ...Array.from<string>({ length: 8 - before.length - after.length }).fill('0'), ...after]
  return groups.map(g => Number.parseInt(g, 16))
}

/** The IPv4 address inside an IPv4-mapped IPv6 address (::ffff:a.b.c.d). */
function mappedIPv4(groups: number[]): string | undefined {
  if (groups.slice(0, 5).every(g => g === 0) && groups[5] === 0xFFFF)
    return [groups[6] >> 8, groups[6] & 0xFF, groups[7] >> 8, groups[7] & 0xFF].join('.')
  return undefined
}

/**
 * A peer on this machine: 127.0.0.0/8, ::1, or 127.x mapped into IPv6.
 * Nothing else, in particular not any address that merely starts with `::`.
 */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address)
    return false
  if (isIPv4(address))
    return address.split('.')[0] === '127'
  const groups = ipv6Groups(address)
  if (!groups)
    return false
  if (groups.slice(0, 7).every(g => g === 0) && groups[7] === 1)
    return true
  return mappedIPv4(groups)?.split('.')[0] === '127'
}

/** The Host header names this machine: localhost, 127.0.0.1 or [::1], with any port. */
export function isLocalHost(host: string | undefined): boolean {
  return /^(?:localhost|127\.0\.0\.1|\[::1\])(?::\d{1,5})?$/i.test(host ?? '')
}

/** A hostname or address to listen on that only this machine can reach. */
export function isLoopbackHostname(host: string): boolean {
  return host.toLowerCase() === 'localhost' || isLoopbackAddress(host.replace(/^\[|\]$/g, ''))
}

/**
 * Whose failures count together: an IPv4 address (also when it arrives
 * mapped into IPv6), or an IPv6 address's /64, which one machine can fill
 * with addresses of its own.
 */
export function clientKey(address: string | undefined): string {
  if (!address)
    return 'unknown'
  if (isIPv4(address))
    return address
  const groups = ipv6Groups(address)
  if (!groups)
    return address
  return mappedIPv4(groups) ?? `${groups.slice(0, 4).map(g => g.toString(16)).join(':')}::/64`
}

const PROXY_HEADERS = ['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-real-ip', 'via']

/** A request from this machine, naming it by a local Host, not relayed by a proxy. */
export function isFromThisMachine(req: IncomingMessage): boolean {
  return isLoopbackAddress(req.socket.remoteAddress)
    && isLocalHost(req.headers.host)
    && !PROXY_HEADERS.some(h => req.headers[h] !== undefined)
}

// ---------------------------------------------------------------- decisions

export type Status = 400 | 401 | 403 | 413 | 429

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
  | {
    allowed: false
    status: Status
    reason: string
    /** Seconds until the address may try again (429). */
    retryAfter?: number
    /** Answer this much later (a wrong password). */
    delayMs?: number
  }

export interface GuardOptions {
  /** The remote screen's password; none: other machines get 403. */
  password?: string
  /** The run's key for cookie tokens (default: one per process). */
  key?: Buffer
  now?: () => number
  /** Failed attempts by client (default: one table per process, kept across server restarts). */
  attempts?: Map<string, Attempts>
  /** Where refusals are reported (default: the console). */
  log?: (line: string) => void
}

export interface Gate {
  request: (req: IncomingMessage) => Verdict
  upgrade: (req: IncomingMessage) => Verdict
}

// One key per process, kept across re-evaluations of this module: Slidev
// re-creates the Vite server (re-reading vite.config.ts) on a config change,
// and the cookies already given out should stay valid; a new run makes a
// new key, and the old cookies are worthless.
const KEY_SLOT = Symbol.for('course.remote-guard.key')
const ATTEMPTS_SLOT = Symbol.for('course.remote-guard.attempts')

function processSlot<T>(slot: symbol, create: () => T): T {
  const slots = globalThis as unknown as Record<symbol, T | undefined>
  return slots[slot] ??= create()
}

export interface Attempts {
  failures: number
  firstFailure: number
  lockedUntil: number
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
/** GET endpoints that act on this machine (Vite opens the file in the editor). */
const ACTING_GET = /^\/__open-in-editor(?:\/|$)/
/** Of Slidev's internal endpoints (/__…), what a remote screen reads: a slide's notes. */
const REMOTE_READABLE = /^\/__slidev\/slides\/\d+\.json$/
/** The WebSocket protocols of Vite's HMR channel (which carries the sync to the clients) and its ping. */
const HMR_PROTOCOLS = new Set(['vite-hmr', 'vite-ping'])

const REFUSALS: Record<Status, string> = {
  400: 'Bad request.',
  401: 'This presentation answers other machines only with the remote password: open the URL with ?password=… that the presenter gave you.',
  403: 'Refused.',
  413: 'Request body too large.',
  429: 'Too many wrong passwords from this address: wait, then try again.',
}

export function refusalText(verdict: Extract<Verdict, { allowed: false }>): string {
  return `${REFUSALS[verdict.status]} (${verdict.reason})\n`
}

/** The request target's path and query, as a server reads them (origin-form, or absolute-form from a proxy). */
function splitTarget(url: string | undefined): { path: string, query: string } | undefined {
  let target = url ?? '/'
  if (!target.startsWith('/')) {
    try {
      const absolute = new URL(target)
      target = `${absolute.pathname}${absolute.search}`
    }
    catch {
      return undefined
    }
  }
  const [path, ...query] = target.split('#')[0].split('?')
  return { path, query: query.join('?') }
}

function pathOf(url: string | undefined): string | undefined {
  const target = splitTarget(url)
  if (!target)
    return undefined
  try {
    // Decoded, repeated slashes folded and dot segments resolved, so that
    // /%5F_mcp, //__mcp or /x/../__mcp are judged as what a server might
    // read them as.
    return posix.normalize(decodeURIComponent(target.path).replace(/\\/g, '/'))
  }
  catch {
    return undefined
  }
}

function passwordIn(url: string | undefined): string | undefined {
  const target = splitTarget(url)
  return target ? new URLSearchParams(target.query).get('password') ?? undefined : undefined
}

function withoutPassword(url: string | undefined): string {
  const target = splitTarget(url) ?? { path: '/', query: '' }
  const query = new URLSearchParams(target.query)
  query.delete('password')
  const rest = query.toString()
  const search = rest ? `?${rest}` : ''
  // Never `//host/…`: that would send the browser to another site.
  return `/${target.path.replace(/^[/\\]+/, '')}${search}`
}

function cookieIn(header = ''): string | undefined {
  for (const part of header.split(';')) {
    const [name, ...value] = part.trim().split('=')
    if (name === REMOTE_COOKIE)
      return value.join('=')
  }
  return undefined
}

/** Why a write (or an acting GET) comes from another site, if it does. */
function crossSite(req: IncomingMessage, acting: boolean): string | undefined {
  const site = req.headers['sec-fetch-site']
  if (site === 'cross-site')
    return 'a change requested by another site (Sec-Fetch-Site: cross-site)'
  if (acting && site !== undefined && site !== 'same-origin' && site !== 'none')
    return `an action requested by another page (Sec-Fetch-Site: ${site})`
  const origin = req.headers.origin
  if (origin !== undefined) {
    let originHost: string | undefined
    try {
      originHost = new URL(origin).host
    }
    catch {}
    if (!originHost || originHost.toLowerCase() !== (req.headers.host ?? '').toLowerCase())
      return `a change requested by another origin (Origin ${origin.slice(0, 100)} is not this server)`
  }
  return undefined
}

export function createGate(options: GuardOptions = {}): Gate {
  const { password, now = Date.now, log = (line: string) => console.warn(`[remote-guard] ${line}`) } = options
  if (password !== undefined && password.length < MIN_PASSWORD_LENGTH)
    throw new Error(`The remote password must have at least ${MIN_PASSWORD_LENGTH} characters.`)
  const key = options.key ?? processSlot(KEY_SLOT, () => randomBytes(32))
  const attempts = options.attempts ?? processSlot(ATTEMPTS_SLOT, () => new Map<string, Attempts>())
  const mac = (purpose: string, value: string) => createHmac('sha256', key).update(`${purpose}\0${value}`).digest()
  // Both sides are HMACs of the same length: timingSafeEqual needs that, and
  // the comparison then tells nothing about the secret's length either.
  const matches = (purpose: string, candidate: string, secret: Buffer) => timingSafeEqual(mac(purpose, candidate), secret)
  const passwordMac = password ? mac('password', password) : undefined
  const token = password ? mac('cookie', password).toString('base64url') : undefined
  const tokenMac = token ? mac('token', token) : undefined
  const cookie = `${REMOTE_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict`

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
    if (quietLog.size > LIMITS.addresses)
      quietLog.delete(quietLog.keys().next().value!)
  }

  const attemptsOf = (id: string): Attempts => {
    let entry = attempts.get(id)
    if (entry && entry.lockedUntil <= now() && now() - entry.firstFailure > LIMITS.windowMs)
      entry = undefined
    if (!entry) {
      entry = { failures: 0, firstFailure: now(), lockedUntil: 0 }
      attempts.set(id, entry)
      if (attempts.size > LIMITS.addresses)
        attempts.delete(attempts.keys().next().value!)
    }
    return entry
  }

  const deny = (status: Status, reason: string, extra: { retryAfter?: number, delayMs?: number } = {}): Verdict => ({ allowed: false, status, reason, ...extra })

  /** Who the client is: this machine; or another that brings the password or cookie. */
  const authenticate = (req: IncomingMessage, address: string, navigation: boolean): Verdict => {
    if (!password) {
      report(address, 'refused (403): no remote password is set, so only this machine may connect')
      return deny(403, 'the presenter has not shared this presentation: no remote password is set')
    }
    const carried = cookieIn(req.headers.cookie)
    if (carried !== undefined && matches('token', carried, tokenMac!))
      return { allowed: true, client: 'remote' }

    const id = clientKey(address)
    const entry = attempts.get(id)
    if (entry && entry.lockedUntil > now()) {
      const retryAfter = Math.ceil((entry.lockedUntil - now()) / 1000)
      report(address, `refused (429): locked out for another ${retryAfter} s after ${LIMITS.failures} wrong passwords`, 'locked out')
      return deny(429, `too many wrong passwords from ${address}; try again in ${retryAfter} s`, { retryAfter })
    }
    const given = passwordIn(req.url)
    if (given !== undefined) {
      if (matches('password', given, passwordMac!)) {
        attempts.delete(id)
        return { allowed: true, client: 'remote', setCookie: cookie, redirect: navigation ? withoutPassword(req.url) : undefined }
      }
      const failed = attemptsOf(id)
      if (failed.failures === 0)
        failed.firstFailure = now()
      failed.failures++
      const delayMs = LIMITS.slowMs * failed.failures
      if (failed.failures >= LIMITS.failures) {
        failed.lockedUntil = now() + LIMITS.lockMs
        failed.failures = 0
        log(`${address}: wrong password (${LIMITS.failures} of ${LIMITS.failures}); further attempts refused for ${LIMITS.lockMs / 1000} s (429)`)
      }
      else {
        log(`${address}: wrong password (${failed.failures} of ${LIMITS.failures})`)
      }
      return deny(401, 'wrong password', { delayMs })
    }
    // A stale cookie (an earlier run's) is not a guess: a browser sends it with
    // every request until the password is given again.
    return deny(401, carried === undefined ? 'no password' : 'the cookie is from an earlier run or forged')
  }

  const request = (req: IncomingMessage): Verdict => {
    const address = req.socket.remoteAddress ?? 'unknown'
    const path = pathOf(req.url)
    if (path === undefined)
      return deny(400, 'malformed URL')
    const method = (req.method ?? 'GET').toUpperCase()
    const acting = ACTING_GET.test(path)
    if (WRITE_METHODS.has(method) || acting) {
      const why = crossSite(req, acting)
      if (why) {
        report(address, `refused (403) ${method} ${path}: ${why}`)
        return deny(403, why)
      }
    }
    if (isFromThisMachine(req))
      return { allowed: true, client: 'local' }

    const navigation = method === 'GET' && (req.headers['sec-fetch-dest'] === 'document' || /text\/html/.test(req.headers.accept ?? ''))
    const who = authenticate(req, address, navigation)
    if (!who.allowed)
      return who

    // What another machine may do: view and follow.
    if (path.startsWith('/__') && !(REMOTE_READABLE.test(path) && (method === 'GET' || method === 'HEAD'))) {
      report(address, `refused (403) ${method} ${path}: not for a remote screen`)
      return deny(403, `a remote screen can view the presentation, not use ${path.split('/').slice(0, 2).join('/')}`)
    }
    if (method === 'GET' || method === 'HEAD')
      return who
    if (method === 'POST' && path === SYNC_PATH)
      return { ...who, checkSyncBody: true }
    report(address, `refused (403) ${method} ${path}: a remote screen only views`)
    return deny(403, `a remote screen can view the presentation, not change it (${method} ${path})`)
  }

  const upgrade = (req: IncomingMessage): Verdict => {
    const address = req.socket.remoteAddress ?? 'unknown'
    const path = pathOf(req.url)
    if (path === undefined)
      return deny(400, 'malformed URL')
    // A browser names the page that opens a WebSocket: only this server's own.
    const why = crossSite(req, false)
    if (why) {
      report(address, `refused (403) WebSocket: ${why}`)
      return deny(403, why)
    }
    if (isFromThisMachine(req))
      return { allowed: true, client: 'local' }
    const who = authenticate(req, address, false)
    if (!who.allowed)
      return who
    const protocol = String(req.headers['sec-websocket-protocol'] ?? '')
    if (!HMR_PROTOCOLS.has(protocol) || path !== '/') {
      report(address, `refused (403) WebSocket ${path} (${protocol || 'no protocol'}): not for a remote screen`)
      return deny(403, 'a remote screen may open only the presentation\'s sync WebSocket')
    }
    return { ...who, setCookie: undefined }
  }

  return { request, upgrade }
}

// ------------------------------------------------------------ remote writes

/** Messages a remote screen may send on the HMR WebSocket: keep-alive and module invalidation. */
export function remoteMessageAllowed(raw: unknown): { allowed: boolean, event: string } {
  let parsed: { type?: unknown, event?: unknown } | undefined
  try {
    parsed = JSON.parse(String(raw))
  }
  catch {}
  if (parsed?.type === 'ping')
    return { allowed: true, event: 'ping' }
  const event = parsed?.type === 'custom' && typeof parsed.event === 'string' ? parsed.event : String(parsed?.type ?? 'unreadable')
  return { allowed: event === 'vite:invalidate', event }
}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype'])

/**
 * The presenter sync's body as a remote screen may send it: JSON of
 * `{ source, data | patch, timestamp }` whose keys cannot reach an object's
 * prototype (vite-plugin-vue-server-ref merges patches key by key).
 */
export function checkSyncBody(body: string): string | undefined {
  let forbidden: string | undefined
  let parsed: unknown
  try {
    parsed = JSON.parse(body, (key, value) => {
      if (FORBIDDEN_KEYS.has(key))
        forbidden = key
      return value
    })
  }
  catch {
    return 'the body is not JSON'
  }
  if (forbidden)
    return `the body names "${forbidden}"`
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    return 'the body is not an object'
  const extra = Object.keys(parsed).filter(k => !['source', 'data', 'patch', 'timestamp'].includes(k))
  if (extra.length)
    return `unexpected field(s) ${extra.join(', ')}`
  return undefined
}

/** Reads the body (up to `limit` bytes), then hands the same bytes to whoever reads the request next. */
function takeBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too large'> {
  const declared = Number(req.headers['content-length'] ?? Number.NaN)
  if (declared > limit)
    return Promise.resolve('too large')
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        req.off('data', onData)
        req.pause()
        resolve('too large')
        return
      }
      chunks.push(chunk)
    }
    req.on('data', onData)
    req.once('error', reject)
    req.once('end', () => {
      const body = Buffer.concat(chunks)
      // The request stream is spent: the next reader gets a copy of it.
      const copy = Readable.from(body.length ? [body] : [])
      for (const method of ['on', 'once', 'addListener', 'prependListener', 'removeListener', 'off', 'pipe', 'unpipe', 'read', 'resume', 'pause', 'setEncoding', 'isPaused'] as const)
        Object.defineProperty(req, method, { value: (copy[method] as (...a: unknown[]) => unknown).bind(copy), configurable: true })
      Object.defineProperty(req, Symbol.asyncIterator, { value: copy[Symbol.asyncIterator].bind(copy), configurable: true })
      resolve(body)
    })
  })
}

// -------------------------------------------------------------- the plugin

interface WebSocketLike {
  emit: (event: string | symbol, ...args: unknown[]) => boolean
}

function refuseUpgrade(socket: Duplex, verdict: Extract<Verdict, { allowed: false }>) {
  const body = refusalText(verdict)
  const reasons: Record<Status, string> = { 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 413: 'Payload Too Large', 429: 'Too Many Requests' }
  socket.on('error', () => {})
  // The same way the ws library aborts a handshake: answer, then close.
  socket.once('finish', () => socket.destroy())
  const send = () => socket.end([
    `HTTP/1.1 ${verdict.status} ${reasons[verdict.status]}`,
    'Content-Type: text/plain; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    ...(verdict.retryAfter ? [`Retry-After: ${verdict.retryAfter}`] : []),
    'Connection: close',
    '',
    body,
  ].join('\r\n'))
  if (verdict.delayMs)
    setTimeout(send, verdict.delayMs).unref()
  else
    send()
}

/**
 * Runs the gate before every 'upgrade' listener of the server, whenever it
 * was added: Vite adds its HMR listener before plugins run, a proxy's after.
 * A refused upgrade never reaches them.
 */
function guardUpgrades(httpServer: Server, gate: Gate) {
  const emit = httpServer.emit
  httpServer.emit = function (this: Server, event: string | symbol, ...args: unknown[]) {
    if (event === 'upgrade') {
      const [req, socket] = args as [IncomingMessage, Duplex]
      const verdict = gate.upgrade(req)
      if (!verdict.allowed) {
        refuseUpgrade(socket, verdict)
        return true
      }
    }
    return Reflect.apply(emit, this, [event, ...args]) as boolean
  } as Server['emit']
}

/** Drops what a remote screen sends on its WebSocket, except keep-alive and invalidation. */
function restrictMessages(ws: WebSocketLike, address: string, log: (line: string) => void) {
  const emit = ws.emit
  const dropped = new Set<string>()
  ws.emit = function (this: WebSocketLike, event: string | symbol, ...args: unknown[]) {
    if (event === 'message') {
      const { allowed, event: name } = remoteMessageAllowed(args[0])
      if (!allowed) {
        if (!dropped.has(name)) {
          dropped.add(name)
          log(`${address}: dropped WebSocket message "${name.slice(0, 80)}" (a remote screen only views)`)
        }
        return false
      }
    }
    return Reflect.apply(emit, this, [event, ...args]) as boolean
  }
}

function send(res: Parameters<Connect.NextHandleFunction>[1], verdict: Extract<Verdict, { allowed: false }>) {
  const respond = () => {
    if (res.headersSent || res.writableEnded)
      return
    res.writeHead(verdict.status, {
      'Content-Type': 'text/plain; charset=utf-8',
      'Cache-Control': 'no-store',
      ...(verdict.retryAfter ? { 'Retry-After': String(verdict.retryAfter) } : {}),
    })
    res.end(refusalText(verdict))
  }
  if (verdict.delayMs)
    setTimeout(respond, verdict.delayMs).unref()
  else
    respond()
}

/**
 * The guard as a Vite plugin. `password` undefined or empty: only this
 * machine is answered, and the server is kept on 127.0.0.1.
 */
export function remoteGuard(password?: string, options: Omit<GuardOptions, 'password'> = {}): Plugin {
  const log = options.log ?? ((line: string) => console.warn(`[remote-guard] ${line}`))
  const gate = createGate({ ...options, password: password || undefined, log })

  const guard: Connect.NextHandleFunction = (req, res, next) => {
    const verdict = gate.request(req)
    if (!verdict.allowed)
      return send(res, verdict)
    if (verdict.setCookie)
      res.setHeader('Set-Cookie', verdict.setCookie)
    if (verdict.redirect) {
      res.writeHead(303, { 'Location': verdict.redirect, 'Cache-Control': 'no-store' })
      res.end()
      return
    }
    if (!verdict.checkSyncBody)
      return next()
    takeBody(req, LIMITS.syncBodyBytes).then((body) => {
      const problem = body === 'too large' ? 'too large' : checkSyncBody(body.toString('utf8'))
      if (problem) {
        log(`${req.socket.remoteAddress}: refused presenter sync: ${problem}`)
        return send(res, { allowed: false, status: problem === 'too large' ? 413 : 400, reason: `presenter sync: ${problem}` })
      }
      next()
    }, next)
  }

  return {
    name: 'course:remote-guard',
    apply: 'serve',
    enforce: 'pre',
    config: {
      // After every other plugin: whatever host Slidev or a config chose.
      order: 'post',
      handler(config) {
        const host = config.server?.host
        if (password || host === undefined || (typeof host === 'string' && isLoopbackHostname(host)))
          return
        log(`no remote password: listening on 127.0.0.1 only (not ${host === true ? 'every interface' : String(host)})`)
        return { server: { host: '127.0.0.1' } }
      },
    },
    configureServer(server) {
      // First in the stack, ahead of Vite's own middlewares (CORS, host check)
      // and of any plugin's.
      server.middlewares.stack.unshift({ route: '', handle: guard })
      if (server.httpServer)
        guardUpgrades(server.httpServer as Server, gate)
      // Vite hands the upgrade's request to 'connection' listeners; without
      // it, a socket counts as remote.
      server.ws.on('connection', (ws: WebSocketLike, req?: IncomingMessage) => {
        if (!req || !isFromThisMachine(req))
          restrictMessages(ws, req?.socket.remoteAddress ?? 'unknown', log)
      })
    },
  }
}
