/**
 * How `npm run present` shows a lesson: from its built live deck, at once,
 * or from Slidev's dev server, which compiles on the first request (slide 1
 * after about 6–14 s here, by the benchmark) but reloads as the slides change.
 *
 * The built site is used when it is current: the lesson's live variant
 * (dist/.live/lesson-N/, the live deck built for the root with the appendix
 * hidden, scripts/shared/appendix.ts) carries a stamp of the same inputs as
 * `npm run build` (scripts/build/plan.ts). When only the ordinary build is
 * current, the live variant is built once, here, and kept for the next time.
 * Presenter and audience windows of one browser stay in sync through the
 * browser (a Slidev build syncs its tabs with a BroadcastChannel).
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
import { join, relative } from 'node:path'
import process from 'node:process'
import { changedFiles, describeChanges, hashFiles, lessonInputPaths, lessonInputs, readStamp, removeStamp, siteStampOf, writeStamp } from '../build/plan'
import { LIVE_BUILD_ENV, SHOW_APPENDIX_ENV } from '../shared/appendix'
import { DIST_DIR, entryOf, ROOT, siteDirOf } from '../shared/project'
import { startStaticServer } from '../shared/static-server'
import { createGate, refusalText } from './remote-guard'

/** Where the live variants are kept (a dot-folder: `npm run serve` never serves it). */
export const LIVE_DIR = join(DIST_DIR, '.live')
export const liveSiteDirOf = (lesson: { slug: string }, liveDir = LIVE_DIR) => join(liveDir, lesson.slug)

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
  /** The live variant's inputs now: the lesson's and this module, which builds it. */
  liveInputs: InputSet
  /** The live variant's stamp, and whether its index.html is there. */
  live?: Stamp
  liveBuilt: boolean
  /** The ordinary build's (npm run build) stamp, and whether it is there. */
  site?: Stamp
  siteBuilt: boolean
}

export type Mode
  = | { mode: 'built', buildLive: boolean, reason: string }
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
  if (facts.live?.hash === facts.liveInputs.hash && facts.liveBuilt)
    return { mode: 'built', buildLive: false, reason: `its live deck is built from the current sources (${facts.live.built.slice(0, 16).replace('T', ' ')} UTC)` }
  if (facts.site?.hash === facts.inputs.hash && facts.siteBuilt)
    return { mode: 'built', buildLive: true, reason: 'the build is current; its live deck (appendix hidden) is built once now and kept for next time' }
  if (!facts.site || !facts.siteBuilt)
    return { mode: 'dev', reason: 'the lesson is not built (or its last build failed)' }
  return { mode: 'dev', reason: `the sources changed since the last npm run build (${describeChanges(changedFiles(facts.site.files, facts.inputs.files))})` }
}

/** The module that builds the live variant: an input of the variant, not of npm run build. */
export const LIVE_BUILDER = 'scripts/present/mode.ts'

export async function liveInputs(lesson: { slug: string }): Promise<InputSet> {
  return hashFiles(ROOT, [...await lessonInputPaths(lesson), LIVE_BUILDER])
}

/** What `chooseMode` decides on, read from the project and dist/. */
export async function modeFacts(options: PresentOptions, env: NodeJS.ProcessEnv = process.env): Promise<ModeFacts> {
  const live = liveSiteDirOf(options.lesson)
  const site = siteDirOf(options.lesson)
  return {
    edit: options.edit,
    remote: !!options.password,
    force: options.force,
    showAppendix: env[SHOW_APPENDIX_ENV] === '1',
    inputs: await lessonInputs(options.lesson),
    liveInputs: await liveInputs(options.lesson),
    live: await readStamp(siteStampOf(live)),
    liveBuilt: existsSync(join(live, 'index.html')),
    site: await readStamp(siteStampOf(site)),
    siteBuilt: existsSync(join(site, 'index.html')),
  }
}

export function describeMode(mode: Mode, lesson: Lesson): string {
  if (mode.mode === 'built') {
    return [
      `Mode: the built site, because ${mode.reason}. Slide 1 shows at once${mode.buildLive ? ' after that' : ''}.`,
      `  (npm run present -- ${lesson.number} --edit for Slidev's dev server, which reloads as you edit.)`,
    ].join('\n')
  }
  return [
    `Mode: Slidev's dev server, because ${mode.reason}.`,
    '  It compiles the deck on the first request: slide 1 may take 10 s or more.',
    ...(/sources changed|not built/.test(mode.reason) ? [`  npm run build -- ${lesson.number} makes the next present start at once from the built site.`] : []),
  ].join('\n')
}

/** The build module, loaded only to build (it brings the deck parser: half a second at start). */
let builder: typeof import('../build/sites') | undefined

/** Builds the live variant: the live deck (appendix hidden) for the root, stamped with `inputs`. */
export async function buildLiveSite(lesson: Lesson, inputs: InputSet, liveDir = LIVE_DIR): Promise<void> {
  const dir = liveSiteDirOf(lesson, liveDir)
  await removeStamp(siteStampOf(dir))
  const { [SHOW_APPENDIX_ENV]: _, ...env } = process.env
  builder ??= await import('../build/sites')
  const liveEnv = { ...env, [LIVE_BUILD_ENV]: '1' }
  // In the warm builder: it ends with present, even one killed outright
  // (SIGKILL), where a `slidev build` process would build on alone.
  const warm = await builder.startSiteBuilder(liveEnv)
  try {
    await builder.buildSite(entryOf(lesson), '/', dir, liveEnv, warm)
  }
  finally {
    warm?.close()
  }
  await writeStamp(siteStampOf(dir), inputs)
}

/** Stops a live deck's build under way (present was interrupted). */
export function stopLiveBuild(signal: NodeJS.Signals): void {
  void builder?.stopBuilds(signal)
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
 * Presents the lesson from its built live deck: builds it first if asked,
 * then serves it on 127.0.0.1 until interrupted. Resolves with the server.
 */
export async function presentBuilt(options: PresentOptions, mode: Extract<Mode, { mode: 'built' }>, liveDir = LIVE_DIR): Promise<StaticServer> {
  const port = await choosePort(options.port)
  const dir = liveSiteDirOf(options.lesson, liveDir)
  if (mode.buildLive) {
    const started = Date.now()
    console.log(`Building the live deck of lesson ${options.lesson.number} into ${relative(ROOT, dir)}/ …`)
    await buildLiveSite(options.lesson, await liveInputs(options.lesson), liveDir)
    console.log(`  built in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  }
  const server = await startStaticServer({ root: dir, decks: [''], port, host: '127.0.0.1', gate: localGate() })
  const url = `http://localhost:${port}`
  console.log([
    'Remote screen: off. The built site is served on this machine only (127.0.0.1); other machines are refused.',
    `  For a tablet or second machine: npm run present -- ${options.lesson.number} --remote (Slidev's dev server).`,
    `Ready: presenter ${url}/presenter/ , audience ${url}/ (same browser: they stay in sync). Ctrl-C stops.`,
  ].join('\n'))
  if (options.open)
    openBrowser(`${url}/`)
  return server
}
