/**
 * `npm run present`: from the command to slide 1 in a browser with nothing cached, running or
 * started for the talk; built and dev.
 */
import type { Buffer } from 'node:buffer'
import type { BrowserContext, Page } from 'playwright-chromium'
import { spawn } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import process from 'node:process'
import { chromium } from 'playwright-chromium'
import { lessons } from '../../data/course'
import { BUILT_MODE_LINE } from '../present/mode'
import { CHROMIUM_ARGS, resolveBrowser, SLIDE_VIEWPORT } from '../shared/browser'
import { copyProject } from '../shared/project-copy'
import { startStaticServer } from '../shared/static-server'
import { firstFrame, watchFirstFrame } from './first-frame'
import { median, NPM, round, runProcess, RUNS, TSX } from './measure'

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0)
    return true
  }
  catch {
    return false
  }
}

/**
 * `npm run present -- <args>` as the teacher types it (npm included: it is part of the wait), in its
 * own process group; resolves when `ready` shows in its output.
 */
export function startPresent(root: string, args: string[], ready: RegExp): Promise<{ stop: () => Promise<void>, output: () => string }> {
  const { COURSE_REMOTE_PASSWORD: _, ...env } = process.env
  const child = spawn(NPM, ['run', '--silent', 'present', '--', ...args], { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  const exited = new Promise<void>(resolve => child.once('exit', () => resolve()))
  const stop = async () => {
    try {
      process.kill(-child.pid!, 'SIGTERM')
    }
    catch {}
    const late = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL')
      }
      catch {}
    }, 5_000)
    await exited
    // npm leads the group: the server under it may outlive it for a moment, holding the port.
    while (groupAlive(child.pid!))
      await new Promise(resolve => setTimeout(resolve, 20))
    clearTimeout(late)
  }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => stop().then(() => reject(new Error(`present ${args.join(' ')}: not ready within 180 s:\n${output.slice(-2000)}`))), 180_000)
    const hear = (d: Buffer) => {
      output += d
      if (ready.test(output)) {
        clearTimeout(timer)
        resolve({ stop, output: () => output })
      }
    }
    child.stdout!.on('data', hear)
    child.stderr!.on('data', hear)
    exited.then(() => {
      clearTimeout(timer)
      if (!ready.test(output))
        reject(new Error(`present ${args.join(' ')} exited:\n${output.slice(-2000)}`))
    })
  })
}

/** Slide 1's title, as the first-frame timer looks for it. */
const SLIDE1_TITLE = '.slidev-page-1 h1'
/**
 * How long the running browser has been idle before the new tab. A teacher's
 * browser has been open for a while; Chromium then has a renderer ready for
 * the profile's next tab (measured here: a new tab 0.12–0.14 s, against
 * 0.31–0.37 s for the first tab of a profile, whose page then loads beside a
 * renderer still starting). 2 s is well past what that takes here.
 */
const RUNNING_IDLE_MS = 2_000

/** A Chromium started with a new profile (nothing cached, as a regular window, not incognito), closed and removed after `use`. */
async function withNewProfile<T>(use: (context: BrowserContext, launchSeconds: number) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'bench-profile-'))
  const started = performance.now()
  const context = await chromium.launchPersistentContext(dir, { executablePath: resolveBrowser().executablePath, args: CHROMIUM_ARGS, viewport: SLIDE_VIEWPORT })
  const launchSeconds = (performance.now() - started) / 1000
  try {
    return await use(context, launchSeconds)
  }
  finally {
    await context.close()
    await rm(dir, { recursive: true, force: true })
  }
}

/** From entering the address in `page` to the first frame with `selector` (slide 1's title) and its fonts, timed by the page (scripts/bench/first-frame.ts). */
async function slide1In(page: Page, url: string, selector = SLIDE1_TITLE): Promise<number> {
  await watchFirstFrame(page, selector)
  await page.goto(url, { waitUntil: 'commit' })
  return (await firstFrame(page, 120_000)).withFonts
}

/**
 * A page of one heading and nothing else (no script, no stylesheet, the system's font), served
 * by the same static server as the deck: what any page costs in a Chromium just launched. With
 * the command and the launch, it is the least a browser started for the talk could wait.
 */
const PLAIN_PAGE = '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>Kubernetes 扩展点</title></head><body><h1>Kubernetes 扩展点</h1></body></html>\n'

