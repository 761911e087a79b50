/** Reads a PDF the way a student's viewer does: pages, text, outline, fonts. */
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname } from 'node:path'
import { PDFDict, PDFDocument, PDFName, PDFRawStream } from 'pdf-lib'
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'

export interface PdfReport {
  pages: number
  /** Text of each page, in order. */
  texts: string[]
  /** Top-level bookmarks, in order, with their children; each with the 0-based page it opens. */
  outline: (Bookmark & { children: Bookmark[] })[]
  title: string | undefined
  language: string | undefined
  tagged: boolean
  /** BaseFont of every embedded TrueType/OpenType font program. */
  embeddedFonts: string[]
  /** Fonts drawn as Type 3 glyph procedures (no real text behind them). */
  type3Fonts: number
}

export interface Bookmark {
  title: string
  /** The 0-based page its destination resolves to, as a viewer resolves it. */
  page: number
}

type PdfDoc = Awaited<ReturnType<typeof getDocument>['promise']>
type OutlineItem = NonNullable<Awaited<ReturnType<PdfDoc['getOutline']>>>[number]

async function bookmarkOf(doc: PdfDoc, item: OutlineItem): Promise<Bookmark> {
  const dest = typeof item.dest === 'string' ? await doc.getDestination(item.dest) : item.dest
  const target = dest?.[0]
  if (target === undefined)
    throw new Error(`bookmark "${item.title}" has no destination`)
  const page = typeof target === 'number' ? target : await doc.getPageIndex(target)
  return { title: item.title, page }
}

export async function readPdf(path: string): Promise<PdfReport> {
  const bytes = new Uint8Array(await readFile(path))
  const doc = await getDocument({ data: bytes.slice(), useSystemFonts: false, isEvalSupported: false }).promise
  const texts: string[] = []
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent()
    texts.push(content.items.map(item => ('str' in item ? item.str : '')).join(''))
  }
  const outline: PdfReport['outline'] = []
  for (const item of (await doc.getOutline()) ?? [])
    outline.push({ ...await bookmarkOf(doc, item), children: await Promise.all((item.items ?? []).map(child => bookmarkOf(doc, child))) })
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

/** A 2D affine matrix [a b c d e f], as PDF and pdf.js write it. */
type Matrix = [number, number, number, number, number, number]
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0]

/** m applied first, then ctm (pdf.js's Util.transform(ctm, m)). */
function multiply(ctm: readonly number[], m: readonly number[]): Matrix {
  return [
    ctm[0] * m[0] + ctm[2] * m[1],
    ctm[1] * m[0] + ctm[3] * m[1],
    ctm[0] * m[2] + ctm[2] * m[3],
    ctm[1] * m[2] + ctm[3] * m[3],
    ctm[0] * m[4] + ctm[2] * m[5] + ctm[4],
    ctm[1] * m[4] + ctm[3] * m[5] + ctm[5],
  ]
}

export interface Rect { left: number, bottom: number, right: number, top: number }

export interface PlacedText {
  str: string
  /** The glyphs' height on the page in points: the font size times the text matrix and every enclosing transform. */
  size: number
  /** Baseline origin on the page, in points from the bottom left corner. */
  x: number
  y: number
}

export interface PlacedPicture {
  /** Where the drawn page (a form XObject) lands on the sheet. */
  rect: Rect
  /** Text drawn inside it (the slide's own text, scaled). */
  texts: PlacedText[]
}

export interface HandoutPage {
  width: number
  height: number
  pictures: PlacedPicture[]
  /** Text outside every picture: notes, header, footer. */
  texts: PlacedText[]
}

/** The slide's aspect ratio (980 × 552 canvas): a form of this shape is a drawn slide. */
const SLIDE_ASPECT = 980 / 552

/**
 * Reads a handout from the PDF itself: the slide pictures (pages of the
 * slides PDF drawn as form XObjects: their box through the form's matrix and
 * the current transformation matrix) and every text item with its printed
 * size (pdf.js gives each item's transform with the enclosing forms' matrices
 * and the CTM applied; its vertical scale is the glyphs' size in points).
 */
