/**
 * `npm run present`'s command line, read strictly: an allow-list of options,
 * each checked, and Slidev's own command line and environment built from the
 * checked values only. Slidev's parser (yargs) reads `--no-remote`,
 * `--remote.x`, `--tunnel.a` or `--tunnel=true` in ways that open the server
 * to the network, so nothing is passed through as given.
 */
import type { Lesson } from '../../data/course'
import { randomInt } from 'node:crypto'
import { isIP } from 'node:net'
import process from 'node:process'
import { parseLesson } from '../../data/course'
import { entryOf } from '../shared/project'
import { MIN_PASSWORD_LENGTH } from './remote-guard'

/** Where the instructor gives the password; also how vite.config.ts learns it. */
export const PASSWORD_ENV = 'COURSE_REMOTE_PASSWORD'

export const USAGE = 'Usage: npm run present -- <lesson> [--edit] [--remote [<password>]] [--bind <ip>] [--port <n>] [--open] [--log <level>] [--force] [--dry-run]'

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
  /** Only say which server would present the lesson, and why; start none (never passed to Slidev). */
  dryRun: boolean
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

const PASSED_ON = 'npm run present passes on to Slidev only --port, --open, --log and --force, and takes --remote, --bind, --edit and --dry-run itself'

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
  const options: PresentOptions = { lesson, open: false, force: false, edit: false, dryRun: false }
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
    if (!long || !['port', 'open', 'force', 'log', 'remote', 'bind', 'edit', 'dry-run'].includes(long)) {
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

    if (long === 'open' || long === 'force' || long === 'edit' || long === 'dry-run') {
      if (inline !== undefined)
        throw new Error(`${arg}: give --${long} alone, without a value.`)
      options[long === 'dry-run' ? 'dryRun' : long] = true
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