async function plainPageJustLaunched(): Promise<StartedBrowserWaits> {
  const root = await mkdtemp(join(tmpdir(), 'bench-plain-page-'))
  try {
    await writeFile(join(root, 'index.html'), PLAIN_PAGE)
    const server = await startStaticServer({ root, decks: [''] })
    try {
      return await inStartedBrowser(`${server.url}/`, 'h1')
    }
    finally {
      await server.close()
    }
  }
  finally {
    await rm(root, { recursive: true, force: true })
  }
}

interface RunningBrowserWaits {
  /** The browser already running (a new profile, idle for a moment): a new tab. */
  newTab: number
  /** In that tab: the address to slide 1. */
  navigation: number
}

interface StartedBrowserWaits {
  /** A browser started for the talk (a new profile): Chromium's launch to its first window. */
  launch: number
  /** In that first window, straight away: the address to slide 1. */
  navigationJustLaunched: number
}

async function inRunningBrowser(url: string): Promise<RunningBrowserWaits> {
  return withNewProfile(async (context) => {
    await new Promise(resolve => setTimeout(resolve, RUNNING_IDLE_MS))
    const started = performance.now()
    const page = await context.newPage()
    const newTab = (performance.now() - started) / 1000
    return { newTab, navigation: await slide1In(page, url) }
  })
}

async function inStartedBrowser(url: string, selector = SLIDE1_TITLE): Promise<StartedBrowserWaits> {
  return withNewProfile(async (context, launch) => {
    const page = context.pages()[0] ?? await context.newPage()
    return { launch, navigationJustLaunched: await slide1In(page, url, selector) }
  })
}

interface PresentRun extends RunningBrowserWaits, StartedBrowserWaits {
  /** From the command to its "Ready" line (or the dev server listening). */
  ready: number
}

/** The teacher's wait with the browser running (command, new tab, page) and with it started for the talk (command, launch, page). */
function waits(run: PresentRun) {
  return { browserOpen: run.ready + run.newTab + run.navigation, browserStarted: run.ready + run.launch + run.navigationJustLaunched }
}

