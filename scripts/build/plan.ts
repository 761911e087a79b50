/**
 * What each output of `npm run build` is made from, and the stamps that say
 * which inputs an output was built from. This is the one place that lists the
 * inputs; the build skips what is current, `npm run present` serves a build
 * only when it is current.
 *
 * - A lesson's site (dist/lesson-N/, also the live deck present serves): the lesson's
 *   entry (slides/lesson-N.md), every file under slides/lesson-N/ and
 *   under labs/lesson-N/ (the lab files its slides include), plus
 *   the shared inputs: SHARED_INPUTS (components, setup, styles, public,
 *   data, search, the global layer, the Vite config, package.json and the
 *   lockfile, which pins Slidev, Vite, Mermaid, Shiki and the fonts) and
 *   every project module that scripts/build.ts imports, directly or not,
 *   except the course-wide ones below.
 * - A lesson's PDFs (dist/pdf/lesson-N*.pdf): its site's inputs and the
 *   browser that prints them.
 * - The landing page and the search index (dist/index.html, dist/search/,
 *   dist/fonts/): every lesson's inputs, every lesson's PDF stamp (the page
 *   shows the PDFs' sizes), and the modules scripts/build/landing.ts imports.
 *
 * A stamp records the hash of the inputs and each input file's own hash, so
 * that a stale output can say which files changed. It is written only after
 * its output is complete and removed before the output is rebuilt: a failed
 * build leaves no stamp, and the output it failed to replace counts as stale.
 */
import { createHash } from 'node:crypto'
import { existsSync, statSync } from 'node:fs'
import { mkdir, readdir, readFile, realpath, rename, rm, stat, writeFile } from 'node:fs/promises'
import { dirname, join, relative, resolve, sep } from 'node:path'
import process from 'node:process'
import { ROOT } from '../shared/project'

/** Files and folders (relative to the root) every lesson's output depends on. */
export const SHARED_INPUTS = [
  'components',
  'setup',
  'styles',
  'public',
  'data',
  'search',
  'global-top.vue',
  'vite.config.ts',
  'package.json',
  'package-lock.json',
]

/** The build script: its module graph (below) is an input of every lesson. */
export const BUILD_SCRIPT = 'scripts/build.ts'
/** The process the build runs Slidev in (started by path, not imported). */
export const SITE_BUILDER = 'scripts/build/site-builder.mjs'
/** The course-wide part of the build: its modules are inputs of the landing page only. */
export const LANDING_SCRIPT = 'scripts/build/landing.ts'

/** Folders never read as inputs: installed packages, Slidev's cache. */
const SKIPPED = new Set(['node_modules', '.slidev', '.git'])

export type FileHashes = Record<string, string>

export interface InputSet {
  /** Hash over every file's path and content. */
  hash: string
  /** Path relative to the root (always with `/`) → sha256 of its content. */
  files: FileHashes
}

export interface Stamp extends InputSet {
  /** When the output was finished. */
  built: string
}

const toPosix = (path: string) => path.split(sep).join('/')

function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex')
}

async function listFiles(root: string, path: string): Promise<string[]> {
  const absolute = join(root, path)
  if (!existsSync(absolute))
    return []
  if (!(await stat(absolute)).isDirectory())
    return [toPosix(path)]
  const found: string[] = []
  for (const entry of await readdir(absolute, { withFileTypes: true })) {
    if (SKIPPED.has(entry.name) || entry.name.startsWith('.'))
      continue
    found.push(...await listFiles(root, join(path, entry.name)))
  }
  return found
}

/** Hash of a set of file hashes: the same files with the same contents give the same hash. */
export function combine(files: FileHashes, extra: string[] = []): string {
  const lines = Object.keys(files).sort().map(path => `${path}\0${files[path]}`)
  return sha256([...lines, ...extra.map(e => `\0extra\0${e}`)].join('\n'))
}

export async function hashFiles(root: string, paths: string[], extra: string[] = []): Promise<InputSet> {
  const files: FileHashes = {}
  const unique = [...new Set((await Promise.all(paths.map(p => listFiles(root, p)))).flat())].sort()
  await Promise.all(unique.map(async (path) => {
    files[path] = sha256(await readFile(join(root, path)))
  }))
  return { hash: combine(files, extra), files }
}

