/**
 * Compressed copies of a built site's text assets, written beside each file
 * (`index-Ds34pFJo.js` → `index-Ds34pFJo.js.gz`, `.js.br`), which `npm run
 * serve` and `present`'s built mode answer with when the browser accepts
 * them (scripts/shared/static-server.ts). Nothing is compressed while a
 * request waits.
 *
 * gzip at level 9, Brotli at quality 11 (7 for files over 1 MiB, where 11
 * costs seconds; the stylesheet every page waits for, about 310 KiB, is 20 %
 * smaller at 11 than at 7), text mode. A copy is kept only when it
 * saves at least a tenth; files under 1 KiB and dotfiles (stamps) are left as
 * they are. The output is a function of the input alone (gzip's header
 * carries no name or date), so two builds of the same site stay identical.
 *
 * Most of a site's bytes are the same in every lesson and every build
 * (Slidev's client, Shiki's grammars, Mermaid): each compressed copy is
 * cached by the hash of its input in dist/.vendor/compressed/, so a file is
 * compressed once however many sites and builds carry it.
 */
import type { Buffer } from 'node:buffer'
import { createHash, randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import { copyFile, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import zlib from 'node:zlib'
import { DIST_DIR } from '../shared/project'

/** What is text, and worth compressing. */
export const COMPRESSIBLE = /\.(?:html|js|mjs|css|json|svg|txt|xml|map|md|webmanifest|wasm)$/i
/** The compressed copies, by the encoding each answers. */
export const ENCODINGS = { br: '.br', gzip: '.gz' } as const
const MIN_BYTES = 1024
/** A copy that saves less than this share is not worth a second request variant. */
const MAX_RATIO = 0.9
const BIG_BYTES = 1024 * 1024

const gzip = promisify(zlib.gzip)
const brotli = promisify(zlib.brotliCompress)

/** Settings of both encoders, in the cache key: changing them compresses again. */
function settingsOf(size: number) {
  return { gzipLevel: 9, brotliQuality: size > BIG_BYTES ? 7 : 11 }
}

async function encode(bytes: Buffer, encoding: keyof typeof ENCODINGS): Promise<Buffer> {
  const settings = settingsOf(bytes.length)
  if (encoding === 'gzip')
    return gzip(bytes, { level: settings.gzipLevel })
  return brotli(bytes, {
    params: {
      [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT,
      [zlib.constants.BROTLI_PARAM_QUALITY]: settings.brotliQuality,
      [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
    },
  })
}

async function textFiles(dir: string): Promise<string[]> {
  const found: string[] = []
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.'))
      continue
    const path = join(dir, entry.name)
    if (entry.isDirectory())
      found.push(...await textFiles(path))
    else if (entry.isFile() && COMPRESSIBLE.test(entry.name))
      found.push(path)
  }
  return found
}

/** Writes `file`'s compressed copies beside it; one not worth keeping is not there (nor an older one). */
async function compressFile(file: string, cacheDir: string): Promise<number> {
  const bytes = await readFile(file)
  const stale = () => Promise.all(Object.values(ENCODINGS).map(suffix => rm(`${file}${suffix}`, { force: true })))
  if (bytes.length < MIN_BYTES) {
    await stale()
    return 0
  }
  const key = createHash('sha256').update(JSON.stringify(settingsOf(bytes.length))).update(bytes).digest('hex').slice(0, 40)
  let written = 0
  for (const [encoding, suffix] of Object.entries(ENCODINGS) as [keyof typeof ENCODINGS, string][]) {
    const cached = join(cacheDir, `${key}${suffix}`)
    const skipped = `${cached}.none`
    if (existsSync(skipped)) {
      await rm(`${file}${suffix}`, { force: true })
      continue
    }
    if (!existsSync(cached)) {
      const packed = await encode(bytes, encoding)
      const temporary = `${cached}.${randomUUID()}.tmp`
      if (packed.length > bytes.length * MAX_RATIO) {
        await writeFile(skipped, '')
        await rm(`${file}${suffix}`, { force: true })
        continue
      }
      await writeFile(temporary, packed)
      await rename(temporary, cached)
    }
    await copyFile(cached, `${file}${suffix}`)
    written++
  }
  return written
}

/** How many files at once: zlib works in libuv's thread pool. */
const AT_ONCE = 4

/**
 * Compresses every text file under `dir` (a site, or the landing page's
 * folder with `files`), gzip and Brotli beside each. Returns how many
 * compressed copies it wrote.
 */
export async function compressSite(dir: string, files?: string[], cacheDir = join(DIST_DIR, '.vendor', 'compressed')): Promise<number> {
  await mkdir(cacheDir, { recursive: true })
  const queue = files ?? await textFiles(dir)
  let next = 0
  let written = 0
  const worker = async () => {
    while (next < queue.length) {
      // Not `written += await …`: that would add to the count read before the wait.
      const copies = await compressFile(queue[next++], cacheDir)
      written += copies
    }
  }
  await Promise.all(Array.from({ length: AT_ONCE }, worker))
  return written
}
