/**
 * Fonts for a lesson's first screen: tiny cuts of the Noto Sans SC subsets
 * that slide 1 (the cover) uses, so that a phone opening the lesson fetches a
 * few KiB of glyphs instead of every subset file its title touches (about
 * seventeen files, 480 KiB, for lesson 2's cover).
 *
 * Fontsource splits Noto Sans SC into ~100 files by unicode-range; the
 * browser fetches each file one of the page's characters falls in. For each
 * weight, this cuts one font of only the cover's characters (harfbuzz's
 * hb-subset, by subset-font: the same glyph outlines) from Fontsource's
 * single file of that weight with every Simplified Chinese and Latin glyph
 * (which the stylesheet itself does not use), and declares it with a
 * unicode-range of exactly those characters, after the site's stylesheet:
 * for a character both cover, the browser takes the face declared last, so
 * the cover's characters come from one small file per weight (two requests,
 * not one per subset: on a phone's connection each costs a round trip) and
 * any other character from Fontsource's as before. The few characters the
 * whole-weight file has no glyph for (the map's ●◆○ symbols) are cut from
 * the subset file that has them, read from each file's cmap. The faces are declared
 * for the screen only (`@media screen`): the PDFs print from Fontsource's
 * files, as they did.
 *
 * What counts as the cover's text: slide 1's source, the lesson's record in
 * data/course.ts, the cover component's template (what it renders) and
 * printable ASCII; a character too many costs a glyph, a character missed
 * only a fetch.
 */
