/**
 * Serves dist/ on 127.0.0.1 the way any static file server would, with one
 * addition every single-page deck needs: a path with no file extension under
 * /lesson-N/ gets that lesson's index.html, so deep links survive a reload.
 * Missing assets get a real 404.
 *
 * What a stranger's request cannot do: crash it (a malformed URL gets 400,
 * any other error 500, and the server stays up), read a dotfile (404,
 * however it is spelled), or leave the root: a file is served only if its
 * real path (symlinks resolved) is inside the root's real path, else 404.
 * Only GET and HEAD are answered.
 *
 * Compressed answers: the build writes gzip and Brotli copies beside each text
 * asset (scripts/build/compress.ts); a client that accepts one of them
 * (Accept-Encoding, with its q-values) gets it with Content-Encoding, and
 * every answer that could differ by encoding says `Vary: Accept-Encoding`.
 * A client that accepts neither gets the plain file; a copy is never served
 * as a file of its own (`x.js.gz` gets 404 when `x.js` is there). Hashed
 * assets (`assets/name-<hash>.js`) are cached for a year, immutable;
 * everything else is revalidated (ETag).
 *
 *   npm run serve [-- --port 3030] [--root <dir>]
 */
import type { AddressInfo } from 'node:net'
import { createReadStream, existsSync, lstatSync, realpathSync, statSync } from 'node:fs'
import http from 'node:http'
import { extname, join, resolve, sep } from 'node:path'
import process from 'node:process'
import sirv from 'sirv'
import { lessons } from '../../data/course'
import { DIST_DIR } from './project'

export interface StaticServer {
  url: string
  close: () => Promise<void>
}

export interface ServeOptions {
  root?: string
  /** Folders under root that hold a deck (default: the lessons); '' for a deck built for the root (base /). */
  decks?: string[]
  port?: number
  host?: string
  /** Decides each request first: a refusal is answered as it is, nothing else is served. */
  gate?: (req: http.IncomingMessage) => { status: number, body: string } | undefined
}

/**
 * The request's path, decoded, or why it cannot be served: `400` for a URL
 * that does not decode, `404` for a dotfile or dot-folder anywhere in the
 * path (.git, .env, .hidden, and `..`), `400` for an encoded reserved
 * character (`%2F`, `%3F`, …), which sirv would read other than this does.
 */
export function checkPath(url: string | undefined): { path: string } | { status: 400 | 404 } {
  let path: string
  try {
    path = decodeURIComponent(new URL(url ?? '/', 'http://localhost').pathname)
  }
  catch {
    return { status: 400 }
  }
  if (path.includes('\0'))
    return { status: 400 }
  // Backslashes count as separators too: some clients send them.
  if (path.split(/[/\\]/).some(segment => segment.startsWith('.')))
    return { status: 404 }
  // sirv decodes with decodeURI, which leaves these encoded: the path would
  // not be the one checked here.
  if (/%(?:2[346BCF]|3[ABDF]|40)/i.test(url ?? ''))
    return { status: 400 }
  return { path }
}

/** The file sirv (dev mode, extensions html and htm) would send for a decoded path: its candidates, in its order. */
export function fileFor(root: string, path: string): string | undefined {
  const uri = path.endsWith('/') ? path.slice(0, -1) : path
  for (const extension of ['', '.html', '.htm']) {
    for (const name of uri ? [`${uri}${extension}`, `${uri}/index${extension}`] : [`/index${extension}`]) {
      const abs = join(root, name)
      try {
        if (!statSync(abs).isDirectory())
          return abs
      }
      catch {}
    }
  }
  return undefined
}

/** The path as sirv reads it: the raw path, decoded with decodeURI when it decodes. */
function sirvPathOf(url: string | undefined): string {
  const raw = (url ?? '/').split('?')[0]
  try {
    return decodeURI(raw)
  }
  catch {
    return raw
  }
}

/** Whether a file's real path (symlinks resolved) lies inside the real root. */
export function insideRoot(realRoot: string, file: string): boolean {
  try {
    const real = realpathSync(file)
    return real.startsWith(realRoot.endsWith(sep) ? realRoot : `${realRoot}${sep}`)
  }
  catch {
    return false
  }
}

function plain(res: http.ServerResponse, status: number, body: string, headers: Record<string, string> = {}) {
  if (res.headersSent) {
    res.destroy()
    return
  }
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...headers })
  res.end(`${body}\n`)
}

