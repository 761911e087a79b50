/**
 * Prints each lesson's built site to two PDFs: dist/pdf/lesson-N.pdf (every
 * slide in its final click state) and dist/pdf/lesson-N-handout.pdf (A4
 * sheets, each slide beside its notes), both tagged, zh-CN, and bookmarked by
 * section.
 *
 *   npm run export [-- 2]      (all lessons when no number is given)
 *
 * One browser prints all lessons from Slidev's /print route and the deck's
 * /handout route. Both PDFs of a lesson go to temporary files and are renamed
 * into place together only when complete, so a failed export leaves the
 * previous files untouched.
 */
import type { Browser, Page } from 'playwright-chromium'
import type { Lesson } from '../../data/course'
import type { Deck, DeckSlide } from '../shared/deck'
import type { OutlineNode } from './pdf-outline'
import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import process from 'node:process'
import { PDFDocument, PDFName, PDFString } from 'pdf-lib'
import { chromium } from 'playwright-chromium'
import { isAppendix } from '../shared/appendix'
import { CHROMIUM_ARGS, resolveBrowser, SLIDE_VIEWPORT, whenDisconnected } from '../shared/browser'
import { loadValidDeck, locate, mermaidBlocksIn } from '../shared/deck'
import { basePathOf, entryOf, handoutPathOf, pdfPathOf } from '../shared/project'
import { startStaticServer } from '../shared/static-server'
import { sectionsOf, setOutline } from './pdf-outline'

const COURSE_TITLE = '《Kubernetes 扩展点》'
const RENDER_TIMEOUT = 20_000

export class ExportError extends Error {
  name = 'ExportError'
}

export function pdfTitleOf(lesson: Lesson): string {
  return `${COURSE_TITLE}第 ${lesson.number} 课：${lesson.title}`
}

/** Waits until every slide on the print page is drawn; names the slide that is not. */
async function waitForPrintPage(page: Page, label: string, slides: DeckSlide[]) {
  const containers = page.locator('.print-slide-container')
  await page.waitForFunction(
    n => document.querySelectorAll('.print-slide-container').length === n,
    slides.length,
    { timeout: RENDER_TIMEOUT },
  ).catch(async () => {
    throw new ExportError(`${label}: the print page shows ${await containers.count()} slides, ${slides.length} expected`)
  })

  const expectedMermaid = slides.map(mermaidBlocksIn)
  const deadline = Date.now() + RENDER_TIMEOUT
  for (;;) {
    const pending = await page.evaluate((expected) => {
      const report: { slide: number, problem: string, final?: boolean }[] = []
      document.querySelectorAll<HTMLElement>('.print-slide-container').forEach((container, index) => {
        const slide = index + 1
        if (container.querySelector('.slidev-slide-loading') || !container.querySelector('.slidev-layout'))
          report.push({ slide, problem: 'the slide is still loading' })
        // Slidev replaces a diagram it cannot parse with a <pre> holding the error.
        const errors = [...container.querySelectorAll('pre')].filter(p => !p.closest('.shiki') && /error/i.test(p.textContent ?? ''))
        for (const pre of errors)
          report.push({ slide, problem: `Mermaid error: ${pre.textContent?.trim().replace(/\s+/g, ' ').slice(0, 160)}`, final: true })
        const drawn = [...container.querySelectorAll('.mermaid')].filter(d => d.shadowRoot?.querySelector('svg')).length
        if (drawn + errors.length < expected[index])
          report.push({ slide, problem: `${expected[index] - drawn} Mermaid diagram(s) did not render` })
        for (const img of container.querySelectorAll('img')) {
          if (!img.complete) {
            report.push({ slide, problem: `image still loading: ${img.src}` })
            continue
          }
          if (img.naturalWidth > 0)
            continue
          // Complete but no size yet: a busy Chromium's SVG a moment before it is read, or a broken image; decode() tells which.
          const decoded = img.dataset.courseDecode
          if (!decoded) {
            img.dataset.courseDecode = 'pending'
            img.decode().then(() => (img.dataset.courseDecode = 'loaded'), () => (img.dataset.courseDecode = 'broken'))
          }
          if (decoded === 'broken')
            report.push({ slide, problem: `image did not load: ${img.getAttribute('src')}`, final: true })
          else if (decoded !== 'loaded')
            report.push({ slide, problem: `image still being decoded: ${img.getAttribute('src')}` })
        }
      })
      return report
    }, expectedMermaid)
    const final = pending.filter(p => p.final)
    if (final.length || (pending.length && Date.now() > deadline)) {
      const named = (final.length ? final : pending).map(p => `${locate(slides[p.slide - 1])}: ${p.problem}`)
      throw new ExportError(`${label} cannot be printed:\n${named.map(n => `  - ${n}`).join('\n')}`)
    }
    if (!pending.length)
      break
    await page.waitForTimeout(100)
  }
  await page.evaluate(() => document.fonts.ready)
}