const IMPORT = /\b(?:from|import)[\s(]*['"](\.{1,2}\/[^'"\n]+)['"]/g

/** A relative import as Node, tsx and Vite resolve it here. */
function resolveImport(root: string, from: string, specifier: string): string | undefined {
  const base = resolve(root, dirname(from), specifier)
  for (const candidate of [base, `${base}.ts`, `${base}.mts`, `${base}.js`, join(base, 'index.ts')]) {
    if (existsSync(candidate) && statSync(candidate).isFile())
      return toPosix(relative(root, candidate))
  }
  return undefined
}

/**
 * The project modules some modules load: they and every module they import
 * with a relative path (statically, dynamically or as a type), transitively;
 * `stopAt` modules are left out, with what only they import.
 */
export async function moduleGraph(root: string, entries: string[], stopAt: string[] = []): Promise<string[]> {
  const seen = new Set<string>()
  const queue = [...entries]
  while (queue.length) {
    const path = queue.shift()!
    if (seen.has(path) || stopAt.includes(path))
      continue
    seen.add(path)
    const source = await readFile(join(root, path), 'utf8')
    for (const [, specifier] of source.matchAll(IMPORT)) {
      const target = resolveImport(root, path, specifier)
      // Imports outside the project (../node_modules…) are the lockfile's.
      if (target && !target.startsWith('..') && !target.split('/').some(p => SKIPPED.has(p)))
        queue.push(target)
    }
  }
  return [...seen].sort()
}

const CODE = /\.(?:ts|mts|js|mjs|vue)$/

/**
 * The shared inputs, with every project module they or the build script
 * import (a component importing data/course.ts, the preparser importing
 * scripts/shared/appendix.ts).
 */
export async function sharedInputPaths(root = ROOT): Promise<string[]> {
  const listed = (await Promise.all(SHARED_INPUTS.map(p => listFiles(root, p)))).flat()
  const builder = existsSync(join(root, SITE_BUILDER)) ? [SITE_BUILDER] : []
  const modules = await moduleGraph(root, [BUILD_SCRIPT, ...builder, ...listed.filter(p => CODE.test(p))], [LANDING_SCRIPT])
  return [...new Set([...listed, ...modules])].sort()
}

/** Every input of a lesson's site, relative to the root. */
export async function lessonInputPaths(lesson: { slug: string }, root = ROOT): Promise<string[]> {
  // The lab's files too: the slides include them (Slidev's `<<<` snippet import).
  return [`slides/${lesson.slug}.md`, `slides/${lesson.slug}`, `labs/${lesson.slug}`, ...await sharedInputPaths(root)]
}

export async function lessonInputs(lesson: { slug: string }, root = ROOT): Promise<InputSet> {
  return hashFiles(root, await lessonInputPaths(lesson, root))
}

/** What a lesson's PDFs are made from: its site's inputs and the browser (its path, size and date). */
export async function pdfKey(siteInputs: string, browserPath: string): Promise<string> {
  let browser = browserPath
  try {
    const real = await realpath(browserPath)
    const { size, mtimeMs } = await stat(real)
    browser = `${real}\0${size}\0${Math.round(mtimeMs)}`
  }
  catch {}
  return sha256(`${siteInputs}\0${browser}`)
}

/** What the landing page and the search index are made from. */
export async function courseInputs(lessonStates: { slug: string, site: string, pdf?: string }[], root = ROOT): Promise<InputSet> {
  const modules = await hashFiles(root, [...SHARED_INPUTS, ...await moduleGraph(root, [LANDING_SCRIPT])])
  const extra = lessonStates.map(l => `${l.slug}\0${l.site}\0${l.pdf ?? 'no pdf'}`)
  return { hash: combine(modules.files, extra), files: modules.files }
}

// ------------------------------------------------------------------ stamps

export async function readStamp(file: string): Promise<Stamp | undefined> {
  try {
    const stamp = JSON.parse(await readFile(file, 'utf8')) as Stamp
    return typeof stamp.hash === 'string' && stamp.files && typeof stamp.files === 'object' ? stamp : undefined
  }
  catch {
    return undefined
  }
}

export async function writeStamp(file: string, inputs: InputSet): Promise<void> {
  const stamp: Stamp = { hash: inputs.hash, files: inputs.files, built: new Date().toISOString() }
  await mkdir(dirname(file), { recursive: true })
  const temporary = `${file}.${process.pid}.tmp`
  await writeFile(temporary, `${JSON.stringify(stamp, null, 1)}\n`)
  await rename(temporary, file)
}

export async function removeStamp(file: string): Promise<void> {
  await rm(file, { force: true })
}

/** The files whose content differs between two sets, added and removed ones included. */
export function changedFiles(before: FileHashes | undefined, now: FileHashes): string[] {
  if (!before)
    return Object.keys(now).sort()
  const paths = new Set([...Object.keys(before), ...Object.keys(now)])
  return [...paths].filter(p => before[p] !== now[p]).sort()
}

export function describeChanges(files: string[], max = 3): string {
  if (!files.length)
    return 'nothing changed'
  const shown = files.slice(0, max).join(', ')
  return files.length > max ? `${shown} and ${files.length - max} more` : shown
}

// ------------------------------------------------------------- where stamps live

/** Beside the site it describes: it goes when the site is replaced. Dotfiles are not served. */
export const siteStampOf = (siteDir: string) => join(siteDir, '.stamp.json')
export const pdfStampOf = (pdfDir: string, lesson: { slug: string }) => join(pdfDir, `.${lesson.slug}.stamp.json`)
export const courseStampOf = (distDir: string) => join(distDir, '.course.stamp.json')

// ------------------------------------------------------------- the skip logic

export interface Step {
  build: boolean
  reason: string
}

/** What is known of one lesson before building: its inputs now, its outputs and their stamps. */
export interface LessonStatus {
  inputs: InputSet
  siteStamp?: Stamp
  /** The site's index.html is there. */
  siteBuilt: boolean
  /** What the PDFs would be made from now (`pdfKey`). */
  pdfKey: string
  pdfStamp?: Stamp
  /** Both PDFs are there. */
  pdfBuilt: boolean
}

export interface BuildOptions {
  force: boolean
  withPdf: boolean
}

function staleReason(stamp: Stamp | undefined, built: boolean, key: string, files: FileHashes, what: string, unlisted: string): string | undefined {
  const [be, have] = what.endsWith('s') ? ['are', 'have'] : ['is', 'has']
  if (!stamp)
    return built ? `${what} ${have} no stamp (the last build failed, or predates stamps)` : `${what} ${be} not built yet`
  if (stamp.hash !== key) {
    const changed = changedFiles(stamp.files, files)
    return changed.length ? `changed: ${describeChanges(changed)}` : unlisted
  }
  if (!built)
    return `${what} ${be} missing`
  return undefined
}

/** Whether a lesson's site and PDFs are built or skipped, and why. */
export function planLesson(status: LessonStatus, options: BuildOptions): { site: Step, pdf?: Step } {
  const siteStale = options.force ? 'forced (--force)' : staleReason(status.siteStamp, status.siteBuilt, status.inputs.hash, status.inputs.files, 'the site', 'inputs changed')
  const site = siteStale ? { build: true, reason: siteStale } : { build: false, reason: 'up to date' }
  if (!options.withPdf)
    return { site }
  const pdfStale = site.build
    ? 'the site is rebuilt'
    : staleReason(status.pdfStamp, status.pdfBuilt, status.pdfKey, status.inputs.files, 'the PDFs', 'the PDFs were printed by another browser')
  return { site, pdf: pdfStale ? { build: true, reason: pdfStale } : { build: false, reason: 'up to date' } }
}

/** Whether the landing page and the search index are rewritten: when a lesson was built, or their own inputs changed. */
export function planCourse(built: string[], inputs: InputSet, stamp: Stamp | undefined, outputsThere: boolean, force: boolean): Step {
  if (force)
    return { build: true, reason: 'forced (--force)' }
  if (built.length)
    return { build: true, reason: `${built.join(', ')} changed` }
  const stale = staleReason(stamp, outputsThere, inputs.hash, inputs.files, 'the landing page', 'a lesson\'s site or PDFs changed')
  return stale ? { build: true, reason: stale } : { build: false, reason: 'up to date' }
}
