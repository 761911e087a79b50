/**
 * How `npm run present` shows a lesson: from its build, at once, or from
 * Slidev's dev server, which compiles on the first request (slide 1 after
 * about 6–14 s here, by the benchmark) but reloads as the slides change.
 *
 * The build is used when it is current (its stamp matches the sources,
 * scripts/build/plan.ts): the same site as the review site, dist/lesson-N/,
 * served under /lesson-N/ and opened with `?live`, which makes it the live
 * deck in the browser (setup/live-view.ts): the appendix left out
 * (setup/main.ts), the pace beside the presenter's timer. Nothing is built
 * for the talk, so the first start after `npm run build` is as quick as the
 * next. Presenter and audience windows of one browser stay in sync through
 * the browser (a Slidev build syncs its tabs with a BroadcastChannel).
 *
 * The dev server is used:
 * - with --edit (to change the slides while presenting);
 * - with a remote screen (--remote or COURSE_REMOTE_PASSWORD): a tablet or
 *   second machine follows the presenter only through Slidev's server (its
 *   WebSocket); a built site syncs the windows of one browser only. The
 *   guard (scripts/present/remote-guard.ts) could judge a static server's requests
 *   just as well, but the tablet would not follow: so remote stays on the
 *   dev server and its guard;
 * - with --force (it re-optimises the dev server's dependencies) or
 *   COURSE_SHOW_APPENDIX=1 (the appendix shows in the dev server only);
 * - when the sources changed since the last `npm run build`, or the lesson
 *   was never built.
 *
 * The built site is served like the dev server without a password: on
 * 127.0.0.1 only, every request judged by the remote guard's gate first (a
 * Host that is not this machine's, a proxy header, a write from another
 * site: refused), GET and HEAD only, dotfiles never (scripts/serve.ts).
 */
import type { IncomingMessage } from 'node:http'
import type { Lesson } from '../../data/course'
import type { InputSet, Stamp } from '../build/plan'
import type { StaticServer } from '../shared/static-server'
import type { PresentOptions } from './args'
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import net from 'node:net'
import { join } from 'node:path'
import process from 'node:process'
import { changedFiles, describeChanges, lessonInputs, readStamp, siteStampOf } from '../build/plan'
import { SHOW_APPENDIX_ENV } from '../shared/appendix'
import { basePathOf, DIST_DIR, siteDirOf } from '../shared/project'
import { startStaticServer } from '../shared/static-server'
import { createGate, refusalText } from './remote-guard'

/** The query that makes a built site the live deck (setup/live-view.ts reads it). */
export const LIVE_QUERY = 'live'

/** Slidev's default port, and how far up `present` looks for a free one when none is given. */
export const DEFAULT_PORT = 3030
const PORT_TRIES = 20

export interface ModeFacts {
  edit: boolean
  remote: boolean
  force: boolean
  showAppendix: boolean
  /** The lesson's inputs now (those of npm run build). */
  inputs: InputSet
  /** The build's (npm run build) stamp, and whether it is there. */
  site?: Stamp
  siteBuilt: boolean
}

export type Mode
  = | { mode: 'built', reason: string }
    | { mode: 'dev', reason: string }

/** Which server presents the lesson, and why. Pure: the facts are gathered by `modeFacts`. */
export function chooseMode(facts: ModeFacts): Mode {
  if (facts.edit)
    return { mode: 'dev', reason: '--edit: Slidev\'s dev server reloads the slides as you change them' }
  if (facts.remote)
    return { mode: 'dev', reason: 'a remote screen follows the presenter only through Slidev\'s server (a built site syncs the windows of one browser)' }
  if (facts.force)
    return { mode: 'dev', reason: '--force re-optimises the dev server\'s dependencies' }
  if (facts.showAppendix)
    return { mode: 'dev', reason: `${SHOW_APPENDIX_ENV}=1: the appendix shows in the dev server only` }
  if (facts.site?.hash === facts.inputs.hash && facts.siteBuilt)
    return { mode: 'built', reason: `the build is current (${facts.site.built.slice(0, 16).replace('T', ' ')} UTC); the live view leaves the appendix out` }
  if (!facts.site || !facts.siteBuilt)
    return { mode: 'dev', reason: 'the lesson is not built (or its last build failed)' }
  return { mode: 'dev', reason: `the sources changed since the last npm run build (${describeChanges(changedFiles(facts.site.files, facts.inputs.files))})` }
}