/** Bookmarks, title, language and viewer preferences, which Chromium does not set. */
function describePdf(pdf: PDFDocument, job: Pick<PrintJob, 'title' | 'subject'>, outline: OutlineNode[]): PDFDocument {
  setOutline(pdf, outline)
  pdf.setTitle(job.title, { showInWindowTitleBar: true })
  pdf.setSubject(job.subject)
  pdf.setLanguage('zh-CN')
  pdf.setCreator('k8s-extension-points-course')
  pdf.setKeywords(['Kubernetes', '扩展点'])
  pdf.catalog.set(PDFName.of('Lang'), PDFString.of('zh-CN'))
  return pdf
}

/** One printed part: the file's bytes, and the document they were saved from when it was finished here. */
interface PrintedPart { bytes: Uint8Array, pdf?: PDFDocument }

export interface PrintJob {
  /** Full URL of the deck's /print route. */
  printUrl: string
  deck: Deck
  /** The slides to print, in deck order (default: all). */
  slides?: DeckSlide[]
  target: string
  title: string
  subject: string
  label: string
}

/** Writes every file or none: all go to temporary files first, then are renamed. */
export async function writeAtomically(files: { target: string, bytes: Uint8Array }[]): Promise<void> {
  const temporary = files.map(f => `${f.target}.${process.pid}.tmp`)
  try {
    for (const [i, file] of files.entries()) {
      await mkdir(dirname(file.target), { recursive: true })
      await writeFile(temporary[i], file.bytes)
    }
    for (const [i, file] of files.entries())
      await rename(temporary[i], file.target)
  }
  finally {
    await Promise.all(temporary.map(t => rm(t, { force: true })))
  }
}

async function openPrintPage(browser: Browser, url: string, viewport: { width: number, height: number }) {
  const page = await browser.newPage({ viewport })
  const errors: string[] = []
  page.on('pageerror', e => errors.push(e.message))
  await page.goto(url, { waitUntil: 'load' })
  return { page, errors }
}

function outlineBySection(slides: { no: number, title: string, file: string }[], pageOf: (no: number) => number): OutlineNode[] {
  return sectionsOf(slides).map(section => ({
    title: section.title,
    page: pageOf(section.slides[0].no),
    children: section.slides.map(slide => ({ title: `${slide.no}. ${slide.title || '（无标题）'}`, page: pageOf(slide.no) })),
  }))
}

/**
 * Prints the deck's /print page once and writes one PDF per part: each part
 * is a set of its slides, one page each in the final click state; the others
 * are hidden while that part prints (Slidev 52's print route ignores
 * `?range=` in a built site). A part with `outline` gets bookmarks and
 * metadata; the appendix pages that are only drawn into the handout need none.
 */
export async function renderSlidesPdfs(browser: Browser, job: PrintJob, parts: { slides: DeckSlide[], outline: boolean }[]): Promise<PrintedPart[]> {
  const { page, errors } = await openPrintPage(browser, job.printUrl, SLIDE_VIEWPORT)
  try {
    await waitForPrintPage(page, job.label, job.deck.slides)
    if (errors.length)
      throw new ExportError(`${job.label}: the page threw while printing:\n  - ${errors.join('\n  - ')}`)
    const printed: PrintedPart[] = []
    for (const part of parts) {
      const shown = part.slides.map(s => s.no)
      if (shown.length !== job.deck.slides.length) {
        await page.evaluate((numbers) => {
          document.querySelectorAll<HTMLElement>('.print-slide-container').forEach((container, index) => {
            container.style.display = numbers.includes(index + 1) ? '' : 'none'
            // A page break after the last slide shown would add a blank page.
            container.style.breakAfter = index + 1 === numbers.at(-1) ? 'auto' : ''
          })
        }, shown)
      }
      const bytes = await page.pdf({
        width: '980px',
        height: '552px',
        margin: { top: 0, right: 0, bottom: 0, left: 0 },
        printBackground: true,
        tagged: true,
      })
      const printedPdf = await PDFDocument.load(bytes)
      // The handout draws page i as slide shown[i]: a page more or less would put notes beside the wrong slide.
      checkOnePagePerSlide(job.label, printedPdf.getPageCount(), shown)
      if (part.outline) {
        const pdf = describePdf(printedPdf, job, outlineBySection(part.slides, no => shown.indexOf(no)))
        printed.push({ bytes: await pdf.save(), pdf })
      }
      else {
        printed.push({ bytes })
      }
    }
    return printed
  }
  finally {
    await page.close()
  }
}

