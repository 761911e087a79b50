/**
 * What `npm run build` rebuilds (scripts/build/plan.ts): the inputs of each
 * output, hashed on a small project of its own, and the skip logic on stamps.
 * tests/build-incremental.spec.ts runs the real build.
 */
import type { InputSet, LessonStatus, Stamp } from '../../scripts/build/plan'
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { changedFiles, combine, courseInputs, courseStampOf, describeChanges, hashFiles, lessonInputPaths, lessonInputs, moduleGraph, pdfKey, pdfStampOf, planCourse, planLesson, readStamp, removeStamp, SHARED_INPUTS, sharedInputPaths, siteStampOf, writeStamp } from '../../scripts/build/plan'
import { ROOT } from '../../scripts/shared/project'

/** The temporary folder: the project is in it, beside a module and a browser outside the project. */
let base: string
let root: string

const PROJECT: Record<string, string> = {
  'slides/lesson-1.md': '# one\n---\nsrc: ./lesson-1/01.md\n---\n',
  'slides/lesson-1/01.md': '# 第一页\n',
  'slides/lesson-1/node_modules/pkg/index.js': 'not an input',
  'slides/lesson-1/.DS_Store': 'not an input',
  'slides/lesson-2.md': '# two\n',
  'slides/lesson-2/01.md': '# 第二课\n',
  'slides/node_modules/.slidev/cache.ts': 'not an input',
  'components/Map.vue': '<script setup lang="ts">\nimport { layers } from \'../data/course\'\n</script>\n',
  'data/course.ts': 'export const layers = []\n',
  // Code quoted in data: not a module, so what it quotes is no input.
  'data/snippets.json': '{ "example": "import { unrelated } from \'../scripts/unrelated\'" }\n',
  'setup/preparser.ts': 'import { isAppendix } from \'../scripts/appendix\'\n',
  'styles/index.ts': 'import \'./course.css\'\n',
  'styles/course.css': 'body { color: black }\n',
  'vite.config.ts': 'import { guard } from \'./scripts/guard\'\n',
  'package-lock.json': '{}\n',
  'scripts/build.ts': 'import { exportLessons } from \'./export\'\nimport { writeLanding } from \'./build/landing\'\nconst lazy = () => import(\'./lazy\')\n',
  'scripts/export.ts': 'export type { X } from \'./types\'\nimport { a } from \'../data/course\'\n',
  'scripts/types.ts': 'export type X = 1\n',
  'scripts/lazy.ts': 'export const lazy = 1\n',
  'scripts/appendix.ts': 'export const isAppendix = () => false\n',
  'scripts/guard.ts': 'export const guard = 1\n',
  'scripts/build/landing.ts': 'import { index } from \'./search-index\'\n',
  'scripts/build/search-index.ts': 'export const index = 1\n',
  'scripts/unrelated.ts': 'export const unrelated = 1\n',
  'scripts/resolve.ts': [
    'import { esm } from \'./esm\'',
    'import { legacy } from \'./legacy\'',
    'import { lib } from \'./lib\'',
    'export * from\'./tight\'',
    'const heavy = () => import(',
    '  \'./heavy\'',
    ')',
    'import \'./missing\'',
    'import { outside } from \'../../outside\'',
    'import { installed } from \'../node_modules/pkg/index.js\'',
    'import { cached } from \'../.slidev/cache\'',
    'import { hook } from \'../.git/hooks/helper\'',
    '',
  ].join('\n'),
  'scripts/esm.mts': 'export const esm = 1\n',
  'scripts/legacy.js': 'export const legacy = 1\n',
  'scripts/lib/index.ts': 'export const lib = 1\n',
  'scripts/tight.ts': 'export const tight = 1\n',
  'scripts/heavy.ts': 'export const heavy = 1\n',
  'node_modules/pkg/index.js': 'export const installed = 1\n',
  '.slidev/cache.ts': 'export const cached = 1\n',
  '.git/hooks/helper.ts': 'export const hook = 1\n',
}

async function write(path: string, content: string) {
  await mkdir(dirname(join(root, path)), { recursive: true })
  await writeFile(join(root, path), content)
}

async function edit(path: string, fn: () => Promise<void>) {
  const before = await readFile(join(root, path), 'utf8')
  await write(path, `${before}// edited\n`)
  try {
    await fn()
  }
  finally {
    await write(path, before)
  }
}

const one = { slug: 'lesson-1' }
const two = { slug: 'lesson-2' }

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'build-plan-'))
  root = join(base, 'project')
  for (const [path, content] of Object.entries(PROJECT))
    await write(path, content)
  await writeFile(join(base, 'outside.ts'), 'export const outside = 1\n')
})

