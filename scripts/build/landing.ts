/**
 * Writes dist/index.html, the course's landing page: the three lessons with
 * their goals, length, slide count and layers, linking to each lesson's site,
 * its review mode and its PDFs; the course's layer map, each extension point
 * linking to the slide that teaches it (scripts/shared/teaching.ts, derived from the
 * decks); the search over all three lessons (dist/search/, scripts/build/search-index.ts)
 * and what this browser has seen of each lesson. Everything on it comes from
 * data/course.ts and the decks; its font is the same self-hosted Noto Sans SC
 * as the slides.
 *
 *   npm run build writes it; `tsx scripts/build/landing.ts` rewrites it alone.
 */
import type { ExtensionPoint, Layer, Lesson } from '../../data/course'
import type { Deck } from '../shared/deck'
import { copyFile, mkdir, readFile, stat, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join, relative } from 'node:path'
import process from 'node:process'
import { pathToFileURL } from 'node:url'
import { build } from 'esbuild'
import { extensionPoints, interfaceLabels, KUBERNETES_SUPPORT_ENDS, KUBERNETES_VERSION, layerById, layers, lessons, pointsOfLayer, pointsOfLesson } from '../../data/course'
import { SEARCH_INDEX_PATH } from '../../search/engine'
import { loadValidDeck } from '../shared/deck'
import { DIST_DIR, entryOf, handoutPathOf, pdfPathOf, ROOT } from '../shared/project'
import { teachingSlides } from '../shared/teaching'
import { compressSite } from './compress'
import { writeSearchIndex } from './search-index'

const FONT_DIR = join(DIST_DIR, 'fonts')
const WEIGHTS = [400, 700]

export const escape = (text: string) => text.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`)

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

/** The landing page's introduction: what the course covers, and the release it teaches with its end of support. */
export function introText(): string {
  return `三节课，从"为什么要扩展"到每一个扩展点：在哪里起作用、用什么协议、怎样接入、谁在用、何时选它。以 Kubernetes ${KUBERNETES_VERSION} 为基线（社区支持至 ${KUBERNETES_SUPPORT_ENDS}），标注了之后版本的变化。`
}

export async function sizeOf(path: string): Promise<string | undefined> {
  try {
    const { size } = await stat(path)
    return `${(size / 1024 / 1024).toFixed(1)} MB`
  }
  catch {
    return undefined
  }
}

export async function lessonCard(lesson: Lesson, deck: Deck): Promise<string> {
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
    <p class="progress" data-progress="${lesson.number}" data-total="${deck.slides.length}">已看 <span class="seen-count">0</span> / ${deck.slides.length}</p>
    ${points.length ? `<p class="points muted">深入讲解：${points.map(p => escape(p.name)).join('、')}</p>` : `<p class="points muted">全部 ${extensionPoints.length} 个扩展点的分层地图</p>`}
    <nav>
      <a class="primary" href="./${lesson.slug}/">观看幻灯片</a>
      <a href="./${lesson.slug}/overview">复习模式（幻灯片与讲稿）</a>
      ${pdfLinks.join('\n      ')}
    </nav>
  </article>`
}

/** Where each extension point is taught: its lesson's slide whose title names it (undefined: none does yet). */
export async function pointLinks(decks?: Map<number, Deck>): Promise<{ point: ExtensionPoint, href: string, slide?: { no: number, title: string } }[]> {
  return teachingSlides(decks ?? await loadDecks()).map(({ point, slide }) => {
    const lesson = lessons.find(l => l.number === point.lesson)!
    return { point, href: `./${lesson.slug}/${slide ? slide.no : ''}`, slide: slide && { no: slide.no, title: slide.title } }
  })
}

async function loadDecks(): Promise<Map<number, Deck>> {
  return new Map(await Promise.all(lessons.map(async l => [l.number, await loadValidDeck(entryOf(l))] as const)))
}

function layerBlock(layer: Layer, links: Awaited<ReturnType<typeof pointLinks>>): string {
  const chips = pointsOfLayer(layer.id).map((point) => {
    const link = links.find(l => l.point.id === point.id)!
    const state = [point.added ? 'added' : '', point.removed ? 'removed' : ''].filter(Boolean).join(' ')
    const where = link.slide ? `第 ${point.lesson} 课第 ${link.slide.no} 页：${link.slide.title}` : `第 ${point.lesson} 课`
    return `<li><a class="point ${state}" data-point="${point.id}" data-lesson="${point.lesson}"${link.slide ? ` data-slide="${link.slide.no}"` : ''} href="${link.href}" title="${escape(`${point.summary}（${where}）`)}"><span class="name">${escape(point.name)}</span><span class="zh">${escape(point.zh)} · ${escape(interfaceLabels[point.interface])}</span><span class="lesson-no">第 ${point.lesson} 课${link.slide ? ` · 第 ${link.slide.no} 页` : ''}</span></a></li>`
  })
  return `
    <div class="map-layer${layer.horizontal ? ' horizontal' : ''}" data-layer="${layer.id}" style="--layer:${layer.color}">
      <h3>${escape(layer.zh)} <span class="en">${escape(layer.en)}</span></h3>
      <p class="muted">${escape(layer.summary)}</p>
      <ul class="map-points">${chips.join('')}</ul>
    </div>`
}

/** Bundles the landing page's script (search box, progress) into dist/search/landing.js. */
async function writeLandingScript(): Promise<void> {
  await build({
    entryPoints: [join(ROOT, 'search', 'landing.ts')],
    outfile: join(DIST_DIR, 'search', 'landing.js'),
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    logLevel: 'error',
  })
}

/**
 * Everything the landing page needs from the sources (the decks, the search
 * index, its script and fonts), written first; the returned function writes
 * the page itself, which names the PDFs' sizes, once the PDFs are printed.
 * The build prepares while the last lesson prints.
 */
