import type { Buffer } from 'node:buffer'
import type { ChildProcess } from 'node:child_process'
/**
 * Builds the course: each lesson's static site under dist/lesson-N/, the PDFs
 * under dist/pdf/, and the landing page dist/index.html.
 *
 *   npm run build                 all lessons, sites and PDFs
 *   npm run build -- 2            one lesson
 *   npm run build -- --no-pdf     sites only
 *
 * Each lesson is built by its own `slidev build` process: Slidev applies one
 * --base to every entry of a single run. A site is built into a staging folder
 * and moved into place only when the build succeeded.
 */
import type { Lesson } from '../data/course'
import { spawn } from 'node:child_process'
import { mkdir, rename, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { constants } from 'node:os'
import { join, relative } from 'node:path'
import process from 'node:process'
import { pathToFileURL } from 'node:url'
import { lessons, parseLesson } from '../data/course'
import { resolveBrowser } from './browser'
import { loadValidDeck } from './deck'
import { failCommand } from './exit'
import { exportLessons } from './export'
import { writeLanding } from './landing'
import { writeHandoutNotes } from './notes'
import { basePathOf, DIST_DIR, entryOf, ROOT, siteDirOf } from './project'

const slidevBin = createRequire(import.meta.url).resolve('@slidev/cli/bin/slidev.mjs')

/** The `slidev build` processes running now, stopped with the build should it be interrupted. */
const running = new Set<ChildProcess>()

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] })
    running.add(child)
    child.once('exit', () => running.delete(child))
    let output = ''
    child.stdout.on('data', (d: Buffer) => (output += d))
    child.stderr.on('data', (d: Buffer) => (output += d))
    child.on('error', reject)
    child.on('close', code => code === 0 ? resolve() : reject(new Error(`${args.slice(0, 2).join(' ')} exited with ${code}:\n${output.slice(-4000)}`)))
  })
}

/** Builds one Slidev entry as a static site served under `base`. */
export async function buildSite(entry: string, base: string, outDir: string): Promise<void> {
  const staging = `${outDir}.staging`
  await rm(staging, { recursive: true, force: true })
  await run(process.execPath, [slidevBin, 'build', entry, '--base', base, '--out', staging])
  await rm(outDir, { recursive: true, force: true })
  await rename(staging, outDir)
}

export async function buildLesson(lesson: Lesson): Promise<void> {
  // Fails before the slow build on what Slidev would silently accept.
  const deck = await loadValidDeck(entryOf(lesson))
  await buildSite(entryOf(lesson), basePathOf(lesson), siteDirOf(lesson))
  await writeHandoutNotes(deck, siteDirOf(lesson))
}

async function main() {
  const args = process.argv.slice(2)
  const withPdf = !args.includes('--no-pdf')
  const selected = args.filter(a => !a.startsWith('--'))
  const chosen = selected.length ? selected.map(parseLesson) : lessons
  // Fail fast: without a browser the PDFs cannot be printed, so say so
  // before minutes of site builds rather than after.
  if (withPdf) {
    try {
      resolveBrowser()
    }
    catch (error) {
      throw new Error(`${(error as Error).message}\n  Or build the sites without the PDFs: npm run build -- --no-pdf`)
    }
  }

  await mkdir(DIST_DIR, { recursive: true })
  for (const lesson of chosen) {
    const started = Date.now()
    await buildLesson(lesson)
    console.log(`built ${join('dist', lesson.slug)}/ in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  }
  if (withPdf) {
    const started = Date.now()
    const files = await exportLessons(chosen)
    console.log(`exported ${files.length} PDF(s) in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  }
  console.log(`wrote ${relative(ROOT, await writeLanding())}`)
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  // Interrupted (Ctrl-C, a CI time limit): stop the site builds too.
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      for (const child of running)
        child.kill(signal)
      process.exit(128 + constants.signals[signal])
    })
  }
  main().catch(error => failCommand('Build failed', error))
}