export function startStaticServer(options: ServeOptions = {}): Promise<StaticServer> {
  const { root = DIST_DIR, decks = lessons.map(l => l.slug), port = 0, host = '127.0.0.1', gate } = options
  if (!existsSync(root))
    return Promise.reject(new Error(`Nothing to serve: ${root} does not exist. Run \`npm run build\` first.`))
  // Everything below is read under the root's real path, and no file outside it.
  const realRoot = realpathSync(root)
  const files = sirv(realRoot, { dev: true, etag: true, dotfiles: false, setHeaders: (res, pathname) => cachingHeaders(pathname, res) })
  const fallbacks = decks.map(slug => ({ prefix: slug ? `/${slug}/` : '/', index: join(realRoot, slug, 'index.html') }))

  const handle = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const refused = gate?.(req)
    if (refused)
      return plain(res, refused.status, refused.body.trimEnd())
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return plain(res, 405, 'Method not allowed', { Allow: 'GET, HEAD' })
    const checked = checkPath(req.url)
    if ('status' in checked)
      return plain(res, checked.status, checked.status === 400 ? 'Bad request: malformed URL' : 'Not found')
    const { path } = checked
    // What sirv would send must lie inside the root, symlinks resolved: the
    // file for this path, and for the path as sirv reads it (raw, decodeURI).
    for (const candidate of new Set([path, sirvPathOf(req.url)])) {
      const file = fileFor(realRoot, candidate)
      if (file && !insideRoot(realRoot, file))
        return plain(res, 404, 'Not found')
    }
    if (isCompressedCopy(realRoot, path))
      return plain(res, 404, 'Not found')
    if (sendCompressed(req, res, realRoot, path))
      return
    files(req, res, () => {
      const fallback = extname(path) ? undefined : fallbacks.find(f => `${path}/`.startsWith(f.prefix))
      if (fallback && existsSync(fallback.index) && insideRoot(realRoot, fallback.index)) {
        const index = `/${fallback.prefix.slice(1)}index.html`
        if (sendCompressed(req, res, realRoot, index))
          return
        req.url = index
        return files(req, res, () => plain(res, 404, 'Not found'))
      }
      // `/lesson-1` without the slash: the deck's assets are relative to the base.
      const bare = fallbacks.find(f => path === f.prefix.slice(0, -1))
      if (bare) {
        res.writeHead(301, { Location: bare.prefix })
        res.end()
        return
      }
      plain(res, 404, 'Not found')
    })
  }

  const server = http.createServer((req, res) => {
    try {
      handle(req, res)
    }
    catch (error) {
      console.error(`serve: ${req.method} ${req.url}: ${error instanceof Error ? error.message : error}`)
      plain(res, 500, 'Internal error')
    }
  })

  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      // A failing connection must not take the server down.
      server.on('error', error => console.error(`serve: ${error.message}`))
      const { port: actual } = server.address() as AddressInfo
      resolve({
        url: `http://${host}:${actual}`,
        close: () => new Promise<void>((done) => {
          server.close(() => done())
          // Keep-alive connections (a browser's) would otherwise hold close() open.
          server.closeAllConnections()
        }),
      })
    })
  })
}

// ------------------------------------------------------------------ compressed answers

/** The copies the build writes (scripts/build/compress.ts), by the encoding each answers, the server's choice first. */
const COPIES = [['br', '.br'], ['gzip', '.gz']] as const
type Encoding = typeof COPIES[number][0]
/** What the build compresses (the same list as scripts/build/compress.ts) and the type each is served as. */
const TEXT_TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain',
  '.xml': 'application/xml',
  '.map': 'application/json',
  '.md': 'text/markdown',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
}
/** Vite's and esbuild's content-hashed file names under assets/ or vendor/: `index-Ds34pFJo.js`, `chunk-4WZMDOAX.js`. */
const HASHED_FOLDER = /\/(?:assets|vendor)\//
/** The hash in a name: 8 letters, digits, `_` or `-` before the extension, one a capital or digit (`Ds34pFJo`, `4WZMDOAX`). */
const HASH = /-([\w-]{8})\.[a-z\d]+$/

/**
 * The encodings a client accepts, the best first, from its Accept-Encoding:
 * q-values (`gzip;q=0` refuses gzip), `*` for any not named, `x-gzip` for
 * gzip; equal q-values go to Brotli, the smaller. Nothing (the plain file)
 * when the header is absent or refuses both.
 */
export function acceptedEncodings(header: string | string[] | undefined): Encoding[] {
  const named = new Map<string, number>()
  for (const part of (Array.isArray(header) ? header.join(',') : header ?? '').split(',')) {
    const [token, ...params] = part.trim().toLowerCase().split(';').map(p => p.trim())
    if (!token)
      continue
    let q = 1
    for (const param of params) {
      const m = /^q=([\d.]+)$/.exec(param)
      if (m)
        q = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/.test(m[1]) ? Number(m[1]) : 0
    }
    const name = token === 'x-gzip' ? 'gzip' : token
    named.set(name, Math.max(q, named.get(name) ?? 0))
  }
  const any = named.get('*')
  return COPIES.map(([encoding], order) => ({ encoding, order, q: named.get(encoding) ?? any ?? 0 }))
    .filter(e => e.q > 0)
    .sort((a, b) => b.q - a.q || a.order - b.order)
    .map(e => e.encoding)
}

