/** Mermaid bundled once per build (scripts/build/prebuilt-mermaid.ts): the cache, concurrent builds, the site's URL. */
import type { UserConfig } from 'vite'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ensureMermaidBundle, prebuiltMermaid, VENDOR_MERMAID_DIR } from '../../scripts/build/prebuilt-mermaid'

let cache: string | undefined
afterEach(async () => {
  if (cache)
    await rm(cache, { recursive: true, force: true })
})

describe('ensureMermaidBundle', () => {
  it('bundles Mermaid once, with its diagrams as chunks, and reuses the bundle', async () => {
    cache = await mkdtemp(join(tmpdir(), 'vendor-'))
    const folder = await ensureMermaidBundle(cache)
    const entry = join(folder, 'mermaid.js')
    const source = await readFile(entry, 'utf8')
    // An ES module whose default export is Mermaid, as Slidev imports it.
    expect(source).toMatch(/export\s*\{[^}]*\bas default\b/)
    expect(readdirSync(folder).filter(f => /^flowDiagram-.*\.js$/.test(f))).toHaveLength(1)
    const made = statSync(entry).mtimeMs
    expect(await ensureMermaidBundle(cache)).toBe(folder)
    expect(statSync(entry).mtimeMs).toBe(made)
  }, 60_000)

  it('a bundle of other versions is removed once the new one is made', async () => {
    cache = await mkdtemp(join(tmpdir(), 'vendor-'))
    const stale = join(cache, 'mermaid-0123456789abcdef')
    await mkdir(stale)
    await writeFile(join(stale, 'mermaid.js'), 'export default {}')
    const folder = await ensureMermaidBundle(cache)
    expect(readdirSync(cache)).toEqual([basename(folder)])
  }, 60_000)

  it('two builds at once end with one whole bundle and nothing half-made', async () => {
    cache = await mkdtemp(join(tmpdir(), 'vendor-'))
    const [a, b] = await Promise.all([ensureMermaidBundle(cache), ensureMermaidBundle(cache)])
    expect(a).toBe(b)
    expect(readdirSync(cache)).toEqual([basename(a)])
    expect(existsSync(join(a, 'mermaid.js'))).toBe(true)
  }, 60_000)
})

describe('prebuiltMermaid', () => {
  const outputOf = (base?: string) => {
    const plugin = prebuiltMermaid()
    const config = (plugin.config as (c: UserConfig) => UserConfig)({ base })
    return { plugin, build: config.build!.rollupOptions! }
  }

  it('acts on the build only: the dev server compiles Mermaid as ever', () => {
    expect(outputOf().plugin.apply).toBe('build')
  })

  it('leaves Slidev\'s import of Mermaid to the site\'s own vendor/mermaid, under its base', () => {
    const { build } = outputOf('/lesson-2/')
    expect(build.external).toEqual(['mermaid/dist/mermaid.esm.mjs', 'mermaid'])
    const paths = (build.output as { paths: (id: string) => string }).paths
    expect(paths('mermaid/dist/mermaid.esm.mjs')).toBe(`/lesson-2/${VENDOR_MERMAID_DIR}/mermaid.js`)
    expect(paths('mermaid')).toBe(`/lesson-2/${VENDOR_MERMAID_DIR}/mermaid.js`)
    expect(paths('vue')).toBe('vue')
    // The live deck is served at the root.
    expect((outputOf().build.output as { paths: (id: string) => string }).paths('mermaid')).toBe(`/${VENDOR_MERMAID_DIR}/mermaid.js`)
  })
})
