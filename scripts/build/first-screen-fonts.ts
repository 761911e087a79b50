/**
 * Fonts for a lesson's first screen: tiny cuts of the Noto Sans SC subsets
 * that slide 1 (the cover) uses, so that a phone opening the lesson fetches a
 * few KiB of glyphs instead of every subset file its title touches (about
 * seventeen files, 480 KiB, for lesson 2's cover).
 *
 * Fontsource splits Noto Sans SC into ~100 files by unicode-range; the
 * browser fetches each file one of the page's characters falls in. For each
 * such file and weight, this cuts a font of only the cover's characters
 * (harfbuzz's hb-subset, by subset-font: the same glyph outlines) and
 * declares it with a unicode-range of exactly those characters, after the
 * site's stylesheet: for a character both cover, the browser takes the face
 * declared last, so the cover's characters come from the small files and
 * any other character from Fontsource's as before. The faces are declared
 * for the screen only (`@media screen`): the PDFs print from Fontsource's
 * files, as they did.
 *
 * What counts as the cover's text: slide 1's source, the lesson's record in
 * data/course.ts and the cover component's template (what it renders);
 * a character too many costs a glyph, a character missed only a fetch.
 */
import { createHash } from 'node:crypto'
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { KUBERNETES_VERSION, lessons } from '../../data/course'
import { ROOT } from '../shared/project'

const FAMILY = 'Noto Sans SC'

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
  return `${firstSlide}${JSON.stringify(lesson)}${template}${KUBERNETES_VERSION}${lessons.length}0123456789`
}

const hex = (code: number) => code.toString(16).toUpperCase()

/**
 * Cuts the cover's faces for the site in `siteDir` (built from `entry`) and
 * declares them in its index.html. Does nothing for a deck that is not a
 * lesson, or a site without the family's files.
 */
export async function addFirstScreenFonts(siteDir: string, entry: string): Promise<number> {
  const text = await coverText(entry)
  if (!text)
    return 0
  const assets = join(siteDir, 'assets')
  const stylesheets = (await readdir(assets).catch(() => [] as string[])).filter(f => /^index-[\w-]+\.css$/.test(f))
  const faces = (await Promise.all(stylesheets.map(async f => facesOf(await readFile(join(assets, f), 'utf8'))))).flat()
  if (!faces.length)
    return 0
  const codes = [...new Set([...text].map(c => c.codePointAt(0)!))].filter(c => c >= 0x20).sort((a, b) => a - b)
  const { default: subsetFont } = await import('subset-font')
  const rules: string[] = []
  for (const face of faces) {
    const mine = codes.filter(c => face.ranges.some(([from, to]) => c >= from && c <= to))
    if (!mine.length)
      continue
    const file = join(assets, basename(face.url))
    const cut = await subsetFont(await readFile(file), String.fromCodePoint(...mine), { targetFormat: 'woff2' })
    const name = `${basename(face.url).replace(/-[\w-]{8}\.woff2$/, '')}-cover-${createHash('sha256').update(cut).digest('base64url').slice(0, 8)}.woff2`
    await writeFile(join(assets, name), cut)
    const url = `${face.url.slice(0, face.url.lastIndexOf('/') + 1)}${name}`
    rules.push(`@font-face{font-family:"${FAMILY}";font-style:${face.style};font-display:swap;font-weight:${face.weight};src:url(${url}) format("woff2");unicode-range:${mine.map(c => `U+${hex(c)}`).join(',')}}`)
  }
  if (!rules.length)
    return 0
  const index = join(siteDir, 'index.html')
  const html = await readFile(index, 'utf8')
  const style = `<style data-course="first-screen-fonts">@media screen{${rules.join('')}}</style>\n`
  await writeFile(index, html.replace('</head>', `${style}</head>`))
  return rules.length
}