/** What `chooseMode` decides on, read from the project and dist/. */
export async function modeFacts(options: PresentOptions, env: NodeJS.ProcessEnv = process.env): Promise<ModeFacts> {
  const site = siteDirOf(options.lesson)
  return {
    edit: options.edit,
    remote: !!options.password,
    force: options.force,
    showAppendix: env[SHOW_APPENDIX_ENV] === '1',
    inputs: await lessonInputs(options.lesson),
    site: await readStamp(siteStampOf(site)),
    siteBuilt: existsSync(join(site, 'index.html')),
  }
}

/** How `describeMode` begins when present serves the build (the build and the benchmark read it). */
export const BUILT_MODE_LINE = 'Mode: the built site, because '

export function describeMode(mode: Mode, lesson: Lesson): string {
  if (mode.mode === 'built') {
    return [
      `${BUILT_MODE_LINE}${mode.reason}. Slide 1 shows at once.`,
      `  (npm run present -- ${lesson.number} --edit for Slidev's dev server, which reloads as you edit.)`,
    ].join('\n')
  }
  return [
    `Mode: Slidev's dev server, because ${mode.reason}.`,
    '  It compiles the deck on the first request: slide 1 may take 10 s or more.',
    ...(/sources changed|not built/.test(mode.reason) ? [`  npm run build -- ${lesson.number} makes the next present start at once from the built site.`] : []),
  ].join('\n')
}

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer()
    probe.once('error', () => resolve(false))
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)))
  })
}

/** The port asked for, which must be free; or the first free one from 3030 up, as Slidev does. */
export async function choosePort(asked: number | undefined): Promise<number> {
  if (asked !== undefined) {
    if (!(await portFree(asked)))
      throw new Error(`Port ${asked} is already in use: choose another with --port <n>.`)
    return asked
  }
  for (let port = DEFAULT_PORT; port < DEFAULT_PORT + PORT_TRIES; port++) {
    if (await portFree(port))
      return port
  }
  throw new Error(`Ports ${DEFAULT_PORT}–${DEFAULT_PORT + PORT_TRIES - 1} are all in use: choose one with --port <n>.`)
}

/** The remote guard's gate without a password: this machine only, no cross-site writes. */
export function localGate(): (req: IncomingMessage) => { status: number, body: string } | undefined {
  const gate = createGate({ log: line => console.warn(`[present] ${line}`) })
  return (req) => {
    const verdict = gate.request(req)
    return verdict.allowed ? undefined : { status: verdict.status, body: refusalText(verdict) }
  }
}

function openBrowser(url: string) {
  const [command, args] = process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]]
  const child = spawn(command, args as string[], { stdio: 'ignore', detached: true })
  child.on('error', () => console.warn(`Could not open a browser (${command}); open ${url} yourself.`))
  child.unref()
}

/**
 * Presents the lesson from its build (dist/lesson-N/, the review site's),
 * served on 127.0.0.1 under /lesson-N/ until interrupted; the URLs it prints
 * carry `?live`, which makes it the live deck. Resolves with the server.
 */
export async function presentBuilt(options: PresentOptions, distDir = DIST_DIR): Promise<StaticServer> {
  const port = await choosePort(options.port)
  const server = await startStaticServer({ root: distDir, decks: [options.lesson.slug], port, host: '127.0.0.1', gate: localGate() })
  const deck = `http://localhost:${port}${basePathOf(options.lesson)}`
  console.log([
    'Remote screen: off. The built site is served on this machine only (127.0.0.1); other machines are refused.',
    `  For a tablet or second machine: npm run present -- ${options.lesson.number} --remote (Slidev's dev server).`,
    `Ready: presenter ${deck}presenter/?${LIVE_QUERY} , audience ${deck}?${LIVE_QUERY} (same browser: they stay in sync). Ctrl-C stops.`,
  ].join('\n'))
  if (options.open)
    openBrowser(`${deck}?${LIVE_QUERY}`)
  return server
}