afterAll(async () => {
  await rm(base, { recursive: true, force: true })
})

describe('the inputs', () => {
  it('of the build script: what it imports, statically, dynamically or as a type, but not the landing page\'s modules', async () => {
    expect(await moduleGraph(root, ['scripts/build.ts'], ['scripts/build/landing.ts'])).toEqual(['data/course.ts', 'scripts/build.ts', 'scripts/export.ts', 'scripts/lazy.ts', 'scripts/types.ts'])
  })

  it('shared by every lesson: the listed folders and files, and the modules they import from elsewhere', async () => {
    const shared = await sharedInputPaths(root)
    expect(shared).toContain('components/Map.vue')
    expect(shared).toContain('styles/course.css')
    expect(shared).toContain('scripts/appendix.ts')
    expect(shared).toContain('scripts/guard.ts')
    expect(shared).not.toContain('scripts/build/landing.ts')
    expect(shared).not.toContain('scripts/build/search-index.ts')
    expect(shared).not.toContain('scripts/unrelated.ts')
  })

  it('shared by every lesson, in full and in order: a JSON file is data, not a module whose imports count', async () => {
    expect(await sharedInputPaths(root)).toEqual([
      'components/Map.vue',
      'data/course.ts',
      'data/snippets.json',
      'package-lock.json',
      'scripts/appendix.ts',
      'scripts/build.ts',
      'scripts/export.ts',
      'scripts/guard.ts',
      'scripts/lazy.ts',
      'scripts/types.ts',
      'setup/preparser.ts',
      'styles/course.css',
      'styles/index.ts',
      'vite.config.ts',
    ])
  })

  it('imports resolve as Node and tsx resolve them: .mts, .js, a folder\'s index.ts, with or without spaces and line breaks', async () => {
    const graph = await moduleGraph(root, ['scripts/resolve.ts'])
    expect(graph).toEqual(['scripts/esm.mts', 'scripts/heavy.ts', 'scripts/legacy.js', 'scripts/lib/index.ts', 'scripts/resolve.ts', 'scripts/tight.ts'])
  })

  it('an import of a missing file, of a file outside the project, or under node_modules, .slidev or .git is no project module', async () => {
    const graph = await moduleGraph(root, ['scripts/resolve.ts'])
    expect(graph).not.toContain('../outside.ts')
    expect(graph.filter(path => /node_modules|\.slidev|\.git/.test(path))).toEqual([])
    expect(graph.some(path => path.includes('missing'))).toBe(false)
  })

  it('of a lesson: its entry and section files, not another lesson\'s, not Slidev\'s cache', async () => {
    const paths = await lessonInputPaths(one, root)
    expect(paths).toContain('slides/lesson-1.md')
    expect(paths).toContain('slides/lesson-1')
    const files = Object.keys((await lessonInputs(one, root)).files)
    expect(files).toContain('slides/lesson-1/01.md')
    expect(files).not.toContain('slides/lesson-2/01.md')
    expect(files.some(f => f.includes('node_modules'))).toBe(false)
  })

  it('of a folder: every file in it but installed packages and dotfiles', async () => {
    expect(Object.keys((await hashFiles(root, ['slides/lesson-1'])).files).sort()).toEqual(['slides/lesson-1/01.md'])
  })

  it('the hash is that of the files alone, unless extras are given: a stamp\'s hash can be checked against its files', async () => {
    const set = await hashFiles(root, ['slides/lesson-1', 'styles'])
    expect(combine(set.files)).toBe(set.hash)
    expect(combine(set.files, [])).toBe(set.hash)
    expect((await hashFiles(root, ['slides/lesson-1', 'styles'], ['x'])).hash).not.toBe(set.hash)
    const reversed = Object.fromEntries(Object.entries(set.files).reverse())
    expect(combine(reversed)).toBe(set.hash)
  })

  it('a slide of one lesson changes that lesson\'s hash only', async () => {
    const [a, b] = [await lessonInputs(one, root), await lessonInputs(two, root)]
    await edit('slides/lesson-1/01.md', async () => {
      expect((await lessonInputs(one, root)).hash).not.toBe(a.hash)
      expect((await lessonInputs(two, root)).hash).toBe(b.hash)
      expect(changedFiles(a.files, (await lessonInputs(one, root)).files)).toEqual(['slides/lesson-1/01.md'])
    })
    expect((await lessonInputs(one, root)).hash).toBe(a.hash)
  })

  for (const shared of ['components/Map.vue', 'styles/course.css', 'data/course.ts', 'package-lock.json', 'vite.config.ts', 'scripts/export.ts', 'scripts/lazy.ts', 'scripts/appendix.ts']) {
    it(`a shared input changes every lesson's hash: ${shared}`, async () => {
      const [a, b] = [await lessonInputs(one, root), await lessonInputs(two, root)]
      await edit(shared, async () => {
        expect((await lessonInputs(one, root)).hash).not.toBe(a.hash)
        expect((await lessonInputs(two, root)).hash).not.toBe(b.hash)
      })
    })
  }

  it('the landing page\'s own modules change the course\'s hash, not a lesson\'s', async () => {
    const lessonsNow = [{ slug: 'lesson-1', site: 'a' }]
    const [a, course] = [await lessonInputs(one, root), await courseInputs(lessonsNow, root)]
    await edit('scripts/build/search-index.ts', async () => {
      expect((await lessonInputs(one, root)).hash).toBe(a.hash)
      expect((await courseInputs(lessonsNow, root)).hash).not.toBe(course.hash)
    })
    expect((await courseInputs([{ slug: 'lesson-1', site: 'b' }], root)).hash).not.toBe(course.hash)
    expect((await courseInputs([{ slug: 'lesson-1', site: 'a', pdf: 'p' }], root)).hash).not.toBe(course.hash)
    // PDFs printed again (the page shows their sizes).
    expect((await courseInputs([{ slug: 'lesson-1', site: 'a', pdf: 'q' }], root)).hash).not.toBe((await courseInputs([{ slug: 'lesson-1', site: 'a', pdf: 'p' }], root)).hash)
  })

  it('an added or removed file counts as a change', async () => {
    const a = await hashFiles(root, ['slides/lesson-1'])
    await write('slides/lesson-1/02.md', '# 新页\n')
    const b = await hashFiles(root, ['slides/lesson-1'])
    await rm(join(root, 'slides/lesson-1/02.md'))
    expect(b.hash).not.toBe(a.hash)
    expect(changedFiles(a.files, b.files)).toEqual(['slides/lesson-1/02.md'])
    expect(changedFiles(b.files, a.files)).toEqual(['slides/lesson-1/02.md'])
    expect((await hashFiles(root, ['slides/lesson-1'])).hash).toBe(a.hash)
  })

  it('the project\'s own list names what the README and the issue promise', async () => {
    expect(SHARED_INPUTS).toEqual(expect.arrayContaining(['components', 'setup', 'styles', 'public', 'data', 'vite.config.ts', 'package-lock.json']))
    const real = await sharedInputPaths(ROOT)
    for (const script of ['scripts/build.ts', 'scripts/build/sites.ts', 'scripts/build/site-builder.mjs', 'scripts/export/pdf.ts', 'scripts/build/plan.ts', 'scripts/shared/deck.ts', 'scripts/export/notes.ts', 'scripts/shared/appendix.ts'])
      expect(real).toContain(script)
  })
})

