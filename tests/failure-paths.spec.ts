/**
 * Every command exits when it fails: with a non-zero status, the reason on
 * stderr, within seconds, and after closing what it opened. Each failure is
 * run for real in a subprocess (its own process group) with a time limit.
 *
 * "Closed what it opened" is checked twice: the command's watchdog
 * (scripts/shared/exit.ts) did not have to step in (it names what held the process
 * open, which would mean a browser, server or child was left open), and no
 * process of the command's group (Chromium, Slidev, esbuild) outlives it.
 *
 * Node only: no browser page is opened here.
 */
import type { AddressInfo } from 'node:net'
import type { Outcome } from './support/subprocess'
import { spawn } from 'node:child_process'
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import net from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import process from 'node:process'
import { expect, test } from '@playwright/test'
import { resolveBrowser } from '../scripts/shared/browser'
import { ROOT } from '../scripts/shared/project'
import { groupAlive, runInGroup } from './support/subprocess'

const TSX = createRequire(import.meta.url).resolve('tsx/cli')
const PLAYWRIGHT = createRequire(import.meta.url).resolve('@playwright/test/cli')
const NO_BROWSER = '/nonexistent/chromium'

/** Runs a command in its own process group; kills the group after `limitMs`. */
function run(args: string[], env: NodeJS.ProcessEnv = {}, limitMs = 60_000): Promise<Outcome> {
  return runInGroup(args, { cwd: ROOT, env, limitMs })
}

function expectCleanFailure(outcome: Outcome, message: RegExp, withinSeconds: number) {
  const shown = `exit ${outcome.status} (${outcome.signal ?? 'no signal'}) after ${outcome.seconds} s\nstdout: ${outcome.stdout.slice(-1500)}\nstderr: ${outcome.stderr.slice(-3000)}`
  expect(outcome.signal, `killed at the time limit: it hung\n${shown}`).toBeNull()
  expect(outcome.status, shown).not.toBe(0)
  expect(outcome.stderr, shown).toMatch(message)
  expect(outcome.stderr, `something held the process open\n${shown}`).not.toMatch(/still running .* held open by/)
  expect(outcome.seconds, shown).toBeLessThan(withinSeconds)
  expect(outcome.leftovers, `a process of the command outlived it\n${shown}`).toBe(false)
}

/** Holds a TCP port on 127.0.0.1 for the duration of `fn`. */
async function withPortTaken<T>(fn: (port: number) => Promise<T>): Promise<T> {
  const holder = net.createServer()
  await new Promise<void>(resolve => holder.listen(0, '127.0.0.1', resolve))
  try {
    return await fn((holder.address() as AddressInfo).port)
  }
  finally {
    await new Promise(resolve => holder.close(resolve))
  }
}

let scratch: string

test.beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'failure-paths-'))
})

test.afterAll(async () => {
  await rm(scratch, { recursive: true, force: true })
})

