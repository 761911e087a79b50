/**
 * The remote guard's boundary, crossed for real (issue 21): each finding of
 * the security review replayed as it was made, and a bounded fuzz run, all
 * against `npm run present` (Slidev's dev server behind the guard).
 *
 * "Another machine" is the network namespace of tests/support/netns.ts (needs
 * root and iproute2). The server runs with a probe loaded into every Node
 * process of its group (NODE_OPTIONS=--import): it writes what
 * `Object.prototype` gained since the process started, so a test can see a
 * prototype pollution inside the dev server, not only its symptoms.
 */
import type { Answer, Namespace } from './support/netns'
import type { HereAnswer, Running } from './support/present-server'
import { Buffer } from 'node:buffer'
import { randomBytes } from 'node:crypto'
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import http from 'node:http'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import process from 'node:process'
import { expect, test } from '@playwright/test'
import { generatePassword, PASSWORD_ENV } from '../scripts/present/args'
import { REMOTE_COOKIE } from '../scripts/present/remote-guard'
import { ROOT } from '../scripts/shared/project'
import { fuzzMessages, fuzzTargets, PROTECTED_TEXT, remoteAnswerable } from './support/fuzz'
import { createNamespace } from './support/netns'
import { freePort } from './support/ports'
import { askHere, present as startPresent, withoutPassword } from './support/present-server'

test.describe.configure({ mode: 'default' })

const LESSON = 2
/** The project's path as /@fs/ URLs carry it (ROOT ends with a slash). */
const FS_ROOT = ROOT.replace(/\/$/, '')

// Loaded into every Node process of present's group: what Object.prototype
// gained since the process started, written to <dir>/<pid>.json twice a second
// (whole: written aside, then renamed).
const PROBE = `
import { renameSync, writeFileSync } from 'node:fs'
const dir = process.env.COURSE_PROTO_PROBE
const names = () => { const own = Object.getOwnPropertyNames(Object.prototype); const inherited = []; for (const k in {}) inherited.push(k); return [...new Set([...own, ...inherited])] }
const initial = new Set(names())
const write = () => { try { const file = dir + '/' + process.pid + '.json'; writeFileSync(file + '.tmp', JSON.stringify({ argv: process.argv.slice(1, 3), added: names().filter(n => !initial.has(n)) })); renameSync(file + '.tmp', file) } catch {} }
write()
setInterval(write, 500).unref()
`

let ns: Namespace
let probeDir: string

test.beforeAll(async () => {
  ns = await createNamespace()
  probeDir = await mkdtemp(join(tmpdir(), 'proto-probe-'))
  await writeFile(join(probeDir, 'probe.mjs'), PROBE)
})

test.afterAll(async () => {
  await ns?.remove()
  if (probeDir)
    await rm(probeDir, { recursive: true, force: true })
})

/** `npm run present` in its own process group, with the prototype probe in every Node process. */
function present(args: string[], password: string | undefined, readyAt: { host: string, port: number }): Promise<Running> {
  const { NODE_OPTIONS: _, ...base } = withoutPassword()
  const env: NodeJS.ProcessEnv = {
    ...base,
    NODE_OPTIONS: `--import=${join(probeDir, 'probe.mjs')}`,
    COURSE_PROTO_PROBE: probeDir,
    ...(password ? { [PASSWORD_ENV]: password } : {}),
  }
  return startPresent([String(LESSON), ...args], env, { ...readyAt, limitMs: 150_000 })
}

/** What Object.prototype gained in each Node process of the server (pid → names). */
async function prototypeGains(): Promise<Record<string, string[]>> {
  // The probe writes twice a second: wait for a fresh report.
  await new Promise(r => setTimeout(r, 1200))
  const gains: Record<string, string[]> = {}
  for (const name of await readdir(probeDir)) {
    if (!name.endsWith('.json'))
      continue
    const report = JSON.parse(await readFile(join(probeDir, name), 'utf8').catch(() => '{"added":[]}')) as { argv: string[], added: string[] }
    gains[`${name.replace('.json', '')} ${report.argv.map(a => a.split('/').pop()).join(' ')}`] = report.added
  }
  return gains
}

