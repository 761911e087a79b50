/**
 * Prints each lesson's built site to dist/pdf/lesson-N.pdf: every slide in its
 * final click state, a bookmark per slide, tagged text, zh-CN metadata.
 *
 *   npm run export [-- 2]      (all lessons when no number is given)
 *
 * One browser prints all lessons from Slidev's /print route. A PDF is written
 * to a temporary file and renamed into place only when complete, so a failed
 * export leaves the previous file untouched.
 */
import type { Browser, Page } from 'playwright-chromium'
import type { Lesson } from '../data/course'
import type { Deck } from './deck'
import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import process from 'node:process'
import { pathToFileURL } from 'node:url'
import { PDFDocument, PDFName, PDFString } from 'pdf-lib'
import { chromium } from 'playwright-chromium'
import { lessons, parseLesson } from '../data/course'
import { CHROMIUM_ARGS, resolveBrowser } from './browser'
import { loadValidDeck, locate, mermaidBlocksIn } from './deck'
import { basePathOf, entryOf, pdfPathOf } from './project'
import { startStaticServer } from './serve'

const COURSE_TITLE = '《Kubernetes 扩展点》'
const RENDER_TIMEOUT = 20_000

export class ExportError extends Error {
  name = 'ExportError'
}

export function pdfTitleOf(lesson: Lesson): string {
  return `${COURSE_TITLE}第 ${lesson.number} 课：${lesson.title}`
}

/** Waits until every slide on the print page is drawn; names the slide that is not. */
async function waitForPrintPage(page: Page, label: string, deck: Deck) {
  const containers = page.locator('.print-slide-container')
  await page.waitForFunction(
    n => document.querySelectorAll('.print-slide-container').length === n,
    deck.slides.length,
    { timeout: RENDER_TIMEOUT },
  ).catch(async () => {
    throw new ExportError(`${label}: the print page shows ${await containers.count()} slides, the deck has ${deck.slides.length}`)
  })

  const expectedMermaid = deck.slides.map(mermaidBlocksIn)
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
          if (!img.complete)
            report.push({ slide, problem: `image still loading: ${img.src}` })
          else if (img.naturalWidth === 0)
            report.push({ slide, problem: `image did not load: ${img.getAttribute('src')}`, final: true })
        }
      })
      return report
    }, expectedMermaid)
    const final = pending.filter(p => p.final)
    if (final.length || (pending.length && Date.now() > deadline)) {
      const named = (final.length ? final : pending).map(p => `${locate(deck.slides[p.slide - 1])}: ${p.problem}`)
      throw new ExportError(`${label} cannot be printed:\n${named.map(n => `  - ${n}`).join('\n')}`)
    }
    if (!pending.length)
      break
    await page.waitForTimeout(100)
  }
  await page.evaluate(() => document.fonts.ready)
}

/** Title, language and viewer preferences, which Chromium does not set. */
async function finishPdf(bytes: Uint8Array, job: Pick<PrintJob, 'title' | 'subject'>): Promise<Uint8Array> {
  const pdf = await PDFDocument.load(bytes)
  pdf.setTitle(job.title, { showInWindowTitleBar: true })
  pdf.setSubject(job.subject)
  pdf.setLanguage('zh-CN')
  pdf.setCreator('k8s-extension-points-course')
  pdf.setKeywords(['Kubernetes', '扩展点'])
  // Open with the bookmarks panel visible.
  pdf.catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'))
  pdf.catalog.set(PDFName.of('Lang'), PDFString.of('zh-CN'))
  return pdf.save()
}

export interface PrintJob {
  /** Full URL of the deck's /print route. */
  printUrl: string
  deck: Deck
  target: string
  title: string
  subject: string
  label: string
}

/** Prints one deck to `target`, atomically: on failure the old file stays. */
export async function printDeck(browser: Browser, job: PrintJob): Promise<string> {
  const temporary = `${job.target}.${process.pid}.tmp`
  const page = await browser.newPage({ viewport: { width: 980, height: 552 } })
  const errors: string[] = []
  page.on('pageerror', e => errors.push(e.message))
  try {
    await page.goto(job.printUrl, { waitUntil: 'load' })
    await waitForPrintPage(page, job.label, job.deck)
    if (errors.length)
      throw new ExportError(`${job.label}: the page threw while printing:\n  - ${errors.join('\n  - ')}`)
    const pdf = await page.pdf({
      width: '980px',
      height: '552px',
      margin: { top: 0, right: 0, bottom: 0, left: 0 },
      printBackground: true,
      tagged: true,
      outline: true,
    })
    await mkdir(dirname(job.target), { recursive: true })
    await writeFile(temporary, await finishPdf(pdf, job))
    await rename(temporary, job.target)
    return job.target
  }
  finally {
    await rm(temporary, { force: true })
    await page.close()
  }
}

export async function exportLesson(browser: Browser, siteUrl: string, lesson: Lesson): Promise<string> {
  return printDeck(browser, {
    printUrl: `${siteUrl}${basePathOf(lesson)}print`,
    deck: await loadValidDeck(entryOf(lesson)),
    target: pdfPathOf(lesson),
    title: pdfTitleOf(lesson),
    subject: lesson.subtitle,
    label: `lesson ${lesson.number}`,
  })
}

export async function exportLessons(selected: Lesson[]): Promise<string[]> {
  const server = await startStaticServer()
  const browser = await chromium.launch({ executablePath: resolveBrowser().executablePath, args: CHROMIUM_ARGS })
  try {
    const written: string[] = []
    for (const lesson of selected)
      written.push(await exportLesson(browser, server.url, lesson))
    return written
  }
  finally {
    await browser.close()
    await server.close()
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const args = process.argv.slice(2)
    const selected = args.length ? args.map(parseLesson) : lessons
    for (const file of await exportLessons(selected))
      console.log(`wrote ${file}`)
  }
  catch (error) {
    console.error(`Export failed: ${error instanceof Error ? error.message : error}`)
    process.exitCode = 1
  }
}
