/** The mutation score: counted as Stryker counts it, merged into bench/results.json without losing the benchmark. */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { expect, it } from 'vitest'
import { mergeIntoResults, REPORT, RESULTS, scoreOf, summarize, verdict } from '../../scripts/checks/mutation-score'
import { ROOT } from '../../scripts/shared/project'

const mutants = (spec: Record<string, number>) => Object.entries(spec).flatMap(([status, n]) => Array.from({ length: n }, () => ({ status: status as 'Killed' })))

it('counts killed and timed-out mutants over the valid ones', () => {
  expect(scoreOf(mutants({ Killed: 6, Timeout: 1, Survived: 2, NoCoverage: 1, CompileError: 3, RuntimeError: 1, Ignored: 2 })))
    .toEqual({ score: 70, killed: 6, timeout: 1, survived: 2, noCoverage: 1, invalid: 6 })
  expect(scoreOf(mutants({ Killed: 2, Survived: 1 })).score).toBe(66.67)
  expect(scoreOf([]).score).toBe(100)
})

it('scores each module and all of them together, modules in path order', () => {
  const summary = summarize({ files: { 'scripts/b.ts': { mutants: mutants({ Killed: 1, Survived: 1 }) }, 'scripts/a.ts': { mutants: mutants({ Killed: 3 }) } } })
  expect(Object.keys(summary.modules)).toEqual(['scripts/a.ts', 'scripts/b.ts'])
  expect(summary.modules['scripts/b.ts'].score).toBe(50)
  expect(summary.score).toBe(80)
})

it('merges into the results file, keeping its other keys and replacing an older score', async () => {
  const file = join(await mkdtemp(join(tmpdir(), 'results-')), 'results.json')
  await writeFile(file, JSON.stringify({ date: 'bench', build: { total: 36.5 }, mutation: { score: 1 } }))
  const date = new Date('2026-11-27T10:00:00Z')
  await mergeIntoResults({ score: 85, modules: {} }, file, date)
  expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({
    date: 'bench',
    build: { total: 36.5 },
    mutation: { date: '2026-11-27T10:00:00.000Z', tool: 'StrykerJS (vitest runner), stryker.config.mjs', score: 85, modules: {} },
  })
})

it('starts the results file when there is none', async () => {
  const file = join(await mkdtemp(join(tmpdir(), 'results-')), 'results.json')
  await mergeIntoResults({ score: 90, modules: {} }, file, new Date(0))
  expect(JSON.parse(await readFile(file, 'utf8')).mutation.score).toBe(90)
})

it('reads the report where stryker.config.mjs writes it, and writes beside the benchmark', async () => {
  const config = (await import(pathToFileURL(join(ROOT, 'stryker.config.mjs')).href)).default as { jsonReporter: { fileName: string } }
  expect(REPORT).toBe(join(ROOT, config.jsonReporter.fileName))
  expect(RESULTS).toBe(join(ROOT, 'bench', 'results.json'))
})

it('holds all modules together to 90 % and each to 80 %, naming what falls short', () => {
  const report = (killed: number, survived: number) => ({ mutants: [...Array.from({ length: killed }, () => ({ status: 'Killed' as const })), ...Array.from({ length: survived }, () => ({ status: 'Survived' as const }))] })
  expect(verdict(summarize({ files: { 'a.ts': report(90, 10), 'b.ts': report(80, 20) } }))).toEqual([
    'the mutation score 85 % is below the 90 % target for all modules together',
  ])
  expect(verdict(summarize({ files: { 'a.ts': report(990, 10), 'b.ts': report(79, 21) } }))).toEqual([
    'b.ts: 79 % is below the 80 % each module is held to',
  ])
  expect(verdict(summarize({ files: { 'a.ts': report(90, 10), 'b.ts': report(80, 20), 'c.ts': report(1000, 0) } }))).toEqual([])
})
