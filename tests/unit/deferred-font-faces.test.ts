import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { deferFontFaces, fontFacesLoader, SLIDE1_WAIT_MS, splitFontFaces, withFontFacesLoader } from '../../scripts/build/deferred-font-faces'

const FACE_400 = '@font-face{font-family:"Noto Sans SC";font-style:normal;font-display:swap;font-weight:400;src:url(/lesson-2/assets/noto-sans-sc-0-400-normal-A.woff2) format("woff2");unicode-range:U+4E00-4E3F}'
const FACE_700 = '@font-face{font-family:"Noto Sans SC";font-style:normal;font-display:swap;font-weight:700;src:url(/lesson-2/assets/noto-sans-sc-0-700-normal-B.woff2) format("woff2");unicode-range:U+4E00-4E3F}'
const CSS = `:root{--slidev-theme-primary:#0072B2}${FACE_400}.slidev-layout h1{font-size:2.2em}${FACE_700}@media print{@font-face{font-family:Print;src:url(p.woff2)}.x{color:red}}`

const HTML = `<!DOCTYPE html><html><head>
<link rel="stylesheet" crossorigin href="/lesson-2/assets/index-C.css">
<style data-course="first-screen-fonts">@media screen{}</style>
</head><body><div id="app"></div></body></html>`

/**
 * Runs the loader's script as a page at `pathname` would, with a stand-in
 * document: `slide1` says whether slide 1 is drawn; timers and frames run
 * when the test calls `tick`.
 */
function runLoader(pathname: string) {
  const body = /<script[^>]*>([\s\S]*)<\/script>/.exec(fontFacesLoader('/lesson-2/', '/lesson-2/assets/font-faces-X.css'))![1]
  const written: string[] = []
  const after: Record<string, unknown>[] = []
  const listeners: Record<string, () => void> = {}
  const queued: { fn: () => void, ms: number }[] = []
  const state = { slide1: false, observer: undefined as undefined | (() => void), observing: false }
  const document = {
    write: (html: string) => written.push(html),
    currentScript: { after: (el: Record<string, unknown>) => after.push({ ...el, dataset: { ...el.dataset as object } }) },
    createElement: () => ({ rel: '', href: '', crossOrigin: null, dataset: {} }),
    // Slide 1's element comes first, empty; its text a moment later.
    querySelector: (selector: string) => selector === '.slidev-page-1' ? { textContent: state.slide1 ? '\n  为什么要扩展 ' : '' } : null,
    body: {},
  }
  class MutationObserver {
    constructor(callback: () => void) {
      state.observer = callback
    }

    observe() {
      state.observing = true
    }

    disconnect() {
      state.observing = false
    }
  }
  const later = (fn: () => void, ms = 0) => queued.push({ fn, ms })
  // eslint-disable-next-line no-new-func
  new Function('document', 'location', 'addEventListener', 'MutationObserver', 'requestAnimationFrame', 'setTimeout', body)(
    document,
    { pathname },
    (type: string, listener: () => void) => listeners[type] = listener,
    MutationObserver,
    later,
    later,
  )
  /** Runs the timers and frames due within `ms` (0: the next frame and the timers it sets). */
  const tick = (ms = 0) => {
    for (let round = 0; round < 5; round++) {
      const due = queued.filter(q => q.ms <= ms)
      for (const q of due)
        queued.splice(queued.indexOf(q), 1)
      due.forEach(q => q.fn())
    }
  }
  const drawSlide1 = () => {
    state.slide1 = true
    if (state.observing)
      state.observer!()
  }
  return { written, after, listeners, tick, drawSlide1 }
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

  it('loads the faces once the page has loaded and slide 1 is drawn on slide 1\'s paths, before anything is drawn on the others', () => {
    const link = { rel: 'stylesheet', href: '/lesson-2/assets/font-faces-X.css', crossOrigin: '', dataset: { course: 'font-faces' } }
    for (const path of ['/lesson-2/', '/lesson-2/1']) {
      const run = runLoader(path)
      expect(run.written).toEqual([])
      run.listeners.load()
      run.tick()
      // Loaded, but slide 1 not drawn yet: nothing.
      expect(run.after).toEqual([])
      run.drawSlide1()
      expect(run.after).toEqual([])
      run.tick()
      expect(run.after).toEqual([link])
      // Once only, whatever fires later.
      run.tick(SLIDE1_WAIT_MS)
      expect(run.after).toHaveLength(1)
    }
    // Slide 1 drawn before the load event: right after the next frame.
    const early = runLoader('/lesson-2/1')
    early.drawSlide1()
    early.listeners.load()
    early.tick()
    expect(early.after).toEqual([link])
    // A slide-1 path that never shows slide 1 still gets the faces, SLIDE1_WAIT_MS after the load.
    const never = runLoader('/lesson-2/')
    never.listeners.load()
    never.tick(SLIDE1_WAIT_MS - 1)
    expect(never.after).toEqual([])
    never.tick(SLIDE1_WAIT_MS)
    expect(never.after).toEqual([link])
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