describe('stamps', () => {
  it('are written whole, read back, and removed', async () => {
    const file = join(root, 'dist', 'lesson-1', '.stamp.json')
    const inputs = await lessonInputs(one, root)
    await writeStamp(file, inputs)
    const stamp = await readStamp(file)
    expect(stamp?.hash).toBe(inputs.hash)
    expect(stamp?.files).toEqual(inputs.files)
    await removeStamp(file)
    expect(await readStamp(file)).toBeUndefined()
  })

  it('a damaged stamp counts as none', async () => {
    const file = join(root, 'dist', 'broken.json')
    await write('dist/broken.json', '{"hash": ')
    expect(await readStamp(file)).toBeUndefined()
  })

  it('a stamp without a string hash or a files object counts as none', async () => {
    const stamps: Record<string, unknown> = {
      'null': null,
      'no-hash': { files: {} },
      'number-hash': { hash: 1, files: {} },
      'no-files': { hash: 'h' },
      'null-files': { hash: 'h', files: null },
      'string-files': { hash: 'h', files: 'a.md' },
    }
    for (const [name, stamp] of Object.entries(stamps)) {
      await write(`dist/${name}.json`, JSON.stringify(stamp))
      expect(await readStamp(join(root, 'dist', `${name}.json`)), name).toBeUndefined()
    }
    await write('dist/good.json', JSON.stringify({ hash: 'h', files: {}, built: '2026-11-27T00:00:00Z' }))
    expect(await readStamp(join(root, 'dist', 'good.json'))).toEqual({ hash: 'h', files: {}, built: '2026-11-27T00:00:00Z' })
  })

  it('removing a stamp that is not there is no error', async () => {
    await expect(removeStamp(join(root, 'dist', 'never-written.json'))).resolves.toBeUndefined()
  })

  it('live beside their outputs as dotfiles: not served, not an input of the folder they are in', async () => {
    expect(siteStampOf(join('dist', 'lesson-1'))).toBe(join('dist', 'lesson-1', '.stamp.json'))
    expect(pdfStampOf(join('dist', 'pdf'), one)).toBe(join('dist', 'pdf', '.lesson-1.stamp.json'))
    expect(pdfStampOf(join('dist', 'pdf'), two)).toBe(join('dist', 'pdf', '.lesson-2.stamp.json'))
    expect(courseStampOf('dist')).toBe(join('dist', '.course.stamp.json'))
    const site = join(root, 'dist', 'site')
    await write('dist/site/index.html', '<html></html>\n')
    const before = await hashFiles(root, ['dist/site'])
    await writeStamp(siteStampOf(site), before)
    expect(await readdir(site)).toContain('.stamp.json')
    expect(await hashFiles(root, ['dist/site'])).toEqual(before)
  })
})

