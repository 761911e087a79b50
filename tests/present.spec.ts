/**
 * Teaching live: `npm run present` starts Slidev's dev server for a lesson.
 * With a remote password, the server itself refuses pages, modules and
 * WebSocket upgrades from other machines that lack it (scripts/remote-guard.ts);
 * without one, Slidev listens on localhost only.
 *
 * Requests sent from 127.0.0.2 stand for another machine: Linux routes all of
 * 127.0.0.0/8 to loopback, and the server sees 127.0.0.2 as the peer address.
 * Nothing here talks to a non-loopback address.
 */
import type { ChildProcess } from 'node:child_process'
import type { IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Buffer } from 'node:buffer'
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readdir, readFile, stat } from 'node:fs/promises'
import http from 'node:http'
import { createRequire } from 'node:module'
import net from 'node:net'
import { join } from 'node:path'
import process from 'node:process'
import { expect, test } from '@playwright/test'
import { lessons } from '../data/course'
import { parsePresentArgs, PASSWORD_ENV, slidevArgs, slidevEnv } from '../scripts/present'
import { entryOf, ROOT } from '../scripts/project'
import { REMOTE_COOKIE } from '../scripts/remote-guard'

// Both servers run in this worker, one after the other.
test.describe.configure({ mode: 'default' })

const PRESENT = join(ROOT, 'scripts', 'present.ts')
const TSX = createRequire(import.meta.url).resolve('tsx/cli')
const OTHER_MACHINE = '127.0.0.2'
const THIS_MACHINE = '127.0.0.1'
const lesson = lessons[0]

test.describe('the command line', () => {
  test('a lesson number is required, and refused with the list of lessons', () => {
    expect(parsePresentArgs(['lesson-2'], {}).lesson.number).toBe(2)
    expect(() => parsePresentArgs([], {})).toThrow(/No lesson given\. Choose one of: 1 \(.+\), 2 \(.+\), 3 \(.+\)/)
    expect(() => parsePresentArgs(['--port', '4000'], {})).toThrow(/No lesson given/)
    expect(() => parsePresentArgs(['4'], {})).toThrow(/Unknown lesson "4"\. Choose one of: 1 /)
  })

  test('without a password: no --remote, so Slidev listens on localhost only', () => {
    const options = parsePresentArgs(['1', '--port', '4000'], {})
    expect(options.password).toBeUndefined()
    const args = slidevArgs(options)
    expect(args).toEqual([entryOf(lesson), '--port', '4000'])
    // Slidev 52 takes its host from --bind only in remote mode, else "localhost".
    expect(args.some(a => a.startsWith('--remote') || a.startsWith('--bind') || a.startsWith('--tunnel'))).toBe(false)
    expect(slidevEnv(options, { [PASSWORD_ENV]: 'stale', PATH: '/bin' })).not.toHaveProperty(PASSWORD_ENV)
  })

  test('a password from the environment or --remote becomes Slidev\'s --remote <password>', () => {
    const fromEnv = parsePresentArgs(['2'], { [PASSWORD_ENV]: 'tablet-42' })
    expect(slidevArgs(fromEnv)).toEqual([entryOf(lessons[1]), '--remote', 'tablet-42'])
    expect(slidevEnv(fromEnv, {})[PASSWORD_ENV]).toBe('tablet-42')

    // --remote wins over the environment, and is not passed on twice.
    const fromFlag = parsePresentArgs(['3', '--remote', 'flag-7', '--port', '4000'], { [PASSWORD_ENV]: 'env-1' })
    expect(slidevArgs(fromFlag)).toEqual([entryOf(lessons[2]), '--remote', 'flag-7', '--port', '4000'])
    expect(slidevArgs(parsePresentArgs(['1', '--remote=inline'], {}))).toEqual([entryOf(lesson), '--remote', 'inline'])
  })

  test('what would open the server without a password is refused', () => {
    // A bare --remote is Slidev's "every interface, no password".
    expect(() => parsePresentArgs(['1', '--remote'], {})).toThrow(/--remote needs a password/)
    expect(() => parsePresentArgs(['1', '--remote='], {})).toThrow(/--remote needs a password/)
    expect(() => parsePresentArgs(['1', '--remote', 'pw', '--tunnel'], {})).toThrow(/--tunnel is not supported/)
    expect(() => parsePresentArgs(['1', '--bind', '0.0.0.0'], {})).toThrow(/--bind only applies with a remote password/)
    // Slidev puts the password into URLs unencoded.
    expect(() => parsePresentArgs(['1'], { [PASSWORD_ENV]: 'a&b' })).toThrow(/letters, digits/)
    expect(() => parsePresentArgs(['1', '--remote', '-x'], {})).toThrow(/letters, digits/)
  })
})

