/**
 * The remote guard's decisions, one request at a time (scripts/present/remote-guard.ts).
 * tests/present-remote.spec.ts and present-local.spec.ts check the same
 * against the real dev server from a real non-loopback address; these pin
 * each rule down.
 */
import type { IncomingMessage } from 'node:http'
import type { Attempts, GuardOptions, Verdict } from '../../scripts/present/remote-guard'
import { Buffer } from 'node:buffer'
import { beforeAll, describe, expect, it } from 'vitest'
import { checkSyncBody, clientKey, createGate, isFromThisMachine, isLocalHost, isLoopbackAddress, isLoopbackHostname, LIMITS, MIN_PASSWORD_LENGTH, REMOTE_COOKIE, remoteGuard, remoteMessageAllowed, SYNC_PATH } from '../../scripts/present/remote-guard'
import { ROOT } from '../../scripts/shared/project'

const PASSWORD = 'tablet-screen-42'
const HERE = '127.0.0.1'
const THERE = '192.168.7.20'
/** The project's path as /@fs/ URLs carry it (ROOT ends with a slash). */
const FS_ROOT = ROOT.replace(/\/$/, '')

interface Fake {
  from?: string
  url?: string
  method?: string
  headers?: Record<string, string>
}

function request({ from = THERE, url = '/', method = 'GET', headers = {} }: Fake): IncomingMessage {
  const host = from === HERE ? 'localhost:3030' : '192.168.7.1:3030'
  return { socket: { remoteAddress: from }, url, method, headers: { host, ...lower(headers) } } as unknown as IncomingMessage
}

function lower(headers: Record<string, string>) {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]))
}

function gate(options: GuardOptions = {}) {
  const lines: string[] = []
  let clock = 1_000_000
  const attempts = new Map<string, Attempts>()
  const g = createGate({ password: PASSWORD, key: Buffer.alloc(32, 7), now: () => clock, attempts, log: l => lines.push(l), ...options })
  return { ...g, lines, attempts, advance: (ms: number) => (clock += ms) }
}

function cookieOf(verdict: Verdict): string {
  expect(verdict.allowed).toBe(true)
  return (verdict as { setCookie: string }).setCookie.split(';')[0]
}

const status = (v: Verdict) => v.allowed ? 'allowed' : v.status

describe('addresses', () => {
  it('loopback is 127.0.0.0/8, ::1 and 127.x mapped into IPv6: nothing else that starts with ::', () => {
    for (const a of ['127.0.0.1', '127.1.2.3', '::1', '0:0:0:0:0:0:0:1', '::ffff:127.0.0.1', '::ffff:7f00:2', '::FFFF:127.0.0.1'])
      expect(isLoopbackAddress(a), a).toBe(true)
    for (const a of ['::', '::2', '::ffff:10.0.0.1', '::ffff:192.168.7.20', '::127.0.0.1', '::1:0', '1::1', 'fe80::1%eth0', '10.0.0.1', '128.0.0.1', '0.0.0.0', 'localhost', '', undefined])
      expect(isLoopbackAddress(a), String(a)).toBe(false)
  })

  it('a local Host is localhost, 127.0.0.1 or [::1], with any port', () => {
    for (const h of ['localhost', 'localhost:3030', 'LOCALHOST:1', '127.0.0.1:3030', '[::1]:3030', '[::1]'])
      expect(isLocalHost(h), h).toBe(true)
    for (const h of ['127.0.0.2:3030', 'localhost.evil.example', 'evil.localhost', 'evil.localhost:3030', 'x127.0.0.1', 'evil.example', '::1', '[::1]x', 'localhost:', '192.168.7.1:3030', '', undefined])
      expect(isLocalHost(h), String(h)).toBe(false)
  })

  it('failures count per IPv4 address (also when mapped) and per IPv6 /64', () => {
    expect(clientKey('10.0.0.1')).toBe('10.0.0.1')
    expect(clientKey('::ffff:10.0.0.1')).toBe('10.0.0.1')
    expect(clientKey('2001:db8:1:2::5')).toBe('2001:db8:1:2::/64')
    expect(clientKey('2001:db8:1:2:aaaa::9')).toBe(clientKey('2001:db8:1:2::5'))
    expect(clientKey('2001:db8:1:3::5')).not.toBe(clientKey('2001:db8:1:2::5'))
  })

  it('this machine: a loopback peer, a local Host, and no proxy in between', () => {
    expect(isFromThisMachine(request({ from: HERE }))).toBe(true)
    expect(isFromThisMachine(request({ from: '::1', headers: { Host: '[::1]:3030' } }))).toBe(true)
    expect(isFromThisMachine(request({ from: HERE, headers: { Host: 'evil.example' } }))).toBe(false)
    expect(isFromThisMachine(request({ from: HERE, headers: { Host: '' } }))).toBe(false)
    for (const header of ['Forwarded', 'X-Forwarded-For', 'X-Forwarded-Host', 'X-Real-IP', 'Via'])
      expect(isFromThisMachine(request({ from: HERE, headers: { [header]: '1.2.3.4' } })), header).toBe(false)
    expect(isFromThisMachine(request({ from: THERE, headers: { Host: 'localhost:3030' } }))).toBe(false)
  })

  it('a listen address is loopback only for localhost and loopback addresses', () => {
    for (const h of ['localhost', '127.0.0.1', '::1', '[::1]'])
      expect(isLoopbackHostname(h), h).toBe(true)
    for (const h of ['0.0.0.0', '::', '192.168.7.1', 'example.local'])
      expect(isLoopbackHostname(h), h).toBe(false)
  })
})