export async function prepareLanding(): Promise<() => Promise<string>> {
  const fontFaces = await copyFonts()
  const decks = await loadDecks()
  const links = await pointLinks(decks)
  for (const link of links.filter(l => !l.slide))
    console.warn(`landing: no slide title of lesson ${link.point.lesson} names "${link.point.name}" (${link.point.zh}); its map link opens the lesson`)
  await writeSearchIndex()
  await writeLandingScript()
  return async () => writeLandingPage(fontFaces, decks, links)
}

export async function writeLanding(): Promise<string> {
  return (await prepareLanding())()
}

async function writeLandingPage(fontFaces: string, decks: Map<number, Deck>, links: Awaited<ReturnType<typeof pointLinks>>): Promise<string> {
  const cards = await Promise.all(lessons.map(l => lessonCard(l, decks.get(l.number)!)))
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
.progress { margin: 0 0 .4rem; font-size: .85rem; color: var(--muted); }
.progress::after { content: ''; display: block; height: .3rem; margin-top: .2rem; border-radius: .15rem; background: linear-gradient(90deg, #009E73 var(--done, 0%), rgb(128 128 128 / .2) var(--done, 0%)); }
.search { margin: 0 0 1.5rem; }
.search input { box-sizing: border-box; width: 100%; font: inherit; font-size: 17px; padding: .6rem .8rem; border: 1px solid rgb(128 128 128 / .5); border-radius: .5rem; background: var(--card); color: inherit; }
#search-status { margin: .4rem 0 0; }
.hits { list-style: none; margin: .4rem 0 0; padding: 0; display: flex; flex-direction: column; gap: .4rem; }
.hit { display: flex; flex-direction: column; min-height: 44px; padding: .55rem .8rem; background: var(--card); border-radius: .5rem; box-shadow: 0 1px 2px rgb(0 0 0 / .1); color: inherit; text-decoration: none; }
.hit .title { font-weight: 700; color: var(--link); }
.hit .where { font-size: .8rem; color: var(--muted); }
.hit .snippet { font-size: .9rem; overflow-wrap: anywhere; }
.hit mark { background: #ffd54f; color: #1f1f1f; border-radius: 2px; }
.map { margin: 2rem 0 0; }
.map h2 { font-size: 1.3rem; margin: 0 0 .2rem; }
.map-layer { background: var(--card); border-left: .4rem solid var(--layer); border-radius: .4rem; padding: .6rem .9rem; margin: .6rem 0; box-shadow: 0 1px 2px rgb(0 0 0 / .08); }
.map-layer.horizontal { border-left-style: double; }
.map-layer h3 { margin: 0; font-size: 1.05rem; }
.map-layer .en { font-weight: 400; color: var(--muted); font-size: .85rem; }
.map-layer > .muted { margin: 0 0 .4rem; }
.map-points { list-style: none; margin: 0; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(13rem, 1fr)); gap: .4rem; }
.point { display: flex; flex-direction: column; min-height: 44px; box-sizing: border-box; height: 100%; padding: .35rem .6rem; border: 1px solid var(--layer); border-radius: .35rem; color: inherit; text-decoration: none; }
.point:hover, .point:focus-visible { background: rgb(128 128 128 / .12); }
.point .name { font-weight: 700; color: var(--link); overflow-wrap: anywhere; }
.point .zh, .point .lesson-no { font-size: .78rem; color: var(--muted); }
.point.added { border-style: dashed; }
.point.removed .name { text-decoration: line-through; }
@media (max-width: 599px) { main { padding: 1.25rem .75rem 2rem; } h1 { font-size: 1.6rem; } .map-points { grid-template-columns: 1fr 1fr; } }
</style>
</head>
<body>
<main>
  <h1>《Kubernetes 扩展点》</h1>
  <p class="intro">${introText()}</p>
  <section class="search" aria-label="搜索">
    <form role="search"><input id="search-input" type="search" placeholder="搜索三节课的幻灯片与讲稿，如 CRI、准入" aria-label="搜索三节课的幻灯片与讲稿" autocomplete="off" enterkeyhint="search"></form>
    <p id="search-status" class="muted" aria-live="polite"></p>
    <ol id="search-results" class="hits"></ol>
  </section>
  <section class="lessons">${cards.join('\n')}
  </section>
  <section class="map" aria-labelledby="map-title">
    <h2 id="map-title">扩展点地图</h2>
    <p class="muted">五层 ${extensionPoints.length} 个扩展点，与幻灯片中的地图同出一源。点一个扩展点，打开深入讲解它的那一页；虚线框是新增的机制，删除线是已移除的。</p>
    ${layers.filter(l => l.horizontal).map(l => layerBlock(l, links)).join('')}
    ${layers.filter(l => !l.horizontal).map(l => layerBlock(l, links)).join('')}
  </section>
  <footer>幻灯片中按 → 或空格前进，← 后退，触屏上左右滑动，按 / 搜索；复习模式在每页幻灯片旁显示讲稿，面试题的答案点按后显示。"已看"记在本浏览器中。</footer>
</main>
<script type="module" src="./search/landing.js"></script>
</body>
</html>
`
  const target = join(DIST_DIR, 'index.html')
  await writeFile(target, html)
  // The page, its script and the search index, compressed beside them as the sites' assets are.
  await compressSite(DIST_DIR, [target, join(DIST_DIR, SEARCH_INDEX_PATH), join(DIST_DIR, 'search', 'landing.js')])
  return target
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  writeLanding().then(file => console.log(`wrote ${file}`), (error) => {
    console.error(`Landing page failed: ${error instanceof Error ? error.message : error}`)
    process.exitCode = 1
  })
}
