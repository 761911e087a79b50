/**
 * `npm run present` chooses its server for real, in a scratch copy of the
 * project (scripts/shared/project-copy.ts): the build when it is current,
 * served at once (nothing built for the talk, the first time too) as the
 * live deck (`?live`: the appendix left out, the pace in the presenter
 * view), presenter and audience windows of one browser in sync, slide 1 in
 * at once in a cold browser; Slidev's dev
 * server when a slide changed since the build, or with --edit or a remote
 * screen (the dev server itself is tests/present-remote.spec.ts's and
 * present-local.spec.ts's).
 */
import type { Buffer } from 'node:buffer'
import type { ChildProcess } from 'node:child_process'
import type { AddressInfo } from 'node:net'
import type { ProjectCopy } from '../scripts/shared/project-copy'
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { appendFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import net from 'node:net'
import { join } from 'node:path'
import process from 'node:process'
import { chromium, expect, test } from '@playwright/test'
import { lessons } from '../data/course'
import { CHROMIUM_ARGS, resolveBrowser, SLIDE_VIEWPORT } from '../scripts/shared/browser'
import { loadDeck } from '../scripts/shared/deck'
import { entryOf } from '../scripts/shared/project'
import { copyProject } from '../scripts/shared/project-copy'
import { freePort } from './support/ports'

const TSX = createRequire(import.meta.url).resolve('tsx/cli')
const LESSON = lessons[0]

test.describe.configure({ mode: 'serial' })

let copy: ProjectCopy
let built: string

interface Present { child: ChildProcess, output: () => string, exited: Promise<number | null> }

/** `npm run present` in the copy, as the teacher types it (the package's script), in its own process group; `until` a line of its output. */
async function present(args: string[], until: RegExp, env: NodeJS.ProcessEnv = {}): Promise<Present> {
  const { COURSE_REMOTE_PASSWORD: _, ...base } = process.env
  const child = spawn('npm', ['run', '--silent', 'present', '--', String(LESSON.number), ...args], { cwd: copy.root, env: { ...base, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const exited = new Promise<number | null>(resolve => child.once('exit', code => resolve(code)))
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${until} within 120 s:\n${output}`)), 120_000)
    const hear = (d: Buffer) => {
      output += d
      if (until.test(output)) {
        clearTimeout(timer)
        resolve()
      }
    }
    child.stdout!.on('data', hear)
    child.stderr!.on('data', hear)
    exited.then(() => {
      clearTimeout(timer)
      if (!until.test(output))
        reject(new Error(`present exited before ${until}:\n${output}`))
    })
  })
  return { child, output: () => output, exited }
}

async function stop(running: Present | undefined) {
  if (!running || running.child.exitCode !== null)
    return
  try {
    process.kill(-running.child.pid!, 'SIGTERM')
  }
  catch {}
  const late = setTimeout(() => {
    try {
      process.kill(-running.child.pid!, 'SIGKILL')
    }
    catch {}
  }, 5_000)
  await running.exited
  clearTimeout(late)
}

function build(args: string[]): Promise<string> {
  const child = spawn(process.execPath, [TSX, 'scripts/build.ts', ...args], { cwd: copy.root, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout.on('data', (d: Buffer) => (output += d))
  child.stderr.on('data', (d: Buffer) => (output += d))
  return new Promise((resolve, reject) => child.once('close', code => code === 0 ? resolve(output) : reject(new Error(`build ${args.join(' ')}: ${code}\n${output}`))))
}

test.beforeAll(async () => {
  // A copy and a build of one lesson: minutes when the machine is busy.
  test.setTimeout(360_000)
  copy = await copyProject('present-mode-')
  built = await build([String(LESSON.number), '--no-pdf'])
})

test.afterAll(async () => {
  await copy?.remove()
})

test('the build is current: served at once as the live deck, the first time too; slide 1 from it at once, without the appendix, and the windows stay in sync', async () => {
  test.setTimeout(240_000)
  const port = await freePort()
  // The first present after npm run build: nothing is built for the talk.
  const started = Date.now()
  const running = await present(['--port', String(port)], /^Ready: /m)
  try {
    const ready = (Date.now() - started) / 1000
    expect(running.output()).toMatch(/^Mode: the built site, because the build is current \(.*\); the live view leaves the appendix out\. Slide 1 shows at once\./m)
    expect(running.output()).not.toMatch(/Building/)
    expect(running.output()).toMatch(/^Remote screen: off\. The built site is served on this machine only \(127\.0\.0\.1\)/m)
    const deck = `http://localhost:${port}/${LESSON.slug}/`
    expect(running.output()).toContain(`Ready: presenter ${deck}presenter/?live , audience ${deck}?live `)
    expect(ready, running.output()).toBeLessThan(15)
    expect(existsSync(join(copy.root, 'dist', '.live'))).toBe(false)

    // A cold browser: slide 1 of the built deck, no compiling.
    const cold = await chromium.launch({ executablePath: resolveBrowser().executablePath, args: CHROMIUM_ARGS })
    const context = await cold.newContext({ viewport: SLIDE_VIEWPORT })
    const audience = await context.newPage()
    const shown = Date.now()
    await audience.goto(`${deck}?live`)
    await expect(audience.locator('.slidev-page-1 h1')).toBeVisible()
    await audience.evaluate(() => document.fonts.ready)
    const slide1 = (Date.now() - shown) / 1000
    test.info().annotations.push({ type: 'slide 1', description: `${slide1.toFixed(2)} s after goto in a cold browser, server ready ${ready.toFixed(1)} s after the command` })
    // The target, under 2 s, is the benchmark's on a quiet machine (npm run bench -- present);
    // here it only must not wait for a build or a compile.
    expect(slide1).toBeLessThan(15)

    // The live deck: the review deck without its appendix (the copy's slides are the working tree's).
    const deckSlides = (await loadDeck(entryOf(LESSON))).slides
    const live = deckSlides.filter(s => s.frontmatter.appendix !== true)
    expect(live.length).toBeLessThan(deckSlides.length)
    const overview = await context.newPage()
    await overview.goto(`${deck}overview?live`)
    // Each review item's label names its slide (the slides themselves are drawn as they come near).
    await expect(overview.locator('.review-label .title', { hasText: live.at(-1)!.title }).first()).toBeAttached()
    const titles = await overview.locator('.review-label .title').allTextContents()
    for (const slide of deckSlides.filter(s => s.frontmatter.appendix === true))
      expect(titles.map(t => t.trim()), `appendix slide ${slide.no} «${slide.title}» in the live deck`).not.toContain(slide.title)
    await overview.close()

    // Presenter and audience windows of one browser: the audience follows; the presenter shows the pace.
    const presenter = await context.newPage()
    await presenter.goto(`${deck}presenter/?live`)
    await expect(presenter.locator('.slidev-note').first()).toBeVisible()
    await expect(presenter.locator('.course-pace')).toHaveAttribute('data-pace-minutes', /^-?\d+\.\d$/)
    await presenter.bringToFront()
    // One step at a time, each followed: a press that lands while the audience is still taking
    // the last one can be lost to Slidev's sync (the audience, on localhost, sends its page back).
    for (let press = 0; press < 2; press++) {
      const before = presenter.url()
      await presenter.keyboard.press('ArrowRight')
      await expect(presenter).not.toHaveURL(before)
      const at = new URL(presenter.url())
      const where = at.pathname.split('/').pop()
      const clicks = at.searchParams.get('clicks') ?? '0'
      await expect(audience).toHaveURL(new RegExp(`/${where}\\?(?:.*&)?clicks=${clicks}(?:&|$)`))
      await expect(audience.locator(`.slidev-page-${where}`)).toBeVisible()
    }
    expect(new URL(presenter.url()).pathname).toMatch(/\/presenter\/(?:2|3)$/)
    await cold.close()

    // This machine only, as the dev server without a password.
    const foreign = await fetch(`http://127.0.0.1:${port}/`, { headers: { 'X-Forwarded-For': '203.0.113.9' } })
    expect(foreign.status).toBe(403)
  }
  finally {
    await stop(running)
  }
})

test('--dry-run says which server present would use, starts none; the build has asked it already', async () => {
  // The build ends by asking present itself (scripts/build/present-check.ts).
  expect(built).toMatch(new RegExp(`^present: ${LESSON.slug} starts from this build \\(npm run present -- N --dry-run\\)$`, 'm'))
  const port = await freePort()
  const running = await present(['--dry-run', '--port', String(port)], /^Mode: .*$/m)
  expect(await running.exited).toBe(0)
  expect(running.output()).toMatch(/^Mode: the built site, because the build is current \(/m)
  expect(running.output()).not.toMatch(/Ready:|Remote screen/)
  // Nothing was left listening on the port.
  const probe = net.createServer()
  await new Promise<void>((resolve, reject) => probe.once('error', reject).listen(port, '127.0.0.1', resolve))
  await new Promise(resolve => probe.close(resolve))
})

test('a port in use: said at once, before anything is built or served', async () => {
  const holder = net.createServer()
  await new Promise<void>(resolve => holder.listen(0, '127.0.0.1', resolve))
  const port = (holder.address() as AddressInfo).port
  try {
    const started = Date.now()
    const running = await present(['--port', String(port)], /Present failed/)
    expect(await running.exited).toBe(1)
    expect(running.output()).toMatch(new RegExp(`^Present failed: Port ${port} is already in use`, 'm'))
    expect((Date.now() - started) / 1000).toBeLessThan(15)
  }
  finally {
    await new Promise(resolve => holder.close(resolve))
  }
})

test('--edit, a remote screen: the dev server, whatever the build', async () => {
  for (const [args, env, reason] of [
    [['--edit'], {}, /^Mode: Slidev's dev server, because --edit: /m],
    [['--remote'], {}, /^Mode: Slidev's dev server, because a remote screen follows the presenter only through Slidev's server/m],
  ] as const) {
    const running = await present([...args, '--port', String(await freePort())], /^Mode: .*$/m, env)
    try {
      expect(running.output()).toMatch(reason)
    }
    finally {
      await stop(running)
    }
  }
})

test('a slide changed since the build: the dev server, naming the file', async () => {
  await appendFile(join(copy.root, 'slides', LESSON.slug, '01-why.md'), '\n')
  const running = await present(['--port', String(await freePort())], /^Mode: .*$/m)
  try {
    expect(running.output()).toMatch(/^Mode: Slidev's dev server, because the sources changed since the last npm run build \(slides\/lesson-1\/01-why\.md\)\./m)
    expect(running.output()).toMatch(/npm run build -- 1 makes the next present start at once/)
  }
  finally {
    await stop(running)
  }
  const dry = await present(['--dry-run'], /^Mode: .*$/m)
  expect(await dry.exited).toBe(0)
  expect(dry.output()).toMatch(/^Mode: Slidev's dev server, because the sources changed since the last npm run build \(slides\/lesson-1\/01-why\.md\)\./m)
  expect(dry.output(), 'no dev server was started').not.toMatch(/Remote screen|localhost:\d+/)
})