describe('without a password', () => {
  it('this machine may do anything; every other client gets 403, with the password or without, once logged', () => {
    const g = gate({ password: undefined })
    expect(g.request(request({ from: HERE }))).toEqual({ allowed: true, client: 'local' })
    for (const from of [THERE, '::ffff:10.0.0.1', '::2', '::', 'fe80::1'])
      expect(status(g.request(request({ from, url: `/?password=${PASSWORD}` }))), from).toBe(403)
    expect(status(g.upgrade(request({ from: THERE, headers: { 'Sec-WebSocket-Protocol': 'vite-hmr' } })))).toBe(403)
    expect(status(g.request(request({ from: HERE, headers: { Host: 'evil.example' } })))).toBe(403)
    expect(g.lines.filter(l => l.startsWith(`${THERE}: refused (403)`))).toHaveLength(1)
  })

  it('a password too short to resist guessing is refused outright', () => {
    expect(() => createGate({ password: 'x'.repeat(MIN_PASSWORD_LENGTH - 1) })).toThrow(/at least 12 characters/)
    expect(() => createGate({ password: 'x'.repeat(MIN_PASSWORD_LENGTH) })).not.toThrow()
  })
})

describe('with a password: who may come in', () => {
  it('without the password or a cookie: 401', () => {
    const g = gate()
    const v = g.request(request({}))
    expect(v).toMatchObject({ allowed: false, status: 401, reason: 'no password' })
    expect(status(g.upgrade(request({ headers: { 'Sec-WebSocket-Protocol': 'vite-hmr' } })))).toBe(401)
  })

  it('the right password: a cookie holding an HMAC token; a page load is sent on without ?password=', () => {
    const g = gate()
    const module = g.request(request({ url: `/@vite/client?password=${PASSWORD}` }))
    expect(module).toMatchObject({ allowed: true, client: 'remote', redirect: undefined })
    const setCookie = (module as { setCookie: string }).setCookie
    expect(setCookie).toMatch(new RegExp(`^${REMOTE_COOKIE}=[\\w-]{43}; Path=/; HttpOnly; SameSite=Strict$`))
    expect(setCookie).not.toContain(PASSWORD)

    const page = g.request(request({ url: `/presenter/?x=1&password=${PASSWORD}&y=2`, headers: { Accept: 'text/html' } }))
    expect(page).toMatchObject({ allowed: true, redirect: '/presenter/?x=1&y=2' })
    expect(g.request(request({ url: `/entry?password=${PASSWORD}`, headers: { 'Sec-Fetch-Dest': 'document' } }))).toMatchObject({ redirect: '/entry' })
    // Never to another host: `//host` and `/\host` are no canonical paths.
    expect(g.request(request({ url: `//evil.example/x?password=${PASSWORD}`, headers: { Accept: 'text/html' } }))).toMatchObject({ allowed: false, status: 400 })
    expect(g.request(request({ url: `/\\evil.example?password=${PASSWORD}`, headers: { Accept: 'text/html' } }))).toMatchObject({ allowed: false, status: 400 })
  })

  it('the cookie lets its holder in; a forged one, or one from an earlier run (another key), does not', () => {
    const g = gate()
    const cookie = cookieOf(g.request(request({ url: `/?password=${PASSWORD}` })))
    expect(g.request(request({ headers: { Cookie: `a=b; ${cookie}` } }))).toEqual({ allowed: true, client: 'remote' })
    expect(g.upgrade(request({ headers: { 'Cookie': cookie, 'Sec-WebSocket-Protocol': 'vite-hmr' } })).allowed).toBe(true)

    const earlierRun = gate({ key: Buffer.alloc(32, 8) })
    expect(earlierRun.request(request({ headers: { Cookie: cookie } }))).toMatchObject({ status: 401, reason: 'the cookie is from an earlier run or forged' })
    expect(status(g.request(request({ headers: { Cookie: `${REMOTE_COOKIE}=${PASSWORD}` } })))).toBe(401)
    expect(status(g.request(request({ headers: { Cookie: `${REMOTE_COOKIE}=` } })))).toBe(401)
    // Stale cookies are not guesses: a browser sends them with every request.
    for (let i = 0; i < 20; i++)
      g.request(request({ from: '10.9.9.9', headers: { Cookie: `${REMOTE_COOKIE}=stale` } }))
    expect(g.attempts.size).toBe(0)
  })

  it(`wrong passwords are answered ever later; after ${LIMITS.failures}, the address gets 429 for ${LIMITS.lockMs / 1000} s, logged without the guess`, () => {
    const g = gate()
    const guesses = Array.from({ length: LIMITS.failures }, (_, i) => `wrong-guess-${i}`)
    guesses.forEach((guess, i) => {
      expect(g.request(request({ url: `/?password=${guess}` }))).toEqual({ allowed: false, status: 401, reason: 'wrong password', delayMs: LIMITS.slowMs * (i + 1) })
    })
    for (const url of ['/?password=another-guess', `/?password=${PASSWORD}`, '/']) {
      const v = g.request(request({ url }))
      expect(v).toMatchObject({ allowed: false, status: 429, retryAfter: LIMITS.lockMs / 1000 })
    }
    expect(status(g.upgrade(request({ headers: { 'Sec-WebSocket-Protocol': 'vite-hmr' } })))).toBe(429)
    // Another address is not affected; the same one is, spelled as IPv4-mapped IPv6.
    expect(g.request(request({ from: '192.168.7.21', url: `/?password=${PASSWORD}` })).allowed).toBe(true)
    expect(status(g.request(request({ from: `::ffff:${THERE}`, url: `/?password=${PASSWORD}` })))).toBe(429)

    // A flood of refusals is one line per 10 s, with the count of the others.
    for (let i = 0; i < 100; i++)
      g.request(request({ url: '/?password=flood' }))
    expect(g.lines.filter(l => l.startsWith(`${THERE}: refused (429)`))).toHaveLength(1)
    g.advance(10_000)
    g.request(request({}))
    expect(g.lines.filter(l => l.startsWith(`${THERE}: refused (429)`)).at(-1)).toMatch(/locked out for another 50 s .*\(and 103 more since the last report\)$/)

    g.advance(LIMITS.lockMs - 11_000)
    expect(g.request(request({}))).toMatchObject({ status: 429, retryAfter: 1 })
    g.advance(1000)
    expect(g.request(request({ url: `/?password=${PASSWORD}` })).allowed).toBe(true)

    const log = g.lines.join('\n')
    expect(log).toContain(`${THERE}: wrong password (1 of ${LIMITS.failures})`)
    expect(log).toContain(`${THERE}: wrong password (${LIMITS.failures} of ${LIMITS.failures}); further attempts refused for ${LIMITS.lockMs / 1000} s (429)`)
    expect(log).toMatch(new RegExp(`${THERE.replace(/\./g, '\\.')}: refused \\(429\\): locked out`))
    for (const guess of [...guesses, 'another-guess', PASSWORD])
      expect(log).not.toContain(guess)
  })

  it('a right password clears the failures; old failures are forgotten', () => {
    const g = gate()
    for (let i = 0; i < LIMITS.failures - 1; i++)
      g.request(request({ url: '/?password=nope' }))
    expect(g.request(request({ url: `/?password=${PASSWORD}` })).allowed).toBe(true)
    for (let i = 0; i < LIMITS.failures - 1; i++)
      expect(status(g.request(request({ url: '/?password=nope' })))).toBe(401)
    g.advance(LIMITS.windowMs + 1)
    expect(g.request(request({ url: '/?password=nope' }))).toMatchObject({ status: 401, delayMs: LIMITS.slowMs })
  })

  it('one /64 of IPv6 is one client', () => {
    const g = gate()
    for (let i = 0; i < LIMITS.failures; i++)
      g.request(request({ from: `2001:db8::${i + 1}`, url: '/?password=nope' }))
    expect(status(g.request(request({ from: '2001:db8::ffff', url: `/?password=${PASSWORD}` })))).toBe(429)
    expect(g.request(request({ from: '2001:db8:0:1::1', url: `/?password=${PASSWORD}` })).allowed).toBe(true)
  })

  it('this machine needs no password, but only under a local Host', () => {
    const g = gate()
    expect(g.request(request({ from: HERE }))).toEqual({ allowed: true, client: 'local' })
    expect(g.request(request({ from: '::ffff:127.0.0.1', headers: { Host: '127.0.0.1:3030' } }))).toEqual({ allowed: true, client: 'local' })
    expect(status(g.request(request({ from: HERE, headers: { Host: 'abc.trycloudflare.com' } })))).toBe(401)
  })
})

