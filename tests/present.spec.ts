/**
 * Teaching live: `npm run present` starts Slidev's dev server for a lesson,
 * and the guard (scripts/present/remote-guard.ts) decides every request. These tests
 * run the real command and the real server.
 *
 * "Another machine" is real: a network namespace joined to this one by a veth
 * pair (tests/support/netns.ts), whose clients reach the server from their
 * own non-loopback addresses. The server listens on this machine's end of the
 * pair as `::ffff:10.231.x.y`, so it sees its peers as IPv4-mapped IPv6
 * addresses (`::ffff:…`) that must not pass for loopback. Nothing here
 * leaves the machine. Without root and iproute2 these tests fail, saying so.
 */
import type { ChildProcess } from 'node:child_process'
import type { IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Namespace } from './support/netns'
import { Buffer } from 'node:buffer'
import { spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readdir, readFile, stat } from 'node:fs/promises'
import http from 'node:http'
import { createRequire } from 'node:module'
import net from 'node:net'
import { join } from 'node:path'
import process from 'node:process'
import { expect, test } from '@playwright/test'
import { chromium } from 'playwright-chromium'
import { lessonByNumber } from '../data/course'
import { generatePassword, PASSWORD_ENV } from '../scripts/present/args'
import { localGate } from '../scripts/present/mode'
import { LIMITS, REMOTE_COOKIE, remoteGuard } from '../scripts/present/remote-guard'
import { CHROMIUM_ARGS, resolveBrowser } from '../scripts/shared/browser'
import { basePathOf, entryOf, ROOT } from '../scripts/shared/project'
import { startStaticServer } from '../scripts/shared/static-server'
import { createNamespace } from './support/netns'
import { freePort } from './support/ports'
import { groupStopper } from './support/subprocess'

// The servers run in this worker, one after the other, in this order.
test.describe.configure({ mode: 'default' })

const PRESENT = join(ROOT, 'scripts', 'present.ts')
const SLIDEV = createRequire(import.meta.url).resolve('@slidev/cli/bin/slidev.mjs')
const TSX = createRequire(import.meta.url).resolve('tsx/cli')
const LESSON = 2 as const
const THIS_MACHINE = '127.0.0.1'

let ns: Namespace

test.beforeAll(async () => {
  ns = await createNamespace()
})

test.afterAll(async () => {
  await ns?.remove()
})

// ------------------------------------------------------------------ helpers

interface Answer {
  status: number
  headers: IncomingHttpHeaders
  body: string
}

/** A request from this machine (127.0.0.1), with the Host it names. */
function askHere(port: number, path: string, options: { method?: string, headers?: Record<string, string>, body?: string, websocket?: boolean } = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers }
  if (options.websocket) {
    Object.assign(headers, {
      'Connection': 'Upgrade',
      'Upgrade': 'websocket',
      'Sec-WebSocket-Version': '13',
      'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
      'Sec-WebSocket-Protocol': 'vite-hmr',
    })
  }
  return new Promise((resolve, reject) => {
    const req = http.request({ host: THIS_MACHINE, port, path, method: options.method ?? 'GET', headers, agent: false, timeout: 30_000 })
    req.on('upgrade', (res, socket) => {
      socket.destroy()
      resolve({ status: res.statusCode ?? 0, headers: res.headers, body: '' })
    })
    req.on('response', (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('timeout', () => req.destroy(new Error(`no answer to ${path}`)))
    req.on('error', reject)
    req.end(options.body)
  })
}

function connects(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port })
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

/** The local addresses listening on a TCP port, as `ss -ltn` shows them. */
function listeningOn(port: number): string[] {
  const run = spawnSync('ss', ['-ltnH', `sport = :${port}`], { encoding: 'utf8' })
  if (run.error || run.status !== 0)
    throw new Error(`ss failed: ${run.error?.message ?? run.stderr}`)
  return run.stdout.trim().split('\n').filter(Boolean).map(line => line.trim().split(/\s+/)[3].replace(/:\d+$/, ''))
}

const isLoopbackListener = (address: string) => /^(?:127\.\d+\.\d+\.\d+|\[::1\]|\[::ffff:127\.\d+\.\d+\.\d+\])$/.test(address)

interface Running {
  child: ChildProcess
  output: () => string
  stop: () => Promise<void>
}

/** A command in its own process group, so that it and its children (Slidev, esbuild) stop together. */
async function start(command: string[], env: NodeJS.ProcessEnv, readyAt: { host: string, port: number }): Promise<Running> {
  const child = spawn(process.execPath, command, { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout!.on('data', (d: Buffer) => (output += d))
  child.stderr!.on('data', (d: Buffer) => (output += d))
  const stop = groupStopper(child)

  let running = true
  child.once('exit', () => (running = false))
  const deadline = Date.now() + 90_000
  while (!(await connects(readyAt.host, readyAt.port))) {
    if (!running || Date.now() > deadline) {
      await stop()
      throw new Error(`${command.join(' ')} did not listen on ${readyAt.host}:${readyAt.port}:\n${output.slice(-3000)}`)
    }
    await new Promise(r => setTimeout(r, 250))
  }
  return { child, output: () => output, stop }
}

const present = (args: string[], env: NodeJS.ProcessEnv, readyAt: { host: string, port: number }) => start([TSX, PRESENT, ...args], env, readyAt)

function withoutPassword(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const { [PASSWORD_ENV]: _, ...rest } = env
  return { ...rest, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' }
}

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

// -------------------------------------------------------- the command line

test.describe('the command line', () => {
  // Each of these would open the server (or a tunnel) in Slidev's own parser.
  // (tests/unit/present-args.test.ts checks every spelling; these run the command.)
  const refused: [string[], RegExp, NodeJS.ProcessEnv?][] = [
    [['--no-remote'], /--no-remote is not understood/],
    [['--remote.x=1'], /--remote\.x=1 is not understood/],
    [['--tunnel'], /--tunnel: a tunnel is never allowed/],
    [['--tunnel.a'], /--tunnel\.a: a tunnel is never allowed/],
    [['--tunnel=true'], /--tunnel=true: a tunnel is never allowed/],
    [['--bind', '0.0.0.0'], /--bind only applies with a remote password/],
    [['--bind=0.0.0.0'], /--bind only applies with a remote password/],
    [['--remote', 'tablet-42'], /at least 12 characters/],
    [[], /COURSE_REMOTE_PASSWORD\) must have at least 12 characters/, { [PASSWORD_ENV]: 'tablet-42' }],
    [['--inspect'], /Unknown option --inspect: npm run present passes on to Slidev only --port, --open, --log and --force/],
  ]
  for (const [args, message, env] of refused) {
    test(`present ${LESSON} ${args.join(' ') || `(${Object.keys(env ?? {}).join(' ')})`}: refused before Slidev starts`, () => {
      const started = Date.now()
      const run = spawnSync(process.execPath, [TSX, PRESENT, String(LESSON), ...args], { cwd: ROOT, encoding: 'utf8', env: { ...withoutPassword(), ...env }, timeout: 30_000 })
      expect(run.status, run.stderr).toBe(1)
      expect(run.stderr).toMatch(message)
      expect(run.stderr).toMatch(/Usage: npm run present -- <lesson>/)
      expect(run.stdout, 'Slidev never started').not.toMatch(/Slidev|Remote screen/)
      expect(Date.now() - started).toBeLessThan(20_000)
    })
  }
})

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
