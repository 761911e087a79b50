/**
 * Prints the last mutation run's score per module (reports/mutation/mutation.json,
 * written by `npm run test:mutation`) and merges it into bench/results.json
 * under `mutation`, leaving the benchmark's figures as they are.
 *
 *   tsx scripts/mutation-score.ts
 */
import { existsSync } from 'node:fs'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import process from 'node:process'
import { ROOT } from '../shared/project'

export const REPORT = join(ROOT, 'reports', 'mutation', 'mutation.json')
/** The score the mutated modules are held to together, and each on its own (issue 25). */
export const TARGET = 90
export const MODULE_FLOOR = 80
export const RESULTS = join(ROOT, 'bench', 'results.json')

type Status = 'Killed' | 'Survived' | 'NoCoverage' | 'Timeout' | 'CompileError' | 'RuntimeError' | 'Ignored' | 'Pending'

export interface MutationReport {
  files: Record<string, { mutants: { status: Status }[] }>
}

export interface ModuleScore {
  /** Killed and timed-out mutants over all valid ones, in per cent. */
  score: number
  killed: number
  timeout: number
  survived: number
  noCoverage: number
  /** Compile or runtime errors and ignored mutants: not counted. */
  invalid: number
}

const round = (n: number) => Math.round(n * 100) / 100

export function scoreOf(mutants: { status: Status }[]): ModuleScore {
  const count = (...statuses: Status[]) => mutants.filter(m => statuses.includes(m.status)).length
  const killed = count('Killed')
  const timeout = count('Timeout')
  const survived = count('Survived')
  const noCoverage = count('NoCoverage')
  const valid = killed + timeout + survived + noCoverage
  return { score: valid ? round(((killed + timeout) / valid) * 100) : 100, killed, timeout, survived, noCoverage, invalid: mutants.length - valid }
}

export function summarize(report: MutationReport): { score: number, modules: Record<string, ModuleScore> } {
  const modules = Object.fromEntries(Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b)).map(([file, { mutants }]) => [file, scoreOf(mutants)]))
  return { score: scoreOf(Object.values(report.files).flatMap(f => f.mutants)).score, modules }
}

/** Adds `mutation` to the results file, keeping every other key as it is on disk now. */
export async function mergeIntoResults(summary: ReturnType<typeof summarize>, file = RESULTS, date = new Date()): Promise<void> {
  const current = existsSync(file) ? JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown> : {}
  const merged = { ...current, mutation: { date: date.toISOString(), tool: 'StrykerJS (vitest runner), stryker.config.mjs', ...summary } }
  await writeFile(file, `${JSON.stringify(merged, null, 2)}\n`)
}

/** What falls short of the targets: the whole under TARGET, any module under MODULE_FLOOR. */
export function verdict(summary: ReturnType<typeof summarize>): string[] {
  const failures = Object.entries(summary.modules)
    .filter(([, s]) => s.score < MODULE_FLOOR)
    .map(([file, s]) => `${file}: ${s.score} % is below the ${MODULE_FLOOR} % each module is held to`)
  if (summary.score < TARGET)
    failures.push(`the mutation score ${summary.score} % is below the ${TARGET} % target for all modules together`)
  return failures
}

export async function main() {
  if (!existsSync(REPORT))
    throw new Error(`${REPORT} not found: run \`npm run test:mutation\` first.`)
  const summary = summarize(JSON.parse(await readFile(REPORT, 'utf8')) as MutationReport)
  for (const [file, s] of Object.entries(summary.modules))
    console.log(`${s.score.toFixed(2).padStart(6)} %  ${file}  (killed ${s.killed}, timeout ${s.timeout}, survived ${s.survived}, no coverage ${s.noCoverage})`)
  console.log(`${summary.score.toFixed(2).padStart(6)} %  all modules`)
  await mergeIntoResults(summary)
  console.log('wrote mutation score to bench/results.json')
  const failures = verdict(summary)
  for (const failure of failures)
    console.error(failure)
  if (failures.length)
    process.exitCode = 1
}
