/**
 * Teaching live with a remote screen: `npm run present` with a password
 * starts Slidev's dev server for a lesson on the other machine's network, and
 * the guard (scripts/present/remote-guard.ts) decides every request. These
 * tests run the real command and the real server.
 *
 * "Another machine" is real: a network namespace joined to this one by a veth
 * pair (tests/support/netns.ts), whose clients reach the server from their
 * own non-loopback addresses. The server listens on this machine's end of the
 * pair as `::ffff:10.231.x.y`, so it sees its peers as IPv4-mapped IPv6
 * addresses (`::ffff:…`) that must not pass for loopback. Nothing here
 * leaves the machine. Without root and iproute2 these tests fail, saying so.
 */
import type { Namespace } from './support/netns'
import type { Running } from './support/present-server'
import { Buffer } from 'node:buffer'
import { randomBytes } from 'node:crypto'
import { readdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { chromium } from 'playwright-chromium'
import { generatePassword, PASSWORD_ENV } from '../scripts/present/args'
import { LIMITS, REMOTE_COOKIE } from '../scripts/present/remote-guard'
import { CHROMIUM_ARGS, resolveBrowser } from '../scripts/shared/browser'
import { ROOT } from '../scripts/shared/project'
import { withNamespace } from './support/netns'
import { freePort } from './support/ports'
import { present, withoutPassword } from './support/present-server'

// The tests share one server and run in this order.
test.describe.configure({ mode: 'default' })

const LESSON = 2 as const

let ns: Namespace
withNamespace(made => (ns = made))

/** Files under root changed since `since` that contain `secret`. */
async function filesHolding(secret: string, root: string, since: number): Promise<string[]> {
  const found: string[] = []
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const path = join(dir, entry.name)
      if (entry.isDirectory() && entry.name !== '.git') {
        await walk(path)
      }
      else if (entry.isFile()) {
        // Other tests may move or delete files meanwhile.
        const info = await stat(path).catch(() => undefined)
        if (info && info.mtimeMs >= since && info.size < 64 * 1024 * 1024 && (await readFile(path).catch(() => undefined))?.includes(secret))
          found.push(path)
      }
    }
  }
  await walk(root)
  return found
}

// ------------------------------------------------ with a password (remote)

