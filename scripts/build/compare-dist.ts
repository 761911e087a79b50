/**
 * Whether two builds are the same output: every file of two dist/ folders
 * byte for byte, except the PDFs, which are compared object by object,
 * decoded, with what differs between any two prints of the same page left
 * out: the creation and modification dates, and the names Chromium gives
 * table-header structure elements (`node00000410`: a DOM node counter).
 * Stamps (when a file was built) are not compared.
 *
 *   npx tsx scripts/build/compare-dist.ts <dist-a> <dist-b>
 */
import { Buffer } from 'node:buffer'
import { readdir, readFile } from 'node:fs/promises'
import { join, relative } from 'node:path'
import process from 'node:process'
import { pathToFileURL } from 'node:url'
import { decodePDFRawStream, PDFDocument, PDFRawStream } from 'pdf-lib'
import { failCommand } from '../shared/exit'

/**
 * Files that record when, not what, and caches: not compared. The compressed
 * copies beside each file are compared like any file; the cache they are
 * made from (dist/.vendor/compressed/, scripts/build/compress.ts) holds what
 * every build ever compressed, and dist/.vendor/cover-fonts/ every cover
 * font ever cut (scripts/build/first-screen-fonts.ts).
 */
const IGNORED = /(?:^|\/)\.(?:[\w-]+\.)?stamp\.json$|(?:^|\/)\.live(?:\/|$)|^\.vendor\/(?:compressed|cover-fonts)(?:\/|$)/

async function files(root: string, dir = root): Promise<string[]> {
  const found: string[] = []
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    const rel = relative(root, path)
    if (IGNORED.test(rel))
      continue
    if (entry.isDirectory())
      found.push(...await files(root, path))
    else
      found.push(rel)
  }
  return found.sort()
}

/** A PDF's objects, decoded, by reference, with dates and Chromium's node ids normalised. */
export async function pdfObjects(bytes: Uint8Array): Promise<{ pages: number, objects: Map<string, string> }> {
  const doc = await PDFDocument.load(bytes, { updateMetadata: false })
  const objects = new Map<string, string>()
  for (const [ref, object] of doc.context.enumerateIndirectObjects()) {
    const text = object instanceof PDFRawStream
      ? `${object.dict.toString()}\n${Buffer.from(decodePDFRawStream(object).decode()).toString('latin1')}`
      : object.toString()
    objects.set(ref.toString(), text
      .replace(/\/(CreationDate|ModDate) \(D:[^)]*\)/g, '/$1 (date)')
      .replace(/<xmp:(CreateDate|ModifyDate|MetadataDate)>[^<]*</g, '<xmp:$1>date<')
      .replace(/\/Length \d+/g, '/Length')
      .replace(/\(node\d+\)/g, '(node)'))
  }
  return { pages: doc.getPageCount(), objects }
}

export async function samePdf(a: Uint8Array, b: Uint8Array): Promise<string | undefined> {
  const [x, y] = [await pdfObjects(a), await pdfObjects(b)]
  if (x.pages !== y.pages)
    return `${x.pages} pages vs ${y.pages}`
  const refs = new Set([...x.objects.keys(), ...y.objects.keys()])
  const differing = [...refs].filter(ref => x.objects.get(ref) !== y.objects.get(ref))
  return differing.length ? `${differing.length} of ${refs.size} objects differ (first ${differing[0]})` : undefined
}

/** The differences between two dist/ folders, one line each; none when the outputs are the same. */
export async function compareDist(a: string, b: string): Promise<{ files: number, pdfs: number, differences: string[] }> {
  const [left, right] = [await files(a), await files(b)]
  const differences: string[] = []
  for (const file of left.filter(f => !right.includes(f)))
    differences.push(`only in ${a}: ${file}`)
  for (const file of right.filter(f => !left.includes(f)))
    differences.push(`only in ${b}: ${file}`)
  let pdfs = 0
  for (const file of left.filter(f => right.includes(f))) {
    const [x, y] = [await readFile(join(a, file)), await readFile(join(b, file))]
    if (file.endsWith('.pdf')) {
      pdfs++
      const why = await samePdf(x, y)
      if (why)
        differences.push(`${file}: ${why}`)
    }
    else if (!x.equals(y)) {
      differences.push(`${file}: the bytes differ`)
    }
  }
  return { files: left.length, pdfs, differences }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [a, b] = process.argv.slice(2)
  compareDist(a, b).then((result) => {
    if (result.differences.length)
      throw new Error(`${result.differences.length} difference(s):\n${result.differences.map(d => `  - ${d}`).join('\n')}`)
    console.log(`the same output: ${result.files} files (${result.pdfs} PDFs compared object by object)`)
  }).catch(error => failCommand('Compare failed', error))
}
