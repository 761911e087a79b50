/**
 * Teaching live without a remote password: `npm run present` (Slidev's dev
 * server, or the built site when the build is current) and Slidev started by
 * hand with options that would open it, all kept to this machine. These tests
 * run the real commands and the real servers, and ask them from another
 * machine: a network namespace joined to this one by a veth pair
 * (tests/support/netns.ts). Without root and iproute2 these tests fail,
 * saying so.
 */
import type { AddressInfo } from 'node:net'
import type { Namespace } from './support/netns'
import type { Running } from './support/present-server'
import http from 'node:http'
import { expect, test } from '@playwright/test'
import { lessonByNumber } from '../data/course'
import { localGate } from '../scripts/present/mode'
import { remoteGuard } from '../scripts/present/remote-guard'
import { basePathOf, entryOf } from '../scripts/shared/project'
import { startStaticServer } from '../scripts/shared/static-server'
import { withNamespace } from './support/netns'
import { freePort } from './support/ports'
import { askHere, isLoopbackListener, listeningOn, present, SLIDEV, start, THIS_MACHINE, withoutPassword } from './support/present-server'

// The servers run in this worker, one after the other, in this order.
test.describe.configure({ mode: 'default' })

const LESSON = 2 as const

let ns: Namespace
withNamespace(made => (ns = made))

// ------------------------------------------------------- without a password

test.describe('without a password', () => {
  let port: number
  let server: Running | undefined

  test.beforeAll(async () => {
    test.setTimeout(180_000)
    port = await freePort('::')
    // --edit: Slidev's dev server even when the lesson's build is current
    // (the built site is tests/present-mode.spec.ts's).
    server = await present([String(LESSON), '--edit', '--port', String(port)], withoutPassword(), { host: 'localhost', port })
  })

  test.afterAll(async () => {
    await server?.stop()
  })

  test('the server listens on loopback only (ss), another machine cannot connect, and the console says so', async () => {
    const addresses = listeningOn(port)
    expect(addresses.length).toBeGreaterThan(0)
    expect(addresses.filter(a => !isLoopbackListener(a)), `listening on ${addresses.join(', ')}`).toEqual([])
    const attempt = await ns.ask({ from: ns.clients[0], port, connectOnly: true })
    expect(attempt.connected).toBe(false)
    expect(server!.output()).toMatch(/Remote screen: off\. Slidev listens on this machine only/)
  })

  test('this machine is trusted only under a local Host and without a proxy: otherwise 403', async () => {
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`])
      expect((await askHere(port, '/', { headers: { Host: host } })).status, host).toBe(200)
    for (const host of [`evil.example:${port}`, `${ns.hostAddress}:${port}`, `localhost.evil.example:${port}`, 'x.trycloudflare.com']) {
      const answer = await askHere(port, '/', { headers: { Host: host } })
      expect(answer.status, host).toBe(403)
      expect(answer.body).toMatch(/no remote password is set/)
      expect((await askHere(port, '/', { headers: { Host: host }, websocket: true })).status, host).toBe(403)
    }
    for (const header of ['X-Forwarded-For', 'Forwarded', 'X-Real-IP', 'Via'])
      expect((await askHere(port, '/', { headers: { [header]: '203.0.113.9' } })).status, header).toBe(403)
  })

  test('a cross-origin write from this machine gets 403; a same-origin one reaches Slidev', async () => {
    const body = '{"content":"# changed"}'
    const post = (headers: Record<string, string>) => askHere(port, '/__slidev/slides/999.json', { method: 'POST', body, headers: { 'Content-Type': 'application/json', ...headers } })
    const crossOrigin: Record<string, string>[] = [{ Origin: 'http://evil.example' }, { Origin: 'null' }, { Origin: `http://localhost:${port + 1}` }, { 'Sec-Fetch-Site': 'cross-site' }]
    for (const headers of crossOrigin) {
      const answer = await post(headers)
      expect(answer.status, JSON.stringify(headers)).toBe(403)
      expect(answer.body).toMatch(/another (?:origin|site)/)
    }
    // Slide 999 does not exist: Slidev's own answer shows the request got through.
    expect((await post({ 'Origin': `http://127.0.0.1:${port}`, 'Sec-Fetch-Site': 'same-origin' })).status).toBe(404)
    // A page of another site must not make Vite open files in the editor either.
    expect((await askHere(port, '/__open-in-editor?file=/nonexistent', { headers: { 'Sec-Fetch-Site': 'cross-site' } })).status).toBe(403)
    expect((await askHere(port, '/', { websocket: true, headers: { Origin: 'http://evil.example' } })).status).toBe(403)
  })

  test('the presenter view works in a browser on this machine', async ({ page }) => {
    test.setTimeout(180_000)
    await page.goto(`http://localhost:${port}/presenter/`)
    await expect(page.locator('.grid-section.note .slidev-note')).toBeVisible({ timeout: 120_000 })
  })
})

