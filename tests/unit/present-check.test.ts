/**
 * The build's check that present starts each lesson from the build
 * (scripts/build/present-check.ts), against a stand-in for present's
 * launcher: a script in a project of its own that answers as present would,
 * and writes down how it was called.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { lessons } from '../../data/course'
import { checkPresentStarts } from '../../scripts/build/present-check'
import { PASSWORD_ENV } from '../../scripts/present/args'
import { BUILT_MODE_LINE } from '../../scripts/present/mode'
import { SHOW_APPENDIX_ENV } from '../../scripts/shared/appendix'
import { PRESENT_LAUNCHER, ROOT } from '../../scripts/shared/project'

let root: string
let calls: string

/** A launcher that serves the build for the lessons in `built`, exits with `code` for the others. */
function standIn(built: number[], other: { code: number, say: string }) {
  writeFileSync(join(root, PRESENT_LAUNCHER), `
const fs = require('node:fs')
const [lesson, ...rest] = process.argv.slice(2)
fs.appendFileSync(${JSON.stringify(calls)}, JSON.stringify({ lesson, rest, cwd: process.cwd(), password: process.env.${PASSWORD_ENV} ?? null, appendix: process.env.${SHOW_APPENDIX_ENV} ?? null }) + '\\n')
if (process.env.${PASSWORD_ENV} || process.env.${SHOW_APPENDIX_ENV}) {
  console.log("Mode: Slidev's dev server, because of the environment.")
  process.exit(0)
}
if (${JSON.stringify(built.map(String))}.includes(lesson)) {
  console.log(${JSON.stringify(BUILT_MODE_LINE)} + 'the build is current.')
  process.exit(0)
}
console.error(${JSON.stringify(other.say)})
process.exit(${other.code})
`)
}

const calledWith = () => readFileSync(calls, 'utf8').trim().split('\n').map(line => JSON.parse(line))

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'present-check-'))
  mkdirSync(join(root, 'scripts'))
  calls = join(root, 'calls.jsonl')
})
afterEach(() => rmSync(root, { recursive: true, force: true }))

describe('the build\'s present check', () => {
  it('runs the launcher npm run present runs', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }
    expect(pkg.scripts.present).toBe(`node ${PRESENT_LAUNCHER}`)
  })

  it('runs present N --dry-run for each lesson in the project, one after another, and passes when each would serve its build', async () => {
    standIn([1, 2, 3], { code: 0, say: '' })
    await checkPresentStarts(lessons, { root, env: { PATH: process.env.PATH } })
    expect(calledWith()).toEqual(lessons.map(l => ({ lesson: String(l.number), rest: ['--dry-run'], cwd: root, password: null, appendix: null })))
  })

  it('fails naming the lesson and quoting present when present would choose the dev server', async () => {
    standIn([1], { code: 0, say: 'Mode: Slidev\'s dev server, because the sources changed since the last npm run build (slides/lesson-2.md).' })
    const checked = checkPresentStarts(lessons, { root, env: {} })
    await expect(checked).rejects.toThrow(/npm run present -- 2 would not start lesson-2 from this build \(present --dry-run chose otherwise\):\n {2}Mode: Slidev's dev server, because the sources changed since the last npm run build \(slides\/lesson-2\.md\)\./)
    // It stops at the first lesson that fails.
    expect(calledWith().map(c => c.lesson)).toEqual(['1', '2'])
  })

  it('fails with present\'s exit code and words when present fails', async () => {
    standIn([], { code: 3, say: 'Present failed: cannot read dist/lesson-1/.stamp' })
    await expect(checkPresentStarts([lessons[0]], { root, env: {} })).rejects.toThrow(/present --dry-run exited with 3\):\n {2}Present failed: cannot read dist\/lesson-1\/\.stamp/)
  })

  it('leaves out the remote password and the appendix switch, which would make present choose the dev server whatever the build', async () => {
    standIn([1], { code: 0, say: '' })
    await checkPresentStarts([lessons[0]], { root, env: { [PASSWORD_ENV]: 'tablet-screen-42', [SHOW_APPENDIX_ENV]: '1' } })
    expect(calledWith()).toMatchObject([{ password: null, appendix: null }])
  })

  it('stops a present that does not answer, and fails saying so', async () => {
    writeFileSync(join(root, PRESENT_LAUNCHER), 'console.log("Ready: serving"); setInterval(() => {}, 1000)\n')
    const started = Date.now()
    await expect(checkPresentStarts([lessons[0]], { root, env: {}, timeoutMs: 500 })).rejects.toThrow(/present --dry-run gave no answer within 0\.5 s and was stopped\):\n {2}Ready: serving/)
    expect(Date.now() - started).toBeLessThan(5_000)
  })

  it('fails when the launcher is missing', async () => {
    await expect(checkPresentStarts([lessons[0]], { root, env: {} })).rejects.toThrow(/would not start lesson-1 from this build \(present --dry-run exited with 1\):\n {2}.*Cannot find module/s)
  })
})
