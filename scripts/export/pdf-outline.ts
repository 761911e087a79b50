/**
 * Writes a PDF's bookmarks with pdf-lib: sections at the top, their slides
 * beneath. Chromium can only derive bookmarks from headings, one per slide.
 */
import type { PDFArray, PDFDict, PDFDocument, PDFRef } from 'pdf-lib'
import { PDFHexString, PDFName, PDFNull, PDFNumber } from 'pdf-lib'

export interface OutlineNode {
  title: string
  /** 0-based page the bookmark opens. */
  page: number
  children?: OutlineNode[]
}

export function setOutline(pdf: PDFDocument, nodes: OutlineNode[]): void {
  const { context } = pdf
  const pages = pdf.getPages()
  const outlinesRef = context.nextRef()

  function writeLevel(items: OutlineNode[], parent: PDFRef): { first: PDFRef, last: PDFRef, count: number } {
    const refs = items.map(() => context.nextRef())
    items.forEach((item, i) => {
      const page = pages[Math.min(Math.max(item.page, 0), pages.length - 1)]
      const dict = context.obj({}) as PDFDict
      dict.set(PDFName.of('Title'), PDFHexString.fromText(item.title))
      dict.set(PDFName.of('Parent'), parent)
      dict.set(PDFName.of('Dest'), context.obj([page.ref, PDFName.of('XYZ'), PDFNull, PDFNull, PDFNull]) as PDFArray)
      if (i > 0)
        dict.set(PDFName.of('Prev'), refs[i - 1])
      if (i < items.length - 1)
        dict.set(PDFName.of('Next'), refs[i + 1])
      if (item.children?.length) {
        const child = writeLevel(item.children, refs[i])
        dict.set(PDFName.of('First'), child.first)
        dict.set(PDFName.of('Last'), child.last)
        // Sections open collapsed (a negative count), so the panel reads as a table of contents.
        dict.set(PDFName.of('Count'), PDFNumber.of(-child.count))
      }
      context.assign(refs[i], dict)
    })
    return { first: refs[0], last: refs[refs.length - 1], count: items.length }
  }

  if (!nodes.length)
    return
  const top = writeLevel(nodes, outlinesRef)
  context.assign(outlinesRef, context.obj({ Type: 'Outlines', First: top.first, Last: top.last, Count: top.count }))
  pdf.catalog.set(PDFName.of('Outlines'), outlinesRef)
  pdf.catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'))
}

/** Groups a deck's slides into sections: a section is one markdown file. */
export function sectionsOf<T extends { title: string, file: string }>(slides: T[]): { title: string, slides: T[] }[] {
  const sections: { title: string, slides: T[] }[] = []
  for (const slide of slides) {
    const current = sections.at(-1)
    if (current && current.slides[0].file === slide.file)
      current.slides.push(slide)
    else
      sections.push({ title: slide.title, slides: [slide] })
  }
  return sections
}
