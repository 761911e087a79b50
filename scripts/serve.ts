/**
 * Serves dist/ on 127.0.0.1 the way any static file server would, with one
 * addition every single-page deck needs: a path with no file extension under
 * /lesson-N/ gets that lesson's index.html, so deep links survive a reload.
 * Missing assets get a real 404.
 *
 *   npm run serve [-- --port 3030]
 */
import type { AddressInfo } from 'node:net'
import { existsSync } from 'node:fs'
import http from 'node:http'
import { extname, join } from 'node:path'
import process from 'node:process'
import { pathToFileURL } from 'node:url'
import sirv from 'sirv'
import { lessons } from '../data/course'
import { DIST_DIR } from './project'

export interface StaticServer {
  url: string
  close: () => Promise<void>
}

export interface ServeOptions {
  root?: string
  /** Folders under root that hold a deck (default: the lessons). */
  decks?: string[]
  port?: number
  host?: string
}

export function startStaticServer(options: ServeOptions = {}): Promise<StaticServer> {
  const { root = DIST_DIR, decks = lessons.map(l => l.slug), port = 0, host = '127.0.0.1' } = options
  if (!existsSync(root))
    throw new Error(`Nothing to serve: ${root} does not exist. Run \`npm run build\` first.`)
  const files = sirv(root, { dev: true, etag: true, dotfiles: false })
  const fallbacks = decks.map(slug => ({ prefix: `/${slug}/`, index: join(root, slug, 'index.html') }))

  const server = http.createServer((req, res) => {
    files(req, res, () => {
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname)
      const fallback = extname(path) ? undefined : fallbacks.find(f => `${path}/`.startsWith(f.prefix))
      if (fallback && existsSync(fallback.index)) {
        req.url = `/${fallback.prefix.slice(1)}index.html`
        return files(req, res, () => notFound(res))
      }
      // `/lesson-1` without the slash: the deck's assets are relative to the base.
      const bare = fallbacks.find(f => path === f.prefix.slice(0, -1))
      if (bare) {
        res.writeHead(301, { Location: bare.prefix })
        res.end()
        return
      }
      notFound(res)
    })
  })

  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      const { port: actual } = server.address() as AddressInfo
      resolve({
        url: `http://${host}:${actual}`,
        close: () => new Promise<void>(done => server.close(() => done())),
      })
    })
  })
}

function notFound(res: http.ServerResponse) {
  res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' })
  res.end('Not found')
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const portArg = process.argv.indexOf('--port')
  const port = portArg > 0 ? Number(process.argv[portArg + 1]) : 3030
  const { url } = await startStaticServer({ port })
  console.log(`Serving ${DIST_DIR} at ${url}/ (lessons: ${lessons.map(l => `${url}/${l.slug}/`).join(', ')})`)
}