/** Refuses a printed part whose pages are not one per slide shown. */
export function checkOnePagePerSlide(label: string, pages: number, shown: number[]): void {
  if (pages !== shown.length)
    throw new ExportError(`${label}: Chromium printed ${pages} page(s) for ${shown.length} slide(s) (slides ${shown[0]}–${shown.at(-1)}); one page per slide is expected (a slide that breaks the print layout, or a site built from another version: run npm run build)`)
}

/** The slides (`job.slides`, all by default), one page each in the final click state, bookmarked by section. */
export async function renderSlidesPdf(browser: Browser, job: PrintJob): Promise<Uint8Array> {
  const [printed] = await renderSlidesPdfs(browser, job, [{ slides: job.slides ?? job.deck.slides, outline: true }])
  return printed.bytes
}

interface ThumbBox {
  slide: number
  /** 0-based sheet (page) of the handout. */
  sheet: number
  /** The box on its sheet, in CSS pixels from the sheet's top left corner. */
  left: number
  top: number
  width: number
  height: number
}

/**
 * The handout's sheets (the deck's /handout route): notes laid out on A4 with
 * an empty box per slide, and where each box is. The slides themselves are
 * drawn into the boxes from the slides PDF, so they are not rendered twice.
 */
export async function renderHandoutSheets(browser: Browser, job: PrintJob & { handoutUrl: string }): Promise<{ bytes: Uint8Array, boxes: ThumbBox[] }> {
  const { page, errors } = await openPrintPage(browser, job.handoutUrl, { width: 794, height: 1123 })
  try {
    await page.waitForSelector('.handout[data-ready], .handout[data-error]', { timeout: RENDER_TIMEOUT }).catch(() => {
      throw new ExportError(`${job.label}: ${job.handoutUrl} shows no handout within ${RENDER_TIMEOUT / 1000} s (is the site built from this version? run npm run build)`)
    })
    const failure = await page.locator('.handout').getAttribute('data-error')
    if (failure)
      throw new ExportError(`${job.label}: the handout page cannot show the notes: ${failure}`)
    await page.evaluate(() => document.fonts.ready)
    // A slide whose notes do not fit on one sheet would be cut off.
    const cut = await page.evaluate(() => [...document.querySelectorAll<HTMLElement>('.sheet[data-sheet]')]
      .filter(sheet => sheet.scrollHeight > sheet.clientHeight + 1)
      .flatMap(sheet => [...sheet.querySelectorAll<HTMLElement>('.row')].map(row => Number(row.dataset.slide))))
    if (cut.length)
      throw new ExportError(`${job.label}: the handout cuts off the notes of:\n${cut.map(no => `  - ${locate(job.deck.slides[no - 1])}`).join('\n')}`)
    if (errors.length)
      throw new ExportError(`${job.label}: the handout page threw while printing:\n  - ${errors.join('\n  - ')}`)
    const boxes = await page.evaluate(() => [...document.querySelectorAll<HTMLElement>('.sheet[data-sheet] .thumb')].map((thumb) => {
      const sheet = thumb.closest<HTMLElement>('.sheet')!
      const outer = sheet.getBoundingClientRect()
      const box = thumb.getBoundingClientRect()
      return { slide: Number(thumb.dataset.slide), sheet: Number(sheet.dataset.sheet) - 1, left: box.left - outer.left, top: box.top - outer.top, width: box.width, height: box.height }
    }))
    if (boxes.length !== job.deck.slides.length)
      throw new ExportError(`${job.label}: the handout has ${boxes.length} slide boxes, the deck ${job.deck.slides.length} slides`)
    const bytes = await page.pdf({ format: 'A4', preferCSSPageSize: true, printBackground: true, tagged: true })
    return { bytes, boxes }
  }
  finally {
    await page.close()
  }
}

/**
 * Draws each slide's page into its box on the handout's sheets, from the PDFs
 * the slides were printed to (the live slides, the appendix), each holding the
 * pages of `slides` in order. The handout is returned unsaved: it is saved
 * once, when finished.
 */
export async function composeHandout(sheets: { bytes: Uint8Array, boxes: ThumbBox[] }, sources: { pdf: PrintedPart, slides: number[] }[]): Promise<PDFDocument> {
  const handout = await PDFDocument.load(sheets.bytes)
  const embedded = new Map<number, Awaited<ReturnType<typeof handout.embedPage>>>()
  for (const source of sources) {
    // A part finished here is embedded from its document, not parsed again.
    const pages = await handout.embedPages((source.pdf.pdf ?? await PDFDocument.load(source.pdf.bytes)).getPages())
    source.slides.forEach((no, i) => embedded.set(no, pages[i]))
  }
  const pages = handout.getPages()
  // CSS pixels are 1/96 in, PDF points 1/72 in.
  const pt = 72 / 96
  for (const box of sheets.boxes) {
    const page = pages[box.sheet]
    const slide = embedded.get(box.slide)
    if (!slide)
      throw new ExportError(`the handout has a box for slide ${box.slide}, which was not printed`)
    page.drawPage(slide, {
      x: box.left * pt,
      y: page.getHeight() - (box.top + box.height) * pt,
      width: box.width * pt,
      height: box.height * pt,
    })
  }
  return handout
}

