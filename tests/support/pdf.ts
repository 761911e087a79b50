/** Reads a PDF the way a student's viewer does: pages, text, outline, fonts. */
import { readFile } from 'node:fs/promises'
import { PDFDict, PDFDocument, PDFName, PDFRawStream } from 'pdf-lib'
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'

export interface PdfReport {
  pages: number
  /** Text of each page, in order. */
  texts: string[]
  /** Top-level bookmarks, in order, with the titles of their children. */
  outline: { title: string, children: string[] }[]
  title: string | undefined
  language: string | undefined
  tagged: boolean
  /** BaseFont of every embedded TrueType/OpenType font program. */
  embeddedFonts: string[]
  /** Fonts drawn as Type 3 glyph procedures (no real text behind them). */
  type3Fonts: number
}

export async function readPdf(path: string): Promise<PdfReport> {
  const bytes = new Uint8Array(await readFile(path))
  const doc = await getDocument({ data: bytes.slice(), useSystemFonts: false, isEvalSupported: false }).promise
  const texts: string[] = []
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent()
    texts.push(content.items.map(item => ('str' in item ? item.str : '')).join(''))
  }
  const outline = ((await doc.getOutline()) ?? []).map(item => ({ title: item.title, children: (item.items ?? []).map(child => child.title) }))
  const meta = await doc.getMetadata()
  const info = meta.info as Record<string, unknown>
  const markInfo = await doc.getMarkInfo()
  await doc.destroy()

  // Font programs, read from the object graph with pdf-lib.
  const lib = await PDFDocument.load(bytes, { updateMetadata: false })
  const embeddedFonts: string[] = []
  let type3Fonts = 0
  for (const [, object] of lib.context.enumerateIndirectObjects()) {
    const dict = object instanceof PDFDict ? object : object instanceof PDFRawStream ? object.dict : undefined
    if (!dict)
      continue
    const type = dict.get(PDFName.of('Type'))
    if (type === PDFName.of('FontDescriptor') && (dict.has(PDFName.of('FontFile2')) || dict.has(PDFName.of('FontFile3'))))
      embeddedFonts.push(String(dict.get(PDFName.of('FontName'))))
    if (type === PDFName.of('Font') && dict.get(PDFName.of('Subtype')) === PDFName.of('Type3'))
      type3Fonts++
  }
  return {
    pages: texts.length,
    texts,
    outline,
    title: info.Title as string | undefined,
    language: (info.Language as string | undefined) ?? lib.catalog.get(PDFName.of('Lang'))?.toString(),
    tagged: !!markInfo?.Marked,
    embeddedFonts,
    type3Fonts,
  }
}