describe('with a password: what another machine may do', () => {
  // Set up in beforeAll, not while Vitest collects the file: a guard that
  // gives no cookie then fails every test here, rather than the collection.
  let g: ReturnType<typeof gate>
  let cookie: string
  beforeAll(() => {
    g = gate()
    cookie = cookieOf(g.request(request({ url: `/?password=${PASSWORD}` })))
  })
  const remote = (method: string, url: string, headers: Record<string, string> = {}) => g.request(request({ method, url, headers: { Cookie: cookie, ...headers } }))

  it('view: GET and HEAD, a slide\'s notes', () => {
    for (const url of ['/', '/presenter/', '/@vite/client', `/@fs${FS_ROOT}/components/LayerMap.vue`, '/__slidev/slides/12.json', '/@server-reactive/nav'])
      expect(remote('GET', url).allowed, url).toBe(true)
    expect(remote('HEAD', '/').allowed).toBe(true)
  })

  it('follow: the presenter sync, its body checked', () => {
    expect(remote('POST', SYNC_PATH)).toMatchObject({ allowed: true, checkSyncBody: true })
    // At its exact raw target only.
    expect(status(remote('POST', `${SYNC_PATH}?x`))).toBe(403)
    expect(status(remote('POST', `${SYNC_PATH}/`))).toBe(403)
  })

  it('never edit: other methods, other posts, Slidev\'s internal endpoints however spelled', () => {
    const refused: [string, string][] = [
      ['POST', '/__slidev/slides/1.json'],
      ['GET', '/__mcp'],
      ['POST', '/__mcp'],
      ['GET', '/__mcp/'],
      ['GET', '/__MCP'],
      ['GET', '/__open-in-editor?file=a.md'],
      ['GET', '/__inspect/'],
      ['POST', '/@server-reactive/drawings'],
      ['POST', '/@server-reactive/snapshots'],
      ['POST', '/@server-ref/nav'],
      ['GET', `/@fs${FS_ROOT}/docs/instructor-errata.md`],
      ['GET', '/@fs/x/y.js'],
      ['PUT', '/'],
      ['PATCH', '/'],
      ['DELETE', '/'],
      ['OPTIONS', '/'],
    ]
    for (const [method, url] of refused)
      expect(status(remote(method, url)), `${method} ${url}`).toBe(403)
    expect(g.lines.some(l => l.includes('refused (403) POST /__slidev/slides/1.json'))).toBe(true)
    // Other spellings are not in canonical form: 400 before anything reads them.
    for (const [method, url] of [['GET', '/%5F_mcp'], ['GET', '//__mcp'], ['GET', '/x/../__mcp'], ['GET', '/__slidev/slides/1.json/../../__mcp'], ['POST', '/@server-reactive/__proto__/x']])
      expect(status(remote(method, url)), `${method} ${url}`).toBe(400)
  })

  it('the WebSocket: only the HMR channel (which carries the sync) at /', () => {
    const ws = (url: string, protocol?: string) => g.upgrade(request({ url, headers: { Cookie: cookie, ...(protocol ? { 'Sec-WebSocket-Protocol': protocol } : {}) } }))
    expect(ws('/', 'vite-hmr').allowed).toBe(true)
    expect(ws('/?token=abc', 'vite-ping').allowed).toBe(true)
    expect(status(ws('/'))).toBe(403)
    expect(status(ws('/', 'other'))).toBe(403)
    expect(status(ws('/__mcp', 'vite-hmr'))).toBe(403)
  })

  it('malformed URLs: 400', () => {
    expect(status(remote('GET', '/%E0%A4%A'))).toBe(400)
    expect(status(g.upgrade(request({ url: '/%', headers: { Cookie: cookie } })))).toBe(400)
    expect(status(remote('GET', '*'))).toBe(400)
  })
})