test.describe('no browser: the commands that need one say so before doing anything else', () => {
  test('npm run build: fails at once, before building any site, and points at --no-pdf', async () => {
    const outcome = await run([TSX, 'scripts/build.ts', '1'], { CHROMIUM_PATH: NO_BROWSER })
    expectCleanFailure(outcome, /^Build failed: CHROMIUM_PATH is set to "\/nonexistent\/chromium", but no file exists there\.\n {2}Or build the sites without the PDFs: npm run build -- --no-pdf/m, 15)
    expect(outcome.stdout).not.toMatch(/built dist/)
  })

  test('npm run export', async () => {
    const outcome = await run([TSX, 'scripts/export.ts', '1'], { CHROMIUM_PATH: NO_BROWSER })
    expectCleanFailure(outcome, /^Export failed: CHROMIUM_PATH is set to "\/nonexistent\/chromium"/m, 15)
  })

  test('npm run bench: fails at once, before the builds it measures', async () => {
    const outcome = await run([TSX, 'scripts/bench.ts'], { CHROMIUM_PATH: NO_BROWSER })
    // Its imports alone (the whole pipeline) take a few seconds on a busy machine.
    expectCleanFailure(outcome, /^Benchmark failed: CHROMIUM_PATH is set to "\/nonexistent\/chromium"/m, 30)
    expect(outcome.stdout).not.toMatch(/site build/)
  })

  test('npm run check: fails at once, before serving or walking anything', async () => {
    const outcome = await run([TSX, 'scripts/check.ts', '1'], { CHROMIUM_PATH: NO_BROWSER })
    expectCleanFailure(outcome, /^Check failed: CHROMIUM_PATH is set to "\/nonexistent\/chromium", but no file exists there\./m, 15)
    expect(outcome.stdout).not.toMatch(/Render check of/)
  })

  test('the render check: npm run check', async () => {
    const outcome = await run([TSX, 'scripts/check.ts', '1'], { CHROMIUM_PATH: NO_BROWSER })
    expectCleanFailure(outcome, /^Check failed: CHROMIUM_PATH is set to "\/nonexistent\/chromium"/m, 15)
  })

  test('the render check as a test (npx playwright test tests/render.spec.ts)', async () => {
    const outcome = await run([PLAYWRIGHT, 'test', 'tests/render.spec.ts'], { CHROMIUM_PATH: NO_BROWSER })
    expectCleanFailure(outcome, /CHROMIUM_PATH is set to "\/nonexistent\/chromium", but no file exists there/, 30)
  })
})

test.describe('a browser that fails: the command closes its server and exits', () => {
  test('Chromium does not start', async () => {
    // `false` exits at once: the launch fails after the static server is up.
    const outcome = await run([TSX, 'scripts/export.ts', '1'], { CHROMIUM_PATH: '/bin/false' })
    expectCleanFailure(outcome, /^Export failed: browserType\.launch: /m, 30)
  })

  test('Chromium crashes in the middle of the export', async () => {
    test.setTimeout(120_000)
    // A Chromium that is killed 1.5 s after it starts: by then the server is
    // up, the browser launched and the lesson being read or printed.
    const crashing = join(scratch, 'crashing-chromium')
    await writeFile(crashing, `#!/bin/sh\n"${resolveBrowser().executablePath}" "$@" &\npid=$!\nsleep 1.5\nkill -9 $pid\nwait $pid\nexit 137\n`)
    await chmod(crashing, 0o755)
    const outcome = await run([TSX, 'scripts/export.ts', '1'], { CHROMIUM_PATH: crashing }, 90_000)
    expectCleanFailure(outcome, /^Export failed: (?:the browser closed while in use|browserType\.launch|\w+\.\w+: Target page, context or browser has been closed)/m, 60)
    expect(outcome.stdout, 'no PDF was written').not.toMatch(/^wrote /m)
  })

  test('Chromium crashes in the middle of the render check', async () => {
    test.setTimeout(120_000)
    const crashing = join(scratch, 'crashing-chromium-check')
    await writeFile(crashing, `#!/bin/sh\n"${resolveBrowser().executablePath}" "$@" &\npid=$!\nsleep 1.5\nkill -9 $pid\nwait $pid\nexit 137\n`)
    await chmod(crashing, 0o755)
    const outcome = await run([TSX, 'scripts/check.ts', '1', '--light'], { CHROMIUM_PATH: crashing }, 90_000)
    expectCleanFailure(outcome, /^Check failed: (?:the browser closed while in use|browserType\.launch|\w+\.\w+: Target page, context or browser has been closed)/m, 60)
  })
})

