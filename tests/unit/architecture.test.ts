/**
 * The shape of the code, as docs/architecture.md draws it: scripts/ in folders
 * by capability with thin commands at the top, no import circles, no
 * hand-written module over 500 lines, and product code that never reaches
 * into tests/. madge reads the imports as TypeScript resolves them.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import madge from 'madge'
import { beforeAll, describe, expect, it } from 'vitest'
import { ROOT } from '../../scripts/shared/project'

const PRODUCT = ['scripts', 'components', 'setup', 'data', 'search', 'vite.config.ts', 'global-top.vue']
const MAX_LINES = 500
/** A command's entry: wiring only, so the folder listing reads as a table of contents. */
const MAX_ENTRY_LINES = 40

let graph: Record<string, string[]>
let circles: string[][]

beforeAll(async () => {
  const result = await madge(PRODUCT.map(p => join(ROOT, p)), {
    baseDir: ROOT,
    fileExtensions: ['ts', 'mts', 'mjs', 'vue'],
    tsConfig: join(ROOT, 'tsconfig.json'),
    excludeRegExp: [/node_modules/],
  })
  graph = result.obj()
  circles = result.circular()
}, 120_000)

function walk(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap(entry =>
    entry.isDirectory() ? walk(join(dir, entry.name)) : [join(dir, entry.name)])
}

describe('the code\'s shape', () => {
  it('reads every product module (the graph is not empty by accident)', () => {
    expect(Object.keys(graph)).toEqual(expect.arrayContaining(['scripts/build.ts', 'scripts/build/sites.ts', 'scripts/checks/lint.ts', 'data/course.ts']))
    expect(graph['scripts/build.ts']).toContain('scripts/build/sites.ts')
  })

  it('has no import circles', () => {
    expect(circles).toEqual([])
  })

  it('never imports from tests/', () => {
    const intoTests = Object.entries(graph).flatMap(([from, to]) => to.filter(t => t.startsWith('tests/')).map(t => `${from} → ${t}`))
    expect(intoTests).toEqual([])
  })

  // data/course.ts is left out: the course's one typed source of truth (lessons, layers, points,
  // journeys, the baseline, the speaking rates) is one module by design, mostly records.
  it(`has no hand-written module over ${MAX_LINES} lines, product or test`, () => {
    const long = ['scripts', 'components', 'setup', 'search', 'tests']
      .flatMap(walk)
      .filter(f => /\.(?:ts|mts|mjs|vue)$/.test(f) && !f.startsWith(join('tests', 'fixtures')))
      .map(f => ({ file: relative(ROOT, join(ROOT, f)), lines: readFileSync(join(ROOT, f), 'utf8').split('\n').length - 1 }))
      .filter(m => m.lines > MAX_LINES)
    expect(long).toEqual([])
  })

  it('keeps the commands at the top of scripts/ thin, the work in folders by capability', () => {
    const entries = readdirSync(join(ROOT, 'scripts'), { withFileTypes: true }).filter(e => e.isFile())
    expect(entries.map(e => e.name)).toContain('build.ts')
    for (const entry of entries) {
      const text = readFileSync(join(ROOT, 'scripts', entry.name), 'utf8')
      expect.soft(text.split('\n').length - 1, `scripts/${entry.name}`).toBeLessThanOrEqual(MAX_ENTRY_LINES)
      if (entry.name.endsWith('.cjs')) {
        // A launcher (npm run present's, for its start-up time): tsx's CommonJS hook, then a command beside it.
        const code = text.split('\n').filter(line => line.trim() && !line.startsWith('//'))
        expect.soft(code, `scripts/${entry.name}`).toEqual([`require('tsx/cjs')`, expect.stringMatching(/^require\('\.\/[\w-]+\.ts'\)$/)])
        expect.soft(entries.map(e => e.name), `scripts/${entry.name}`).toContain(code[1]?.match(/\.\/([\w-]+\.ts)/)?.[1])
        continue
      }
      // A command names the folder its work lives in.
      expect.soft(text, `scripts/${entry.name}`).toMatch(/from '\.\/(?:build|export|present|checks|bench|shared|labs)\//)
    }
  })
})