/** Files of the project (not node_modules, .git, test output) changed since `since`. */
async function changedSince(since: number): Promise<string[]> {
  const changed: string[] = []
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      if (['node_modules', '.git', 'test-results', 'dist', '.fixture-sites', 'playwright-report'].includes(entry.name))
        continue
      const path = join(dir, entry.name)
      if (entry.isDirectory())
        await walk(path)
      else if (((await stat(path).catch(() => undefined))?.mtimeMs ?? 0) >= since)
        changed.push(relative(ROOT, path))
    }
  }
  await walk(ROOT)
  return changed
}

// ------------------------------------------------ with a password (remote)

test.describe('a remote screen with the cookie, from another machine', () => {
  const password = generatePassword()
  let port: number
  let server: Running | undefined
  let cookie: string
  let origin: string
  const ask = (job: Omit<Parameters<Namespace['ask']>[0], 'port' | 'from'>) => ns.ask({ from: ns.clients[0], port, ...job })
  const raw = (method: string, target: string, headers: Record<string, string> = {}, body = '', withCookie = true) => ask({
    raw: [
      `${method} ${target} HTTP/1.1`,
      `Host: ${ns.hostAddress}:${port}`,
      ...(withCookie ? [`Cookie: ${cookie}`] : []),
      'Connection: close',
      ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
      ...(body ? [`Content-Length: ${Buffer.byteLength(body)}`] : []),
      '',
      body,
    ].join('\r\n'),
  })

  test.beforeAll(async () => {
    test.setTimeout(200_000)
    port = await freePort('::')
    server = await present(['--port', String(port), '--bind', `::ffff:${ns.hostAddress}`], password, { host: ns.hostAddress, port })
    origin = `http://${ns.hostAddress}:${port}`
    const login = await ask({ path: `/@vite/client?password=${password}` })
    expect(login.status).toBe(200)
    cookie = String(login.headers['set-cookie']?.[0]).split(';')[0]
    expect(cookie).toMatch(new RegExp(`^${REMOTE_COOKIE}=`))
    // Warm the dev server: the first page compiles the deck.
    expect((await ask({ path: '/@server-reactive/nav', headers: { Cookie: cookie } })).status).toBe(200)
  })

  test.afterAll(async () => {
    await server?.stop()
  })

  test('LOW: project files beyond the deck\'s folders are not for a remote screen (/@fs/ of docs/, the lockfile, the scripts): 403, logged', async () => {
    const refused = [
      `/@fs${FS_ROOT}/docs/instructor-errata.md`,
      `/@fs${FS_ROOT}/docs/instructor-errata.md?raw`,
      `/@fs${FS_ROOT}/package-lock.json`,
      `/@fs${FS_ROOT}/scripts/present.ts`,
      `/@fs${FS_ROOT}/vite.config.ts`,
      `/@fs${FS_ROOT}/tests/present-guard.spec.ts`,
      `/@fs${FS_ROOT}/README.md`,
    ]
    for (const path of refused) {
      const answer = await ask({ path, headers: { Cookie: cookie } })
      expect.soft(answer.status, path).toBe(403)
      for (const text of PROTECTED_TEXT)
        expect.soft(answer.body, path).not.toContain(text)
    }
    await expect.poll(() => server!.output()).toMatch(/refused \(403\) GET \/@fs\/.*docs\/instructor-errata\.md: not for a remote screen/)
    // What the deck is built from is still served.
    for (const path of [`/@fs${FS_ROOT}/components/LayerMap.vue`, `/@fs${FS_ROOT}/data/course.ts`, '/@vite/client', '/'])
      expect((await ask({ path, headers: { Cookie: cookie } })).status, path).toBe(200)
  })

  test('not tested before: the vite:invalidate WebSocket message (and any other but keep-alive) of a remote screen is dropped, logged', async () => {
    const messages = [
      JSON.stringify({ type: 'custom', event: 'vite:invalidate', data: { path: '/@fs/x.ts', message: 'remote-invalidate-probe', firstInvalidatedBy: '/@fs/x.ts' } }),
      JSON.stringify({ type: 'custom', event: 'vite:forward-console', data: { type: 'log', data: { level: 'error', message: 'remote-console-probe' } } }),
      JSON.stringify({ type: 'ping' }),
    ]
    const socket = await ask({ websocket: true, headers: { Cookie: cookie }, send: messages })
    expect(socket.status).toBe(101)
    await expect.poll(() => server!.output()).toContain(`::ffff:${ns.clients[0]}: dropped WebSocket message "vite:invalidate"`)
    await expect.poll(() => server!.output()).toContain(`::ffff:${ns.clients[0]}: dropped WebSocket message "vite:forward-console"`)
    // Vite never saw them: it would log the invalidation and forward the console line.
    expect(server!.output()).not.toMatch(/remote-invalidate-probe|remote-console-probe|hmr invalidate/)
  })

  test('CRITICAL: the sync POST with an encoded path that normalises to /@server-reactive/nav is refused (400); Object.prototype gains nothing, present stays up', async () => {
    const name = `polluted${randomBytes(3).toString('hex')}`
    const marker = `injected-${randomBytes(4).toString('hex')}`
    const headers = { 'Origin': origin, 'Content-Type': 'application/json' }
    const body = JSON.stringify({ source: 'review', data: { marker }, timestamp: Date.now() })
    // The review's request, byte for byte.
    const attack = await raw('POST', `/@server-reactive/__proto__/${name}/JUNK%5C%2e%2e%5C%2e%2e%5C%2e%2e%5Cnav`, headers, body)
    expect.soft(attack.status, 'the request itself').toBe(400)

    // Seen three ways in the review. 1: the data comes back from the state.
    const state = await ask({ path: `/@server-reactive/${name}`, headers: { Cookie: cookie } })
    expect.soft(state.body, 'GET /@server-reactive/<name>').not.toContain(marker)
    // 2: every page answers with an extra header.
    const page = await ask({ path: '/', headers: { Cookie: cookie } })
    expect.soft(page.status).toBe(200)
    expect.soft(Object.keys(page.headers), 'a header named after the injected property').not.toContain(name.toLowerCase())
    for (const [process, added] of Object.entries(await prototypeGains()))
      expect.soft(added, `Object.prototype of ${process}`).toEqual([])

    // 3: a name that is no header token takes the whole present down on the next page.
    const fatal = await raw('POST', '/@server-reactive/__proto__/a:b/JUNK%5C%2e%2e%5C%2e%2e%5C%2e%2e%5Cnav', headers, body)
    expect.soft(fatal.status).toBe(400)
    const next = await ask({ path: '/', headers: { Cookie: cookie } })
    expect.soft(next.status, 'the next page load').toBe(200)
    await new Promise(r => setTimeout(r, 500))
    expect(server!.alive(), `present is still running:\n${server!.output().slice(-1500)}`).toBe(true)
    expect(server!.output()).not.toMatch(/ERR_INVALID_HTTP_TOKEN/)

    // The same trick with every other spelling: none reaches the sync.
    for (const target of [
      `/@server-reactive/__proto__/${name}/JUNK/../../../nav`,
      `/@server-reactive/${name}/..%2fnav`,
      `/@server-reactive/${name}/%2e%2e/nav`,
      `/@server-reactive/${name}/%252e%252e/nav`,
      `/@server-reactive/constructor/prototype/${name}/x%5c..%5c..%5c..%5cnav`,
      `/@server-reactive/a.__proto__.${name}/..%5Cnav`,
      '/@server-reactive//nav',
      '/@server-reactive/nav/',
      '/@server-reactive/nav?x=1',
      '/@server-reactive/na%76',
    ]) {
      const answer = await raw('POST', target, headers, body)
      expect.soft([400, 403], target).toContain(answer.status)
    }
    // A target that is no path at all (connect would route it past every middleware).
    expect((await raw('GET', `*/@fs${FS_ROOT}/docs/instructor-errata.md`)).status).toBe(400)
    for (const [process, added] of Object.entries(await prototypeGains()))
      expect(added, `Object.prototype of ${process}`).toEqual([])
    // The real sync still works, from its exact path.
    expect((await raw('POST', '/@server-reactive/nav', headers, JSON.stringify({ source: 'review', patch: { page: 2, clicks: 0 }, timestamp: Date.now() }))).status).toBe(200)
  })

  test('fuzz: thousands of generated request targets and WebSocket messages; the server stays up, nothing beyond the allow-list, no file changed, Object.prototype untouched', async () => {
    test.setTimeout(240_000)
    const started = Date.now()
    const since = Date.now() - 1000
    const seed = Number(process.env.GUARD_FUZZ_SEED ?? (Date.now() % 2 ** 31))
    const targets = fuzzTargets(seed, 3000, { root: FS_ROOT })
    const answerable = remoteAnswerable(FS_ROOT)
    const tally = new Map<number, number>()
    const examples = new Map<number, string[]>()
    const leaks: string[] = []
    const outside: string[] = []
    // A few requests at a time: the agent answers them as they come.
    let next = 0
    const worker = async () => {
      while (next < targets.length) {
        const { method, target, body, withCookie } = targets[next++]
        const answer: Answer = await raw(method, target, body ? { 'Origin': origin, 'Content-Type': 'application/json' } : {}, body, withCookie).catch((error: Error) => ({ status: -1, headers: {}, body: error.message }))
        tally.set(answer.status, (tally.get(answer.status) ?? 0) + 1)
        const seen = examples.get(answer.status) ?? []
        if (seen.length < 3)
          examples.set(answer.status, [...seen, `${method} ${target.slice(0, 100)}${answer.error ? ` (${answer.error})` : ''}`])
        // Answered by a handler behind the guard (Vite's 500 for a missing file under ?raw included).
        if ((answer.status >= 200 && answer.status < 400) || answer.status >= 500) {
          if (!answerable.some(allowed => allowed.test(target.split('?')[0])))
            outside.push(`${answer.status} ${method} ${target}`)
          for (const text of PROTECTED_TEXT) {
            if (answer.body.includes(text))
              leaks.push(`${answer.status} ${method} ${target}: ${text}`)
          }
        }
      }
    }
    await Promise.all(Array.from({ length: 8 }, worker))
    const httpSeconds = (Date.now() - started) / 1000

    const messages = fuzzMessages(seed, 1000)
    const sockets: number[] = []
    for (let i = 0; i < messages.length; i += 100)
      sockets.push((await ask({ websocket: true, headers: { Cookie: cookie }, send: messages.slice(i, i + 100) })).status)
    const seconds = (Date.now() - started) / 1000
    console.warn(`fuzz (seed ${seed}): ${targets.length} request targets in ${httpSeconds.toFixed(1)} s, answers ${JSON.stringify(Object.fromEntries([...tally].sort()))}; ${messages.length} WebSocket messages on ${sockets.length} sockets; ${seconds.toFixed(1)} s in all\n  e.g. ${JSON.stringify(Object.fromEntries(examples))}`)

    expect(tally.get(-1) ?? 0, 'requests the agent could not make').toBe(0)
    expect(tally.get(0) ?? 0, `requests without an answer, e.g. ${examples.get(0)}`).toBe(0)
    expect(outside, 'answered beyond the allow-list').toEqual([])
    expect(leaks, 'protected text in an answer').toEqual([])
    expect(sockets.every(s => s === 101)).toBe(true)
    // Still up, and still the same deck.
    expect(server!.alive()).toBe(true)
    expect((await ask({ path: '/', headers: { Cookie: cookie } })).status).toBe(200)
    expect((await ask({ path: '/@server-reactive/nav', headers: { Cookie: cookie } })).body).toMatch(/"page":/)
    expect(await changedSince(since), 'project files changed').toEqual([])
    for (const [process, added] of Object.entries(await prototypeGains()))
      expect(added, `Object.prototype of ${process}`).toEqual([])
    expect(seconds).toBeLessThan(180)
  })
})