import type { Buffer } from 'node:buffer'
import { createHash, randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { interfaceFamilies, interfaceLabels, KUBERNETES_VERSION, layers, lessons } from '../../data/course'
import { DIST_DIR, ROOT } from '../shared/project'

const FAMILY = 'Noto Sans SC'
/** Fontsource's files of the family, the site's and the whole-weight ones. */
const FONTSOURCE_FILES = join(ROOT, 'node_modules', '@fontsource', 'noto-sans-sc', 'files')
/**
 * Every printable ASCII character: Slidev's controls carry Latin labels for
 * screen readers on every slide ("Go to next slide"), drawn off-screen but
 * in the family's regular face, which otherwise costs Fontsource's whole
 * Latin file (13 KiB) for one letter.
 */
const PRINTABLE_ASCII = String.fromCharCode(...Array.from({ length: 0x7F - 0x20 }, (_, i) => 0x20 + i))

interface Face {
  weight: string
  style: string
  url: string
  ranges: [number, number][]
}

/** `4E00-9FFF`, `4E00`, or with wildcards, `??` (00–FF) as minifiers write it. */
function rangeOf(text: string): [number, number] {
  const [from, to] = text.split('-')
  if (to !== undefined)
    return [Number.parseInt(from, 16), Number.parseInt(to, 16)]
  return [Number.parseInt(from.replace(/\?/g, '0'), 16), Number.parseInt(from.replace(/\?/g, 'F'), 16)]
}

/** The @font-face rules of FAMILY in a built stylesheet that point at a file (not inlined). */
export function facesOf(css: string): Face[] {
  const faces: Face[] = []
  for (const [rule] of css.matchAll(/@font-face\s*\{[^}]*\}/g)) {
    const family = /font-family:\s*(['"]?)([^;'"}]+)\1/.exec(rule)?.[2]?.trim()
    const url = /src:\s*url\((['"]?)([^)'"]+\.woff2)\1\)/.exec(rule)?.[2]
    const range = /unicode-range:\s*([^;}]+)/.exec(rule)?.[1]
    if (family !== FAMILY || !url || !range)
      continue
    faces.push({
      weight: /font-weight:\s*(\d+)/.exec(rule)?.[1] ?? '400',
      style: /font-style:\s*(\w+)/.exec(rule)?.[1] ?? 'normal',
      url,
      ranges: range.split(',').map(part => rangeOf(part.trim().replace(/^U\+/i, ''))),
    })
  }
  return faces
}

/** The characters lesson `slug`'s first screen may show. */
export async function coverText(entry: string): Promise<string> {
  const lesson = lessons.find(l => basename(entry) === `${l.slug}.md`)
  if (!lesson)
    return ''
  const source = await readFile(entry, 'utf8')
  // The headmatter and slide 1: up to the third `---` line.
  const firstSlide = source.split(/^---\s*$/m).slice(0, 3).join('\n').replace(/<!--[\s\S]*?-->/g, '')
  const cover = await readFile(join(ROOT, 'components', 'LessonCover.vue'), 'utf8').catch(() => '')
  const template = /<template>([\s\S]*)<\/template>/.exec(cover)?.[1] ?? ''
  return `${firstSlide}${JSON.stringify(lesson)}${template}${KUBERNETES_VERSION}${lessons.length}${PRINTABLE_ASCII}`
}

/**
 * A cut is a function of its source file and characters: kept in
 * dist/.vendor/cover-fonts/, so a rebuild does not cut the 1.1 MB
 * whole-weight file again (a second or two each).
 */
async function cachedCut(cacheDir: string, source: string, characters: string, cut: () => Promise<Buffer>): Promise<Buffer> {
  const { size, mtimeMs } = await stat(source)
  const key = createHash('sha256').update(JSON.stringify([basename(source), size, mtimeMs, characters])).digest('hex')
  const file = join(cacheDir, `${key}.woff2`)
  if (existsSync(file))
    return readFile(file)
  const bytes = await cut()
  await mkdir(dirname(file), { recursive: true })
  const temporary = `${file}.${randomUUID()}.tmp`
  await writeFile(temporary, bytes)
  await rename(temporary, file)
  return bytes
}

const hex = (code: number) => code.toString(16).toUpperCase()
/** The code points a font file has glyphs for (its cmap, read by HarfBuzz). */
async function unicodesOf(file: string): Promise<Set<number>> {
  const [{ default: fontverter }, { Blob, Face }] = await Promise.all([import('fontverter'), import('harfbuzzjs')])
  const sfnt = await fontverter.convert(await readFile(file), 'sfnt')
  const face = new Face(new Blob(sfnt), 0)
  return new Set(face.collectUnicodes())
}

const codesOf = (text: string) => [...new Set([...text].map(c => c.codePointAt(0)!))].filter(c => c >= 0x20).sort((a, b) => a - b)

/**
 * How many slides, with their notes, the review page draws first: those
 * within one and a half screens below the view (components/ReviewPage.vue's
 * `rootMargin`), five on a phone and on a laptop alike.
 */
export const REVIEW_FIRST_SLIDES = 5

/** Every component's source: the review page's labels, the map's glyphs (kept in its script) and marks. */
async function componentTemplates(): Promise<string> {
  const dir = join(ROOT, 'components')
  const files = (await readdir(dir).catch(() => [] as string[])).filter(f => f.endsWith('.vue')).sort()
  const sources = await Promise.all(files.map(f => readFile(join(dir, f), 'utf8')))
  return sources.join('')
}

/**
 * The characters of the review page's first screen: the components'
 * labels (the review page's own, the map's glyphs), the map's layers and
 * interface kinds, every slide's title (the list
 * lays out each slide's label, near the view or not), and its first
 * slides' text and notes (regular); the titles and the first slides' **bold**
 * runs (bold). A character missed costs a fetch of Fontsource's file, as before.
 */
export async function reviewText(entry: string): Promise<{ regular: string, bold: string }> {
  if (!lessons.some(l => basename(entry) === `${l.slug}.md`))
    return { regular: '', bold: '' }
  const { loadDeck } = await import('../shared/deck')
  const slides = (await loadDeck(entry)).slides
  const first = slides.slice(0, REVIEW_FIRST_SLIDES)
  const labels = await componentTemplates()
  const titles = slides.map(s => s.title).join('')
  // What the map and its legend draw on the first slides: layers, interface kinds and their families.
  const map = JSON.stringify({ layers, interfaceLabels, interfaceFamilies })
  return {
    regular: `${labels}${map}${titles}${first.map(s => `${s.content}${s.note}`).join('')}${PRINTABLE_ASCII}`,
    bold: `${labels}${map}${titles}${first.map(s => [...`${s.content}${s.note}`.matchAll(/\*\*([^*]+)\*\*/g)].map(m => m[1]).join('')).join('')}`,
  }
}

/**
 * Cuts the cover's and the review page's faces for the site in `siteDir`
 * (built from `entry`) and declares them in its index.html. Does nothing for a deck that is not a
 * lesson, or a site without the family's files.
 */
export async function addFirstScreenFonts(siteDir: string, entry: string, cacheDir = join(DIST_DIR, '.vendor', 'cover-fonts')): Promise<number> {
  const text = await coverText(entry)
  if (!text)
    return 0
  const assets = join(siteDir, 'assets')
  const stylesheets = (await readdir(assets).catch(() => [] as string[])).filter(f => /^index-[\w-]+\.css$/.test(f))
  const faces = (await Promise.all(stylesheets.map(async f => facesOf(await readFile(join(assets, f), 'utf8'))))).flat()
  if (!faces.length)
    return 0
  const review = await reviewText(entry)
  const { default: subsetFont } = await import('subset-font')
  const rules: string[] = []
  const weights = [...new Map(faces.map(f => [`${f.weight} ${f.style}`, f])).values()]
  // The review's cut first, the cover's last: for a character both hold, the face declared last is used.
  const cuts = [
    { label: 'review', text: (weight: string) => Number(weight) >= 600 ? review.bold : review.regular },
    { label: 'cover', text: () => text },
  ]
  const wholeCache = new Map<string, Promise<Set<number>>>()
  const cutFont = async (source: string, codes: number[], stem: string, url: string, weight: string, style: string) => {
    const characters = String.fromCodePoint(...codes)
    const bytes = await cachedCut(cacheDir, source, characters, async () => subsetFont(await readFile(source), characters, { targetFormat: 'woff2' }))
    const name = `${stem}-${createHash('sha256').update(bytes).digest('base64url').slice(0, 8)}.woff2`
    await writeFile(join(assets, name), bytes)
    const href = `${url.slice(0, url.lastIndexOf('/') + 1)}${name}`
    rules.push(`@font-face{font-family:"${FAMILY}";font-style:${style};font-display:swap;font-weight:${weight};src:url(${href}) format("woff2");unicode-range:${codes.map(c => `U+${hex(c)}`).join(',')}}`)
  }
  for (const cut of cuts) {
    for (const { weight, style, url } of weights) {
      const ofWeight = faces.filter(f => f.weight === weight && f.style === style)
      const faceOf = (c: number) => ofWeight.find(f => f.ranges.some(([from, to]) => c >= from && c <= to))
      const mine = codesOf(cut.text(weight)).filter(c => faceOf(c))
      if (!mine.length)
        continue
      const whole = join(FONTSOURCE_FILES, `noto-sans-sc-chinese-simplified-${weight}-${style}.woff2`)
      if (!existsSync(whole))
        throw new Error(`first-screen fonts: ${whole} not found (Fontsource's whole-weight file, the cuts are made from it)`)
      if (!wholeCache.has(whole))
        wholeCache.set(whole, unicodesOf(whole))
      const inWhole = await wholeCache.get(whole)!
      const fromWhole = mine.filter(c => inWhole.has(c))
      if (fromWhole.length)
        await cutFont(whole, fromWhole, `noto-sans-sc-${cut.label}-${weight}-${style}`, url, weight, style)
      // The few the whole-weight file lacks (the map's ●◆○ …): cut from the subset file that has them.
      const bySubset = new Map<string, number[]>()
      for (const c of mine.filter(c => !inWhole.has(c)))
        bySubset.set(faceOf(c)!.url, [...bySubset.get(faceOf(c)!.url) ?? [], c])
      for (const [subsetUrl, codes] of bySubset)
        await cutFont(join(assets, basename(subsetUrl)), codes, `${basename(subsetUrl).replace(/-[\w-]{8}\.woff2$/, '')}-${cut.label}`, subsetUrl, weight, style)
    }
  }
  if (!rules.length)
    return 0
  const index = join(siteDir, 'index.html')
  const html = await readFile(index, 'utf8')
  const style = `<style data-course="first-screen-fonts">@media screen{${rules.join('')}}</style>\n`
  await writeFile(index, html.replace('</head>', `${style}</head>`))
  return rules.length
}