export async function benchPresent() {
  const lesson = lessons[1]
  const port = 43_000 + Math.floor(Math.random() * 1000)
  const args = [String(lesson.number), '--port', String(port)]
  const liveUrl = `http://localhost:${port}/${lesson.slug}/?live`
  /** The command to its ready line in `root`, then `measure` in a browser; stopped after. */
  const command = async <T>(root: string, extra: string[], ready: RegExp, builtOnly: boolean, measure: () => Promise<T>): Promise<T & { ready: number }> => {
    const started = performance.now()
    const running = await startPresent(root, [...args, ...extra], ready)
    const readySeconds = (performance.now() - started) / 1000
    try {
      if (builtOnly && !running.output().split('\n').some(line => line.startsWith(BUILT_MODE_LINE)))
        throw new Error(`present did not serve the built site:\n${running.output()}`)
      return { ready: readySeconds, ...await measure() }
    }
    finally {
      await running.stop()
    }
  }
  // Each browser gets a server of its own: the dev server compiles on its first request, and
  // a second browser would find it warm. The command's time is that of the first start.
  const once = async (root: string, extra: string[], ready: RegExp, url: string, builtOnly: boolean): Promise<PresentRun> => {
    const running = await command(root, extra, ready, builtOnly, () => inRunningBrowser(url))
    const { ready: _, ...started } = await command(root, extra, ready, builtOnly, () => inStartedBrowser(url))
    return { ...running, ...started }
  }
  const firsts: PresentRun[] = []
  const built: PresentRun[] = []
  const dev: PresentRun[] = []
  const plain: StartedBrowserWaits[] = []
  // The first present after a build, in a new copy each round (tsx compiles the command's files
  // afresh for a new path): it serves the build as it is, nothing is built for the talk.
  // The later starts and the dev server run in the last copy.
  for (let copyRound = 0; copyRound < RUNS; copyRound++) {
    const copy = await copyProject('bench-present-')
    try {
      await runProcess([TSX, 'scripts/build.ts', String(lesson.number), '--no-pdf'], copy.root)
      firsts.push(await once(copy.root, [], /^Ready: /m, liveUrl, true))
      console.log(`present first start ${copyRound + 1}/${RUNS}: ${round(waits(firsts[copyRound]).browserOpen)} s with the browser running (command ${round(firsts[copyRound].ready)} s), ${round(waits(firsts[copyRound]).browserStarted)} s with Chromium started for it`)
      if (copyRound < RUNS - 1)
        continue
      for (let i = 0; i < RUNS; i++) {
        built.push(await once(copy.root, [], /^Ready: /m, liveUrl, true))
        plain.push(await plainPageJustLaunched())
        dev.push(await once(copy.root, ['--edit'], /public slide show|localhost:\d+\//, `http://localhost:${port}/1`, false))
        console.log(`present round ${i + 1}/${RUNS}: built site ${round(waits(built[i]).browserOpen)} s with the browser running (command ${round(built[i].ready)} s + new tab ${round(built[i].newTab)} s + page ${round(built[i].navigation)} s), ${round(waits(built[i]).browserStarted)} s with Chromium started for it (launch ${round(built[i].launch)} s + page ${round(built[i].navigationJustLaunched)} s); a plain page in Chromium just launched ${round(plain[i].navigationJustLaunched)} s; dev server ${round(waits(dev[i]).browserOpen)} s`)
      }
    }
    finally {
      await copy.remove()
    }
  }
  const summary = (rows: PresentRun[]) => ({
    commandToReadySeconds: round(median(rows.map(r => r.ready))),
    newTabSeconds: round(median(rows.map(r => r.newTab))),
    navigationToSlide1Seconds: round(median(rows.map(r => r.navigation))),
    browserLaunchSeconds: round(median(rows.map(r => r.launch))),
    navigationJustLaunchedSeconds: round(median(rows.map(r => r.navigationJustLaunched))),
    commandToSlide1BrowserOpenSeconds: round(median(rows.map(r => waits(r).browserOpen))),
    commandToSlide1BrowserStartedSeconds: round(median(rows.map(r => waits(r).browserStarted))),
  })
  const builtSite = summary(built)
  const firstPresentAfterBuild = summary(firsts)
  const plainPageSeconds = median(plain.map(p => p.navigationJustLaunched))
  const plainLaunchSeconds = median(plain.map(p => p.launch))
  return {
    what: {
      command: `npm run present -- ${lesson.number} as typed (npm, tsx, the mode check, the server), to its "Ready" line; Slidev's dev server (--edit) to its listening line`,
      browser: `a Chromium with a new profile (nothing cached; a regular window, not incognito). Browser open: it has run idle for ${RUNNING_IDLE_MS / 1000} s, then a new tab (newTab) and from entering the address to the first frame with slide 1's title and its fonts, timed by the page (navigationToSlide1); commandToSlide1BrowserOpen = command + tab + page. Browser started: another new profile, its launch to the first window (browserLaunch), then the address in that window at once (navigationJustLaunched); commandToSlide1BrowserStarted = command + launch + page. Each browser is measured against a start of the command of its own (the dev server compiles on its first request); the command's time is that of the first`,
      builtSite: `npm run present -- ${lesson.number} when the build is current: the live view /${lesson.slug}/?live`,
      devServer: `npm run present -- ${lesson.number} --edit (Slidev's dev server, which compiles the deck on the first request)`,
      firstPresentAfterBuild: 'the first npm run present after npm run build, each in a new copy of the project: nothing is built for the talk',
      plainPageJustLaunched: 'the floor under the browser-started figures: a page of one heading (no script, no stylesheet, the system\'s font) from the same static server, in a Chromium just launched with a new profile (launch, then the address to the first frame with the heading); plus the command to Ready (first start, later starts), the least a browser started for the talk could wait for any page',
    },
    lesson: lesson.slug,
    builtSite,
    devServer: summary(dev),
    firstPresentAfterBuild,
    plainPageJustLaunched: {
      browserLaunchSeconds: round(plainLaunchSeconds),
      navigationToHeadingSeconds: round(plainPageSeconds),
      firstStartCommandLaunchAndPlainPageSeconds: round(median(firsts.map(r => r.ready)) + plainLaunchSeconds + plainPageSeconds),
      laterStartCommandLaunchAndPlainPageSeconds: round(median(built.map(r => r.ready)) + plainLaunchSeconds + plainPageSeconds),
    },
    targets: {
      firstStartUnder2sBrowserOpen: firstPresentAfterBuild.commandToSlide1BrowserOpenSeconds < 2,
      firstStartUnder2sBrowserStarted: firstPresentAfterBuild.commandToSlide1BrowserStartedSeconds < 2,
    },
  }
}