export async function readHandoutLayout(path: string | Uint8Array): Promise<HandoutPage[]> {
  const bytes = typeof path === 'string' ? new Uint8Array(await readFile(path)) : path
  const { OPS } = await import('pdfjs-dist/legacy/build/pdf.mjs')
  // The standard 14 fonts' metrics, for PDFs that use them (the test's own handout with the old layout).
  const standardFontDataUrl = `${dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'))}/standard_fonts/`
  const doc = await getDocument({ data: bytes.slice(), useSystemFonts: false, isEvalSupported: false, standardFontDataUrl }).promise
  const pages: HandoutPage[] = []
  try {
    for (let i = 1; i <= doc.numPages; i++) {
      const page = await doc.getPage(i)
      const [x0, y0, x1, y1] = page.view
      const ops = await page.getOperatorList()
      const rects: Rect[] = []
      let ctm: Matrix = IDENTITY
      const stack: Matrix[] = []
      let depth = 0
      let groupBox: number[] | null = null
      ops.fnArray.forEach((fn, k) => {
        const args = ops.argsArray[k]
        if (fn === OPS.save) {
          stack.push(ctm)
        }
        else if (fn === OPS.restore) {
          ctm = stack.pop() ?? IDENTITY
        }
        else if (fn === OPS.transform) {
          ctm = multiply(ctm, args as number[])
        }
        else if (fn === OPS.beginGroup) {
          groupBox = (args[0] as { bbox?: number[] | null }).bbox ?? null
        }
        else if (fn === OPS.paintFormXObjectBegin) {
          stack.push(ctm)
          const [matrix, bbox] = args as [number[] | null, number[] | null]
          ctm = multiply(ctm, matrix ? [...matrix] : IDENTITY)
          const box = bbox ?? groupBox
          groupBox = null
          if (depth === 0 && box) {
            const corners = [[box[0], box[1]], [box[2], box[3]]].map(([x, y]) => [ctm[0] * x + ctm[2] * y + ctm[4], ctm[1] * x + ctm[3] * y + ctm[5]])
            const rect = {
              left: Math.min(corners[0][0], corners[1][0]),
              right: Math.max(corners[0][0], corners[1][0]),
              bottom: Math.min(corners[0][1], corners[1][1]),
              top: Math.max(corners[0][1], corners[1][1]),
            }
            const w = rect.right - rect.left
            const h = rect.top - rect.bottom
            if (w > 50 && Math.abs(w / h - SLIDE_ASPECT) < 0.02)
              rects.push(rect)
          }
          depth++
        }
        else if (fn === OPS.paintFormXObjectEnd) {
          ctm = stack.pop() ?? IDENTITY
          depth--
        }
      })
      const content = await page.getTextContent()
      const placed: PlacedText[] = content.items
        .filter(item => 'str' in item && item.str.trim() !== '')
        .map((item) => {
          const { str, transform } = item as { str: string, transform: number[] }
          return { str, size: Math.hypot(transform[2], transform[3]), x: transform[4], y: transform[5] }
        })
      const inside = (t: PlacedText, r: Rect) => t.x >= r.left - 0.5 && t.x <= r.right + 0.5 && t.y >= r.bottom - 0.5 && t.y <= r.top + 0.5
      const pictures = rects.map(rect => ({ rect, texts: placed.filter(t => inside(t, rect)) }))
      pages.push({ width: x1 - x0, height: y1 - y0, pictures, texts: placed.filter(t => !rects.some(r => inside(t, r))) })
    }
  }
  finally {
    await doc.destroy()
  }
  return pages
}

/** Sizes of printed characters (spaces aside), smallest first, with the text they belong to. */
export function characterSizes(texts: PlacedText[]): { size: number, str: string }[] {
  return texts.flatMap(t => Array.from({ length: [...t.str.replace(/\s/g, '')].length }, () => ({ size: t.size, str: t.str })))
    .sort((a, b) => a.size - b.size)
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted.length ? sorted[Math.floor(sorted.length / 2)] : Number.NaN
}