/** Prints the slides of one deck to `target`; on failure the old file stays. */
export async function printDeck(browser: Browser, job: PrintJob): Promise<string> {
  await writeAtomically([{ target: job.target, bytes: await renderSlidesPdf(browser, job) }])
  return job.target
}

/** One deck's export: its slides PDF (`target`) and its handout. */
export interface DeckExport extends PrintJob {
  /** Full URL of the deck's /handout route in print mode. */
  handoutUrl: string
  handoutTarget: string
}

/**
 * Prints a deck's two PDFs, bookmarked by section: the slides PDF is the live
 * deck; the appendix (scripts/shared/appendix.ts) is printed apart, only to
 * be drawn into the handout beside its notes. Both files or neither.
 */
export async function exportDeck(browser: Browser, job: DeckExport): Promise<string[]> {
  const live = job.deck.slides.filter(s => !isAppendix(s.frontmatter))
  const appendix = job.deck.slides.filter(s => isAppendix(s.frontmatter))
  const parts = [{ slides: live, outline: true }, ...appendix.length ? [{ slides: appendix, outline: false }] : []]
  // Both pages at once keep the two cores busy.
  const [[slides, appendixPages], sheets] = await Promise.all([renderSlidesPdfs(browser, job, parts), renderHandoutSheets(browser, job)])
  const sources = [{ pdf: slides, slides: live.map(s => s.no) }]
  if (appendixPages)
    sources.push({ pdf: appendixPages, slides: appendix.map(s => s.no) })
  const handout = describePdf(await composeHandout(sheets, sources), { title: `${job.title}（讲义）`, subject: job.subject }, outlineBySection(job.deck.slides, no => sheets.boxes.find(b => b.slide === no)?.sheet ?? 0))
  // Both or neither: a lesson's two PDFs always come from the same build.
  await writeAtomically([{ target: job.target, bytes: slides.bytes }, { target: job.handoutTarget, bytes: await handout.save() }])
  return [job.target, job.handoutTarget]
}

export async function exportLesson(browser: Browser, siteUrl: string, lesson: Lesson): Promise<string[]> {
  return exportDeck(browser, {
    printUrl: `${siteUrl}${basePathOf(lesson)}print`,
    handoutUrl: `${siteUrl}${basePathOf(lesson)}handout?print`,
    deck: await loadValidDeck(entryOf(lesson)),
    target: pdfPathOf(lesson),
    handoutTarget: handoutPathOf(lesson),
    title: pdfTitleOf(lesson),
    subject: lesson.subtitle,
    label: `lesson ${lesson.number}`,
  })
}

export interface ExportOptions {
  /** Hears each lesson once both its PDFs are in place (the build stamps them). */
  onLesson?: (lesson: Lesson, files: string[]) => Promise<void> | void
}

export interface Exporter {
  /** Prints one lesson's two PDFs; several may run at once. */
  exportLesson: (lesson: Lesson) => Promise<string[]>
  close: () => Promise<void>
}

/**
 * One browser and one static server over dist/, for as many lessons as are
 * handed to it, as their sites are ready: the build starts printing a lesson
 * while the next one builds. Every call fails, and the caller should close,
 * when the browser dies.
 */
export async function openExporter(): Promise<Exporter> {
  // The browser first: without one there is nothing to start.
  const { executablePath } = resolveBrowser()
  const server = await startStaticServer()
  let browser: Browser
  try {
    browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS })
  }
  catch (error) {
    await server.close()
    throw error
  }
  const gone = whenDisconnected(browser)
  return {
    exportLesson: lesson => Promise.race([exportLesson(browser, server.url, lesson), gone]),
    close: async () => {
      // Whatever failed, nothing stays open to keep the process alive.
      await browser.close().catch(() => {})
      await server.close()
    },
  }
}

export async function exportLessons(selected: Lesson[], options: ExportOptions = {}): Promise<string[]> {
  const exporter = await openExporter()
  try {
    // Two lessons at a time: while one lesson's PDFs are assembled in Node,
    // the browser renders the other's pages.
    const written: string[][] = Array.from({ length: selected.length })
    let next = 0
    const worker = async () => {
      while (next < selected.length) {
        const index = next++
        written[index] = await exporter.exportLesson(selected[index])
        await options.onLesson?.(selected[index], written[index])
      }
    }
    await Promise.all([worker(), worker()])
    return written.flat()
  }
  finally {
    await exporter.close()
  }
}
