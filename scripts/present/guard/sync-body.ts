/**
 * The presenter sync's body, as a remote screen may post it: read before
 * Slidev's handler (vite-plugin-vue-server-ref) sees it, checked, and handed
 * on unchanged.
 */
import type { IncomingMessage } from 'node:http'
import { Buffer } from 'node:buffer'
import { Readable } from 'node:stream'
import { PROTOTYPE_NAMES } from './target'

/**
 * The presenter sync's body as a remote screen may send it: JSON of
 * `{ source, data | patch, timestamp }` whose keys cannot reach an object's
 * prototype (vite-plugin-vue-server-ref merges patches key by key).
 */
export function checkSyncBody(body: string): string | undefined {
  let forbidden: string | undefined
  let parsed: unknown
  try {
    parsed = JSON.parse(body, (key, value) => {
      if (PROTOTYPE_NAMES.has(key))
        forbidden = key
      return value
    })
  }
  catch {
    return 'the body is not JSON'
  }
  if (forbidden)
    return `the body names "${forbidden}"`
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    return 'the body is not an object'
  const extra = Object.keys(parsed).filter(k => !['source', 'data', 'patch', 'timestamp'].includes(k))
  if (extra.length)
    return `unexpected field(s) ${extra.join(', ')}`
  return undefined
}

/** Reads the body (up to `limit` bytes), then hands the same bytes to whoever reads the request next. */
export function takeBody(req: IncomingMessage, limit: number): Promise<Buffer | 'too large'> {
  const declared = Number(req.headers['content-length'] ?? Number.NaN)
  if (declared > limit)
    return Promise.resolve('too large')
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const onData = (chunk: Buffer) => {
      size += chunk.length
      if (size > limit) {
        req.off('data', onData)
        req.pause()
        resolve('too large')
        return
      }
      chunks.push(chunk)
    }
    req.on('data', onData)
    req.once('error', reject)
    req.once('end', () => {
      const body = Buffer.concat(chunks)
      // The request stream is spent: the next reader gets a copy of it.
      const copy = Readable.from(body.length ? [body] : [])
      for (const method of ['on', 'once', 'addListener', 'prependListener', 'removeListener', 'off', 'pipe', 'unpipe', 'read', 'resume', 'pause', 'setEncoding', 'isPaused'] as const)
        Object.defineProperty(req, method, { value: (copy[method] as (...a: unknown[]) => unknown).bind(copy), configurable: true })
      Object.defineProperty(req, Symbol.asyncIterator, { value: copy[Symbol.asyncIterator].bind(copy), configurable: true })
      resolve(body)
    })
  })
}
