/**
 * The GitHub Actions job that runs the labs on a real kind cluster
 * (.github/workflows/labs.yml): valid against GitHub's workflow schema, as
 * SchemaStore publishes it (schemas/github/github-workflow.json, copied
 * unchanged from SchemaStore/schemastore src/schemas/json/github-workflow.json
 * at commit 3b6446ad8a077bac56f4a4796c0b7fd88927fc8e, Apache-2.0; no network at
 * test time), running only the project's own commands for every lesson, its
 * shell steps ShellCheck-clean.
 */
import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import Ajv from 'ajv'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { lessons } from '../../data/course'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const WORKFLOW = join(ROOT, '.github', 'workflows', 'labs.yml')
const schema = JSON.parse(readFileSync(join(ROOT, 'schemas', 'github', 'github-workflow.json'), 'utf8'))

interface Step { uses?: string, run?: string, if?: string, env?: Record<string, string> }
interface Workflow { jobs: Record<string, { 'steps': Step[], 'strategy': { matrix: { lesson: number[] } }, 'runs-on': string }> }

function validate(document: unknown): string[] {
  const ajv = new Ajv({ allErrors: true, strict: false })
  const check = ajv.compile(schema)
  return check(document) ? [] : (check.errors ?? []).map(e => `${e.instancePath} ${e.message}`)
}

const text = readFileSync(WORKFLOW, 'utf8')
const workflow = parse(text) as Workflow
const job = workflow.jobs.lab

describe('the labs workflow', () => {
  it('is valid against GitHub\'s workflow schema', () => {
    expect(validate(workflow)).toEqual([])
  })

  it('the schema is not a pass-through: a misspelled key or a job without runs-on fails', () => {
    expect(validate({ ...workflow, jobz: {} })).not.toEqual([])
    const { 'runs-on': _, ...noRunner } = job
    expect(validate({ ...workflow, jobs: { lab: noRunner } })).not.toEqual([])
  })

  it('runs every lesson\'s lab, twice, and cleans up even after a failure', () => {
    expect(job.strategy.matrix.lesson).toEqual(lessons.map(l => l.number))
    const runs = job.steps.flatMap(step => step.run ? [step] : [])
    // GitHub's expression for the lesson of the matrix.
    const lesson = ['$', '{{ matrix.lesson }}'].join('')
    const lab = runs.filter(step => step.run!.startsWith(`npm run lab -- ${lesson}`))
    expect(lab.map(step => step.run)).toEqual([
      `npm run lab -- ${lesson}`,
      `npm run lab -- ${lesson}`,
      `npm run lab -- ${lesson} --clean`,
    ])
    expect(lab.at(-1)!.if).toBe('always()')
  })

  it('installs kind and kubectl at the versions data/course.ts pins, checked against their published checksums', () => {
    const run = job.steps.map(step => step.run ?? '').join('\n')
    expect(run).toContain('npm run --silent lab -- --versions >> "$GITHUB_OUTPUT"')
    expect(run).toContain('sha256sum -c kind-linux-amd64.sha256sum')
    expect(run).toMatch(/kubectl\.sha256.*sha256sum -c/)
    // Every action is pinned: by commit, or by a release tag.
    for (const step of job.steps.filter(s => s.uses))
      expect(step.uses).toMatch(/@(?:[0-9a-f]{40}|v\d+)/)
  })

  it('every shell step passes ShellCheck', () => {
    for (const step of job.steps.filter(s => s.run)) {
      // GitHub substitutes ${{ … }} before the shell sees the script.
      const script = `#!/usr/bin/env bash\nset -e\n${step.run!.replace(/\$\{\{[^}]*\}\}/g, 'X')}`
      const result = spawnSync('shellcheck', ['-s', 'bash', '-'], { input: script, encoding: 'utf8' })
      expect(result.stdout, script).toBe('')
    }
  })
})