// ------------------------------------------------ without a password (local)

test.describe('present --edit without a password: other origins on this machine', () => {
  let port: number
  let server: Running | undefined
  let other: http.Server
  let otherPort: number

  test.beforeAll(async () => {
    test.setTimeout(200_000)
    port = await freePort('::')
    server = await present(['--edit', '--port', String(port)], undefined, { host: 'localhost', port })
    // Another local web server, as a second dev server or `python -m http.server` would be.
    other = http.createServer((_req, res) => res.end('<!doctype html><title>another origin</title>'))
    await new Promise<void>(resolve => other.listen(0, '127.0.0.1', resolve))
    otherPort = (other.address() as net.AddressInfo).port
  })

  test.afterAll(async () => {
    await server?.stop()
    other?.close()
  })

  test('MEDIUM: a page on another loopback origin cannot read project files, whatever it names the server; the deck itself still loads', async ({ page }) => {
    test.setTimeout(200_000)
    await page.goto(`http://127.0.0.1:${otherPort}/`)
    const targets = [`http://localhost:${port}/@fs${FS_ROOT}/docs/instructor-errata.md`, `http://127.0.0.1:${port}/@fs${FS_ROOT}/docs/instructor-errata.md`, `http://localhost:${port}/@fs${FS_ROOT}/package.json`, `http://localhost:${port}/@slidev/configs`]
    for (const url of targets) {
      const read = await page.evaluate(async (u) => {
        try {
          const response = await fetch(u)
          return `${response.status} ${(await response.text()).slice(0, 200)}`
        }
        catch (error) {
          return `refused: ${(error as Error).message}`
        }
      }, url)
      expect.soft(read, url).toMatch(/^refused/)
    }
    // The same, asked by hand: 403, and no CORS grant for another origin.
    const asked: Record<string, string>[] = [
      { 'Origin': `http://127.0.0.1:${otherPort}`, 'Sec-Fetch-Site': 'same-site', 'Sec-Fetch-Mode': 'cors' },
      { Origin: `http://localhost:${otherPort}` },
      { 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Mode': 'no-cors', 'Sec-Fetch-Dest': 'script' },
      { 'Sec-Fetch-Site': 'same-site', 'Sec-Fetch-Mode': 'no-cors', 'Sec-Fetch-Dest': 'script' },
    ]
    for (const headers of asked) {
      const answer = await askLocalhost(port, `/@fs${FS_ROOT}/docs/instructor-errata.md`, headers)
      expect.soft(answer.status, JSON.stringify(headers)).toBe(403)
      expect.soft(answer.headers['access-control-allow-origin'], JSON.stringify(headers)).toBeUndefined()
    }
    // A navigation from another site is a page load, not a read: allowed.
    expect((await askLocalhost(port, '/', { 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Mode': 'navigate', 'Sec-Fetch-Dest': 'document' })).status).toBe(200)
    // The deck, on its own origin, loads as before.
    await page.goto(`http://localhost:${port}/presenter/`)
    await expect(page.locator('.grid-section.note .slidev-note')).toBeVisible({ timeout: 150_000 })
  })

  test('CRITICAL, from this machine too: a non-canonical request target is refused with 400 before any handler', async () => {
    const name = `polluted${randomBytes(3).toString('hex')}`
    const body = JSON.stringify({ source: 'review', data: { x: 1 }, timestamp: 1 })
    for (const target of [`/@server-reactive/__proto__/${name}/JUNK%5C%2e%2e%5C%2e%2e%5C%2e%2e%5Cnav`, '/@server-reactive/constructor/prototype/x', `/@fs${FS_ROOT}/slides/%2e%2e/docs/instructor-errata.md`, '/%2e%2e/package.json', '/a/../b']) {
      const answer = await rawHere(port, `POST ${target} HTTP/1.1\r\nHost: localhost:${port}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`)
      expect.soft(answer, target).toMatch(/^HTTP\/1\.1 400/)
    }
    for (const [process, added] of Object.entries(await prototypeGains()))
      expect(added, `Object.prototype of ${process}`).toEqual([])
    expect(server!.alive()).toBe(true)
  })
})

/** A request from this machine under the dev server's own name, localhost. */
function askLocalhost(port: number, path: string, headers: Record<string, string> = {}): Promise<HereAnswer> {
  return askHere(port, path, { headers: { Host: `localhost:${port}`, ...headers }, timeoutMs: 60_000 })
}

function rawHere(port: number, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port })
    let answer = ''
    socket.on('data', (d: Buffer) => (answer += d.toString('latin1')))
    socket.on('end', () => resolve(answer))
    socket.on('error', reject)
    socket.end(Buffer.from(request, 'latin1'))
  })
}
