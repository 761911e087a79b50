/**
 * What every part of the benchmark measures with: medians of BENCH_RUNS runs, the
 * machine's load, a command as a process, a scratch copy with built sites.
 */
import type { Buffer } from 'node:buffer'
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import os from 'node:os'
import { join } from 'node:path'
import process from 'node:process'
import { lessons } from '../../data/course'
import { SEARCH_INDEX_PATH } from '../../search/engine'
import { DIST_DIR, handoutPathOf, pdfPathOf, ROOT, siteDirOf } from '../shared/project'
import { copyProject } from '../shared/project-copy'

export const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3))
export const RESULTS = join(ROOT, 'bench', 'results.json')
const require = createRequire(import.meta.url)
export const TSX = require.resolve('tsx/cli')
/** npm as the teacher runs it (the one on PATH). */
export const NPM = 'npm'
export const SLIDEV = require.resolve('@slidev/cli/bin/slidev.mjs')

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

export async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now()
  await fn()
  return (performance.now() - started) / 1000
}

export async function medianOf(fn: () => Promise<unknown>): Promise<number> {
  const samples: number[] = []
  for (let i = 0; i < RUNS; i++)
    samples.push(await timed(fn))
  return median(samples)
}

export const round = (n: number, digits = 2) => Number(n.toFixed(digits))
export const load = () => round(os.loadavg()[0], 1)

/** Runs a command to its end; its output is kept for the error message and returned. */
export function runProcess(args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<{ seconds: number, stdout: string }> {
  const started = performance.now()
  const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d))
  child.stderr.on('data', (d: Buffer) => (stderr += d))
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000
      if (code === 0)
        resolve({ seconds, stdout })
      else
        reject(new Error(`${args.slice(1).join(' ')} (in ${cwd}) exited with ${code}:\n${(stdout + stderr).slice(-3000)}`))
    })
  })
}

// ------------------------------------------------------------------ build

/** The one-slide edit of the incremental figure: lesson 2's authentication slide gets a longer title. */
export const EDITED = join('slides', 'lesson-2', '05-authn.md')

export async function withEditedSlide<T>(root: string, round: number, fn: () => Promise<T>): Promise<T> {
  const file = join(root, EDITED)
  const original = await readFile(file, 'utf8')
  const edited = original.replace(/^# (.+)$/m, (_, title: string) => `# ${title}（第 ${round + 1} 轮）`)
  if (edited === original)
    throw new Error(`${EDITED} has no title to edit`)
  await writeFile(file, edited)
  try {
    return await fn()
  }
  finally {
    await writeFile(file, original)
  }
}

export function expectBuilt(root: string) {
  const dist = join(root, 'dist')
  const missing = [
    ...lessons.flatMap(l => [join(siteDirOf(l), 'index.html'), pdfPathOf(l), handoutPathOf(l)]),
    join(DIST_DIR, 'index.html'),
    join(DIST_DIR, SEARCH_INDEX_PATH),
  ].map(p => p.replace(DIST_DIR, dist)).filter(p => !existsSync(p))
  if (missing.length)
    throw new Error(`the clean build did not write ${missing.join(', ')}`)
}

/**
 * The sites, built from the current sources in a scratch copy, served: what
 * the working tree's dist/ would be, without depending on whether it is
 * current or being rebuilt by someone else meanwhile.
 */
export async function withBuiltSites<T>(fn: (root: string) => Promise<T>): Promise<T> {
  const copy = await copyProject('bench-sites-')
  try {
    await runProcess([TSX, 'scripts/build.ts', '--no-pdf'], copy.root)
    return await fn(join(copy.root, 'dist'))
  }
  finally {
    await copy.remove()
  }
}
