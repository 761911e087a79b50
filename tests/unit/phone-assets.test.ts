/** What a built site gets for a phone: compressed copies (scripts/build/compress.ts) and its first screen's fonts (scripts/build/first-screen-fonts.ts). */
import { Buffer } from 'node:buffer'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { afterEach, describe, expect, it } from 'vitest'
import { lessons } from '../../data/course'
import { compressSite } from '../../scripts/build/compress'
import { addFirstScreenFonts, coverText, facesOf } from '../../scripts/build/first-screen-fonts'
import { loadDeck } from '../../scripts/shared/deck'
import { entryOf } from '../../scripts/shared/project'

let dir: string | undefined
afterEach(async () => {
  if (dir)
    await rm(dir, { recursive: true, force: true })
})

describe('compressSite', () => {
  it('writes gzip and Brotli copies of text files worth compressing, the same every time, and no stale copy', async () => {
    dir = await mkdtemp(join(tmpdir(), 'compress-'))
    const site = join(dir, 'site')
    const cache = join(dir, 'cache')
    await mkdir(join(site, 'assets'), { recursive: true })
    const script = `console.log(${JSON.stringify('幻灯片 '.repeat(500))})\n`
    await writeFile(join(site, 'assets', 'app-Ab12Cd34.js'), script)
    await writeFile(join(site, 'small.js'), 'x()')
    await writeFile(join(site, 'font.woff2'), Buffer.alloc(4096, 1))
    await writeFile(join(site, '.stamp.json'), JSON.stringify({ x: 'y'.repeat(4000) }))
    expect(await compressSite(site, undefined, cache)).toBe(2)
    const file = join(site, 'assets', 'app-Ab12Cd34.js')
    const [gz, br] = [await readFile(`${file}.gz`), await readFile(`${file}.br`)]
    expect(gunzipSync(gz).toString()).toBe(script)
    expect(brotliDecompressSync(br).toString()).toBe(script)
    for (const skipped of ['small.js', 'font.woff2', '.stamp.json'])
      expect(existsSync(join(site, `${skipped}.gz`)), skipped).toBe(false)
    // Again, from the cache: the same bytes.
    await rm(`${file}.gz`)
    expect(await compressSite(site, undefined, cache)).toBe(2)
    expect((await readFile(`${file}.gz`)).equals(gz)).toBe(true)
    // The file now too small to compress: its old copies go.
    await writeFile(file, 'x()')
    await compressSite(site, [file], cache)
    expect(existsSync(`${file}.gz`)).toBe(false)
    expect(existsSync(`${file}.br`)).toBe(false)
  })
})