/** Caching: a content-hashed asset never changes under its name; anything else is revalidated. */
export function cacheControlOf(path: string): string {
  const hash = HASH.exec(path.slice(path.lastIndexOf('/')))?.[1]
  return HASHED_FOLDER.test(path) && hash && /[A-Z\d]/.test(hash) ? 'public, max-age=31536000, immutable' : 'no-cache'
}

/** Headers of every answer from a file: its caching and, when it could be served compressed, Vary. */
function cachingHeaders(path: string, res: http.ServerResponse) {
  res.setHeader('Cache-Control', cacheControlOf(path))
  if (path.endsWith('/') || TEXT_TYPES[extname(path).toLowerCase()])
    res.setHeader('Vary', 'Accept-Encoding')
}

/** A regular file (not a link, not a folder) under root, or undefined. */
function regularFile(file: string) {
  try {
    const stats = lstatSync(file)
    return stats.isFile() ? stats : undefined
  }
  catch {
    return undefined
  }
}

/** `x.js.gz` or `x.js.br` beside an `x.js`: one of the build's compressed copies, never served on its own. */
export function isCompressedCopy(root: string, path: string): boolean {
  const copy = COPIES.find(([, suffix]) => path.toLowerCase().endsWith(suffix))
  return !!copy && !!TEXT_TYPES[extname(path.slice(0, -copy[1].length)).toLowerCase()] && !!regularFile(join(root, path.slice(0, -copy[1].length)))
}

/**
 * Answers with the compressed copy of the file at `path` (decoded, checked by
 * checkPath) when the client accepts its encoding and the copy is there, a
 * regular file no older than the file; true if it answered. A range request
 * gets the plain file (ranges count bytes of the file as it is).
 */
export function sendCompressed(req: http.IncomingMessage, res: http.ServerResponse, root: string, path: string): boolean {
  const name = path.endsWith('/') ? `${path}index.html` : path
  const type = TEXT_TYPES[extname(name).toLowerCase()]
  if (!type || req.headers.range)
    return false
  const file = join(root, name)
  const original = regularFile(file)
  if (!original)
    return false
  for (const encoding of acceptedEncodings(req.headers['accept-encoding'])) {
    const suffix = COPIES.find(([e]) => e === encoding)![1]
    const copy = regularFile(`${file}${suffix}`)
    // A regular file, but under a folder that may be a link: its real path must stay in the root.
    if (!copy || copy.mtimeMs < original.mtimeMs || !insideRoot(realpathSync(root), `${file}${suffix}`))
      continue
    const etag = `W/"${copy.size}-${copy.mtime.getTime()}-${encoding}"`
    const headers: Record<string, string | number> = {
      'Content-Type': `${type}${type.startsWith('text/') || type.endsWith('json') || type.endsWith('xml') ? '; charset=utf-8' : ''}`,
      'Content-Encoding': encoding,
      'Vary': 'Accept-Encoding',
      'Cache-Control': cacheControlOf(name),
      'ETag': etag,
      'Last-Modified': original.mtime.toUTCString(),
    }
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, headers)
      res.end()
      return true
    }
    res.writeHead(200, { ...headers, 'Content-Length': copy.size })
    if (req.method === 'HEAD') {
      res.end()
      return true
    }
    createReadStream(`${file}${suffix}`)
      .on('error', () => res.destroy())
      .pipe(res)
    return true
  }
  return false
}

/** `[--port <n>] [--root <dir>]`. */
export function parseServeArgs(argv: string[]): { port: number, root: string } {
  let port = 3030
  let root = DIST_DIR
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = argv[i].split(/=(.*)/s, 2)
    const value = () => inline ?? argv[++i]
    if (name === '--port' || name === '-p') {
      const given = value()
      port = Number(given)
      if (!/^\d+$/.test(given ?? '') || port < 1 || port > 65535)
        throw new Error(`--port needs a port number (1–65535), not "${given ?? ''}".`)
    }
    else if (name === '--root') {
      const given = value()
      if (!given)
        throw new Error('--root needs a folder.')
      root = resolve(given)
    }
    else {
      throw new Error(`Unknown argument "${argv[i]}". Usage: npm run serve [-- --port <n>] [--root <dir>]`)
    }
  }
  return { port, root }
}

export async function main() {
  const { port, root } = parseServeArgs(process.argv.slice(2))
  const { url } = await startStaticServer({ port, root }).catch((error: NodeJS.ErrnoException) => {
    throw error.code === 'EADDRINUSE'
      ? new Error(`port ${port} on 127.0.0.1 is already in use (another npm run serve or present?). Choose another: npm run serve -- --port <n>`)
      : error
  })
  console.log(`Serving ${root} at ${url}/ (lessons: ${lessons.map(l => `${url}/${l.slug}/`).join(', ')})`)
}
