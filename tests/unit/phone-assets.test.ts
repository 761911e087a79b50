/** What a built site gets for a phone: compressed copies (scripts/build/compress.ts) and its first screen's fonts (scripts/build/first-screen-fonts.ts). */
import { Buffer } from 'node:buffer'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { afterEach, describe, expect, it } from 'vitest'
import { lessons } from '../../data/course'
import { compressSite } from '../../scripts/build/compress'
import { coverText, facesOf } from '../../scripts/build/first-screen-fonts'
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
})