interface Answer {
  status: number
  headers: IncomingHttpHeaders
  body: string
}

interface Ask {
  from: string
  cookie?: string
  /** Ask for Vite's HMR WebSocket (which also carries Slidev's presenter sync). */
  websocket?: boolean
}

function ask(port: number, path: string, { from, cookie, websocket }: Ask): Promise<Answer> {
  const headers: Record<string, string> = {}
  if (cookie)
    headers.Cookie = cookie
  if (websocket) {
    Object.assign(headers, {
      'Connection': 'Upgrade',
      'Upgrade': 'websocket',
      'Sec-WebSocket-Version': '13',
      'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
      'Sec-WebSocket-Protocol': 'vite-hmr',
    })
  }
  return new Promise((resolve, reject) => {
    const req = http.request({ host: THIS_MACHINE, port, path, localAddress: from, headers, agent: false, timeout: 15_000 })
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
    req.on('timeout', () => req.destroy(new Error(`no answer to ${path} from ${from}`)))
    req.on('error', reject)
    req.end()
  })
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer()
    probe.once('error', reject)
    probe.listen(0, THIS_MACHINE, () => {
      const { port } = probe.address() as AddressInfo
      probe.close(() => resolve(port))
    })
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

interface Presenting {
  child: ChildProcess
  output: () => string
  stop: () => Promise<void>
}

/** `scripts/present.ts <args>` in its own process group, so that it and Slidev stop together. */
async function present(args: string[], env: NodeJS.ProcessEnv, readyAt: { host: string, port: number }): Promise<Presenting> {
  const child = spawn(process.execPath, [TSX, PRESENT, ...args], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout!.on('data', (d: Buffer) => (output += d))
  child.stderr!.on('data', (d: Buffer) => (output += d))
  const exited = new Promise<void>(resolve => child.once('exit', () => resolve()))
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal)
    }
    catch {}
  }
  // Should this worker die before afterAll, the server must not outlive it.
  const onExit = () => killGroup('SIGKILL')
  process.once('exit', onExit)
  const stop = async () => {
    process.off('exit', onExit)
    killGroup('SIGTERM')
    const late = setTimeout(killGroup, 10_000, 'SIGKILL')
    await exited
    clearTimeout(late)
    // Slidev's own children (esbuild) are in the group too.
    killGroup('SIGKILL')
  }

  let running = true
  child.once('exit', () => (running = false))
  const deadline = Date.now() + 60_000
  while (!(await connects(readyAt.host, readyAt.port))) {
    if (!running || Date.now() > deadline) {
      await stop()
      throw new Error(`present.ts did not listen on ${readyAt.host}:${readyAt.port} within 60 s:\n${output.slice(-3000)}`)
    }
    await new Promise(r => setTimeout(r, 250))
  }
  return { child, output: () => output, stop }
}

