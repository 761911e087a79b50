import { describe, expect, it } from 'vitest'
import { modulePreloadTag, preloadScript, slide1PathPattern, withPreloads } from '../../scripts/build/first-screen-preload'

const HTML = `<!DOCTYPE html><html><head>
<script type="module" crossorigin src="/lesson-2/assets/index-A.js"></script>
<link rel="modulepreload" crossorigin href="/lesson-2/assets/vue-B.js">
<link rel="stylesheet" crossorigin href="/lesson-2/assets/index-C.css">
</head><body><div id="app"></div></body></html>`

describe('first-screen preloads', () => {
  it('slide 1\'s paths are the lesson\'s root and /1, nothing else', () => {
    const pattern = new RegExp(slide1PathPattern('/lesson-2/'))
    expect(['/lesson-2/', '/lesson-2/1'].map(p => pattern.test(p))).toEqual([true, true])
    expect(['/lesson-2/12', '/lesson-2/overview', '/lesson-2/presenter/1', '/lesson-2', '/lesson-21/', '/xlesson-2/1'].map(p => pattern.test(p)))
      .toEqual([false, false, false, false, false, false])
    // A base's dots and dashes are literal.
    expect(new RegExp(slide1PathPattern('/a.b/')).test('/aXb/')).toBe(false)
  })

  it('names each script slide 1 fetched as a modulepreload and the rest in the script, leaving what the page names already', () => {
    const html = withPreloads(HTML, '/lesson-2/', [
      { path: '/lesson-2/assets/vue-B.js', kind: 'script' },
      { path: '/lesson-2/assets/play-D.js', kind: 'script' },
      { path: '/lesson-2/assets/index-C.css', kind: 'style' },
      { path: '/lesson-2/assets/play-E.css', kind: 'style' },
      { path: '/lesson-2/assets/cover-F.woff2', kind: 'font' },
      { path: '/lesson-2/mark.svg', kind: 'image' },
    ])
    expect(html.match(/vue-B\.js/g)).toHaveLength(1)
    expect(html.match(/index-C\.css/g)).toHaveLength(1)
    expect(html).toContain(`${modulePreloadTag('/lesson-2/assets/play-D.js')}\n`)
    const script = /<script data-course="first-screen-preload">([\s\S]*?)<\/script>/.exec(html)?.[1]
    expect(script).toBeDefined()
    expect(script).toContain('["/lesson-2/assets/play-E.css","style"],["/lesson-2/assets/cover-F.woff2","font"],["/lesson-2/mark.svg","image"]')
    expect(script).not.toContain('play-D.js')
    // The modulepreloads at the end of the head, after Vite's own tags.
    expect(html.indexOf('play-D.js')).toBeGreaterThan(html.indexOf('index-C.css'))
    // The script before the first stylesheet: after it, it would wait for the stylesheet to arrive.
    expect(html.indexOf('first-screen-preload')).toBeLessThan(html.indexOf('<link rel="stylesheet"'))
    expect(html.indexOf('first-screen-preload')).toBeGreaterThan(html.indexOf('<head>'))
  })

  it('the script asks for each file as the app will (crossorigin, a font\'s type) on slide 1\'s paths only', () => {
    const body = /<script[^>]*>([\s\S]*)<\/script>/.exec(preloadScript('/lesson-2/', [
      { path: '/lesson-2/a.css', kind: 'style' },
      { path: '/lesson-2/f.woff2', kind: 'font' },
      { path: '/lesson-2/m.svg', kind: 'image' },
    ]))![1]
    const run = (pathname: string) => {
      const appended: Record<string, string | null>[] = []
      const document = {
        createElement: () => ({ rel: '', as: '', href: '', crossOrigin: null as string | null, type: '' }),
        head: { appendChild: (l: Record<string, string | null>) => appended.push({ ...l }) },
      }
      // eslint-disable-next-line no-new-func
      new Function('document', 'location', body)(document, { pathname })
      return appended
    }
    expect(run('/lesson-2/overview')).toEqual([])
    expect(run('/lesson-2/1')).toEqual([
      { rel: 'preload', as: 'style', href: '/lesson-2/a.css', crossOrigin: '', type: '' },
      { rel: 'preload', as: 'font', href: '/lesson-2/f.woff2', crossOrigin: '', type: 'font/woff2' },
      { rel: 'preload', as: 'image', href: '/lesson-2/m.svg', crossOrigin: null, type: '' },
    ])
    expect(run('/lesson-2/')).toHaveLength(3)
  })

  it('changes nothing when the page names every file, and refuses a page without a head', () => {
    expect(withPreloads(HTML, '/lesson-2/', [{ path: '/lesson-2/assets/vue-B.js', kind: 'script' }])).toBe(HTML)
    expect(() => withPreloads('<html><body></body></html>', '/lesson-2/', [{ path: '/x.js', kind: 'script' }])).toThrow(/no <\/head>/)
  })
})
