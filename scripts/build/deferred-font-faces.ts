/**
 * The site's @font-face rules, out of the stylesheet slide 1 waits for.
 *
 * Fontsource declares Noto Sans SC as about a hundred unicode-range files per
 * weight: 208 rules, 212 KB of the built stylesheet's 314 KB (two thirds of
 * its bytes on the wire). A page may draw nothing until that stylesheet has
 * arrived and been parsed, yet slide 1 needs none of these rules: its text
 * comes from the cover's own cut (scripts/build/first-screen-fonts.ts).
 *
 * The build moves the rules into a stylesheet of their own and index.html
 * loads it by a small script placed before the cover's faces (for a character
 * two faces cover, the face declared last wins, in document order, so the
 * cover's cut keeps its characters):
 * - on slide 1's paths (the lesson's root and `/1`), once the page has loaded
 *   and slide 1 has been drawn with its text (at most SLIDE1_WAIT_MS after the load), so its
 *   bytes and parsing come after slide 1's;
 * - on every other path (the review page, the presenter, print, the handout),
 *   as a stylesheet the page waits for, exactly as before: text there is
 *   measured and printed with its fonts.
 */
import { createHash } from 'node:crypto'
import { readdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import postcss from 'postcss'
import { slide1PathPattern } from './first-screen-preload'

/** The deferred stylesheet's file name starts with this; the preload recording leaves it out. */
export const FONT_FACES_STEM = 'font-faces-'
/** The `data-course` mark of the loader script and of the stylesheet link it adds: the render check and the tests find them by it. */
export const FONT_FACES_MARK = 'font-faces'
export const FONT_FACES_LOADER = `script[data-course="${FONT_FACES_MARK}"]`
export const FONT_FACES_LINK = `link[data-course="${FONT_FACES_MARK}"]`

/** The @font-face rules of a stylesheet, and the stylesheet without them. */
export function splitFontFaces(css: string): { faces: string, rest: string } {
  const root = postcss.parse(css)
  const faces: string[] = []
  root.walkAtRules('font-face', (rule) => {
    // Only top-level rules: one inside @media or @supports would change meaning when moved.
    if (rule.parent?.type !== 'root')
      return
    faces.push(rule.toString())
    rule.remove()
  })
  return { faces: faces.join(''), rest: root.toString() }
}

/** How long after the page's load the faces wait for slide 1 at most (a path that never shows it). */
export const SLIDE1_WAIT_MS = 5000

/**
 * The loader: on slide 1's paths, the stylesheet once the page has loaded
 * and slide 1 has been drawn (placed where the script stands); elsewhere
 * written into the head as the parser reads it, so it blocks rendering and
 * scripts as Vite's own link did.
 */
export function fontFacesLoader(base: string, href: string): string {
  const slide1 = JSON.stringify(slide1PathPattern(base))
  return `<script data-course="${FONT_FACES_MARK}">/* the site's font faces: after slide 1 is drawn, or before anything else is */(function(){var href=${JSON.stringify(href)};if(!new RegExp(${slide1}).test(location.pathname)){document.write('<link rel="stylesheet" crossorigin data-course="${FONT_FACES_MARK}" href="'+href+'">');return}var here=document.currentScript,added=false;function add(){if(added)return;added=true;var l=document.createElement("link");l.rel="stylesheet";l.crossOrigin="";l.dataset.course=${JSON.stringify(FONT_FACES_MARK)};l.href=href;here.after(l)}function drawn(){var p=document.querySelector(".slidev-page-1");return p&&p.textContent.trim()}function afterPaint(){requestAnimationFrame(function(){setTimeout(add)})}addEventListener("load",function(){if(drawn())return afterPaint();var o=new MutationObserver(function(){if(drawn()){o.disconnect();afterPaint()}});o.observe(document.body,{childList:true,subtree:true});setTimeout(function(){o.disconnect();add()},${SLIDE1_WAIT_MS})})})()</script>`
}

/** Where the loader goes: before the cover's faces, else before the end of the head. */
export function withFontFacesLoader(html: string, loader: string): string {
  const cover = html.indexOf('<style data-course="first-screen-fonts">')
  if (cover >= 0)
    return `${html.slice(0, cover)}${loader}\n${html.slice(cover)}`
  if (!html.includes('</head>'))
    throw new Error('deferred font faces: index.html has no </head> to put the loader in')
  return html.replace('</head>', `${loader}\n</head>`)
}

/**
 * Moves the @font-face rules of the site's entry stylesheet (assets/index-*.css)
 * into assets/font-faces-<hash>.css and loads it from index.html. Returns the
 * new file's name, or undefined when the stylesheet declares no face.
 *
 * The entry stylesheet keeps its name: it is still a function of the build's
 * sources (the rules only moved), and the app's chunks name it.
 */
export async function deferFontFaces(siteDir: string, base: string): Promise<string | undefined> {
  const assets = join(siteDir, 'assets')
  const entries = (await readdir(assets)).filter(f => /^index-[\w-]+\.css$/.test(f))
  if (entries.length !== 1)
    throw new Error(`deferred font faces: ${assets} has ${entries.length} entry stylesheets (index-*.css), one expected`)
  const entryCss = join(assets, entries[0])
  const { faces, rest } = splitFontFaces(await readFile(entryCss, 'utf8'))
  if (!faces)
    return undefined
  const name = `${FONT_FACES_STEM}${createHash('sha256').update(faces).digest('base64url').slice(0, 8)}.css`
  await writeFile(join(assets, name), faces)
  await writeFile(entryCss, rest)
  const index = join(siteDir, 'index.html')
  await writeFile(index, withFontFacesLoader(await readFile(index, 'utf8'), fontFacesLoader(base, `${base}assets/${name}`)))
  return name
}