describe('first screen fonts', () => {
  it('reads the family\'s faces from a minified stylesheet, wildcard ranges too, and leaves inlined and other faces', () => {
    const css = '@font-face{font-family:Noto Sans SC;font-style:normal;font-display:swap;font-weight:700;src:url(/lesson-2/assets/noto-sans-sc-latin-700-normal-BzR54Sjf.woff2)format("woff2");unicode-range:U+??,U+131,U+2000-206F}'
      + '@font-face{font-family:Noto Sans SC;font-weight:400;src:url(data:font/woff2;base64,AAAA)format("woff2");unicode-range:U+1F300}'
      + '@font-face{font-family:JetBrains Mono;font-weight:400;src:url(/a/jb-Ab12Cd34.woff2)format("woff2");unicode-range:U+??}'
    expect(facesOf(css)).toEqual([{ weight: '700', style: 'normal', url: '/lesson-2/assets/noto-sans-sc-latin-700-normal-BzR54Sjf.woff2', ranges: [[0, 255], [0x131, 0x131], [0x2000, 0x206F]] }])
  })

  it('the cover\'s text holds the lesson\'s title and the cover\'s own words', async () => {
    const text = await coverText(entryOf(lessons[1]))
    expect(text).toContain(lessons[1].title)
    expect(text).toContain('扩展点')
    expect(text).toContain('分钟')
    expect(await coverText('/elsewhere/deck.md')).toBe('')
  })

  it('cuts one font per weight for the cover and one for the review page\'s first slides, declared for exactly their characters after the stylesheet, the cover\'s last', async () => {
    dir = await mkdtemp(join(tmpdir(), 'cover-fonts-'))
    await mkdir(join(dir, 'assets'))
    // Two of Fontsource's subset faces per weight, as the built stylesheet declares them.
    const face = (weight: number, file: string, range: string) => `@font-face{font-family:Noto Sans SC;font-style:normal;font-weight:${weight};src:url(/lesson-2/assets/${file})format("woff2");unicode-range:${range}}`
    await writeFile(join(dir, 'assets', 'index-Ab12Cd34.css'), [
      face(400, 'noto-sans-sc-latin-400-normal-Aa.woff2', 'U+0000-00FF'),
      face(400, 'noto-sans-sc-119-400-normal-Bb.woff2', 'U+4E00-9FFF'),
      face(700, 'noto-sans-sc-latin-700-normal-Cc.woff2', 'U+0000-00FF'),
    ].join(''))
    await writeFile(join(dir, 'index.html'), '<html><head><link rel="stylesheet" href="/lesson-2/assets/index-Ab12Cd34.css"></head><body></body></html>')
    expect(await addFirstScreenFonts(dir, entryOf(lessons[1]), join(dir, 'cache'))).toBe(4)
    const html = await readFile(join(dir, 'index.html'), 'utf8')
    const rules = [...html.matchAll(/@font-face\{[^}]*\}/g)].map(m => m[0])
    expect(rules).toHaveLength(4)
    const [reviewRegular, reviewBold, regular, bold] = rules
    expect(reviewRegular).toMatch(/font-weight:400;src:url\(\/lesson-2\/assets\/noto-sans-sc-review-400-normal-/)
    expect(reviewBold).toMatch(/font-weight:700;src:url\(\/lesson-2\/assets\/noto-sans-sc-review-700-normal-/)
    // The review's regular cut holds slide 1's notes, which the cover's leaves out.
    const deck = await loadDeck(entryOf(lessons[1]))
    const noteOnly = [...deck.slides[0].note].find(c => c.codePointAt(0)! >= 0x4E00 && c.codePointAt(0)! <= 0x9FFF && !regular.includes(`U+${c.codePointAt(0)!.toString(16).toUpperCase()},`))
    expect(noteOnly, 'a character of slide 1\'s notes the cover does not show').toBeDefined()
    expect(regular).toMatch(/font-weight:400;src:url\(\/lesson-2\/assets\/noto-sans-sc-cover-400-normal-[\w-]{8}\.woff2\)/)
    const ranges = (rule: string) => /unicode-range:([^}]*)/.exec(rule)![1].split(',')
    expect(ranges(reviewRegular)).toContain(`U+${noteOnly!.codePointAt(0)!.toString(16).toUpperCase()}`)
    // The regular cut holds the title's Chinese and Latin; the bold one only what its faces' ranges hold.
    expect(ranges(regular)).toContain(`U+${'扩'.codePointAt(0)!.toString(16).toUpperCase()}`)
    expect(ranges(regular)).toContain('U+47')
    expect(ranges(bold)).toContain('U+47')
    expect(ranges(bold)).not.toContain(`U+${'扩'.codePointAt(0)!.toString(16).toUpperCase()}`)
    const cuts = (await readdir(join(dir, 'assets'))).filter(f => /-(?:cover|review)-/.test(f))
    expect(cuts).toHaveLength(4)
    // Real WOFF2 files, far smaller than the whole-weight file they are cut from (1.1 MB).
    for (const cut of cuts) {
      const bytes = await readFile(join(dir, 'assets', cut))
      expect(bytes.subarray(0, 4).toString('latin1')).toBe('wOF2')
      expect(bytes.length).toBeLessThan(120_000)
    }
    // After the stylesheet, so the cut wins for its characters; for the screen only.
    expect(html.indexOf('first-screen-fonts')).toBeGreaterThan(html.indexOf('index-Ab12Cd34.css'))
    expect(html).toContain('@media screen{')
    // Again, from the cache: the same files.
    await writeFile(join(dir, 'index.html'), '<html><head></head><body></body></html>')
    expect(await addFirstScreenFonts(dir, entryOf(lessons[1]), join(dir, 'cache'))).toBe(4)
    expect((await readdir(join(dir, 'assets'))).filter(f => /-(?:cover|review)-/.test(f)).sort()).toEqual(cuts.sort())
    expect(await readdir(join(dir, 'cache'))).toHaveLength(4)
  })
})
