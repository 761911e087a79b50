/**
 * `npm run serve`: a stranger's request cannot take it down or read a
 * dotfile; compressed copies go only to a client that accepts them. The real
 * command serves a scratch site (--root) with a deck folder, files it must
 * never hand out, and an asset compressed as the build compresses it.
 */
import type { Buffer } from 'node:buffer'
import type { ChildProcess } from 'node:child_process'
import type { AddressInfo } from 'node:net'
import { Buffer as NodeBuffer } from 'node:buffer'
import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises'
import http from 'node:http'
import { createRequire } from 'node:module'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import process from 'node:process'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { expect, test } from '@playwright/test'
import { lessons } from '../data/course'
import { compressSite } from '../scripts/build/compress'
import { localGate } from '../scripts/present/mode'
import { ROOT } from '../scripts/shared/project'
import { acceptedEncodings, cacheControlOf, checkPath, startStaticServer } from '../scripts/shared/static-server'

test.describe.configure({ mode: 'serial' })

const TSX = createRequire(import.meta.url).resolve('tsx/cli')
const slug = lessons[0].slug
let root: string
let outside: string
let port: number
let server: ChildProcess
let output = ''
const HASHED = 'index-Ds34pFJo.js'
const SCRIPT = `console.log(${JSON.stringify('幻灯片 '.repeat(400))})\n`.repeat(4)

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

/** The answer as it came: headers and the body's bytes, nothing decoded (Node's client decompresses nothing). */
function fetchRaw(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{ status: number, headers: http.IncomingHttpHeaders, body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: NodeBuffer.concat(chunks) }))
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
  // A hashed asset and the deck's page, compressed as the build compresses them.
  await writeFile(join(root, slug, 'assets', HASHED), SCRIPT)
  await writeFile(join(root, slug, 'index.html'), `<!doctype html><title>deck</title>${'<p>幻灯片</p>'.repeat(200)}`)
  await compressSite(join(root, slug), undefined, join(root, '.cache'))
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

