/**
 * The guard as a Vite plugin, installed by vite.config.ts in every dev server
 * of this project: first in the middleware stack (ahead of Vite's own and
 * every plugin's), before every 'upgrade' listener, and on every remote
 * WebSocket's messages. It also keeps the server on 127.0.0.1 without a
 * password, and grants CORS to no other origin (`server.cors: false`).
 */
import type { IncomingMessage, Server } from 'node:http'
import type { Duplex } from 'node:stream'
import type { Connect, Plugin } from 'vite'
import type { Gate, GuardOptions } from './gate'
import type { Refusal, Status } from './password'
import { Buffer } from 'node:buffer'
import { isFromThisMachine, isLoopbackHostname } from './addresses'
import { remoteMessageAllowed } from './allow-list'
import { createGate, printable, refusalText } from './gate'
import { LIMITS } from './password'
import { checkSyncBody, takeBody } from './sync-body'

interface WebSocketLike {
  emit: (event: string | symbol, ...args: unknown[]) => boolean
}

function refuseUpgrade(socket: Duplex, verdict: Refusal) {
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

/**
 * Runs the guard on every request the server receives, before any 'request'
 * listener (Vite's connect app): connect would skip a middleware whose path
 * does not begin with `/` or `.` (a target such as `*x`), so the guard does
 * not sit in its stack but in front of it.
 */
function guardRequests(httpServer: Server, guard: Connect.NextHandleFunction) {
  const emit = httpServer.emit
  httpServer.emit = function (this: Server, event: string | symbol, ...args: unknown[]) {
    if (event !== 'request')
      return Reflect.apply(emit, this, [event, ...args]) as boolean
    const [req, res] = args as Parameters<Connect.NextHandleFunction>
    guard(req, res, () => Reflect.apply(emit, this, [event, ...args]))
    return true
  } as Server['emit']
}

/** Drops what a remote screen sends on its WebSocket, except what allow-list.ts lets through. */
function restrictMessages(ws: WebSocketLike, address: string, log: (line: string) => void) {
  const emit = ws.emit
  const dropped = new Set<string>()
  ws.emit = function (this: WebSocketLike, event: string | symbol, ...args: unknown[]) {
    if (event === 'message') {
      const { allowed, event: name } = remoteMessageAllowed(args[0])
      if (!allowed) {
        if (!dropped.has(name)) {
          dropped.add(name)
          log(`${address}: dropped WebSocket message "${printable(name, 80)}" (a remote screen only views)`)
        }
        return false
      }
    }
    return Reflect.apply(emit, this, [event, ...args]) as boolean
  }
}

function send(res: Parameters<Connect.NextHandleFunction>[1], verdict: Refusal) {
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
        // CORS for no other origin: this server's own pages need none.
        const server: { cors: false, host?: string } = { cors: false }
        const host = config.server?.host
        if (!password && host !== undefined && !(typeof host === 'string' && isLoopbackHostname(host))) {
          log(`no remote password: listening on 127.0.0.1 only (not ${host === true ? 'every interface' : String(host)})`)
          server.host = '127.0.0.1'
        }
        return { server }
      },
    },
    configureServer(server) {
      // Ahead of Vite's own middlewares (CORS, host check) and of any
      // plugin's: in front of the server's request listeners, or, in
      // middleware mode (no server of its own), first in the stack.
      if (server.httpServer) {
        guardRequests(server.httpServer as Server, guard)
        guardUpgrades(server.httpServer as Server, gate)
      }
      else {
        server.middlewares.stack.unshift({ route: '', handle: guard })
      }
      // Vite hands the upgrade's request to 'connection' listeners; without
      // it, a socket counts as remote.
      server.ws.on('connection', (ws: WebSocketLike, req?: IncomingMessage) => {
        if (!req || !isFromThisMachine(req))
          restrictMessages(ws, req?.socket.remoteAddress ?? 'unknown', log)
      })
    },
  }
}
