/**
 * What `npm run build` rebuilds (scripts/inputs.ts): the inputs of each
 * output, hashed on a small project of its own, and the skip logic on stamps.
 * tests/build-incremental.spec.ts runs the real build.
 */
import type { InputSet, LessonStatus, Stamp } from '../../scripts/inputs'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { changedFiles, courseInputs, describeChanges, hashFiles, lessonInputPaths, lessonInputs, moduleGraph, planCourse, planLesson, readStamp, removeStamp, SHARED_INPUTS, sharedInputPaths, writeStamp } from '../../scripts/inputs'
import { ROOT } from '../../scripts/project'

let root: string

const PROJECT: Record<string, string> = {
  'slides/lesson-1.md': '# one\n---\nsrc: ./lesson-1/01.md\n---\n',
  'slides/lesson-1/01.md': '# 第一页\n',
  'slides/lesson-2.md': '# two\n',
  'slides/lesson-2/01.md': '# 第二课\n',
  'slides/node_modules/.slidev/cache.ts': 'not an input',
  'components/Map.vue': '<script setup lang="ts">\nimport { layers } from \'../data/course\'\n</script>\n',
  'data/course.ts': 'export const layers = []\n',
  'setup/preparser.ts': 'import { isAppendix } from \'../scripts/appendix\'\n',
  'styles/index.ts': 'import \'./course.css\'\n',
  'styles/course.css': 'body { color: black }\n',
  'vite.config.ts': 'import { guard } from \'./scripts/guard\'\n',
  'package-lock.json': '{}\n',
  'scripts/build.ts': 'import { exportLessons } from \'./export\'\nimport { writeLanding } from \'./landing\'\nconst lazy = () => import(\'./lazy\')\n',
  'scripts/export.ts': 'export type { X } from \'./types\'\nimport { a } from \'../data/course\'\n',
  'scripts/types.ts': 'export type X = 1\n',
  'scripts/lazy.ts': 'export const lazy = 1\n',
  'scripts/appendix.ts': 'export const isAppendix = () => false\n',
  'scripts/guard.ts': 'export const guard = 1\n',
  'scripts/landing.ts': 'import { index } from \'./search-index\'\n',
  'scripts/search-index.ts': 'export const index = 1\n',
  'scripts/unrelated.ts': 'export const unrelated = 1\n',
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
  root = await mkdtemp(join(tmpdir(), 'build-plan-'))
  for (const [path, content] of Object.entries(PROJECT))
    await write(path, content)
})

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

describe('the inputs', () => {
  it('of the build script: what it imports, statically, dynamically or as a type, but not the landing page\'s modules', async () => {
    expect(await moduleGraph(root, ['scripts/build.ts'], ['scripts/landing.ts'])).toEqual(['data/course.ts', 'scripts/build.ts', 'scripts/export.ts', 'scripts/lazy.ts', 'scripts/types.ts'])
  })

  it('shared by every lesson: the listed folders and files, and the modules they import from elsewhere', async () => {
    const shared = await sharedInputPaths(root)
    expect(shared).toContain('components/Map.vue')
    expect(shared).toContain('styles/course.css')
    expect(shared).toContain('scripts/appendix.ts')
    expect(shared).toContain('scripts/guard.ts')
    expect(shared).not.toContain('scripts/landing.ts')
    expect(shared).not.toContain('scripts/search-index.ts')
    expect(shared).not.toContain('scripts/unrelated.ts')
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
    await edit('scripts/search-index.ts', async () => {
      expect((await lessonInputs(one, root)).hash).toBe(a.hash)
      expect((await courseInputs(lessonsNow, root)).hash).not.toBe(course.hash)
    })
    expect((await courseInputs([{ slug: 'lesson-1', site: 'b' }], root)).hash).not.toBe(course.hash)
    expect((await courseInputs([{ slug: 'lesson-1', site: 'a', pdf: 'p' }], root)).hash).not.toBe(course.hash)
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
    for (const script of ['scripts/build.ts', 'scripts/site-builder.mjs', 'scripts/export.ts', 'scripts/inputs.ts', 'scripts/deck.ts', 'scripts/notes.ts', 'scripts/appendix.ts'])
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

  it('pDFs alone: after a --no-pdf build, or printed by another browser, or deleted', () => {
    expect(planLesson({ ...current, pdfStamp: undefined, pdfBuilt: false }, all)).toEqual({ site: { build: false, reason: 'up to date' }, pdf: { build: true, reason: 'the PDFs are not built yet' } })
    expect(planLesson({ ...current, pdfKey: 'p3' }, all).pdf).toEqual({ build: true, reason: 'the PDFs were printed by another browser' })
    expect(planLesson({ ...current, pdfBuilt: false }, all).pdf).toEqual({ build: true, reason: 'the PDFs are missing' })
    expect(planLesson({ ...current, pdfKey: 'p3' }, { ...all, withPdf: false }).pdf).toBeUndefined()
  })
})

describe('planCourse', () => {
  const course: InputSet = { hash: 'c1', files: {} }
  it('rewritten when any lesson was built', () => {
    expect(planCourse(['lesson-2'], course, stampOf(course), true, false)).toEqual({ build: true, reason: 'lesson-2 changed' })
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
})

describe('describeChanges', () => {
  it('names up to three files', () => {
    expect(describeChanges(['a', 'b'])).toBe('a, b')
    expect(describeChanges(['a', 'b', 'c', 'd', 'e'])).toBe('a, b, c and 2 more')
    expect(describeChanges([])).toBe('nothing changed')
  })
})
