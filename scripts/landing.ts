/**
 * Writes dist/index.html, the course's landing page: the three lessons with
 * their goals, length, slide count and layers, linking to each lesson's site,
 * its review mode and its PDFs. Everything on it comes from data/course.ts and
 * the decks; its font is the same self-hosted Noto Sans SC as the slides.
 *
 *   npm run build writes it; `tsx scripts/landing.ts` rewrites it alone.
 */
import type { Lesson } from '../data/course'
import { copyFile, mkdir, readFile, stat, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join, relative } from 'node:path'
import process from 'node:process'
import { pathToFileURL } from 'node:url'
import { KUBERNETES_VERSION, layerById, lessons, pointsOfLesson } from '../data/course'
import { loadValidDeck } from './deck'
import { DIST_DIR, entryOf, handoutPathOf, pdfPathOf } from './project'

const FONT_DIR = join(DIST_DIR, 'fonts')
const WEIGHTS = [400, 700]

const escape = (text: string) => text.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`)

/**
 * Copies Noto Sans SC's woff2 subsets and writes their @font-face rules: the
 * browser fetches only the subsets the page's text needs.
 */
async function copyFonts(): Promise<string> {
  const require = createRequire(import.meta.url)
  const packageDir = dirname(require.resolve('@fontsource/noto-sans-sc/package.json'))
  await mkdir(FONT_DIR, { recursive: true })
  const rules: string[] = []
  for (const weight of WEIGHTS) {
    const css = await readFile(join(packageDir, `${weight}.css`), 'utf8')
    for (const [, block] of css.matchAll(/@font-face\s*\{([^}]*)\}/g)) {
      const file = /url\(\.\/files\/([^)]+\.woff2)\)/.exec(block)?.[1]
      const range = /unicode-range:([^;]+);/.exec(block)?.[1]?.trim()
      if (!file)
        continue
      await copyFile(join(packageDir, 'files', file), join(FONT_DIR, file))
      rules.push(`@font-face{font-family:'Noto Sans SC';font-style:normal;font-display:swap;font-weight:${weight};src:url(./fonts/${file}) format('woff2');${range ? `unicode-range:${range};` : ''}}`)
    }
  }
  return rules.join('\n')
}

async function sizeOf(path: string): Promise<string | undefined> {
  try {
    const { size } = await stat(path)
    return `${(size / 1024 / 1024).toFixed(1)} MB`
  }
  catch {
    return undefined
  }
}

async function lessonCard(lesson: Lesson): Promise<string> {
  const deck = await loadValidDeck(entryOf(lesson))
  const layers = lesson.layers.map(id => layerById(id))
  const points = pointsOfLesson(lesson.number)
  const pdfs = [
    { label: '幻灯片 PDF', path: pdfPathOf(lesson) },
    { label: '讲义 PDF（含讲稿）', path: handoutPathOf(lesson) },
  ]
  const pdfLinks = await Promise.all(pdfs.map(async (pdf) => {
    const size = await sizeOf(pdf.path)
    return `<a href="./${relative(DIST_DIR, pdf.path)}">${pdf.label}</a>${size ? ` <span class="muted">${size}</span>` : ''}`
  }))
  return `
  <article class="lesson" data-lesson="${lesson.number}">
    <p class="number">第 ${lesson.number} 课 · 约 ${lesson.duration} 分钟 · ${deck.slides.length} 页幻灯片</p>
    <h2><a href="./${lesson.slug}/">${escape(lesson.title)}</a></h2>
    <p class="subtitle">${escape(lesson.subtitle)}</p>
    <p class="layers">${layers.map(l => `<span class="layer" style="--layer:${l.color}">${escape(l.zh)}</span>`).join('')}</p>
    <ul class="goals">${lesson.goals.map(g => `<li>${escape(g)}</li>`).join('')}</ul>
    ${points.length ? `<p class="points muted">深入讲解：${points.map(p => escape(p.name)).join('、')}</p>` : '<p class="points muted">全部 32 个扩展点的分层地图</p>'}
    <nav>
      <a class="primary" href="./${lesson.slug}/">观看幻灯片</a>
      <a href="./${lesson.slug}/overview">复习模式（幻灯片与讲稿）</a>
      ${pdfLinks.join('\n      ')}
    </nav>
  </article>`
}

export async function writeLanding(): Promise<string> {
  const fontFaces = await copyFonts()
  const cards = await Promise.all(lessons.map(lessonCard))
  const html = `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>《Kubernetes 扩展点》课程</title>
<link rel="icon" href="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E%3Ccircle cx='8' cy='8' r='7' fill='%230072B2'/%3E%3C/svg%3E">
<style>
${fontFaces}
:root { color-scheme: light dark; --fg: #1f1f1f; --bg: #fafafa; --card: #fff; --muted: #5f6368; --link: #005a8c; }
@media (prefers-color-scheme: dark) { :root { --fg: #e8e8e8; --bg: #151517; --card: #1f1f23; --muted: #b0b4b9; --link: #7cc4ff; } }
body { margin: 0; font-family: 'Noto Sans SC', sans-serif; color: var(--fg); background: var(--bg); line-height: 1.6; }
main { max-width: 1080px; margin: 0 auto; padding: 2rem 1.25rem 3rem; }
h1 { margin: 0 0 .25rem; font-size: 2rem; }
.intro { color: var(--muted); margin: 0 0 1.5rem; }
.lessons { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 1rem; }
.lesson { background: var(--card); border-radius: .6rem; padding: 1.1rem 1.2rem; box-shadow: 0 1px 3px rgb(0 0 0 / .12); display: flex; flex-direction: column; }
.lesson h2 { margin: .2rem 0; font-size: 1.25rem; }
.number, .muted, .points { color: var(--muted); font-size: .85rem; margin: 0; }
.subtitle { margin: .2rem 0 .6rem; }
.layers { display: flex; flex-wrap: wrap; gap: .35rem; margin: 0 0 .5rem; }
.layer { border: 1px solid var(--layer); border-left: .35rem solid var(--layer); border-radius: .25rem; padding: 0 .4rem; font-size: .8rem; }
.goals { padding-left: 1.2rem; margin: .3rem 0 .6rem; }
nav { margin-top: auto; display: flex; flex-direction: column; gap: .3rem; padding-top: .6rem; }
a { color: var(--link); }
a.primary { font-weight: 700; }
footer { margin-top: 2rem; color: var(--muted); font-size: .85rem; }
</style>
</head>
<body>
<main>
  <h1>《Kubernetes 扩展点》</h1>
  <p class="intro">三节课，从"为什么要扩展"到每一个扩展点：在哪里起作用、用什么协议、怎样接入、谁在用、何时选它。以 Kubernetes ${KUBERNETES_VERSION} 为基线，标注了之后版本的变化。</p>
  <section class="lessons">${cards.join('\n')}
  </section>
  <footer>幻灯片中按 → 或空格前进，← 后退，触屏上左右滑动；复习模式在每页幻灯片旁显示讲稿。</footer>
</main>
</body>
</html>
`
  const target = join(DIST_DIR, 'index.html')
  await writeFile(target, html)
  return target
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  writeLanding().then(file => console.log(`wrote ${file}`), (error) => {
    console.error(`Landing page failed: ${error instanceof Error ? error.message : error}`)
    process.exitCode = 1
  })
}
