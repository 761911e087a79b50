/**
 * `npm run present`: from the command to slide 1 in a cold browser, built and dev.
 */
import type { Buffer } from 'node:buffer'
import { spawn } from 'node:child_process'
import process from 'node:process'
import { chromium } from 'playwright-chromium'
import { lessons } from '../../data/course'
import { CHROMIUM_ARGS, resolveBrowser } from '../shared/browser'
import { copyProject } from '../shared/project-copy'
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

export interface ColdSlide1 {
  /** Chromium's own start: the teacher's browser is usually running already. */
  launch: number
  /** A new tab (its renderer) in a new profile with nothing cached. */
  newTab: number
  /** From entering the address to the first frame with slide 1's title and its fonts, timed by the page (scripts/bench/first-frame.ts). */
  navigation: number
}

/** A browser with nothing cached, from its launch to slide 1's title on screen with its fonts, in three parts. */
export async function coldSlide1(url: string): Promise<ColdSlide1> {
  let started = performance.now()
  const browser = await chromium.launch({ executablePath: resolveBrowser().executablePath, args: CHROMIUM_ARGS })
  const launch = (performance.now() - started) / 1000
  try {
    started = performance.now()
    const page = await browser.newPage({ viewport: { width: 980, height: 552 } })
    const newTab = (performance.now() - started) / 1000
    await watchFirstFrame(page, '.slidev-page-1 h1')
    await page.goto(url, { waitUntil: 'commit' })
    return { launch, newTab, navigation: (await firstFrame(page, 120_000)).withFonts }
  }
  finally {
    await browser.close()
  }
}

interface PresentRun extends ColdSlide1 {
  /** From the command to its "Ready" line (or the dev server listening). */
  ready: number
}

/** The teacher's wait with the browser open (command, then the address in a new tab) and with it started cold as well. */
function waits(run: PresentRun) {
  return { browserOpen: run.ready + run.newTab + run.navigation, browserStarted: run.ready + run.launch + run.newTab + run.navigation }
}

export async function benchPresent() {
  const lesson = lessons[1]
  const copy = await copyProject('bench-present-')
  const port = 43_000 + Math.floor(Math.random() * 1000)
  try {
    await runProcess([TSX, 'scripts/build.ts', String(lesson.number), '--no-pdf'], copy.root)
    const args = [String(lesson.number), '--port', String(port)]
    const liveUrl = `http://localhost:${port}/${lesson.slug}/?live`
    const once = async (extra: string[], ready: RegExp, url: string, builtOnly: boolean): Promise<PresentRun> => {
      const started = performance.now()
      const running = await startPresent(copy.root, [...args, ...extra], ready)
      const readySeconds = (performance.now() - started) / 1000
      try {
        if (builtOnly && !/^Mode: the built site, because the build is current/m.test(running.output()))
          throw new Error(`present did not serve the built site:\n${running.output()}`)
        return { ready: readySeconds, ...await coldSlide1(url) }
      }
      finally {
        await running.stop()
      }
    }
    // The first present after a build: it serves the build as it is (nothing built for the talk).
    const first = await once([], /^Ready: /m, liveUrl, true)
    const built: PresentRun[] = []
    const dev: PresentRun[] = []
    for (let i = 0; i < RUNS; i++) {
      built.push(await once([], /^Ready: /m, liveUrl, true))
      dev.push(await once(['--edit'], /public slide show|localhost:\d+\//, `http://localhost:${port}/1`, false))
      console.log(`present round ${i + 1}/${RUNS}: built site ${round(waits(built[i]).browserOpen)} s with the browser open (command ${round(built[i].ready)} s + tab ${round(built[i].newTab)} s + page ${round(built[i].navigation)} s; Chromium's start ${round(built[i].launch)} s more); dev server ${round(waits(dev[i]).browserOpen)} s`)
    }
    const summary = (rows: PresentRun[]) => ({
      commandToReadySeconds: round(median(rows.map(r => r.ready))),
      newTabSeconds: round(median(rows.map(r => r.newTab))),
      navigationToSlide1Seconds: round(median(rows.map(r => r.navigation))),
      browserLaunchSeconds: round(median(rows.map(r => r.launch))),
      commandToSlide1BrowserOpenSeconds: round(median(rows.map(r => waits(r).browserOpen))),
      commandToSlide1BrowserStartedSeconds: round(median(rows.map(r => waits(r).browserStarted))),
    })
    const builtSite = summary(built)
    const firstPresentAfterBuild = summary([first])
    return {
      what: {
        command: `npm run present -- ${lesson.number} as typed (npm, tsx, the mode check, the server), to its "Ready" line; Slidev's dev server (--edit) to its listening line`,
        browser: 'a Chromium profile with nothing cached: its launch (browserLaunch), a new tab (newTab), then from entering the address to the first frame with slide 1\'s title and its fonts, timed by the page (navigationToSlide1); commandToSlide1BrowserOpen adds the command, the tab and the page (the teacher\'s browser already running), commandToSlide1BrowserStarted adds Chromium\'s launch as well',
        builtSite: `npm run present -- ${lesson.number} when the build is current: the live view /${lesson.slug}/?live`,
        devServer: `npm run present -- ${lesson.number} --edit (Slidev's dev server, which compiles the deck on the first request)`,
        firstPresentAfterBuild: 'the first npm run present after npm run build (one sample): nothing is built for the talk',
      },
      lesson: lesson.slug,
      builtSite,
      devServer: summary(dev),
      firstPresentAfterBuild,
      targets: {
        firstStartUnder2sBrowserOpen: firstPresentAfterBuild.commandToSlide1BrowserOpenSeconds < 2,
        firstStartUnder2sBrowserStarted: firstPresentAfterBuild.commandToSlide1BrowserStartedSeconds < 2,
      },
    }
  }
  finally {
    await copy.remove()
  }
}
