import type { Buffer } from 'node:buffer'
import type { ChildProcess } from 'node:child_process'
/**
 * Builds the course: each lesson's static site under dist/lesson-N/, the PDFs
 * under dist/pdf/, and the landing page dist/index.html with the search index
 * dist/search/. Only what changed is rebuilt.
 *
 *   npm run build                 all lessons, sites and PDFs
 *   npm run build -- 2            one lesson
 *   npm run build -- --no-pdf     sites only
 *   npm run build -- --force      rebuild even what is current
 *   npm run build -- --dry-run    say what would be rebuilt, and why
 *
 * Each output is stamped with a hash of its inputs (scripts/build/plan.ts: the
 * lesson's slides, the shared components, setup, styles, public, data, the
 * lockfile, the Vite config and the build's own modules); a lesson whose
 * stamp matches is skipped, site and PDFs. A changed shared input changes
 * every lesson's hash, so everything is rebuilt. The landing page and the
 * search index are rewritten when any lesson was, or their own inputs changed.
 *
 * Each lesson is its own Slidev build (Slidev applies one --base to every
 * entry of a run), one after another in one warm process
 * (scripts/build/site-builder.mjs), or a `slidev build` process each when that
 * cannot start. A site is built into a staging folder
 * and moved into place only when the build succeeded; its stamp is removed
 * before and written after, so a failed build leaves the previous site and no
 * stamp (the next build, and `npm run present`, treat it as stale).
 */
import type { Lesson } from '../../data/course'
import type { InputSet, LessonStatus, Step } from './plan'
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, rename, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { availableParallelism } from 'node:os'
import { join, relative } from 'node:path'
import process from 'node:process'
import { fileURLToPath } from 'node:url'
import { lessons, parseLesson } from '../../data/course'
import { SEARCH_INDEX_PATH } from '../../search/engine'
import { writeHandoutNotes } from '../export/notes'
import { printCurrency } from '../shared/currency'
import { basePathOf, DIST_DIR, entryOf, handoutPathOf, PDF_DIR, pdfPathOf, ROOT, siteDirOf } from '../shared/project'
import { courseInputs, courseStampOf, lessonInputs, pdfKey, pdfStampOf, planCourse, planLesson, readStamp, removeStamp, siteStampOf, writeStamp } from './plan'
import { checkPresentStarts } from './present-check'

const slidevBin = createRequire(import.meta.url).resolve('@slidev/cli/bin/slidev.mjs')

/** The landing page's module, loaded early (while the sites build) by main. */
let landingModule: Promise<typeof import('./landing')> | undefined

/** The `slidev build` processes running now, stopped with the build should it be interrupted. */
const running = new Set<ChildProcess>()

/** Set once the builds are being stopped: a build that was about to start does not. */
let stopping = false

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (stopping)
    return Promise.reject(new Error(`${args.slice(0, 2).join(' ')} not started: the build is stopping`))
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env })
    running.add(child)
    child.once('exit', () => running.delete(child))
    let output = ''
    child.stdout.on('data', (d: Buffer) => (output += d))
    child.stderr.on('data', (d: Buffer) => (output += d))
    child.on('error', reject)
    child.on('close', code => code === 0 ? resolve() : reject(new Error(`${args.slice(0, 2).join(' ')} exited with ${code}:\n${output.slice(-4000)}`)))
  })
}

/** How long a stopped `slidev build` may take to exit before it is killed outright. */
const STOP_GRACE_MS = 1500

/**
 * Stops the `slidev build` processes under way (the build failed or was
 * interrupted) and resolves once they are gone: a build busy in Vite may not
 * act on the signal at once (seen on Node 24), and while it runs its pipes
 * hold this process open.
 */
export async function stopBuilds(signal: NodeJS.Signals): Promise<void> {
  stopping = true
  await Promise.all([...running].map(child => new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null)
      return resolve()
    const killer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS)
    child.once('exit', () => {
      clearTimeout(killer)
      resolve()
    })
    child.kill(signal)
  })))
}

