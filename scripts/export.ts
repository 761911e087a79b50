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
import process from 'node:process'
import { pathToFileURL } from 'node:url'
import { PDFDocument, PDFName, PDFString } from 'pdf-lib'
import { chromium } from 'playwright-chromium'
import { lessons, parseLesson } from '../data/course'
import { CHROMIUM_ARGS, resolveBrowser } from './browser'
import { loadValidDeck, locate } from './deck'
import { basePathOf, entryOf, PDF_DIR, pdfPathOf } from './project'
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
async function waitForPrintPage(page: Page, lesson: Lesson, deck: Deck) {
  const containers = page.locator('.print-slide-container')
  await page.waitForFunction(
    n => document.querySelectorAll('.print-slide-container').length === n,
    deck.slides.length,
    { timeout: RENDER_TIMEOUT },
  ).catch(async () => {
    throw new ExportError(`lesson ${lesson.number}: the print page shows ${await containers.count()} slides, the deck has ${deck.slides.length}`)
  })

  const deadline = Date.now() + RENDER_TIMEOUT
  for (;;) {
    const pending = await page.evaluate(() => {
      const report: { slide: number, problem: string }[] = []
      document.querySelectorAll<HTMLElement>('.print-slide-container').forEach((container, index) => {
        const slide = index + 1
        for (const el of container.querySelectorAll<HTMLElement>('.mermaid')) {
          if (!el.shadowRoot?.querySelector('svg'))
            report.push({ slide, problem: 'a Mermaid diagram has not rendered' })
        }
        // Slidev replaces a diagram it cannot parse with a <pre> holding the error.
        for (const pre of container.querySelectorAll('pre:not(.shiki)')) {
          if (/error/i.test(pre.textContent ?? '') && !pre.closest('.slidev-code'))
            report.push({ slide, problem: `Mermaid error: ${pre.textContent?.trim().slice(0, 160)}` })
        }
        for (const img of container.querySelectorAll('img')) {
          if (!img.complete)
            report.push({ slide, problem: `image still loading: ${img.src}` })
          else if (img.naturalWidth === 0)
            report.push({ slide, problem: `image did not load: ${img.src}` })
        }
        if (container.querySelector('.slidev-slide-loading'))
          report.push({ slide, problem: 'the slide is still loading' })
      })
      return report
    })
    const final = pending.filter(p => /error|did not load/.test(p.problem))
    if (final.length || (pending.length && Date.now() > deadline)) {
      const named = (final.length ? final : pending).map(p => `${locate(deck.slides[p.slide - 1])}: ${p.problem}`)
      throw new ExportError(`lesson ${lesson.number} cannot be printed:\n${named.map(n => `  - ${n}`).join('\n')}`)
    }
    if (!pending.length)
      break
    await page.waitForTimeout(100)
  }
  await page.evaluate(() => document.fonts.ready)
}

/** Title, language and viewer preferences, which Chromium does not set. */
async function finishPdf(bytes: Uint8Array, lesson: Lesson): Promise<Uint8Array> {
  const pdf = await PDFDocument.load(bytes)
  pdf.setTitle(pdfTitleOf(lesson), { showInWindowTitleBar: true })
  pdf.setSubject(lesson.subtitle)
  pdf.setLanguage('zh-CN')
  pdf.setCreator('k8s-extension-points-course')
  pdf.setKeywords(['Kubernetes', '扩展点', lesson.slug])
  // Open with the bookmarks panel visible.
  pdf.catalog.set(PDFName.of('PageMode'), PDFName.of('UseOutlines'))
  pdf.catalog.set(PDFName.of('Lang'), PDFString.of('zh-CN'))
  return pdf.save()
}

export async function exportLesson(browser: Browser, siteUrl: string, lesson: Lesson): Promise<string> {
  const deck = await loadValidDeck(entryOf(lesson))
  const target = pdfPathOf(lesson)
  const temporary = `${target}.${process.pid}.tmp`
  const page = await browser.newPage({ viewport: { width: 980, height: 552 } })
  const errors: string[] = []
  page.on('pageerror', e => errors.push(e.message))
  try {
    await page.goto(`${siteUrl}${basePathOf(lesson)}print`, { waitUntil: 'load' })
    await waitForPrintPage(page, lesson, deck)
    if (errors.length)
      throw new ExportError(`lesson ${lesson.number}: the page threw while printing:\n  - ${errors.join('\n  - ')}`)
    const pdf = await page.pdf({
      width: '980px',
      height: '552px',
      margin: { top: 0, right: 0, bottom: 0, left: 0 },
      printBackground: true,
      tagged: true,
      outline: true,
    })
    await mkdir(PDF_DIR, { recursive: true })
    await writeFile(temporary, await finishPdf(pdf, lesson))
    await rename(temporary, target)
    return target
  }
  finally {
    await rm(temporary, { force: true })
    await page.close()
  }
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
