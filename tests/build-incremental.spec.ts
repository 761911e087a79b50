/**
 * `npm run build` rebuilds only what changed, for real: the build runs in a
 * scratch copy of the project (scripts/shared/project-copy.ts), so its edits and
 * failures touch neither the working tree nor its dist/. One real site build
 * (lesson 1, no PDFs) and one failing one; the rest is the build's own plan
 * (--dry-run) against real stamps. Node only: no browser.
 */
import type { ProjectCopy } from '../scripts/shared/project-copy'
import type { Outcome } from './support/subprocess'
import { existsSync } from 'node:fs'
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { lessons } from '../data/course'
import { lessonInputs, readStamp, siteStampOf, writeStamp } from '../scripts/build/plan'
import { copyProject } from '../scripts/shared/project-copy'
import { runInGroup } from './support/subprocess'

const TSX = createRequire(import.meta.url).resolve('tsx/cli')

/** The build as a process of its own group; `leftovers`: something of the group outlived it. */
function build(root: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<Outcome> {
  return runInGroup([TSX, 'scripts/build.ts', ...args], { cwd: root, env, limitMs: 110_000 })
}

const shown = (o: Outcome) => `exit ${o.status} after ${o.seconds} s\nstdout:\n${o.stdout}\nstderr:\n${o.stderr.slice(-3000)}`

test.describe.configure({ mode: 'serial' })

let copy: ProjectCopy
const site = (slug: string) => join(copy.root, 'dist', slug)

test.beforeAll(async () => {
  copy = await copyProject('build-incremental-')
})

test.afterAll(async () => {
  await copy?.remove()
})

test('a lesson built once is skipped the second time; its stamp names its inputs', async () => {
  test.setTimeout(240_000)
  const first = await build(copy.root, ['1', '--no-pdf'])
  expect(first.status, shown(first)).toBe(0)
  expect(first.stdout).toMatch(/^lesson-1: site: the site is not built yet$/m)
  expect(first.stdout).toMatch(/^built dist\/lesson-1\/ in/m)
  const stamp = await readStamp(siteStampOf(site('lesson-1')))
  expect(stamp?.hash).toBe((await lessonInputs(lessons[0], copy.root)).hash)
  expect(Object.keys(stamp!.files)).toContain('slides/lesson-1/01-why.md')

  const second = await build(copy.root, ['1', '--no-pdf'])
  expect(second.status, shown(second)).toBe(0)
  expect(second.stdout).toMatch(/^lesson-1: up to date, skipped \(site\)$/m)
  expect(second.stdout).toMatch(/^landing page and search index: up to date, skipped$/m)
  expect(second.stdout).not.toMatch(/^built /m)
  expect(second.seconds, shown(second)).toBeLessThan(first.seconds)
})

test('a changed shared input rebuilds every lesson; a changed slide only its lesson; --force everything', async () => {
  // Lessons 2 and 3 stand as built from the current sources (a stamp and an
  // index.html): the plan is what is under test here, not Slidev.
  for (const lesson of lessons.slice(1)) {
    await mkdir(site(lesson.slug), { recursive: true })
    await writeFile(join(site(lesson.slug), 'index.html'), '<!doctype html>')
    await writeStamp(siteStampOf(site(lesson.slug)), await lessonInputs(lesson, copy.root))
  }
  const before = await build(copy.root, ['--no-pdf', '--dry-run'])
  expect(before.status, shown(before)).toBe(0)
  for (const lesson of lessons)
    expect(before.stdout).toMatch(new RegExp(`^${lesson.slug}: up to date, skipped \\(site\\)$`, 'm'))

  const css = join(copy.root, 'styles', 'course.css')
  const original = await readFile(css, 'utf8')
  await appendFile(css, '\n/* edited */\n')
  const shared = await build(copy.root, ['--no-pdf', '--dry-run'])
  expect(shared.status, shown(shared)).toBe(0)
  for (const lesson of lessons)
    expect(shared.stdout).toMatch(new RegExp(`^${lesson.slug}: site: changed: styles/course\\.css$`, 'm'))
  expect(shared.stdout).toMatch(/^landing page and search index: lesson-1, lesson-2, lesson-3 changed$/m)
  await writeFile(css, original)

  const slide = join(copy.root, 'slides', 'lesson-2', '05-authn.md')
  await appendFile(slide, '\n')
  const one = await build(copy.root, ['--no-pdf', '--dry-run'])
  expect(one.stdout).toMatch(/^lesson-1: up to date, skipped \(site\)$/m)
  expect(one.stdout).toMatch(/^lesson-2: site: changed: slides\/lesson-2\/05-authn\.md$/m)
  expect(one.stdout).toMatch(/^lesson-3: up to date, skipped \(site\)$/m)

  const forced = await build(copy.root, ['--no-pdf', '--dry-run', '--force'])
  for (const lesson of lessons)
    expect(forced.stdout).toMatch(new RegExp(`^${lesson.slug}: site: forced \\(--force\\)$`, 'm'))
})

test('a failed build leaves no stamp and the previous site untouched', async () => {
  test.setTimeout(180_000)
  const index = join(site('lesson-1'), 'index.html')
  const previous = await readFile(index)
  // Passes the deck's validation, fails inside `slidev build`.
  const setup = join(copy.root, 'setup', 'main.ts')
  const original = await readFile(setup, 'utf8')
  await appendFile(setup, '\nexport const broken = (;\n')
  const failed = await build(copy.root, ['1', '--no-pdf'])
  await writeFile(setup, original)
  expect(failed.status, shown(failed)).not.toBe(0)
  expect(failed.stdout).toMatch(/^lesson-1: site: changed: setup\/main\.ts$/m)
  expect(failed.stderr).toMatch(/^Build failed: /m)
  expect(existsSync(siteStampOf(site('lesson-1'))), 'no stamp after a failed build').toBe(false)
  expect(await readFile(index)).toEqual(previous)
  // Stale from now on, even with the sources as they were.
  const after = await build(copy.root, ['1', '--no-pdf', '--dry-run'])
  expect(after.stdout).toMatch(/^lesson-1: site: the site has no stamp/m)
})

test('a browser that cannot start stops the whole build at once: the site builds under way too', async () => {
  test.setTimeout(120_000)
  // The PDFs need the browser, which is opened while the sites build.
  const failed = await build(copy.root, ['1', '--force'], { CHROMIUM_PATH: '/bin/false' })
  expect(failed.stdout).toMatch(/^lesson-1: site and PDFs: forced \(--force\)$/m)
  expect(failed.status, shown(failed)).not.toBe(0)
  expect(failed.stderr).toMatch(/^Build failed: browserType\.launch: /m)
  expect(failed.stdout, 'no site finished').not.toMatch(/^built /m)
  expect(failed.stderr).not.toMatch(/still running .* held open by/)
  expect(failed.leftovers, `a slidev build outlived the command\n${shown(failed)}`).toBe(false)
  expect(existsSync(siteStampOf(site('lesson-1')))).toBe(false)
})