test.describe('with a password, from another machine', () => {
  const password = generatePassword()
  let port: number
  let server: Running | undefined
  let startedAt: number
  const ask = (job: Omit<Parameters<Namespace['ask']>[0], 'port'>) => ns.ask({ ...job, port })
  const from = () => ns.clients[0]
  const peer = (address: string) => `::ffff:${address}`

  async function login(address = from()): Promise<string> {
    const answer = await ask({ from: address, path: `/@vite/client?password=${password}` })
    expect(answer.status).toBe(200)
    return String(answer.headers['set-cookie']?.[0]).split(';')[0]
  }

  test.beforeAll(async () => {
    test.setTimeout(180_000)
    port = await freePort('::')
    startedAt = Date.now()
    server = await present([String(LESSON), '--port', String(port), '--bind', peer(ns.hostAddress)], { ...withoutPassword(), [PASSWORD_ENV]: password }, { host: ns.hostAddress, port })
  })

  test.afterAll(async () => {
    await server?.stop()
  })

  test('without the password: 401 for the page, modules, project files and the WebSocket, and no cookie', async () => {
    for (const path of ['/', '/presenter/', '/@vite/client', '/@slidev/configs', `/@fs${ROOT}package.json`]) {
      const answer = await ask({ from: from(), path })
      expect(answer.status, path).toBe(401)
      expect(answer.headers['content-type'], path).toMatch(/^text\/plain/)
      expect(answer.body, path).toMatch(/remote password/)
      expect(answer.headers['set-cookie'], path).toBeUndefined()
    }
    const upgrade = await ask({ from: from(), websocket: true })
    expect(upgrade.status).toBe(401)
    // Naming the server "localhost" does not make another machine this one.
    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`])
      expect((await ask({ from: from(), path: '/@vite/client', headers: { Host: host } })).status, host).toBe(401)
    expect(server!.output()).toMatch(/Remote screen: on, with a password from the environment/)
  })

  test('a wrong password or a forged cookie: 401 and no cookie; the log names the ::ffff: address, never the guess', async () => {
    const guess = `${password}x`
    const wrong = await ask({ from: from(), path: `/?password=${guess}` })
    expect(wrong.status).toBe(401)
    expect(wrong.headers['set-cookie']).toBeUndefined()
    expect((await ask({ from: from(), path: '/?password=' })).status).toBe(401)

    for (const forged of [`${REMOTE_COOKIE}=${Buffer.from(password).toString('base64url')}`, `${REMOTE_COOKIE}=${password}`]) {
      expect((await ask({ from: from(), path: '/@vite/client', headers: { Cookie: forged } })).status).toBe(401)
      expect((await ask({ from: from(), websocket: true, headers: { Cookie: forged } })).status).toBe(401)
    }
    await expect.poll(() => server!.output()).toContain(`${peer(from())}: wrong password (1 of ${LIMITS.failures})`)
    expect(server!.output()).not.toContain(guess)
  })

  test('the right password: a cookie (a token, not the password), and a browser is sent on to the URL without it', async () => {
    const page = await ask({ from: from(), path: `/presenter/?password=${password}`, headers: { Accept: 'text/html' } })
    expect(page.status).toBe(303)
    expect(page.headers.location).toBe('/presenter/')
    const [setCookie] = page.headers['set-cookie'] ?? []
    expect(setCookie).toMatch(new RegExp(`^${REMOTE_COOKIE}=[\\w-]{20,};`))
    expect(setCookie).toMatch(/;\s*HttpOnly/i)
    expect(setCookie).toMatch(/;\s*SameSite=Strict/i)
    expect(setCookie).toMatch(/;\s*Path=\/(?:;|$)/)
    expect(setCookie, 'the cookie holds a token, not the password').not.toContain(password)
    // No redirect that could leave the server: `//host` is no canonical path.
    expect((await ask({ from: from(), path: `//evil.example/?password=${password}`, headers: { Accept: 'text/html' } })).status).toBe(400)

    const cookie = setCookie.split(';')[0]
    for (const path of ['/', '/presenter/', '/@vite/client', '/@slidev/configs', '/__slidev/slides/1.json']) {
      const answer = await ask({ from: from(), path, headers: { Cookie: cookie } })
      expect(answer.status, path).toBe(200)
      expect(answer.body, `${path} does not serve the password`).not.toContain(password)
    }
    const upgrade = await ask({ from: from(), websocket: true, headers: { Cookie: cookie } })
    expect(upgrade.status).toBe(101)
    expect(upgrade.headers['sec-websocket-protocol']).toBe('vite-hmr')
  })

  test('a remote screen views, never edits: writes, /__mcp, the editor and Slidev\'s write channel get 403', async () => {
    const cookie = await login()
    const origin = `http://${ns.hostAddress}:${port}`
    const json = { 'Cookie': cookie, 'Origin': origin, 'Content-Type': 'application/json' }
    // Each would reach Slidev without the guard, harmlessly here: slide 999
    // does not exist (Slidev: 404), tools/list only lists (Slidev: 200).
    const forbidden: { method: string, path: string, body?: string }[] = [
      { method: 'POST', path: '/__slidev/slides/999.json', body: '{"content":"# changed"}' },
      { method: 'POST', path: '/__mcp', body: '{"jsonrpc":"2.0","id":1,"method":"tools/list"}' },
      { method: 'GET', path: '/__mcp' },
      { method: 'GET', path: '/__open-in-editor?file=/nonexistent/file.md' },
      { method: 'POST', path: '/@server-reactive/drawings', body: '{"source":"t","data":{}}' },
      { method: 'POST', path: '/@server-reactive/snapshots', body: '{"source":"t","data":{}}' },
      { method: 'PUT', path: '/', body: 'x' },
      { method: 'PATCH', path: '/', body: 'x' },
      { method: 'DELETE', path: '/' },
      { method: 'OPTIONS', path: '/' },
    ]
    for (const { method, path, body } of forbidden) {
      const answer = await ask({ from: from(), method, path, body, headers: json })
      expect(answer.status, `${method} ${path}`).toBe(403)
      expect(answer.body, `${method} ${path}`).toMatch(/remote screen can view/)
    }
    // Other spellings of /__mcp are not in canonical form: 400 before anything reads them.
    for (const { method, path } of [{ method: 'POST', path: '/%5F_mcp' }, { method: 'POST', path: '//__mcp' }, { method: 'GET', path: '//__mcp' }, { method: 'GET', path: '/x/../__mcp' }]) {
      const answer = await ask({ from: from(), method, path, body: method === 'POST' ? '{}' : undefined, headers: json })
      expect(answer.status, `${method} ${path}`).toBe(400)
      expect(answer.body, `${method} ${path}`).toMatch(/not in canonical form/)
    }

    // Slidev writes files on a "slidev:monaco-write" WebSocket message: dropped.
    const write = JSON.stringify({ type: 'custom', event: 'slidev:monaco-write', data: { file: 'remote-write.ts', content: 'changed' } })
    // (Without Origin: Vite wants its page token from a client that sends one.)
    const socket = await ask({ from: from(), websocket: true, headers: { Cookie: cookie }, send: [write, JSON.stringify({ type: 'ping' })] })
    expect(socket.status).toBe(101)
    await expect.poll(() => server!.output()).toContain(`${peer(from())}: dropped WebSocket message "slidev:monaco-write"`)
    // Slidev itself never saw it (it would have logged its own refusal).
    expect(server!.output()).not.toMatch(/Unauthorized file write/)
  })

  test('the presenter sync: a remote screen moves the slides; a body that reaches for a prototype, or another origin, is refused', async () => {
    const cookie = await login()
    const origin = `http://${ns.hostAddress}:${port}`
    const post = (body: string, headers: Record<string, string> = {}) => ask({ from: from(), method: 'POST', path: '/@server-reactive/nav', body, headers: { 'Cookie': cookie, 'Origin': origin, 'Content-Type': 'application/json', ...headers } })
    const navModule = async () => (await ask({ from: from(), path: '/@server-reactive/nav', headers: { Cookie: cookie } })).body

    expect((await post(JSON.stringify({ source: 'test', patch: { page: 3, clicks: 0 }, timestamp: Date.now() }))).status).toBe(200)
    expect(await navModule()).toMatch(/"page":\s*3\b/)

    const polluting = await post('{"source":"test","patch":{"__proto__":{"polluted":true}},"timestamp":1}')
    expect(polluting.status).toBe(400)
    expect(polluting.body).toMatch(/__proto__/)
    expect((await post(JSON.stringify({ source: 'test', patch: { page: 2 }, extra: 1 }))).status).toBe(400)
    expect((await post(JSON.stringify({ source: 'test', data: 'x'.repeat(LIMITS.syncBodyBytes + 1) }))).status).toBe(413)
    expect((await post(JSON.stringify({ source: 'test', patch: { page: 2 } }), { Origin: 'http://evil.example' })).status).toBe(403)
    expect((await post(JSON.stringify({ source: 'test', patch: { page: 2 } }), { 'Origin': origin, 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403)
    // None of the refused bodies reached the state.
    expect(await navModule()).toMatch(/"page":\s*3\b/)
    expect((await post(JSON.stringify({ source: 'test', patch: { page: 1 }, timestamp: Date.now() }))).status).toBe(200)
  })

  test(`guessing: ${LIMITS.failures} wrong passwords are slowed, then the address gets 429 for a while; logged with the address, never the guess`, async () => {
    const guesser = ns.clients[1]
    const guesses = Array.from({ length: LIMITS.failures }, (_, i) => `guess-number-${i}-${randomBytes(4).toString('hex')}`)
    const times: number[] = []
    for (const guess of guesses) {
      const started = Date.now()
      const answer = await ask({ from: guesser, path: `/?password=${guess}` })
      times.push(Date.now() - started)
      expect(answer.status).toBe(401)
    }
    // Each wrong password is answered later than the one before.
    expect(times.at(-1)!).toBeGreaterThanOrEqual(LIMITS.slowMs * LIMITS.failures - 50)

    for (const path of [`/?password=${guesses[0]}`, `/?password=${password}`, '/']) {
      const answer = await ask({ from: guesser, path })
      expect(answer.status, path).toBe(429)
      expect(Number(answer.headers['retry-after'])).toBeGreaterThan(0)
      expect(Number(answer.headers['retry-after'])).toBeLessThanOrEqual(LIMITS.lockMs / 1000)
    }
    expect((await ask({ from: guesser, websocket: true })).status).toBe(429)
    // The other machine is not affected.
    expect((await ask({ from: from(), path: '/@vite/client', headers: { Cookie: await login() } })).status).toBe(200)

    await expect.poll(() => server!.output()).toMatch(new RegExp(`${peer(guesser).replace(/\./g, '\\.')}: refused \\(429\\)`))
    const log = server!.output()
    for (let i = 1; i <= LIMITS.failures; i++)
      expect(log).toContain(`${peer(guesser)}: wrong password (${i} of ${LIMITS.failures})`)
    for (const guess of guesses)
      expect(log).not.toContain(guess)
  })

  test('a real browser on the other machine: the presenter view with its notes drives the slides, and nothing it needs is refused', async () => {
    test.setTimeout(240_000)
    // Chromium itself runs inside the namespace.
    const browser = await chromium.launch({ executablePath: await ns.wrap(resolveBrowser().executablePath), args: CHROMIUM_ARGS })
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 720 } })
      const refused: string[] = []
      page.on('response', (r) => {
        if (r.status() >= 400)
          refused.push(`${r.status()} ${r.request().method()} ${r.url()}`)
      })
      // A module import the guard refuses is aborted by the browser, not answered.
      page.on('requestfailed', (r) => {
        if (r.resourceType() === 'script')
          refused.push(`${r.failure()?.errorText} ${r.method()} ${r.url()}`)
      })
      await page.goto(`http://${ns.hostAddress}:${port}/presenter/?password=${password}`)
      expect(page.url(), 'the password leaves the address bar').toBe(`http://${ns.hostAddress}:${port}/presenter/`)
      await expect(page.locator('.grid-section.note .slidev-note'), `refused: ${refused.join(', ')}`).toBeVisible({ timeout: 120_000 })

      // The sync state on the server, asked with the browser's own cookie.
      const [cookie] = (await page.context().cookies()).filter(c => c.name === REMOTE_COOKIE)
      expect(cookie?.httpOnly).toBe(true)
      const navModule = async () => (await ask({ from: from(), path: '/@server-reactive/nav', headers: { Cookie: `${cookie.name}=${cookie.value}` } })).body
      const before = await navModule()
      await page.keyboard.press('ArrowRight')
      await page.keyboard.press('ArrowRight')
      await expect.poll(navModule, { timeout: 15_000 }).not.toBe(before)
      expect(refused).toEqual([])
    }
    finally {
      await browser.close()
    }
    // Slidev and Vite have now written whatever they cache.
    expect(await filesHolding(password, ROOT, startedAt - 1000)).toEqual([])
  })

  test('a cookie from an earlier run gets 401: each run signs with a key of its own', async () => {
    test.setTimeout(180_000)
    const cookie = await login()
    await server!.stop()
    server = await present([String(LESSON), '--port', String(port), '--bind', peer(ns.hostAddress)], { ...withoutPassword(), [PASSWORD_ENV]: password }, { host: ns.hostAddress, port })
    expect((await ask({ from: from(), path: '/@vite/client', headers: { Cookie: cookie } })).status).toBe(401)
    expect((await ask({ from: from(), websocket: true, headers: { Cookie: cookie } })).status).toBe(401)
    // The same password still works, and gives a new cookie.
    const fresh = await login()
    expect(fresh).not.toBe(cookie)
  })
})
