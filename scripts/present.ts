/**
 * Presents one lesson live: the presenter view at /presenter/ (speaker
 * notes, timer), the audience view at /. From the lesson's built live deck
 * when it is current (slide 1 at once), otherwise from Slidev's dev server
 * (hot reload); scripts/present-mode.ts decides, and says which and why.
 *
 *   npm run present -- 1                     lesson 1, on this machine only
 *   npm run present -- 1 --edit              Slidev's dev server, to edit while presenting
 *   npm run present -- 2 --remote            also a tablet: a password made for this run
 *   COURSE_REMOTE_PASSWORD=… npm run present -- 2
 *   npm run present -- 2 --port 4000 --open  Slidev options: --port, --open, --log, --force
 *
 * The command line is read strictly: Slidev's own parser (yargs) reads
 * `--no-remote`, `--remote.x`, `--tunnel.a` or `--tunnel=true` in ways that
 * open the server to the network, so nothing is passed through as given.
 * This script accepts an allow-list of options and builds Slidev's command
 * line itself; anything else is refused, `--tunnel` in every spelling.
 *
 * The password never reaches Slidev's command line or its config module (it
 * goes to vite.config.ts in the environment): the server checks it
 * (scripts/remote-guard.ts), not the browser.
 */
import type { Lesson } from '../data/course'
import type { StaticServer } from './serve'
import { spawn } from 'node:child_process'
import { randomInt } from 'node:crypto'
import { createRequire } from 'node:module'
import { isIP } from 'node:net'
import { constants, networkInterfaces } from 'node:os'
import process from 'node:process'
import { pathToFileURL } from 'node:url'
import { parseLesson } from '../data/course'
import { failCommand } from './exit'
import { chooseMode, describeMode, modeFacts, presentBuilt, stopLiveBuild } from './present-mode'
import { entryOf } from './project'
import { MIN_PASSWORD_LENGTH } from './remote-guard'

/** Where the instructor gives the password; also how vite.config.ts learns it. */
export const PASSWORD_ENV = 'COURSE_REMOTE_PASSWORD'

export const USAGE = 'Usage: npm run present -- <lesson> [--edit] [--remote [<password>]] [--bind <ip>] [--port <n>] [--open] [--log <level>] [--force]'

const LOG_LEVELS = ['error', 'warn', 'info', 'silent'] as const

export interface PresentOptions {
  lesson: Lesson
  /** The remote screen's password; none: this machine only. */
  password?: string
  passwordFrom?: 'environment' | 'command line' | 'generated'
  /** Where Slidev listens with a password (default 0.0.0.0). */
  bind?: string
  port?: number
  open: boolean
  force: boolean
  log?: typeof LOG_LEVELS[number]
  /** Slidev's dev server even when the built site is current (never passed to Slidev). */
  edit: boolean
}

// The password goes into the URL the tablet opens: only characters that
// survive a URL as they are, so that it can be typed as printed.
const PASSWORD_FORMAT = /^\w[\w.~-]*$/

function checkPassword(password: string, source: string): string {
  if (!PASSWORD_FORMAT.test(password))
    throw new Error(`The remote password (${source}) must be letters, digits and . _ ~ - only, not starting with -: it goes into URLs as it is.`)
  if (password.length < MIN_PASSWORD_LENGTH)
    throw new Error(`The remote password (${source}) must have at least ${MIN_PASSWORD_LENGTH} characters; or give --remote alone for one made for this run.`)
  return password
}

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789'