describe('pdfKey', () => {
  it('follows the site\'s inputs and the browser: its real path, size and date', async () => {
    const browser = join(base, 'browser', 'chrome')
    await mkdir(dirname(browser), { recursive: true })
    await writeFile(browser, 'chrome 1')
    await symlink(browser, join(base, 'browser', 'chromium'))
    const key = await pdfKey('h1', browser)
    expect(key).toMatch(/^[0-9a-f]{64}$/)
    expect(await pdfKey('h1', browser)).toBe(key)
    expect(await pdfKey('h2', browser)).not.toBe(key)
    // The same browser by another name.
    expect(await pdfKey('h1', join(base, 'browser', 'chromium'))).toBe(key)
    // Updated: another size; then the same size on another date.
    await writeFile(browser, 'chrome 1.1')
    const grown = await pdfKey('h1', browser)
    expect(grown).not.toBe(key)
    await utimes(browser, new Date('2026-01-01T00:00:00Z'), new Date('2026-01-01T00:00:00Z'))
    expect(await pdfKey('h1', browser)).not.toBe(grown)
  })

  it('of a browser that is not there: its path alone, no error', async () => {
    const missing = await pdfKey('h1', join(base, 'no', 'chrome'))
    expect(missing).toMatch(/^[0-9a-f]{64}$/)
    expect(await pdfKey('h1', join(base, 'no', 'chrome'))).toBe(missing)
    expect(await pdfKey('h1', join(base, 'no', 'chromium'))).not.toBe(missing)
  })
})

const inputs: InputSet = { hash: 'h1', files: { 'slides/lesson-1/01.md': 'a', 'styles/course.css': 'b' } }
const stampOf = (set: InputSet): Stamp => ({ ...set, built: '2026-11-27T00:00:00Z' })
const current: LessonStatus = { inputs, siteStamp: stampOf(inputs), siteBuilt: true, pdfKey: 'p1', pdfStamp: stampOf({ hash: 'p1', files: inputs.files }), pdfBuilt: true }
const all = { force: false, withPdf: true }

