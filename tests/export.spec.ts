/** A failed export says where and why, exits non-zero, and keeps the previous PDF. */
import type { StaticServer } from '../scripts/shared/static-server'
import { spawnSync } from 'node:child_process'
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import process from 'node:process'
import { expect, test } from '@playwright/test'
import { ExportError, printDeck, renderHandoutSheets, writeAtomically } from '../scripts/export/pdf'
import { loadDeck } from '../scripts/shared/deck'
import { ROOT } from '../scripts/shared/project'
import { startStaticServer } from '../scripts/shared/static-server'
import { buildFixtureDeck } from './support/fixture-site'

test.describe.configure({ mode: 'serial' })
let server: StaticServer
let entry: string

test.beforeAll(async () => {
  test.setTimeout(120_000)
  const fixture = await buildFixtureDeck('unprintable')
  entry = fixture.entry
  server = await startStaticServer({ root: fixture.root, decks: [fixture.slug] })
})

test.afterAll(async () => {
  await server?.close()
})

test('a deck that cannot print fails fast, names the slide and leaves the old PDF', async ({ browser }) => {
  const dir = await mkdtemp(join(tmpdir(), 'export-'))
  const target = join(dir, 'lesson.pdf')
  await writeFile(target, 'the previous handout')
  const error = await printDeck(browser, {
    printUrl: `${server.url}/unprintable/print`,
    deck: await loadDeck(entry),
    target,
    title: 'fixture',
    subject: 'fixture',
    label: 'fixture',
  }).catch(e => e)

  expect(error).toBeInstanceOf(ExportError)
  expect(error.message).toMatch(/tests\/fixtures\/unprintable\/slides\.md:\d+ \(slide 2 «坏掉的图表»\): Mermaid error/)
  expect(await readFile(target, 'utf8')).toBe('the previous handout')
  expect(await readdir(dir)).toEqual(['lesson.pdf'])
})

test('the export command refuses an unknown lesson with a non-zero exit', () => {
  const tsx = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs')
  const run = spawnSync(process.execPath, [tsx, 'scripts/export.ts', '9'], { cwd: ROOT, encoding: 'utf8' })
  expect(run.status).not.toBe(0)
  expect(run.stderr).toMatch(/Export failed: Unknown lesson "9"\. Choose one of: 1/)
})

test('a lesson\'s PDFs are replaced together or not at all', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'atomic-'))
  const slides = join(dir, 'lesson.pdf')
  await writeFile(slides, 'the previous slides')
  await writeFile(join(dir, 'not-a-folder'), '')
  // The handout's folder cannot be created (a file is in the way): nothing may change.
  const error = await writeAtomically([
    { target: slides, bytes: new TextEncoder().encode('new slides') },
    { target: join(dir, 'not-a-folder', 'lesson-handout.pdf'), bytes: new TextEncoder().encode('new handout') },
  ]).catch(e => e)
  expect(error).toBeInstanceOf(Error)
  expect(await readFile(slides, 'utf8')).toBe('the previous slides')
  expect((await readdir(dir)).sort()).toEqual(['lesson.pdf', 'not-a-folder'])
})

test('a handout without its notes fails with the reason, not a blank page', async ({ browser }) => {
  // The fixture site was built without handout-notes.json (only npm run build writes it).
  const error = await renderHandoutSheets(browser, {
    printUrl: `${server.url}/unprintable/print`,
    handoutUrl: `${server.url}/unprintable/handout?print`,
    deck: await loadDeck(entry),
    target: join(tmpdir(), 'never-written.pdf'),
    title: 'fixture',
    subject: 'fixture',
    label: 'fixture',
  }).catch(e => e)
  expect(error).toBeInstanceOf(ExportError)
  expect(error.message).toMatch(/fixture: the handout page cannot show the notes: .*handout-notes\.json: HTTP 404/)
})