/** 16 characters that are hard to misread (no 0/O, 1/l/I): about 93 bits. */
export function generatePassword(): string {
  return Array.from({ length: 16 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('')
}

const PASSED_ON = 'npm run present passes on to Slidev only --port, --open, --log and --force, and takes --remote, --bind and --edit itself'

/**
 * Reads `<lesson> [options]` and the environment. Every option is checked
 * against the allow-list; each may be given once, as `--name value` or
 * `--name=value` (`-p`, `-o`, `-f` for the short ones).
 */
export function parsePresentArgs(argv: string[], env: NodeJS.ProcessEnv = process.env, generate: () => string = generatePassword): PresentOptions {
  const [lessonArg, ...rest] = argv
  let lesson: Lesson
  try {
    lesson = parseLesson(lessonArg)
  }
  catch (error) {
    const message = (error as Error).message
    throw new Error(lessonArg && !lessonArg.startsWith('-') ? message : `No lesson given. ${message.replace(/^Unknown lesson "[^"]*"\. /, '')}`)
  }
  const options: PresentOptions = { lesson, open: false, force: false, edit: false }
  if (env[PASSWORD_ENV]) {
    options.password = checkPassword(env[PASSWORD_ENV], PASSWORD_ENV)
    options.passwordFrom = 'environment'
  }

  const seen = new Set<string>()
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]
    const parsed = /^(-{1,2})([^=]*)(?:=(.*))?$/s.exec(arg)
    if (!parsed || arg === '--' || arg === '-')
      throw new Error(`Unexpected argument "${arg}": give one lesson, then options.`)
    const [, dashes, name, inline] = parsed
    const bare = name.toLowerCase().replace(/^no-/, '')
    // Any spelling yargs would read as a tunnel: --tunnel, --tunnel=true, --tunnel.a, --no-tunnel…
    if (bare.startsWith('tunnel'))
      throw new Error(`${arg}: a tunnel is never allowed: it would put the deck on the Internet, its traffic arriving from this machine.`)
    const long = dashes === '--' ? name : ({ p: 'port', o: 'open', f: 'force' } as Record<string, string>)[name]
    if (!long || !['port', 'open', 'force', 'log', 'remote', 'bind', 'edit'].includes(long)) {
      if (bare.startsWith('remote'))
        throw new Error(`${arg} is not understood: give --remote [<password>] to share the presentation, or leave it out to keep it on this machine.`)
      if (bare.startsWith('bind'))
        throw new Error(`${arg} is not understood: give --bind <ip address>.`)
      throw new Error(`Unknown option ${arg}: ${PASSED_ON}.`)
    }
    if (seen.has(long))
      throw new Error(`--${long} is given twice.`)
    seen.add(long)
    const next = rest[i + 1]
    const value = (): string => {
      if (inline !== undefined)
        return inline
      if (next === undefined || next.startsWith('-'))
        throw new Error(`--${long} needs a value.`)
      i++
      return next
    }

    if (long === 'open' || long === 'force' || long === 'edit') {
      if (inline !== undefined)
        throw new Error(`${arg}: give --${long} alone, without a value.`)
      options[long] = true
    }
    else if (long === 'port') {
      const given = value()
      const port = Number(given)
      if (!/^\d{1,5}$/.test(given) || port < 1 || port > 65535)
        throw new Error(`--port needs a port number (1–65535), not "${given}".`)
      options.port = port
    }
    else if (long === 'log') {
      const given = value()
      if (!(LOG_LEVELS as readonly string[]).includes(given))
        throw new Error(`--log is one of ${LOG_LEVELS.join(', ')}, not "${given}".`)
      options.log = given as PresentOptions['log']
    }
    else if (long === 'bind') {
      const given = value().replace(/^\[(.*)\]$/, '$1')
      if (!isIP(given))
        throw new Error(`--bind needs an IP address of this machine (0.0.0.0 for every interface), not "${given}".`)
      options.bind = given
    }
    else {
      // --remote <password>, --remote=<password>, or --remote alone: the
      // environment's password if there is one, else one made for this run.
      const given = inline ?? (next !== undefined && !next.startsWith('-') ? (i++, next) : '')
      if (given) {
        options.password = checkPassword(given, '--remote')
        options.passwordFrom = 'command line'
      }
      else if (!options.password) {
        options.password = generate()
        options.passwordFrom = 'generated'
      }
    }
  }
  if (!options.password && options.bind)
    throw new Error('--bind only applies with a remote password: without one the server listens on this machine only. Add --remote.')
  return options
}

/**
 * Slidev's command line, built from checked values only. Slidev 52 listens on
 * `localhost` unless `--remote` is given, and then on `--bind`. It gets an
 * empty `--remote=`: the server (the guard) checks the password, so Slidev
 * neither asks for it in the browser nor serves it in its config module.
 */
export function slidevArgs(options: PresentOptions): string[] {
  return [
    entryOf(options.lesson),
    ...(options.port ? ['--port', String(options.port)] : []),
    ...(options.open ? ['--open'] : []),
    ...(options.log ? ['--log', options.log] : []),
    ...(options.force ? ['--force'] : []),
    ...(options.password ? ['--remote=', '--bind', options.bind ?? '0.0.0.0'] : []),
  ]
}