describe('planLesson', () => {
  it('an unchanged lesson is skipped, site and PDFs', () => {
    expect(planLesson(current, all)).toEqual({ site: { build: false, reason: 'up to date' }, pdf: { build: false, reason: 'up to date' } })
    expect(planLesson(current, { ...all, withPdf: false })).toEqual({ site: { build: false, reason: 'up to date' } })
  })

  it('a changed input rebuilds the site and the PDFs, naming the files', () => {
    const changed = { ...current, inputs: { hash: 'h2', files: { ...inputs.files, 'styles/course.css': 'c' } }, pdfKey: 'p2' }
    expect(planLesson(changed, all)).toEqual({ site: { build: true, reason: 'changed: styles/course.css' }, pdf: { build: true, reason: 'the site is rebuilt' } })
  })

  it('--force rebuilds regardless', () => {
    expect(planLesson(current, { ...all, force: true })).toEqual({ site: { build: true, reason: 'forced (--force)' }, pdf: { build: true, reason: 'the site is rebuilt' } })
  })

  it('no stamp (a failed build, or never built) means stale', () => {
    expect(planLesson({ ...current, siteStamp: undefined }, all).site).toEqual({ build: true, reason: 'the site has no stamp (the last build failed, or predates stamps)' })
    expect(planLesson({ ...current, siteStamp: undefined, siteBuilt: false }, all).site).toEqual({ build: true, reason: 'the site is not built yet' })
    expect(planLesson({ ...current, siteBuilt: false }, all).site).toEqual({ build: true, reason: 'the site is missing' })
  })

  it('a stamp of another hash over the same files: the inputs changed all the same', () => {
    expect(planLesson({ ...current, inputs: { ...inputs, hash: 'h2' }, pdfKey: 'p2' }, all)).toEqual({ site: { build: true, reason: 'inputs changed' }, pdf: { build: true, reason: 'the site is rebuilt' } })
  })

  it('pDFs alone: after a --no-pdf build, or printed by another browser, or deleted', () => {
    expect(planLesson({ ...current, pdfStamp: undefined, pdfBuilt: false }, all)).toEqual({ site: { build: false, reason: 'up to date' }, pdf: { build: true, reason: 'the PDFs are not built yet' } })
    expect(planLesson({ ...current, pdfKey: 'p3' }, all).pdf).toEqual({ build: true, reason: 'the PDFs were printed by another browser' })
    expect(planLesson({ ...current, pdfBuilt: false }, all).pdf).toEqual({ build: true, reason: 'the PDFs are missing' })
    expect(planLesson({ ...current, pdfStamp: undefined }, all).pdf).toEqual({ build: true, reason: 'the PDFs have no stamp (the last build failed, or predates stamps)' })
    expect(planLesson({ ...current, pdfKey: 'p3' }, { ...all, withPdf: false }).pdf).toBeUndefined()
  })
})

describe('planCourse', () => {
  const course: InputSet = { hash: 'c1', files: {} }
  it('rewritten when any lesson was built', () => {
    expect(planCourse(['lesson-2'], course, stampOf(course), true, false)).toEqual({ build: true, reason: 'lesson-2 changed' })
    expect(planCourse(['lesson-1', 'lesson-3'], course, stampOf(course), true, false)).toEqual({ build: true, reason: 'lesson-1, lesson-3 changed' })
  })
  it('skipped when nothing changed', () => {
    expect(planCourse([], course, stampOf(course), true, false)).toEqual({ build: false, reason: 'up to date' })
  })
  it('rewritten when its own inputs changed, it is missing, or forced', () => {
    expect(planCourse([], { hash: 'c2', files: {} }, stampOf(course), true, false).build).toBe(true)
    expect(planCourse([], course, stampOf(course), false, false).build).toBe(true)
    expect(planCourse([], course, undefined, true, false).build).toBe(true)
    expect(planCourse([], course, stampOf(course), true, true).build).toBe(true)
  })
  it('says why', () => {
    const landing: InputSet = { hash: 'c2', files: { 'scripts/landing.ts': 'b' } }
    expect(planCourse([], landing, stampOf({ hash: 'c1', files: { 'scripts/landing.ts': 'a' } }), true, false)).toEqual({ build: true, reason: 'changed: scripts/landing.ts' })
    expect(planCourse([], { hash: 'c2', files: {} }, stampOf(course), true, false)).toEqual({ build: true, reason: 'a lesson\'s site or PDFs changed' })
    expect(planCourse([], course, stampOf(course), false, false)).toEqual({ build: true, reason: 'the landing page is missing' })
    expect(planCourse([], course, undefined, true, false)).toEqual({ build: true, reason: 'the landing page has no stamp (the last build failed, or predates stamps)' })
    expect(planCourse([], course, undefined, false, false)).toEqual({ build: true, reason: 'the landing page is not built yet' })
    expect(planCourse(['lesson-1'], course, stampOf(course), true, true)).toEqual({ build: true, reason: 'forced (--force)' })
  })
})

describe('describeChanges', () => {
  it('names up to three files', () => {
    expect(describeChanges(['a', 'b'])).toBe('a, b')
    expect(describeChanges(['a', 'b', 'c'])).toBe('a, b, c')
    expect(describeChanges(['a', 'b', 'c', 'd', 'e'])).toBe('a, b, c and 2 more')
    expect(describeChanges(['a', 'b'], 1)).toBe('a and 1 more')
    expect(describeChanges([])).toBe('nothing changed')
  })
})

describe('changedFiles', () => {
  it('with nothing before: every file, in order', () => {
    expect(changedFiles(undefined, { 'b.md': '1', 'a.md': '2' })).toEqual(['a.md', 'b.md'])
  })
  it('the files whose hash differs, in order', () => {
    expect(changedFiles({ 'c.md': '1', 'b.md': '1', 'a.md': '1' }, { 'c.md': '2', 'b.md': '1', 'a.md': '2' })).toEqual(['a.md', 'c.md'])
  })
})