/** Builds sites in one warm process (scripts/build/site-builder.mjs), one after another. */
export interface SiteBuilder {
  build: (entry: string, base: string, outDir: string) => Promise<void>
  /** Lets the process end (it exits when its channel closes). */
  close: () => void
}

/** Forces one `slidev build` process per site, as before the warm builder (the benchmark's reference). */
export const CLI_BUILDS_ENV = 'COURSE_BUILD_WITH_CLI'

/**
 * Starts the warm site builder; undefined (and why, on the console) when it
 * cannot find what it needs in Slidev's CLI: the build then runs one
 * `slidev build` per site. The builder runs with `env` (the decks' preparser
 * reads it), and ends with this process, even one killed outright: its IPC
 * channel closes.
 */
export async function startSiteBuilder(env: NodeJS.ProcessEnv = process.env, dismissed?: AbortSignal): Promise<SiteBuilder | undefined> {
  if (env[CLI_BUILDS_ENV] === '1' || stopping)
    return undefined
  // `dismissed` ends it at once, started or not (it then resolves undefined).
  const child = spawn(process.execPath, [fileURLToPath(new URL('./site-builder.mjs', import.meta.url))], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'], env, signal: dismissed })
  running.add(child)
  let output = ''
  child.stdout!.on('data', (d: Buffer) => (output += d))
  child.stderr!.on('data', (d: Buffer) => (output += d))
  const jobs = new Map<number, { resolve: () => void, reject: (error: Error) => void, from: number, what: string }>()
  let ended: Error | undefined
  const end = (why: string) => {
    ended ??= new Error(why)
    for (const job of jobs.values())
      job.reject(new Error(`${job.what}: ${why}:\n${output.slice(Math.max(job.from, output.length - 4000))}`))
    jobs.clear()
  }
  child.once('exit', (code, signal) => {
    running.delete(child)
    end(`the site builder exited (${signal ?? code})`)
  })
  child.on('error', error => end(error.message))
  const ready = await new Promise<boolean>((resolve) => {
    child.once('message', (message: { ready?: boolean, reason?: string }) => {
      if (!message.ready)
        console.log(`(one slidev build process per site: ${message.reason})`)
      resolve(!!message.ready)
    })
    child.once('exit', () => resolve(false))
  })
  if (!ready) {
    child.disconnect?.()
    return undefined
  }
  child.on('message', (message: { id: number, ok: boolean, error?: string }) => {
    const job = jobs.get(message.id)
    if (!job)
      return
    jobs.delete(message.id)
    if (message.ok)
      job.resolve()
    else
      job.reject(new Error(`${job.what} failed:\n${message.error?.slice(0, 2000)}\n${output.slice(Math.max(job.from, output.length - 2000))}`))
  })
  let next = 0
  return {
    build: (entry, base, outDir) => new Promise<void>((resolve, reject) => {
      if (ended || stopping)
        return reject(ended ?? new Error('not started: the build is stopping'))
      const id = next++
      jobs.set(id, { resolve, reject, from: output.length, what: `slidev build ${relative(ROOT, entry)}` })
      child.send({ id, entry, base, outDir })
    }),
    close: () => {
      if (child.connected)
        child.disconnect()
    },
  }
}

/** Builds one Slidev entry as a static site served under `base` (in the warm builder, if given). */
export async function buildSite(entry: string, base: string, outDir: string, env?: NodeJS.ProcessEnv, builder?: SiteBuilder): Promise<void> {
  const staging = `${outDir}.staging`
  await rm(staging, { recursive: true, force: true })
  if (builder)
    await builder.build(entry, base, staging)
  else
    await run(process.execPath, [slidevBin, 'build', entry, '--base', base, '--out', staging], env)
  await (await import('./finish-site')).finishSite(staging, entry, base)
  await rm(outDir, { recursive: true, force: true })
  await rename(staging, outDir)
}

export async function buildLesson(lesson: Lesson, builder?: SiteBuilder): Promise<void> {
  // Fails before the slow build on what Slidev would silently accept.
  const { loadValidDeck } = await import('../shared/deck')
  const deck = await loadValidDeck(entryOf(lesson))
  await buildSite(entryOf(lesson), basePathOf(lesson), siteDirOf(lesson), undefined, builder)
  await writeHandoutNotes(deck, siteDirOf(lesson))
}

/** A lesson's inputs now and what its outputs were built from. */
export async function lessonStatus(lesson: Lesson, browserPath: string | undefined): Promise<LessonStatus> {
  const inputs = await lessonInputs(lesson, ROOT)
  return {
    inputs,
    siteStamp: await readStamp(siteStampOf(siteDirOf(lesson))),
    siteBuilt: existsSync(join(siteDirOf(lesson), 'index.html')),
    pdfKey: browserPath ? await pdfKey(inputs.hash, browserPath) : '',
    pdfStamp: await readStamp(pdfStampOf(PDF_DIR, lesson)),
    pdfBuilt: existsSync(pdfPathOf(lesson)) && existsSync(handoutPathOf(lesson)),
  }
}

export interface BuildArgs {
  lessons: Lesson[]
  withPdf: boolean
  force: boolean
  dryRun: boolean
}

export function parseBuildArgs(argv: string[]): BuildArgs {
  const flags = new Set(['--no-pdf', '--force', '--dry-run'])
  for (const arg of argv) {
    if (arg.startsWith('-') && !flags.has(arg))
      throw new Error(`Unknown option ${arg}. Usage: npm run build [-- <lesson>…] [--no-pdf] [--force] [--dry-run]`)
  }
  const selected = argv.filter(a => !a.startsWith('-'))
  return {
    lessons: selected.length ? selected.map(parseLesson) : lessons,
    withPdf: !argv.includes('--no-pdf'),
    force: argv.includes('--force'),
    dryRun: argv.includes('--dry-run'),
  }
}

const seconds = (started: number) => `${((Date.now() - started) / 1000).toFixed(1)} s`

function describeLesson(lesson: Lesson, site: Step, pdf: Step | undefined): string {
  if (!site.build && (!pdf || !pdf.build))
    return `${lesson.slug}: up to date, skipped${pdf ? ' (site and PDFs)' : ' (site)'}`
  if (!site.build)
    return `${lesson.slug}: site up to date; PDFs: ${pdf!.reason}`
  return `${lesson.slug}: ${pdf ? 'site and PDFs' : 'site'}: ${site.reason}`
}

export async function main() {
  const args = parseBuildArgs(process.argv.slice(2))
  const started = Date.now()
  printCurrency()
  // The warm site builder takes a second to load Slidev and Vite: it starts
  // first, while the browser is found and the inputs are hashed, and is
  // dismissed if no site needs building.
  const dismiss = new AbortController()
  const builder = args.dryRun ? undefined : startSiteBuilder(process.env, dismiss.signal)
  builder?.catch(() => {})
  try {
    await buildCourse(args, started, builder, dismiss)
  }
  catch (error) {
    // Also a builder still starting: it would hold the process open.
    await stopBuilds('SIGTERM')
    throw error
  }
  finally {
    ;(await builder?.catch(() => undefined))?.close()
  }
}

async function buildCourse(args: BuildArgs, started: number, builder: Promise<SiteBuilder | undefined> | undefined, dismiss: AbortController) {
  // Loaded here, not at the top: Playwright takes a third of a second to
  // load, which would hold back the site builder's start.
  const { resolveBrowser } = await import('../shared/browser')
  // Fail fast: without a browser the PDFs cannot be printed, so say so
  // before minutes of site builds rather than after.
  let browserPath: string | undefined
  if (args.withPdf) {
    try {
      browserPath = resolveBrowser().executablePath
    }
    catch (error) {
      throw new Error(`${(error as Error).message}\n  Or build the sites without the PDFs: npm run build -- --no-pdf`)
    }
  }

  const statuses = new Map<Lesson, LessonStatus>()
  for (const lesson of args.lessons)
    statuses.set(lesson, await lessonStatus(lesson, browserPath))
  const plans = new Map(args.lessons.map(l => [l, planLesson(statuses.get(l)!, args)] as const))
  for (const [lesson, plan] of plans)
    console.log(describeLesson(lesson, plan.site, plan.pdf))
  if (args.dryRun) {
    const building = [...plans].filter(([, p]) => p.site.build || p.pdf?.build).map(([l]) => l.slug)
    const step = await courseStep(building, args.force)
    console.log(`landing page and search index: ${step.build ? step.reason : 'up to date, skipped'}`)
    return
  }

  await mkdir(DIST_DIR, { recursive: true })
  // Something to build: the landing page follows, and its modules (the search
  // index, the lint's) load while the sites build.
  if ([...plans.values()].some(p => p.site.build || p.pdf?.build)) {
    landingModule = import('./landing')
    landingModule.catch(() => {})
  }
  const siteBuilds = [...plans.values()].some(p => p.site.build)
  if (!siteBuilds)
    dismiss.abort()
  // The landing page's sources are ready once the sites are: it is prepared
  // while the last PDFs print.
  let landing: Promise<() => Promise<string>> | undefined
  const built = await buildAndPrint(plans, statuses, siteBuilds ? builder : undefined, () => {
    landing = (async () => {
      await removeStamp(courseStampOf(DIST_DIR))
      return (await (landingModule ??= import('./landing'))).prepareLanding()
    })()
    landing.catch(() => {})
  })
  await writeCourse(built, args.force, landing)
  // present must start each lesson from this build; the run also readies its first start.
  await checkPresentStarts(args.lessons)
  console.log(`present: ${args.lessons.map(l => l.slug).join(', ')} start${args.lessons.length === 1 ? 's' : ''} from this build (npm run present -- N --dry-run)`)
  console.log(`done in ${seconds(started)}`)
}

/** Without the warm builder: how many `slidev build` processes run at once, one per core (this machine has two). */
const SITE_BUILDS_AT_ONCE = Math.max(1, Math.min(2, availableParallelism()))

/**
 * Builds the sites that need it, one after another in one warm process
 * (scripts/build/site-builder.mjs: a third less CPU time than a `slidev build`
 * process per site), and prints each lesson's PDFs as soon as its site is in
 * place, on the other core, while the next site builds: one browser, opened
 * at the start, prints them all. Without the warm builder, two `slidev build`
 * processes run at once. Returns what was built. The first failure stops the
 * other builds and closes the browser.
 */
async function buildAndPrint(plans: Map<Lesson, ReturnType<typeof planLesson>>, statuses: Map<Lesson, LessonStatus>, builder: Promise<SiteBuilder | undefined> | undefined, onSitesBuilt: () => void): Promise<string[]> {
  const built: string[] = []
  const toBuild = [...plans].filter(([, plan]) => plan.site.build).map(([lesson]) => lesson)
  const toPrint = new Set([...plans].filter(([, plan]) => plan.pdf?.build).map(([lesson]) => lesson))
  const printing: Promise<void>[] = []
  let pdfs = 0
  // The first failure, wherever it happens, ends the whole build at once.
  const state = { stopped: false }
  let reject: (error: unknown) => void = () => {}
  const failed = new Promise<never>((_, r) => (reject = r))
  failed.catch(() => {})
  const fail = (error: unknown) => {
    state.stopped = true
    reject(error)
  }
  // The browser starts while the first sites build; if it cannot, the build stops now.
  const exporter = toPrint.size ? import('../export/pdf').then(m => m.openExporter()) : undefined
  exporter?.catch(fail)
  const print = (lesson: Lesson) => {
    const job = (async () => {
      const stamp = pdfStampOf(PDF_DIR, lesson)
      await removeStamp(stamp)
      const begun = Date.now()
      const files = await (await exporter!).exportLesson(lesson)
      const status = statuses.get(lesson)!
      await writeStamp(stamp, { hash: status.pdfKey, files: status.inputs.files })
      pdfs += files.length
      if (!built.includes(lesson.slug))
        built.push(`${lesson.slug} (PDFs)`)
      console.log(`printed ${files.map(f => relative(ROOT, f)).join(', ')} in ${seconds(begun)}`)
    })()
    job.catch(fail)
    printing.push(job)
  }
  builder?.catch(fail)
  try {
    // Lessons whose site is current but whose PDFs are not: print at once.
    for (const lesson of toPrint) {
      if (!toBuild.includes(lesson))
        print(lesson)
    }
    const warm = await builder
    let next = 0
    const worker = async () => {
      while (next < toBuild.length && !state.stopped) {
        const lesson = toBuild[next++]
        const stamp = siteStampOf(siteDirOf(lesson))
        const begun = Date.now()
        await removeStamp(stamp)
        await buildLesson(lesson, warm)
        await writeStamp(stamp, statuses.get(lesson)!.inputs)
        built.push(lesson.slug)
        console.log(`built ${join('dist', lesson.slug)}/ in ${seconds(begun)}`)
        if (toPrint.has(lesson))
          print(lesson)
      }
    }
    const workers = Array.from({ length: Math.min(warm ? 1 : SITE_BUILDS_AT_ONCE, toBuild.length) }, worker)
    await Promise.race([Promise.all(workers), failed])
    if (built.length || toPrint.size)
      onSitesBuilt()
    await Promise.race([Promise.all(printing), failed])
    if (toPrint.size)
      console.log(`printed ${pdfs} PDF(s)`)
    return built
  }
  catch (error) {
    // Fail fast: the other lessons' builds stop too (they leave no stamp).
    state.stopped = true
    await stopBuilds('SIGTERM')
    throw error
  }
  finally {
    await (await exporter?.catch(() => undefined))?.close()
  }
}

async function courseStep(built: string[], force: boolean): Promise<Step & { inputs: InputSet }> {
  const states = await Promise.all(lessons.map(async (lesson) => {
    const site = await readStamp(siteStampOf(siteDirOf(lesson)))
    const pdf = await readStamp(pdfStampOf(PDF_DIR, lesson))
    // A lesson not built yet counts by its sources.
    return { slug: lesson.slug, site: site?.hash ?? (await lessonInputs(lesson, ROOT)).hash, pdf: pdf?.hash }
  }))
  const inputs = await courseInputs(states, ROOT)
  const there = existsSync(join(DIST_DIR, 'index.html')) && existsSync(join(DIST_DIR, SEARCH_INDEX_PATH))
  return { ...planCourse(built, inputs, await readStamp(courseStampOf(DIST_DIR)), there, force), inputs }
}

/**
 * The landing page and the search index: rewritten when a lesson was built or
 * their inputs changed (`prepared`: the sources' part, already under way).
 */
async function writeCourse(built: string[], force: boolean, prepared?: Promise<() => Promise<string>>) {
  const step = await courseStep(built, force)
  const stampFile = courseStampOf(DIST_DIR)
  if (!step.build) {
    console.log('landing page and search index: up to date, skipped')
    return
  }
  await removeStamp(stampFile)
  // Loaded when needed: the landing page brings the search index and the lint's modules.
  const writePage = await (prepared ?? (landingModule ??= import('./landing')).then(m => m.prepareLanding()))
  console.log(`wrote ${relative(ROOT, await writePage())} and the search index (${step.reason})`)
  await writeStamp(stampFile, step.inputs)
}