test.describe('Slidev started directly, with options that would open it', () => {
  test('--remote --bind 0.0.0.0 without a password: the guard keeps the server on 127.0.0.1', async () => {
    test.setTimeout(180_000)
    const port = await freePort('::')
    const entry = entryOf(lessonByNumber(LESSON))
    const server = await start([SLIDEV, entry, '--remote', '--bind', '0.0.0.0', '--port', String(port)], withoutPassword(), { host: THIS_MACHINE, port })
    try {
      expect(listeningOn(port)).toEqual(['127.0.0.1'])
      expect(server.output()).toMatch(/no remote password: listening on 127\.0\.0\.1 only \(not 0\.0\.0\.0\)/)
      expect((await ns.ask({ from: ns.clients[0], port, connectOnly: true })).connected).toBe(false)
    }
    finally {
      await server.stop()
    }
  })
})

test.describe('the guard on a socket of the other machine\'s network', () => {
  test('no password: a non-loopback client gets 403 for pages and the WebSocket, and is logged', async () => {
    const lines: string[] = []
    const plugin = remoteGuard(undefined, { log: line => lines.push(line) })
    const server = http.createServer()
    const fakeVite = { middlewares: { stack: [] }, httpServer: server, ws: { on: () => {} } }
    ;(plugin.configureServer as (s: unknown) => void)(fakeVite)
    // Vite's app: reached only through the guard.
    server.on('request', (_req, res) => res.end('passed'))
    server.on('upgrade', (_req, socket) => socket.end('HTTP/1.1 101 Switching Protocols\r\n\r\n'))
    await new Promise<void>(resolve => server.listen(0, ns.hostAddress, resolve))
    const port = (server.address() as AddressInfo).port
    try {
      const page = await ns.ask({ from: ns.clients[0], port, path: '/' })
      expect(page.status).toBe(403)
      expect(page.body).toMatch(/no remote password is set/)
      // Even with what would be a password.
      expect((await ns.ask({ from: ns.clients[0], port, path: '/?password=whatever-it-may-be' })).status).toBe(403)
      expect((await ns.ask({ from: ns.clients[0], port, websocket: true })).status).toBe(403)
      // A target connect would route past a middleware: judged all the same.
      expect((await ns.ask({ from: ns.clients[0], port, raw: `GET *x HTTP/1.1\r\nHost: ${ns.hostAddress}:${port}\r\nConnection: close\r\n\r\n` })).status).toBe(400)
      expect(lines.join('\n')).toContain(`${ns.clients[0]}: refused (403)`)
    }
    finally {
      server.closeAllConnections()
      await new Promise(resolve => server.close(resolve))
    }
  })
})

// ------------------------------------------- the built site (`present` when the build is current)

test.describe('the built live deck, seen from the other machine', () => {
  test('npm run present from the built site listens on 127.0.0.1 only: the other machine cannot even connect', async () => {
    test.setTimeout(180_000)
    const port = await freePort('::')
    const server = await present([String(LESSON), '--port', String(port)], withoutPassword(), { host: THIS_MACHINE, port })
    try {
      // The suite runs after `npm run build`: the build is current, so this is the built site.
      expect(server.output(), 'present chose the built site').toMatch(/^Mode: the built site/m)
      const listeners = listeningOn(port)
      expect(listeners.length).toBeGreaterThan(0)
      expect(listeners.filter(a => !isLoopbackListener(a)), 'a listener beyond loopback').toEqual([])
      for (const from of ns.clients) {
        const attempt = await ns.ask({ from, host: ns.hostAddress, port, connectOnly: true })
        expect(attempt.connected, `${from} → ${ns.hostAddress}:${port}`).toBe(false)
      }
    }
    finally {
      await server.stop()
    }
  })

  test('its gate, on a socket of the other machine\'s network: a non-loopback client gets 403 and is logged', async () => {
    const lines: string[] = []
    const warn = console.warn
    console.warn = (...args: unknown[]) => lines.push(args.join(' '))
    const server = await startStaticServer({ host: ns.hostAddress, gate: localGate() })
    try {
      const port = Number(new URL(server.url).port)
      for (const path of ['/', `${basePathOf(lessonByNumber(LESSON))}`, `${basePathOf(lessonByNumber(LESSON))}presenter/`]) {
        const answer = await ns.ask({ from: ns.clients[0], host: ns.hostAddress, port, path })
        expect(answer.status, path).toBe(403)
        expect(answer.body, path).not.toContain('<html')
      }
      expect(lines.join('\n')).toContain(`${ns.clients[0]}: refused (403)`)
    }
    finally {
      console.warn = warn
      await server.close()
    }
  })
})
