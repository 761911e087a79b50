/**
 * Slidev's remote mode checks its password only in the browser, while the
 * dev server answers anyone on the network (and serves the password itself
 * in the #slidev/configs module). This Vite plugin makes the server refuse
 * pages, modules and WebSocket upgrades (Vite HMR, which also carries the
 * presenter/audience sync) from other machines that lack the password.
 *
 * The machine itself is always let in. Another machine brings the password
 * as `?password=…` (the URL Slidev's remote mode gives out) and gets a cookie
 * with a token derived from it, which its later requests carry.
 */
import type { IncomingMessage, Server } from 'node:http'
import type { Duplex } from 'node:stream'
import type { Connect, Plugin } from 'vite'
import { Buffer } from 'node:buffer'
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'

export const REMOTE_COOKIE = 'course_remote'

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1'])

const REFUSAL = 'This presentation only answers other machines that give the remote password: open the URL with ?password=… that the presenter gave you.\n'

// One key per process, kept across re-evaluations of this module: Slidev
// re-creates the Vite server (re-reading vite.config.ts) on a config change,
// and the cookies already given out should stay valid.
const KEY_SLOT = Symbol.for('course.remote-guard.key')

function processKey(): Buffer {
  const slots = globalThis as unknown as Record<symbol, Buffer | undefined>
  return slots[KEY_SLOT] ??= randomBytes(32)
}

export type Verdict
  = | { allowed: true, setCookie?: string }
    | { allowed: false, reason: string }

/** Decides for one request (page, module or upgrade) from its socket, URL and cookies. */
export function createRemoteGate(password: string): (req: IncomingMessage) => Verdict {
  if (!password)
    throw new Error('remoteGuard needs a non-empty password.')
  const key = processKey()
  const mac = (purpose: string, value: string) => createHmac('sha256', key).update(`${purpose}\0${value}`).digest()
  // Both sides are HMACs of the same length: timingSafeEqual needs that, and
  // the comparison then tells nothing about the secret's length either.
  const matches = (purpose: string, candidate: string, secret: Buffer) => timingSafeEqual(mac(purpose, candidate), secret)
  const passwordMac = mac('password', password)
  const token = mac('cookie', password).toString('base64url')
  const tokenMac = mac('token', token)
  const cookie = `${REMOTE_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict`

  return (req) => {
    if (LOOPBACK.has(req.socket.remoteAddress ?? ''))
      return { allowed: true }

    const given = passwordIn(req.url)
    if (given !== undefined) {
      if (matches('password', given, passwordMac))
        return { allowed: true, setCookie: cookie }
      return { allowed: false, reason: 'wrong password' }
    }
    const carried = cookieIn(req.headers.cookie)
    if (carried !== undefined && matches('token', carried, tokenMac))
      return { allowed: true }
    return { allowed: false, reason: carried === undefined ? 'no password' : 'stale or wrong cookie' }
  }
}

function passwordIn(url = '/'): string | undefined {
  try {
    return new URL(url, 'http://localhost').searchParams.get('password') ?? undefined
  }
  catch {
    return undefined
  }
}

function cookieIn(header = ''): string | undefined {
  for (const part of header.split(';')) {
    const [name, ...value] = part.trim().split('=')
    if (name === REMOTE_COOKIE)
      return value.join('=')
  }
  return undefined
}

function refuseUpgrade(socket: Duplex, reason: string) {
  const body = `${REFUSAL}(${reason})\n`
  socket.on('error', () => {})
  // The same way the ws library aborts a handshake: answer, then close.
  socket.once('finish', () => socket.destroy())
  socket.end([
    'HTTP/1.1 401 Unauthorized',
    'Content-Type: text/plain; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
    '',
    body,
  ].join('\r\n'))
}

/**
 * Runs the gate before every 'upgrade' listener of the server, whenever it
 * was added: Vite adds its HMR listener before plugins run, a proxy's after.
 * A refused upgrade never reaches them.
 */
function guardUpgrades(httpServer: Server, gate: (req: IncomingMessage) => Verdict) {
  const emit = httpServer.emit
  httpServer.emit = function (this: Server, event: string | symbol, ...args: unknown[]) {
    if (event === 'upgrade') {
      const [req, socket] = args as [IncomingMessage, Duplex]
      const verdict = gate(req)
      if (!verdict.allowed) {
        refuseUpgrade(socket, verdict.reason)
        return true
      }
    }
    return Reflect.apply(emit, this, [event, ...args]) as boolean
  } as Server['emit']
}

export function remoteGuard(password: string): Plugin {
  const gate = createRemoteGate(password)
  const guard: Connect.NextHandleFunction = (req, res, next) => {
    const verdict = gate(req)
    if (!verdict.allowed) {
      res.writeHead(401, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' })
      res.end(`${REFUSAL}(${verdict.reason})\n`)
      return
    }
    if (verdict.setCookie)
      res.setHeader('Set-Cookie', verdict.setCookie)
    next()
  }
  return {
    name: 'course:remote-guard',
    apply: 'serve',
    enforce: 'pre',
    configureServer(server) {
      // First in the stack, ahead of Vite's own middlewares (CORS, host check)
      // and of any plugin's.
      server.middlewares.stack.unshift({ route: '', handle: guard })
      if (server.httpServer)
        guardUpgrades(server.httpServer as Server, gate)
    },
  }
}