test.describe('servers that cannot start, or are killed', () => {
  test('npm run present: the port is taken', async () => {
    test.setTimeout(120_000)
    await withPortTaken(async (port) => {
      const outcome = await run(['scripts/present.cjs', '2', '--port', String(port)], { COURSE_REMOTE_PASSWORD: '' }, 90_000)
      expectCleanFailure(outcome, new RegExp(`Port ${port} is already in use`), 60)
    })
  })

  test('npm run present killed outright (SIGKILL): Slidev does not outlive it', async () => {
    test.setTimeout(120_000)
    const probe = net.createServer()
    await new Promise<void>(resolve => probe.listen(0, '127.0.0.1', resolve))
    const port = (probe.address() as AddressInfo).port
    await new Promise(resolve => probe.close(resolve))
    // What npm runs, without npm in between, so that its pid is the one killed;
    // --edit: Slidev's dev server even when the lesson's build is current.
    const child = spawn(process.execPath, ['scripts/present.cjs', '2', '--edit', '--port', String(port)], { cwd: ROOT, detached: true, stdio: 'ignore', env: { ...process.env, COURSE_REMOTE_PASSWORD: '' } })
    try {
      await expect.poll(() => new Promise<boolean>((resolve) => {
        const socket = net.connect({ host: '127.0.0.1', port }, () => resolve(!!socket.destroy()))
        socket.once('error', () => resolve(false))
      }), { timeout: 90_000 }).toBe(true)
      process.kill(child.pid!, 'SIGKILL')
      // Slidev sees its IPC channel to present.ts close, and exits.
      await expect.poll(() => groupAlive(child.pid!), { timeout: 10_000 }).toBe(false)
    }
    finally {
      try {
        process.kill(-child.pid!, 'SIGKILL')
      }
      catch {}
    }
  })

  test('npm run present: an option it refuses', async () => {
    const outcome = await run(['scripts/present.cjs', '2', '--tunnel.a'])
    expectCleanFailure(outcome, /^--tunnel\.a: a tunnel is never allowed/m, 15)
  })

  test('npm run serve: the port is taken', async () => {
    await withPortTaken(async (port) => {
      const outcome = await run([TSX, 'scripts/serve.ts', '--port', String(port)])
      expectCleanFailure(outcome, new RegExp(`^Serve failed: port ${port} on 127\\.0\\.0\\.1 is already in use`, 'm'), 15)
    })
  })

  test('npm run serve: nothing to serve', async () => {
    const outcome = await run([TSX, 'scripts/serve.ts', '--root', join(scratch, 'no-such-dist')])
    expectCleanFailure(outcome, /^Serve failed: Nothing to serve: .*no-such-dist does not exist\. Run `npm run build` first\./m, 15)
  })

  test('npm run serve: a port that is not one', async () => {
    const outcome = await run([TSX, 'scripts/serve.ts', '--port', 'eighty'])
    expectCleanFailure(outcome, /^Serve failed: --port needs a port number \(1–65535\), not "eighty"\./m, 15)
  })
})

test.describe('the watchdog', () => {
  test('a failed command that something still holds open is ended, and the culprit named', async () => {
    // A command that fails but forgets its server: scripts/shared/exit.ts ends it.
    const forgetful = join(scratch, 'forgetful.mts')
    await writeFile(forgetful, [
      `import http from 'node:http'`,
      `import { failCommand } from ${JSON.stringify(join(ROOT, 'scripts', 'shared', 'exit.ts'))}`,
      `http.createServer().listen(0, '127.0.0.1', () => failCommand('Forgetful failed', new Error('on purpose'), 1000))`,
    ].join('\n'))
    const outcome = await run([TSX, forgetful])
    expect(outcome.signal).toBeNull()
    expect(outcome.status).toBe(1)
    expect(outcome.stderr).toMatch(/^Forgetful failed: on purpose$/m)
    expect(outcome.stderr).toMatch(/Forgetful failed: still running 1 s after the failure, held open by Server \{"address":"127\.0\.0\.1","family":"IPv4","port":\d+\}.*Exiting\./)
    expect(outcome.seconds).toBeLessThan(15)
  })
})

test.describe('bad input', () => {
  for (const [script, label] of [['scripts/lint-slides.ts', 'Lint failed'], ['scripts/build.ts', 'Build failed'], ['scripts/export.ts', 'Export failed'], ['scripts/check.ts', 'Check failed']] as const) {
    test(`${script}: an unknown lesson`, async () => {
      const outcome = await run([TSX, script, '9'])
      expectCleanFailure(outcome, new RegExp(`^${label}: Unknown lesson "9"\\. Choose one of: 1 `, 'm'), 15)
    })
  }
})