test('compressed copies go only to a client that accepts them, never as the plain file', async () => {
  const path = `/${slug}/assets/${HASHED}`
  const file = join(root, slug, 'assets', HASHED)
  const plainBytes = await readFile(file)
  expect((await stat(`${file}.gz`)).size).toBeLessThan(plainBytes.length)
  expect((await stat(`${file}.br`)).size).toBeLessThan(plainBytes.length)

  const expectPlain = (answer: Awaited<ReturnType<typeof fetchRaw>>, why: string) => {
    expect(answer.status, why).toBe(200)
    expect(answer.headers['content-encoding'], why).toBeUndefined()
    expect(answer.body.equals(plainBytes), why).toBe(true)
    expect(Number(answer.headers['content-length']), why).toBe(plainBytes.length)
    expect(answer.headers.vary, why).toMatch(/accept-encoding/i)
  }
  // No Accept-Encoding, identity only, or both refused: the plain file.
  for (const accept of [undefined, 'identity', 'gzip;q=0, br;q=0', '*;q=0', 'deflate', 'br;q=0, gzip;q=0.000'])
    expectPlain(await fetchRaw(path, accept === undefined ? {} : { 'Accept-Encoding': accept }), `Accept-Encoding: ${accept}`)

  const cases: [string, 'br' | 'gzip'][] = [['gzip', 'gzip'], ['x-gzip', 'gzip'], ['gzip, deflate, br', 'br'], ['br;q=0, gzip', 'gzip'], ['br;q=0.5, gzip;q=0.8', 'gzip'], ['*', 'br'], ['gzip;q=1.0, *;q=0.1', 'gzip'], ['BR', 'br']]
  for (const [accept, encoding] of cases) {
    const answer = await fetchRaw(path, { 'Accept-Encoding': accept })
    expect(answer.status, accept).toBe(200)
    expect(answer.headers['content-encoding'], accept).toBe(encoding)
    expect(answer.headers.vary, accept).toMatch(/accept-encoding/i)
    expect(answer.headers['content-type'], accept).toMatch(/^text\/javascript/)
    expect(Number(answer.headers['content-length']), accept).toBe(answer.body.length)
    expect(answer.body.length, accept).toBeLessThan(plainBytes.length)
    const decoded = encoding === 'br' ? brotliDecompressSync(answer.body) : gunzipSync(answer.body)
    expect(decoded.equals(plainBytes), accept).toBe(true)
    expect(answer.headers['cache-control'], accept).toBe('public, max-age=31536000, immutable')
  }
  // HEAD: the same headers, no body.
  const head = await fetchRaw(path, { 'Accept-Encoding': 'br' }, 'HEAD')
  expect(head.headers['content-encoding']).toBe('br')
  expect(head.body.length).toBe(0)
  // Revalidation of the compressed answer.
  const etag = (await fetchRaw(path, { 'Accept-Encoding': 'gzip' })).headers.etag!
  expect((await fetchRaw(path, { 'Accept-Encoding': 'gzip', 'If-None-Match': etag })).status).toBe(304)
  // A range counts the plain file's bytes: it gets the plain file.
  const ranged = await fetchRaw(path, { 'Accept-Encoding': 'gzip', 'Range': 'bytes=0-9' })
  expect(ranged.headers['content-encoding']).toBeUndefined()
  expect(ranged.body.equals(plainBytes.subarray(0, 10))).toBe(true)

  // The copies are never files of their own, whatever the client accepts.
  for (const suffix of ['.gz', '.br', '.GZ']) {
    for (const accept of [undefined, 'gzip, br']) {
      const answer = await fetchRaw(`${path}${suffix}`, accept ? { 'Accept-Encoding': accept } : {})
      expect(answer.status, `${suffix} ${accept}`).toBe(404)
    }
  }

  // The deck's page, and a deep link answered with it: compressed, revalidated each time.
  for (const page of [`/${slug}/`, `/${slug}/14`]) {
    const answer = await fetchRaw(page, { 'Accept-Encoding': 'gzip' })
    expect(answer.headers['content-encoding'], page).toBe('gzip')
    expect(answer.headers['content-type'], page).toBe('text/html; charset=utf-8')
    expect(answer.headers['cache-control'], page).toBe('no-cache')
    expect(gunzipSync(answer.body).toString(), page).toContain('<title>deck</title>')
    const plainPage = await fetchRaw(page)
    expect(plainPage.headers['content-encoding'], page).toBeUndefined()
    expect(plainPage.headers['cache-control'], page).toBe('no-cache')
    expect(plainPage.headers.vary, page).toMatch(/accept-encoding/i)
  }

  // A copy older than its file (the file changed, the copy did not): the plain file.
  const later = new Date(Date.now() + 60_000)
  await utimes(file, later, later)
  expectPlain(await fetchRaw(path, { 'Accept-Encoding': 'gzip, br' }), 'stale copies')
  expect(server.exitCode).toBeNull()
})

test('acceptedEncodings and cacheControlOf', () => {
  expect(acceptedEncodings(undefined)).toEqual([])
  expect(acceptedEncodings('')).toEqual([])
  expect(acceptedEncodings('gzip, deflate, br, zstd')).toEqual(['br', 'gzip'])
  expect(acceptedEncodings('gzip;q=0.9, br;q=0.1')).toEqual(['gzip', 'br'])
  expect(acceptedEncodings('br;q=0')).toEqual([])
  expect(acceptedEncodings('*;q=0.5, gzip;q=0')).toEqual(['br'])
  expect(acceptedEncodings('gzip;q=2')).toEqual([])
  expect(acceptedEncodings(' GZIP ; Q=0.5 ')).toEqual(['gzip'])
  expect(cacheControlOf('/lesson-2/assets/index-Ds34pFJo.js')).toBe('public, max-age=31536000, immutable')
  expect(cacheControlOf('/lesson-2/vendor/mermaid/chunk-IOBYOSMU.js')).toBe('public, max-age=31536000, immutable')
  expect(cacheControlOf('/lesson-2/vendor/mermaid/mermaid.js')).toBe('no-cache')
  expect(cacheControlOf('/lesson-2/index.html')).toBe('no-cache')
  expect(cacheControlOf('/search/index.json')).toBe('no-cache')
  expect(cacheControlOf('/lesson-2/assets/document.js')).toBe('no-cache')
})
