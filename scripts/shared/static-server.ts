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
 *   npm run serve [-- --port 3030] [--root <dir>]
 */
import type { AddressInfo } from 'node:net'
import { existsSync, realpathSync, statSync } from 'node:fs'
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
  const realRoot = realpathSync(root)
  const files = sirv(realRoot, { dev: true, etag: true, dotfiles: false })
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
    files(req, res, () => {
      const fallback = extname(path) ? undefined : fallbacks.find(f => `${path}/`.startsWith(f.prefix))
      if (fallback && existsSync(fallback.index) && insideRoot(realRoot, fallback.index)) {
        req.url = `/${fallback.prefix.slice(1)}index.html`
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