/** The environment for Slidev: the guard in vite.config.ts learns the password here, and only here. */
export function slidevEnv(options: PresentOptions, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const { [PASSWORD_ENV]: _, ...rest } = env
  // vite.config.ts imports scripts/remote-guard without an extension, like
  // every module here; Vite 8 warns about that on each start.
  const quiet = { ...rest, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' }
  return options.password ? { ...quiet, [PASSWORD_ENV]: options.password } : quiet
}

// Loaded into Slidev's process before Slidev itself:
// - With --remote, Slidev may ask public-ip for the machine's public address
//   (DNS to OpenDNS, then HTTPS): traffic off the machine that a classroom
//   does not need. A module hook answers "unknown" instead.
// - Slidev ends with this script: when the IPC channel to it closes (this
//   script exited, or was killed), Slidev exits too.
const NO_PUBLIC_IP_HOOKS = `export async function resolve(specifier, context, next) {
  return specifier === 'public-ip'
    ? { url: 'data:text/javascript,export const publicIpv4 = async () => undefined', shortCircuit: true }
    : next(specifier, context)
}`
const PRELOAD = `data:text/javascript,${encodeURIComponent([
  `import { register } from 'node:module'`,
  `register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(NO_PUBLIC_IP_HOOKS)}`)})`,
  `if (process.channel) { process.on('disconnect', () => process.exit(1)); process.channel.unref() }`,
].join('\n'))}`

function urlHost(address: string): string {
  return address.includes(':') ? `[${address}]` : address
}

function describeAccess(options: PresentOptions): string {
  if (!options.password) {
    return [
      'Remote screen: off. Slidev listens on this machine only (localhost); other machines are refused.',
      `  For a tablet or second machine: npm run present -- ${options.lesson.number} --remote`,
    ].join('\n')
  }
  const bind = options.bind ?? '0.0.0.0'
  const addresses = bind !== '0.0.0.0' && bind !== '::'
    ? [bind]
    : Object.values(networkInterfaces())
        .flatMap(list => list ?? [])
        .filter(a => a.family === 'IPv4' && !a.internal)
        .map(a => a.address)
  const port = options.port ?? 3030
  const origin = options.passwordFrom === 'generated' ? 'made for this run' : `from the ${options.passwordFrom}`
  return [
    `Remote screen: on, with a password ${origin}. Other machines get nothing without it (401),`,
    '  and can view and follow the slides, never change them. On the tablet open',
    ...(addresses.length ? addresses : ['<this machine\'s IP>']).map(ip => `    http://${urlHost(ip)}:${port}/entry?password=${options.password}`),
    ...(options.port ? [] : ['  (3030 unless that port was taken: Slidev shows the one it uses below)']),
    '  /presenter/?password=… opens the presenter view there, /?password=… the slides.',
    '  Not Slidev\'s "remote control" URL below: it has no password, and is refused.',
  ].join('\n')
}

const COMMAND_LINE_WARNING = [
  'Note: a password on the command line is kept where others may read it: npm writes the command',
  '  line to its debug log (~/.npm/_logs/*-debug-0.log, the "verbose argv" line, the last 10 runs kept),',
  '  it stays in your shell history, and `ps` shows it while npm runs. Prefer --remote alone',
  `  (a password made for this run) or ${PASSWORD_ENV}.`,
].join('\n')

async function main() {
  let options: PresentOptions
  try {
    options = parsePresentArgs(process.argv.slice(2))
  }
  catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`)
    process.exit(1)
  }
  if (options.passwordFrom === 'command line')
    console.warn(COMMAND_LINE_WARNING)

  // The built site when it is current, or Slidev's dev server: said, with the reason.
  const mode = chooseMode(await modeFacts(options))
  console.log(describeMode(mode, options.lesson))
  if (mode.mode === 'built') {
    // Interrupted while the live deck builds, or while serving: nothing is left running.
    let server: StaticServer | undefined
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      process.once(signal, () => {
        stopLiveBuild(signal)
        void (server?.close() ?? Promise.resolve()).then(() => process.exit(0))
      })
    }
    server = await presentBuilt(options, mode)
    return
  }

  console.log(describeAccess(options))

  const slidev = createRequire(import.meta.url).resolve('@slidev/cli/bin/slidev.mjs')
  const child = spawn(process.execPath, ['--import', PRELOAD, slidev, ...slidevArgs(options)], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    env: slidevEnv(options),
  })
  child.on('error', (error) => {
    console.error(`Could not start Slidev: ${error.message}`)
    process.exit(1)
  })
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 + constants.signals[signal] : 1)))
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      child.kill(signal)
      // Slidev normally stops at once; should it not, it is not left behind.
      setTimeout(() => child.kill('SIGKILL'), 5_000).unref()
    })
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href)
  main().catch(error => failCommand('Present failed', error))