/** Legible on paper: slide text in the handout prints at this size or larger (issue 11)… */
export const MIN_SLIDE_TEXT_PT = 6
/** …for this share of its characters: all of them (issue 22: slide text never under 6 pt). */
export const MIN_SLIDE_TEXT_SHARE = 1
/** The notes, headers and footers print at this size or larger. */
export const MIN_NOTES_PT = 9

export interface HandoutLegibility {
  slide: { chars: number, min: number, median: number, shareAtLeast: number, smallest: { size: number, str: string }[] }
  notes: { chars: number, min: number, median: number, smallest: { size: number, str: string }[] }
  problems: string[]
}

/** Measures a handout's printed text sizes from the PDF and names what is too small. */
export function handoutLegibility(pages: HandoutPage[]): HandoutLegibility {
  const slideChars = characterSizes(pages.flatMap(p => p.pictures.flatMap(x => x.texts)))
  const noteChars = characterSizes(pages.flatMap(p => p.texts))
  const shareAtLeast = slideChars.filter(c => c.size >= MIN_SLIDE_TEXT_PT - 0.01).length / (slideChars.length || 1)
  const distinct = (list: { size: number, str: string }[]) => list.filter((c, i) => i === 0 || c.str !== list[i - 1].str).slice(0, 8).map(c => ({ size: Math.round(c.size * 100) / 100, str: c.str }))
  const problems: string[] = []
  if (!slideChars.length)
    problems.push('no slide text found inside the slide pictures')
  if (shareAtLeast < MIN_SLIDE_TEXT_SHARE) {
    // Name the slides whose text is small, from the notes beneath each picture.
    const bySlide = pages.flatMap(page => picturesWithNotes(page)).map(({ picture, slide }) => {
      const small = picture.texts.filter(t => t.size < MIN_SLIDE_TEXT_PT - 0.01)
      return { slide, small }
    }).filter(s => s.small.length)
    const named = bySlide.map(({ slide, small }) => `slide ${slide ?? '?'}: ${[...new Set(small.map(t => `${t.size.toFixed(1)} pt «${t.str.trim().slice(0, 20)}»`))].slice(0, 3).join(', ')}`)
    problems.push(`${Math.round((1 - shareAtLeast) * 1000) / 10} % of the slides' characters print below ${MIN_SLIDE_TEXT_PT} pt (at most ${Math.round((1 - MIN_SLIDE_TEXT_SHARE) * 100)} %):\n  ${named.join('\n  ')}`)
  }
  const smallNotes = noteChars.filter(c => c.size < MIN_NOTES_PT - 0.01)
  if (smallNotes.length)
    problems.push(`${smallNotes.length} characters of notes, header or footer print below ${MIN_NOTES_PT} pt: ${distinct(smallNotes).map(c => `${c.size} pt «${c.str}»`).join(', ')}`)
  return {
    slide: { chars: slideChars.length, min: slideChars[0]?.size ?? Number.NaN, median: median(slideChars.map(c => c.size)), shareAtLeast, smallest: distinct(slideChars) },
    notes: { chars: noteChars.length, min: noteChars[0]?.size ?? Number.NaN, median: median(noteChars.map(c => c.size)), smallest: distinct(noteChars) },
    problems,
  }
}

/**
 * Which slide each picture shows, read from the notes beneath it: they start
 * with "N. title". The band runs from the picture's bottom to the next
 * picture, or to the footer.
 */
export function picturesWithNotes(page: HandoutPage, footerHeight = 60): { picture: PlacedPicture, notes: string, slide: number | undefined }[] {
  const pictures = [...page.pictures].sort((a, b) => b.rect.top - a.rect.top)
  return pictures.map((picture, i) => {
    const floor = pictures[i + 1]?.rect.top ?? footerHeight
    const notes = page.texts.filter(t => t.y < picture.rect.bottom && t.y > floor).map(t => t.str).join('')
    const no = /^\s*(\d+)\./.exec(notes)?.[1]
    return { picture, notes, slide: no ? Number(no) : undefined }
  })
}
