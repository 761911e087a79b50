/**
 * `npm run serve`: a stranger's request cannot take it down or read a
 * dotfile. The real command serves a scratch site (--root) with a deck
 * folder and files it must never hand out.
 */
import type { Buffer } from 'node:buffer'
import type { ChildProcess } from 'node:child_process'
import type { AddressInfo } from 'node:net'
import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import http from 'node:http'
import { createRequire } from 'node:module'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import process from 'node:process'
import { expect, test } from '@playwright/test'
import { lessons } from '../data/course'
import { localGate } from '../scripts/present/mode'
import { ROOT } from '../scripts/shared/project'
import { checkPath, startStaticServer } from '../scripts/shared/static-server'

test.describe.configure({ mode: 'serial' })

const TSX = createRequire(import.meta.url).resolve('tsx/cli')
const slug = lessons[0].slug
let root: string
let outside: string
let port: number
let server: ChildProcess
let output = ''

function get(path: string, method = 'GET'): Promise<{ status: number, body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method, agent: false }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (c: string) => (body += c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

/** Sends bytes as they are: no client library to tidy the request line. */
function raw(request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port })
    let answer = ''
    socket.on('data', (d: Buffer) => (answer += d))
    socket.on('end', () => resolve(answer))
    socket.on('error', reject)
    socket.end(request)
  })
}

test.beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'serve-'))
  await mkdir(join(root, slug, 'assets'), { recursive: true })
  await mkdir(join(root, '.git'))
  await writeFile(join(root, slug, 'index.html'), '<!doctype html><title>deck</title>')
  await writeFile(join(root, slug, 'assets', 'app.js'), 'console.log(1)')
  await writeFile(join(root, 'index.html'), '<!doctype html><title>landing</title>')
  await writeFile(join(root, '.hidden'), 'secret')
  await writeFile(join(root, '.env'), 'TOKEN=secret')
  await writeFile(join(root, slug, '.hidden'), 'secret')
  await writeFile(join(root, '.git', 'config'), 'secret')
  // Links out of the root (the review's `dist/link → /etc/passwd`), and one that stays inside.
  outside = await mkdtemp(join(tmpdir(), 'serve-outside-'))
  await writeFile(join(outside, 'leak.js'), 'secret outside the root')
  await symlink('/etc/passwd', join(root, 'link'))
  await symlink(join(outside, 'leak.js'), join(root, slug, 'assets', 'leak.js'))
  await symlink(outside, join(root, slug, 'elsewhere'))
  await symlink(join(root, slug, 'assets', 'app.js'), join(root, slug, 'assets', 'alias.js'))

  const probe = net.createServer()
  await new Promise<void>(resolve => probe.listen(0, '127.0.0.1', resolve))
  port = (probe.address() as AddressInfo).port
  await new Promise(resolve => probe.close(resolve))

  server = spawn(process.execPath, [TSX, 'scripts/serve.ts', '--port', String(port), '--root', root], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] })
  server.stdout!.on('data', (d: Buffer) => (output += d))
  server.stderr!.on('data', (d: Buffer) => (output += d))
  await expect.poll(() => output, { timeout: 30_000 }).toContain(`Serving ${root} at http://127.0.0.1:${port}/`)
})

test.afterAll(async () => {
  server?.kill()
  await rm(root, { recursive: true, force: true })
  await rm(outside, { recursive: true, force: true })
})

test('a malformed URL gets 400, and the server keeps serving', async () => {
  for (const path of ['/%E0%A4%A', `/${slug}/%E0%A4%A`, '/%', '/%00', `/${slug}/%zz/x`]) {
    const answer = await get(path)
    expect(answer.status, path).toBe(400)
    expect(answer.body).toMatch(/malformed URL/)
  }
  // A request line Node itself cannot parse.
  expect(await raw('GET /\u0000 HTTP/1.1\r\n\r\n')).toMatch(/^HTTP\/1\.1 400/)
  expect((await get(`/${slug}/`)).status).toBe(200)
  expect((await get(`/${slug}/14`)).body).toContain('<title>deck</title>')
  expect(server.exitCode).toBeNull()
  expect(output).not.toMatch(/URIError|Error:/)
})

test('dotfiles and dot-folders get 404 however they are spelled', async () => {
  for (const path of ['/.hidden', '/.env', `/${slug}/.hidden`, '/.git/config', '/%2ehidden', '/%2Egit/config', `/${slug}/%2e%2e/.hidden`, `/${slug}/..%2f.env`, `/${slug}/..%5c.env`]) {
    const answer = await get(path)
    expect(answer.status, path).toBe(404)
    expect(answer.body, path).not.toContain('secret')
  }
  // Files without a dot in their path are served as before.
  expect((await get(`/${slug}/assets/app.js`)).status).toBe(200)
  expect((await get('/')).body).toContain('<title>landing</title>')
})

test('only GET and HEAD', async () => {
  for (const method of ['POST', 'PUT', 'DELETE'])
    expect((await get(`/${slug}/`, method)).status, method).toBe(405)
  expect((await get(`/${slug}/`, 'HEAD')).status).toBe(200)
})

test('checkPath: what is refused, and why', () => {
  expect(checkPath('/lesson-1/14')).toEqual({ path: '/lesson-1/14' })
  expect(checkPath('/lesson-1/%E4%B8%AD')).toEqual({ path: '/lesson-1/中' })
  expect(checkPath('/%E0%A4%A')).toEqual({ status: 400 })
  expect(checkPath('/a%00b')).toEqual({ status: 400 })
  expect(checkPath('/.well-known/x')).toEqual({ status: 404 })
  expect(checkPath('/lesson-1/..%2f..%2fpackage.json')).toEqual({ status: 404 })
  expect(checkPath('/a\\.env')).toEqual({ status: 404 })
  // Encoded reserved characters: sirv (decodeURI) would read another path than this check.
  expect(checkPath('/lesson-1/a%2Fb')).toEqual({ status: 400 })
  expect(checkPath('/lesson-1/a%3Fb')).toEqual({ status: 400 })
})

test('a symlink out of the root is not followed (404); one inside the root is served', async () => {
  for (const path of ['/link', `/${slug}/assets/leak.js`, `/${slug}/elsewhere/leak.js`]) {
    const answer = await get(path)
    expect.soft(answer.status, path).toBe(404)
    expect.soft(answer.body, path).not.toMatch(/root:x:0:0|secret outside/)
  }
  // A folder linked from outside is no folder of the deck: its path is one of the deck's routes.
  expect((await get(`/${slug}/elsewhere/`)).body).toContain('<title>deck</title>')
  const alias = await get(`/${slug}/assets/alias.js`)
  expect(alias.status).toBe(200)
  expect(alias.body).toBe('console.log(1)')
  expect(server.exitCode).toBeNull()
})

test('the built live deck\'s server (present\'s, behind its gate) stays inside its root too', async () => {
  const live = await startStaticServer({ root, decks: [''], gate: localGate() })
  try {
    for (const path of ['/link', `/${slug}/assets/leak.js`, `/${slug}/elsewhere/leak.js`]) {
      const answer = await new Promise<{ status: number, body: string }>((resolve, reject) => {
        http.get(`${live.url}${path}`, { headers: { Host: `localhost:${new URL(live.url).port}` } }, (res) => {
          let body = ''
          res.setEncoding('utf8')
          res.on('data', (c: string) => (body += c))
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
        }).on('error', reject)
      })
      expect.soft(answer.status, path).toBe(404)
      expect.soft(answer.body, path).not.toMatch(/root:x:0:0|secret outside/)
    }
  }
  finally {
    await live.close()
  }
})
