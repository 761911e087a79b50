/**
 * `npm run present` chooses its server for real, in a scratch copy of the
 * project (scripts/shared/project-copy.ts): the built live deck when the build is
 * current (built once, then reused), with the appendix left out, presenter
 * and audience windows of one browser in sync, slide 1 at once; Slidev's dev
 * server when a slide changed since the build, or with --edit or a remote
 * screen (the dev server itself is tests/present.spec.ts's).
 */
import type { Buffer } from 'node:buffer'
import type { ChildProcess } from 'node:child_process'
import type { AddressInfo } from 'node:net'
import type { ProjectCopy } from '../scripts/shared/project-copy'
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { appendFile, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import net from 'node:net'
import { join } from 'node:path'
import process from 'node:process'
import { expect, test } from '@playwright/test'
import { lessons } from '../data/course'
import { loadDeck } from '../scripts/shared/deck'
import { entryOf } from '../scripts/shared/project'
import { copyProject } from '../scripts/shared/project-copy'
import { freePort } from './support/ports'
import { groupMembers } from './support/subprocess'

const TSX = createRequire(import.meta.url).resolve('tsx/cli')
const LESSON = lessons[0]

test.describe.configure({ mode: 'serial' })

let copy: ProjectCopy

interface Present { child: ChildProcess, output: () => string, exited: Promise<number | null> }

/** `npm run present` in the copy, in its own process group; `until` a line of its output. */
async function present(args: string[], until: RegExp, env: NodeJS.ProcessEnv = {}): Promise<Present> {
  const { COURSE_REMOTE_PASSWORD: _, ...base } = process.env
  const child = spawn(process.execPath, [TSX, 'scripts/present.ts', String(LESSON.number), ...args], { cwd: copy.root, env: { ...base, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
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
  test.setTimeout(180_000)
  copy = await copyProject('present-mode-')
  await build([String(LESSON.number), '--no-pdf'])
})

test.afterAll(async () => {
  await copy?.remove()
})

test('the build is current: the live deck is built once and served; slide 1 shows from it, without the appendix, and the windows stay in sync', async ({ browser }) => {
  test.setTimeout(240_000)
  const port = await freePort()
  const first = await present(['--port', String(port)], /^Ready: /m)
  try {
    expect(first.output()).toMatch(/^Mode: the built site, because the build is current; its live deck \(appendix hidden\) is built once now/m)
    expect(first.output()).toMatch(/^Building the live deck of lesson 1 into dist\/\.live\/lesson-1\/ …$/m)
    expect(first.output()).toMatch(/^Remote screen: off\. The built site is served on this machine only \(127\.0\.0\.1\)/m)
  }
  finally {
    await stop(first)
  }

  // The next time: no build, straight to the server.
  const started = Date.now()
  const running = await present(['--port', String(port)], /^Ready: /m)
  try {
    const ready = (Date.now() - started) / 1000
    expect(running.output()).toMatch(/^Mode: the built site, because its live deck is built from the current sources/m)
    expect(running.output()).not.toMatch(/Building the live deck/)
    expect(ready, running.output()).toBeLessThan(15)
    const url = `http://localhost:${port}`

    // A cold page: slide 1 of the built deck, no compiling.
    const context = await browser.newContext({ viewport: { width: 980, height: 552 } })
    const audience = await context.newPage()
    const shown = Date.now()
    await audience.goto(`${url}/1`)
    await expect(audience.locator('.slidev-page-1 h1')).toBeVisible()
    test.info().annotations.push({ type: 'slide 1', description: `${((Date.now() - shown) / 1000).toFixed(2)} s after goto, server ready ${ready.toFixed(1)} s after the command` })

    // The live deck: the review deck without its appendix (the copy's slides are the working tree's).
    const deck = await loadDeck(entryOf(LESSON))
    const live = deck.slides.filter(s => s.frontmatter.appendix !== true)
    expect(live.length).toBeLessThan(deck.slides.length)
    const overview = await context.newPage()
    await overview.goto(`${url}/overview`)
    // Each review item's label names its slide (the slides themselves are drawn as they come near).
    await expect(overview.locator('.review-label .title', { hasText: live.at(-1)!.title }).first()).toBeAttached()
    const titles = await overview.locator('.review-label .title').allTextContents()
    for (const slide of deck.slides.filter(s => s.frontmatter.appendix === true))
      expect(titles.map(t => t.trim()), `appendix slide ${slide.no} «${slide.title}» in the live deck`).not.toContain(slide.title)
    await overview.close()

    // Presenter and audience windows of one browser: the audience follows.
    const presenter = await context.newPage()
    await presenter.goto(`${url}/presenter/1`)
    await expect(presenter.locator('.slidev-note').first()).toBeVisible()
    await presenter.bringToFront()
    await presenter.keyboard.press('ArrowRight')
    await presenter.keyboard.press('ArrowRight')
    await expect(presenter).toHaveURL(/\/presenter\/(?:2|3)(?:\?|$)/)
    const where = new URL(presenter.url()).pathname.split('/').pop()
    await expect(audience).toHaveURL(new RegExp(`/${where}(?:\\?|$)`))
    await expect(audience.locator(`.slidev-page-${where}`)).toBeVisible()
    await context.close()

    // This machine only, as the dev server without a password.
    const foreign = await fetch(`http://127.0.0.1:${port}/`, { headers: { 'X-Forwarded-For': '203.0.113.9' } })
    expect(foreign.status).toBe(403)
  }
  finally {
    await stop(running)
  }
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

test('present killed outright (SIGKILL) while it builds the live deck: the build does not go on alone', async () => {
  test.setTimeout(120_000)
  const live = join(copy.root, 'dist', '.live')
  await rm(live, { recursive: true, force: true })
  const { COURSE_REMOTE_PASSWORD: _, ...env } = process.env
  // tsx as a loader, not its CLI (which runs the script in a child of its
  // own): the process killed is present itself, as `kill -9` would find it.
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/present.ts', String(LESSON.number), '--port', String(await freePort())], { cwd: copy.root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  const exited = new Promise(resolve => child.once('exit', resolve))
  let output = ''
  child.stdout.on('data', (d: Buffer) => (output += d))
  child.stderr.on('data', (d: Buffer) => (output += d))
  try {
    await expect.poll(() => output, { timeout: 60_000 }).toMatch(/^Building the live deck of lesson 1 /m)
    // The build under way in a process of present's group.
    await expect.poll(() => groupMembers(child.pid!).some(m => m.pid !== child.pid && /site-builder\.mjs|slidev/.test(m.command)), { timeout: 30_000, message: output }).toBe(true)
    process.kill(child.pid!, 'SIGKILL')
    await exited
    // Nothing of present's group is left, and what was being built stays
    // unfinished: a build going on alone would have written its page.
    await expect.poll(() => groupMembers(child.pid!), { timeout: 10_000 }).toEqual([])
    await new Promise(resolve => setTimeout(resolve, 8_000))
    expect(groupMembers(child.pid!)).toEqual([])
    expect(existsSync(join(live, `${LESSON.slug}.staging`, 'index.html')), 'the live deck was built after present was killed').toBe(false)
    expect(existsSync(join(live, LESSON.slug, 'index.html'))).toBe(false)
  }
  finally {
    try {
      process.kill(-child.pid!, 'SIGKILL')
    }
    catch {}
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
})
