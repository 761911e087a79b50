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
import { median, round, runProcess, RUNS, TSX } from './measure'

/** `npm run present` as a process, in its own process group; resolves when `ready` shows in its output. */
export function startPresent(root: string, args: string[], ready: RegExp): Promise<{ stop: () => Promise<void>, output: () => string }> {
  const { COURSE_REMOTE_PASSWORD: _, ...env } = process.env
  const child = spawn(process.execPath, [TSX, 'scripts/present.ts', ...args], { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
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

/** A browser with nothing cached, from its launch to slide 1's title on screen with its fonts. */
export async function coldSlide1(url: string): Promise<number> {
  const started = performance.now()
  const browser = await chromium.launch({ executablePath: resolveBrowser().executablePath, args: CHROMIUM_ARGS })
  try {
    const page = await browser.newPage({ viewport: { width: 980, height: 552 } })
    await page.goto(url)
    await page.locator('.slidev-page-1 h1').waitFor({ state: 'visible', timeout: 120_000 })
    await page.evaluate(() => document.fonts.ready)
    return (performance.now() - started) / 1000
  }
  finally {
    await browser.close()
  }
}

export async function benchPresent() {
  const lesson = lessons[1]
  const copy = await copyProject('bench-present-')
  const port = 43_000 + Math.floor(Math.random() * 1000)
  try {
    await runProcess([TSX, 'scripts/build.ts', String(lesson.number), '--no-pdf'], copy.root)
    const args = [String(lesson.number), '--port', String(port)]
    // The first present after a build makes the live deck once.
    let started = performance.now()
    const first = await startPresent(copy.root, args, /^Ready: /m)
    const firstSeconds = (performance.now() - started) / 1000
    await first.stop()
    const built: { ready: number, slide1: number, total: number }[] = []
    const dev: { ready: number, slide1: number, total: number }[] = []
    for (let i = 0; i < RUNS; i++) {
      started = performance.now()
      const running = await startPresent(copy.root, args, /^Ready: /m)
      const ready = (performance.now() - started) / 1000
      try {
        if (!/^Mode: the built site, because its live deck is built from the current sources/m.test(running.output()))
          throw new Error(`present did not serve the built site:\n${running.output()}`)
        const slide1 = await coldSlide1(`http://localhost:${port}/1`)
        built.push({ ready, slide1, total: ready + slide1 })
      }
      finally {
        await running.stop()
      }
      started = performance.now()
      const editing = await startPresent(copy.root, [...args, '--edit'], /public slide show|localhost:\d+\//)
      const devReady = (performance.now() - started) / 1000
      try {
        const slide1 = await coldSlide1(`http://localhost:${port}/1`)
        dev.push({ ready: devReady, slide1, total: devReady + slide1 })
      }
      finally {
        await editing.stop()
      }
      console.log(`present round ${i + 1}/${RUNS}: built site ${round(built[i].total)} s (command ${round(built[i].ready)} s + cold browser ${round(built[i].slide1)} s); dev server ${round(dev[i].total)} s`)
    }
    const med = (rows: typeof built, key: keyof typeof built[0]) => round(median(rows.map(r => r[key])))
    return {
      what: {
        builtSite: `npm run present -- ${lesson.number} when the build is current and its live deck made: from the command to "Ready" (the server up), then a browser launched with nothing cached to slide 1's title on screen with its fonts`,
        devServer: `npm run present -- ${lesson.number} --edit (Slidev's dev server): from the command to the server listening, then the same cold browser to slide 1 (the dev server compiles the deck on this first request)`,
        firstPresentAfterBuild: 'the first npm run present after npm run build: it builds the live deck (appendix hidden) once, then serves it',
      },
      lesson: lesson.slug,
      builtSite: { commandToReadySeconds: med(built, 'ready'), coldBrowserToSlide1Seconds: med(built, 'slide1'), totalSeconds: med(built, 'total') },
      devServer: { commandToListeningSeconds: med(dev, 'ready'), coldBrowserToSlide1Seconds: med(dev, 'slide1'), totalSeconds: med(dev, 'total') },
      firstPresentAfterBuildSeconds: round(firstSeconds),
      targets: { slide1Under2sFromColdBrowser: med(built, 'slide1') < 2 },
    }
  }
  finally {
    await copy.remove()
  }
}

// ------------------------------------------------------------------ render check