describe('requests from another origin, for every client', () => {
  let g: ReturnType<typeof gate>
  beforeAll(() => {
    g = gate()
  })
  const here = (method: string, url: string, headers: Record<string, string>) => g.request(request({ from: HERE, method, url, headers }))

  it('an Origin that is not the server, or Sec-Fetch-Site: cross-site, gets 403', () => {
    const crossOrigin: Record<string, string>[] = [{ Origin: 'http://evil.example' }, { Origin: 'null' }, { Origin: 'http://localhost:3031' }, { Origin: 'not a url' }, { 'Sec-Fetch-Site': 'cross-site' }]
    for (const headers of crossOrigin)
      expect(status(here('POST', '/__slidev/slides/1.json', headers)), JSON.stringify(headers)).toBe(403)
    for (const method of ['PUT', 'PATCH', 'DELETE'])
      expect(status(here(method, '/x', { Origin: 'http://evil.example' })), method).toBe(403)
    expect(status(g.upgrade(request({ from: HERE, headers: { Origin: 'http://evil.example' } })))).toBe(403)
  })

  it('the same origin, or no Origin at all (a tool on this machine), goes through', () => {
    expect(here('POST', '/__slidev/slides/1.json', { 'Origin': 'http://localhost:3030', 'Sec-Fetch-Site': 'same-origin' }).allowed).toBe(true)
    expect(here('POST', '/__mcp', {}).allowed).toBe(true)
  })

  it('reads too: another origin or site gets 403, except a page navigation', () => {
    const foreign: Record<string, string>[] = [{ 'Origin': 'http://evil.example', 'Sec-Fetch-Site': 'cross-site' }, { Origin: 'http://localhost:3031' }, { 'Sec-Fetch-Site': 'same-site', 'Sec-Fetch-Mode': 'cors' }]
    for (const headers of foreign)
      expect(status(here('GET', '/', headers)), JSON.stringify(headers)).toBe(403)
    expect(here('GET', '/', { 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Mode': 'navigate', 'Sec-Fetch-Dest': 'document' }).allowed).toBe(true)
  })

  it('opening a file in the editor: only from this server\'s own pages', () => {
    expect(status(here('GET', '/__open-in-editor?file=a.md', { 'Sec-Fetch-Site': 'same-site' }))).toBe(403)
    expect(status(here('GET', '/__open-in-editor?file=a.md', { 'Sec-Fetch-Site': 'cross-site' }))).toBe(403)
    expect(here('GET', '/__open-in-editor?file=a.md', { 'Sec-Fetch-Site': 'same-origin' }).allowed).toBe(true)
  })

  it('also for another machine with the cookie', () => {
    const cookie = cookieOf(g.request(request({ url: `/?password=${PASSWORD}` })))
    expect(status(g.request(request({ method: 'POST', url: SYNC_PATH, headers: { Cookie: cookie, Origin: 'http://evil.example' } })))).toBe(403)
    expect(g.request(request({ method: 'POST', url: SYNC_PATH, headers: { Cookie: cookie, Origin: 'http://192.168.7.1:3030' } })).allowed).toBe(true)
  })
})

describe('what a remote screen sends', () => {
  it('on the WebSocket: keep-alive and UnoCSS\'s layer report only (not module invalidation)', () => {
    expect(remoteMessageAllowed('{"type":"ping"}')).toEqual({ allowed: true, event: 'ping' })
    expect(remoteMessageAllowed('{"type":"custom","event":"unocss:hmr","data":["preflights"]}')).toEqual({ allowed: true, event: 'unocss:hmr' })
    for (const event of ['vite:invalidate', 'slidev:monaco-write', 'vite:forward-console', 'vue-server-ref', 'vite:invoke'])
      expect(remoteMessageAllowed(JSON.stringify({ type: 'custom', event, data: {} })), event).toEqual({ allowed: false, event })
    expect(remoteMessageAllowed('not json').allowed).toBe(false)
    expect(remoteMessageAllowed(Buffer.from('{"type":"ping"}')).allowed).toBe(true)
  })

  it('as the presenter sync: an object of source, data or patch, timestamp, with no key that reaches a prototype', () => {
    expect(checkSyncBody('{"source":"a","patch":{"page":2},"timestamp":1}')).toBeUndefined()
    expect(checkSyncBody('{"source":"a","data":{"page":2,"clicks":0}}')).toBeUndefined()
    expect(checkSyncBody('{"source":"a","patch":{"__proto__":{"x":1}}}')).toBe('the body names "__proto__"')
    expect(checkSyncBody('{"patch":{"timer":{"constructor":{"prototype":{"x":1}}}}}')).toMatch(/names "(?:constructor|prototype)"/)
    expect(checkSyncBody('{"source":"a","extra":1}')).toBe('unexpected field(s) extra')
    expect(checkSyncBody('[1]')).toBe('the body is not an object')
    expect(checkSyncBody('null')).toBe('the body is not an object')
    expect(checkSyncBody('{')).toBe('the body is not JSON')
  })
})

describe('the plugin', () => {
  interface ConfigHook { handler: (config: { server?: { host?: string | boolean } }) => unknown }
  const hostFor = (password: string | undefined, host?: string | boolean) =>
    ((remoteGuard(password, { log: () => {} }).config as ConfigHook).handler)({ server: { host } })

  it('without a password keeps the server on 127.0.0.1, whatever host it was given', () => {
    for (const host of ['0.0.0.0', '::', true, '192.168.7.1'])
      expect(hostFor(undefined, host), String(host)).toEqual({ server: { cors: false, host: '127.0.0.1' } })
    expect(hostFor('', '0.0.0.0')).toEqual({ server: { cors: false, host: '127.0.0.1' } })
    for (const host of [undefined, 'localhost', '127.0.0.1', '::1'])
      expect(hostFor(undefined, host), String(host)).toEqual({ server: { cors: false } })
  })

  it('with a password leaves the host to --bind', () => {
    expect(hostFor(PASSWORD, '0.0.0.0')).toEqual({ server: { cors: false } })
  })

  it('grants CORS to no other origin, password or not', () => {
    for (const password of [undefined, PASSWORD])
      expect((hostFor(password) as { server: { cors: unknown } }).server.cors).toBe(false)
  })

  it('runs only in the dev server, first, after every other plugin\'s config', () => {
    const plugin = remoteGuard(undefined)
    expect(plugin.apply).toBe('serve')
    expect(plugin.enforce).toBe('pre')
    expect((plugin.config as { order: string }).order).toBe('post')
  })
})