/** Files under root changed since `since` that contain `secret`. */
async function filesHolding(secret: string, root: string, since: number): Promise<string[]> {
  const found: string[] = []
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const path = join(dir, entry.name)
      if (entry.isDirectory()) {
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

test.describe('with a remote password', () => {
  const password = randomBytes(12).toString('hex')
  let port: number
  let server: Presenting | undefined
  let startedAt: number

  test.beforeAll(async () => {
    port = await freePort()
    startedAt = Date.now()
    // --bind keeps the test server off the network; the guard still sees
    // 127.0.0.2 as another machine.
    server = await present(['1', '--port', String(port), '--bind', THIS_MACHINE], { ...process.env, [PASSWORD_ENV]: password }, { host: THIS_MACHINE, port })
    await expect.poll(async () => (await ask(port, '/', { from: THIS_MACHINE }).catch(() => undefined))?.status, { timeout: 60_000 }).toBe(200)
  })

  test.afterAll(async () => {
    await server?.stop()
  })

  test('another machine without the password gets 401 for the page, a module and the WebSocket', async () => {
    for (const path of ['/', '/presenter/', '/@vite/client', '/@slidev/configs']) {
      const answer = await ask(port, path, { from: OTHER_MACHINE })
      expect(answer.status, path).toBe(401)
      expect(answer.headers['content-type'], path).toMatch(/^text\/plain/)
      expect(answer.body, path).toMatch(/remote password/)
      expect(answer.headers['set-cookie'], path).toBeUndefined()
    }
    const upgrade = await ask(port, '/', { from: OTHER_MACHINE, websocket: true })
    expect(upgrade.status).toBe(401)
    expect(upgrade.body).toMatch(/remote password/)
  })

  test('a wrong password or a forged cookie gets 401 and no cookie', async () => {
    for (const path of [`/?password=${password}x`, '/?password=', `/?password=${password.slice(0, -1)}`]) {
      const answer = await ask(port, path, { from: OTHER_MACHINE })
      expect(answer.status).toBe(401)
      expect(answer.headers['set-cookie']).toBeUndefined()
    }
    const forged = `${REMOTE_COOKIE}=${Buffer.from(password).toString('base64url')}`
    expect((await ask(port, '/@vite/client', { from: OTHER_MACHINE, cookie: forged })).status).toBe(401)
    expect((await ask(port, '/', { from: OTHER_MACHINE, cookie: `${REMOTE_COOKIE}=${password}`, websocket: true })).status).toBe(401)
  })

  test('the right password gets the page and a cookie that lets its modules and WebSocket through', async () => {
    const page = await ask(port, `/presenter/?password=${password}`, { from: OTHER_MACHINE })
    expect(page.status).toBe(200)
    expect(page.body).toContain('<div id="app"')
    const [setCookie] = page.headers['set-cookie'] ?? []
    expect(setCookie).toMatch(new RegExp(`^${REMOTE_COOKIE}=[\\w-]{20,};`))
    expect(setCookie).toMatch(/;\s*HttpOnly/i)
    expect(setCookie).toMatch(/;\s*SameSite=Strict/i)
    expect(setCookie).toMatch(/;\s*Path=\/(?:;|$)/)
    expect(setCookie, 'the cookie holds a token, not the password').not.toContain(password)

    const cookie = setCookie.split(';')[0]
    for (const path of ['/@vite/client', '/@slidev/configs', '/1']) {
      const answer = await ask(port, path, { from: OTHER_MACHINE, cookie })
      expect(answer.status, path).toBe(200)
    }
    const upgrade = await ask(port, '/', { from: OTHER_MACHINE, cookie, websocket: true })
    expect(upgrade.status).toBe(101)
    expect(upgrade.headers['sec-websocket-protocol']).toBe('vite-hmr')
  })

  test('the machine itself needs no password', async () => {
    for (const path of ['/', '/@vite/client'])
      expect((await ask(port, path, { from: THIS_MACHINE })).status, path).toBe(200)
    expect((await ask(port, '/', { from: THIS_MACHINE, websocket: true })).status).toBe(101)
  })

  test('the presenter view works in a browser on this machine, and the password is written nowhere on disk', async ({ page }) => {
    await page.goto(`http://${THIS_MACHINE}:${port}/presenter/?password=${password}`)
    await expect(page.locator('.grid-section.note .slidev-note')).toBeVisible({ timeout: 60_000 })
    expect(server!.output()).toMatch(/Remote screen: on/)
    // Slidev and Vite have now written whatever they cache.
    expect(await filesHolding(password, ROOT, startedAt - 1000)).toEqual([])
  })
})

test.describe('without a password', () => {
  let port: number
  let server: Presenting | undefined

  test.beforeAll(async () => {
    port = await freePort()
    const { [PASSWORD_ENV]: _, ...env } = process.env
    server = await present(['1', '--port', String(port)], env, { host: 'localhost', port })
  })

  test.afterAll(async () => {
    await server?.stop()
  })

  test('Slidev listens on localhost only, and says so', async () => {
    const answer = await new Promise<number>((resolve, reject) => {
      http.get({ host: 'localhost', port, path: '/', agent: false }, (res) => {
        res.resume()
        resolve(res.statusCode ?? 0)
      }).on('error', reject)
    })
    expect(answer).toBe(200)
    // A server on every interface would also take 127.0.0.2.
    expect(await connects(OTHER_MACHINE, port)).toBe(false)
    expect(server!.output()).toMatch(/Remote screen: off\. Slidev listens on localhost only/)
  })
})
