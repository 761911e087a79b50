/** Bookmarks: sections at the top, their slides beneath, each opening its own page. */
import type { PDFArray, PDFHexString, PDFNumber, PDFRef } from 'pdf-lib'
import { PDFDict, PDFDocument, PDFName } from 'pdf-lib'
import { describe, expect, it } from 'vitest'
import { sectionsOf, setOutline } from '../../scripts/export/pdf-outline'

interface Bookmark { title: string, page: number, count?: number, children: Bookmark[] }

/** Reads the outline back from the saved bytes, checking the links between items on the way. */
async function outlineOf(bytes: Uint8Array): Promise<{ bookmarks: Bookmark[], pageMode?: string, top?: { type: string, count: number } }> {
  const pdf = await PDFDocument.load(bytes)
  const { context, catalog } = pdf
  const pageRefs = pdf.getPages().map(p => p.ref.toString())
  const outlines = catalog.lookupMaybe(PDFName.of('Outlines'), PDFDict)
  if (!outlines)
    return { bookmarks: [] }
  const dict = (ref: PDFRef) => context.lookup(ref) as PDFDict
  function level(parentRef: PDFRef, parent: PDFDict): Bookmark[] {
    const items: Bookmark[] = []
    let ref = parent.get(PDFName.of('First')) as PDFRef | undefined
    let prev: PDFRef | undefined
    while (ref) {
      const item = dict(ref)
      expect((item.get(PDFName.of('Parent')) as PDFRef).toString()).toBe(parentRef.toString())
      expect((item.get(PDFName.of('Prev')) as PDFRef | undefined)?.toString()).toBe(prev?.toString())
      const dest = item.get(PDFName.of('Dest')) as PDFArray
      expect(dest.size()).toBe(5)
      expect(dest.get(1).toString()).toBe('/XYZ')
      expect([2, 3, 4].map(i => dest.get(i).toString())).toEqual(['null', 'null', 'null'])
      const count = item.get(PDFName.of('Count')) as PDFNumber | undefined
      items.push({
        title: (item.get(PDFName.of('Title')) as PDFHexString).decodeText(),
        page: pageRefs.indexOf(dest.get(0).toString()),
        ...(count ? { count: count.asNumber() } : {}),
        children: level(ref, item),
      })
      if (!item.get(PDFName.of('Next')))
        expect((parent.get(PDFName.of('Last')) as PDFRef).toString()).toBe(ref.toString())
      prev = ref
      ref = item.get(PDFName.of('Next')) as PDFRef | undefined
    }
    return items
  }
  const outlinesRef = catalog.get(PDFName.of('Outlines')) as PDFRef
  return {
    bookmarks: level(outlinesRef, outlines),
    pageMode: catalog.get(PDFName.of('PageMode'))?.toString(),
    top: { type: outlines.get(PDFName.of('Type'))!.toString(), count: (outlines.get(PDFName.of('Count')) as PDFNumber).asNumber() },
  }
}

async function pdfWithPages(n: number) {
  const pdf = await PDFDocument.create()
  for (let i = 0; i < n; i++)
    pdf.addPage([100, 100])
  return pdf
}

describe('setOutline', () => {
  it('writes sections with their slides beneath, collapsed, each opening its page', async () => {
    const pdf = await pdfWithPages(5)
    setOutline(pdf, [
      { title: '开场', page: 0, children: [{ title: '1. 封面', page: 0 }, { title: '2. 目录', page: 1 }] },
      { title: '请求', page: 2, children: [{ title: '3. 认证', page: 2 }, { title: '4. 鉴权', page: 3 }, { title: '5. 准入', page: 4 }] },
      { title: '附录', page: 4 },
    ])
    const { bookmarks, pageMode, top } = await outlineOf(await pdf.save())
    expect(pageMode).toBe('/UseOutlines')
    expect(top).toEqual({ type: '/Outlines', count: 3 })
    expect(bookmarks).toEqual([
      { title: '开场', page: 0, count: -2, children: [{ title: '1. 封面', page: 0, children: [] }, { title: '2. 目录', page: 1, children: [] }] },
      { title: '请求', page: 2, count: -3, children: [{ title: '3. 认证', page: 2, children: [] }, { title: '4. 鉴权', page: 3, children: [] }, { title: '5. 准入', page: 4, children: [] }] },
      { title: '附录', page: 4, children: [] },
    ])
  })

  it('keeps a bookmark to a page outside the document on the first or last page', async () => {
    const pdf = await pdfWithPages(3)
    setOutline(pdf, [{ title: 'before', page: -1 }, { title: 'after', page: 7 }, { title: 'last', page: 2 }])
    expect((await outlineOf(await pdf.save())).bookmarks.map(b => `${b.title} ${b.page}`)).toEqual(['before 0', 'after 2', 'last 2'])
  })

  it('writes a single bookmark without neighbours', async () => {
    const pdf = await pdfWithPages(1)
    setOutline(pdf, [{ title: 'only', page: 0, children: [] }])
    expect((await outlineOf(await pdf.save())).bookmarks).toEqual([{ title: 'only', page: 0, children: [] }])
  })

  it('writes no outline for no bookmarks', async () => {
    const pdf = await pdfWithPages(2)
    setOutline(pdf, [])
    const read = await outlineOf(await pdf.save())
    expect(read.bookmarks).toEqual([])
    expect(read.top).toBeUndefined()
  })
})

describe('sectionsOf', () => {
  const slide = (file: string, title: string) => ({ file, title })

  it('groups consecutive slides of one file under the first slide\'s title', () => {
    const slides = [slide('a.md', 'A1'), slide('a.md', 'A2'), slide('b.md', 'B1'), slide('c.md', 'C1'), slide('c.md', 'C2'), slide('c.md', 'C3')]
    expect(sectionsOf(slides)).toEqual([
      { title: 'A1', slides: slides.slice(0, 2) },
      { title: 'B1', slides: slides.slice(2, 3) },
      { title: 'C1', slides: slides.slice(3) },
    ])
  })

  it('starts a new section when a file comes back after another', () => {
    const slides = [slide('entry.md', 'cover'), slide('part.md', 'P'), slide('entry.md', 'end')]
    expect(sectionsOf(slides).map(s => `${s.title}:${s.slides.length}`)).toEqual(['cover:1', 'P:1', 'end:1'])
  })

  it('has no sections for no slides', () => {
    expect(sectionsOf([])).toEqual([])
  })
})

describe('one printed page per slide', () => {
  it('lets a part through only when its pages and slides match one to one, and names the part otherwise', async () => {
    const { checkOnePagePerSlide } = await import('../../scripts/export/pdf')
    expect(() => checkOnePagePerSlide('lesson-2', 3, [4, 5, 6])).not.toThrow()
    expect(() => checkOnePagePerSlide('lesson-2', 29, Array.from({ length: 65 }, (_, i) => i + 1))).toThrow(/lesson-2: Chromium printed 29 page\(s\) for 65 slide\(s\) \(slides 1–65\)/)
    expect(() => checkOnePagePerSlide('lesson-2', 4, [4, 5, 6])).toThrow(/printed 4 page\(s\) for 3 slide\(s\)/)
  })
})
