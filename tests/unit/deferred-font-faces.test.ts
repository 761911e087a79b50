import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { deferFontFaces, fontFacesLoader, splitFontFaces, withFontFacesLoader } from '../../scripts/build/deferred-font-faces'

const FACE_400 = '@font-face{font-family:"Noto Sans SC";font-style:normal;font-display:swap;font-weight:400;src:url(/lesson-2/assets/noto-sans-sc-0-400-normal-A.woff2) format("woff2");unicode-range:U+4E00-4E3F}'
const FACE_700 = '@font-face{font-family:"Noto Sans SC";font-style:normal;font-display:swap;font-weight:700;src:url(/lesson-2/assets/noto-sans-sc-0-700-normal-B.woff2) format("woff2");unicode-range:U+4E00-4E3F}'
const CSS = `:root{--slidev-theme-primary:#0072B2}${FACE_400}.slidev-layout h1{font-size:2.2em}${FACE_700}@media print{@font-face{font-family:Print;src:url(p.woff2)}.x{color:red}}`

const HTML = `<!DOCTYPE html><html><head>
<link rel="stylesheet" crossorigin href="/lesson-2/assets/index-C.css">
<style data-course="first-screen-fonts">@media screen{}</style>
</head><body><div id="app"></div></body></html>`

/** Runs the loader's script as a page at `pathname` would, with a stand-in document. */
function runLoader(pathname: string) {
  const body = /<script[^>]*>([\s\S]*)<\/script>/.exec(fontFacesLoader('/lesson-2/', '/lesson-2/assets/font-faces-X.css'))![1]
  const written: string[] = []
  const after: Record<string, unknown>[] = []
  const listeners: Record<string, () => void> = {}
  const document = {
    write: (html: string) => written.push(html),
    currentScript: { after: (el: Record<string, unknown>) => after.push({ ...el, dataset: { ...el.dataset as object } }) },
    createElement: () => ({ rel: '', href: '', crossOrigin: null, dataset: {} }),
  }
  // eslint-disable-next-line no-new-func
  new Function('document', 'location', 'addEventListener', body)(document, { pathname }, (type: string, listener: () => void) => listeners[type] = listener)
  return { written, after, listeners }
}

describe('deferred font faces', () => {
  let dir: string | undefined
  afterEach(async () => {
    if (dir)
      await rm(dir, { recursive: true, force: true })
    dir = undefined
  })

  it('takes every top-level @font-face out of the stylesheet, in order, and leaves the rest as it was', () => {
    const { faces, rest } = splitFontFaces(CSS)
    expect(faces).toBe(`${FACE_400}${FACE_700}`)
    expect(rest).toBe(':root{--slidev-theme-primary:#0072B2}.slidev-layout h1{font-size:2.2em}@media print{@font-face{font-family:Print;src:url(p.woff2)}.x{color:red}}')
    expect(splitFontFaces('.a{color:red}')).toEqual({ faces: '', rest: '.a{color:red}' })
  })

  it('loads the faces after the page on slide 1\'s paths, before anything is drawn on the others', () => {
    for (const path of ['/lesson-2/', '/lesson-2/1']) {
      const run = runLoader(path)
      expect(run.written).toEqual([])
      expect(run.after).toEqual([])
      run.listeners.load()
      expect(run.after).toEqual([{ rel: 'stylesheet', href: '/lesson-2/assets/font-faces-X.css', crossOrigin: '', dataset: { course: 'font-faces' } }])
    }
    for (const path of ['/lesson-2/overview', '/lesson-2/presenter/1', '/lesson-2/print', '/lesson-2/2']) {
      const run = runLoader(path)
      expect(run.written).toEqual(['<link rel="stylesheet" crossorigin data-course="font-faces" href="/lesson-2/assets/font-faces-X.css">'])
      expect(run.listeners).toEqual({})
    }
  })

  it('puts the loader before the cover\'s faces, so that the cover\'s cut wins for its characters', () => {
    const html = withFontFacesLoader(HTML, '<script data-course="font-faces"></script>')
    expect(html.indexOf('data-course="font-faces"')).toBeGreaterThan(html.indexOf('index-C.css'))
    expect(html.indexOf('data-course="font-faces"')).toBeLessThan(html.indexOf('first-screen-fonts'))
    const plain = withFontFacesLoader('<html><head></head><body></body></html>', '<script></script>')
    expect(plain).toBe('<html><head><script></script>\n</head><body></body></html>')
    expect(() => withFontFacesLoader('<html><body></body></html>', '<script></script>')).toThrow(/no <\/head>/)
  })

  it('moves a built site\'s faces into a file of their own that index.html loads', async () => {
    dir = await mkdtemp(join(tmpdir(), 'font-faces-'))
    await writeFile(join(dir, 'index.html'), HTML)
    await mkdir(join(dir, 'assets'))
    await writeFile(join(dir, 'assets', 'index-C.css'), CSS)
    const name = await deferFontFaces(dir, '/lesson-2/')
    expect(name).toMatch(/^font-faces-[\w-]{8}\.css$/)
    expect(await readFile(join(dir, 'assets', name!), 'utf8')).toBe(`${FACE_400}${FACE_700}`)
    expect(await readFile(join(dir, 'assets', 'index-C.css'), 'utf8')).not.toContain('Noto Sans SC')
    expect(await readFile(join(dir, 'index.html'), 'utf8')).toContain(`"/lesson-2/assets/${name}"`)
    // A second run finds nothing left to move and changes nothing.
    expect(await deferFontFaces(dir, '/lesson-2/')).toBeUndefined()
    expect((await readdir(join(dir, 'assets'))).sort()).toEqual(['index-C.css', name].sort())
  })

  it('refuses a site whose entry stylesheet it cannot tell', async () => {
    dir = await mkdtemp(join(tmpdir(), 'font-faces-'))
    await mkdir(join(dir, 'assets'))
    await expect(deferFontFaces(dir, '/lesson-2/')).rejects.toThrow(/0 entry stylesheets/)
    await writeFile(join(dir, 'assets', 'index-A.css'), CSS)
    await writeFile(join(dir, 'assets', 'index-B.css'), CSS)
    await expect(deferFontFaces(dir, '/lesson-2/')).rejects.toThrow(/2 entry stylesheets/)
  })
})
