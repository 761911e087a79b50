/**
 * Presents one lesson live with Slidev's dev server: the presenter view at
 * /presenter/ (speaker notes, timer), the audience view at /, hot reload.
 *
 *   npm run present -- 1                   lesson 1 on http://localhost:3030/
 *   npm run present -- 2 --port 4000       anything after the number goes to Slidev
 *   COURSE_REMOTE_PASSWORD=… npm run present -- 2
 *   npm run present -- 2 --remote <password>
 *
 * With a password the server also answers other machines (a tablet as remote
 * screen), and scripts/remote-guard.ts makes it refuse those that lack the
 * password. Without one it listens on localhost only.
 */
import type { Lesson } from '../data/course'
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { networkInterfaces } from 'node:os'
import process from 'node:process'
import { pathToFileURL } from 'node:url'
import { parseLesson } from '../data/course'
import { entryOf } from './project'

/** Where the instructor gives the password; also how vite.config.ts learns it. */
export const PASSWORD_ENV = 'COURSE_REMOTE_PASSWORD'

export const USAGE = 'Usage: npm run present -- <lesson> [--remote <password>] [slidev options]'

export interface PresentOptions {
  lesson: Lesson
  /** The remote screen's password; none means localhost only. */
  password?: string
  /** Options passed on to Slidev as given. */
  slidevOptions: string[]
}

// Slidev prints `?password=<password>` unencoded and compares it with the
// decoded query, so only characters that survive a URL as they are will work.
const PASSWORD_FORMAT = /^\w[\w.~-]*$/

function checkPassword(password: string, source: string): string {
  if (!PASSWORD_FORMAT.test(password))
    throw new Error(`The remote password (${source}) must be letters, digits and . _ ~ - only, not starting with -: it goes into URLs as it is.`)
  return password
}

/** Reads `<lesson> [--remote <password>] [slidev options]` and the environment. */
export function parsePresentArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): PresentOptions {
  const [lessonArg, ...rest] = argv
  let lesson: Lesson
  try {
    lesson = parseLesson(lessonArg)
  }
  catch (error) {
    const message = (error as Error).message
    throw new Error(lessonArg && !lessonArg.startsWith('-') ? message : `No lesson given. ${message.replace(/^Unknown lesson "[^"]*"\. /, '')}`)
  }
  let password = env[PASSWORD_ENV] ? checkPassword(env[PASSWORD_ENV], PASSWORD_ENV) : undefined
  const slidevOptions: string[] = []
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i]
    if (arg === '--remote' || arg.startsWith('--remote=')) {
      const value = arg === '--remote' ? rest[++i] : arg.slice('--remote='.length)
      // Slidev takes a bare --remote as "listen on every interface, no password".
      if (!value)
        throw new Error('--remote needs a password: --remote <password>.')
      password = checkPassword(value, '--remote')
    }
    // The tunnel's traffic arrives from localhost, which the guard lets through.
    else if (/^--tunnel(?:=|$)/.test(arg)) {
      throw new Error('--tunnel is not supported: it would put the deck on the Internet past the password check.')
    }
    else {
      slidevOptions.push(arg)
    }
  }
  if (!password && slidevOptions.some(a => /^--bind\b/.test(a)))
    throw new Error('--bind only applies with a remote password (Slidev listens on localhost otherwise).')
  return { lesson, password, slidevOptions }
}

/**
 * Slidev's command line. Slidev 52 listens on `localhost` unless `--remote`
 * is given, and then on `--bind` (default 0.0.0.0, every interface).
 */
export function slidevArgs(options: PresentOptions): string[] {
  const remote = options.password ? ['--remote', options.password] : []
  return [entryOf(options.lesson), ...remote, ...options.slidevOptions]
}

/** The environment for Slidev: the guard in vite.config.ts is on exactly when a password is. */
export function slidevEnv(options: PresentOptions, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const { [PASSWORD_ENV]: _, ...rest } = env
  // vite.config.ts imports scripts/remote-guard without an extension, like
  // every module here; Vite 8 warns about that on each start.
  const quiet = { ...rest, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' }
  return options.password ? { ...quiet, [PASSWORD_ENV]: options.password } : quiet
}

/** An option's value given to Slidev as `--name value` or `--name=value`. */
function optionOf(slidevOptions: string[], ...names: string[]): string | undefined {
  for (const [i, arg] of slidevOptions.entries()) {
    if (names.includes(arg))
      return slidevOptions[i + 1]
    const name = names.find(n => arg.startsWith(`${n}=`))
    if (name)
      return arg.slice(name.length + 1)
  }
  return undefined
}

// With --remote, Slidev asks public-ip for the machine's public address (DNS
// to OpenDNS, then HTTPS): traffic off the machine that a classroom does not
// need. This module hook answers "unknown" instead.
const NO_PUBLIC_IP_HOOKS = `export async function resolve(specifier, context, next) {
  return specifier === 'public-ip'
    ? { url: 'data:text/javascript,export const publicIpv4 = async () => undefined', shortCircuit: true }
    : next(specifier, context)
}`
const NO_PUBLIC_IP = `data:text/javascript,${encodeURIComponent(
  `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(NO_PUBLIC_IP_HOOKS)}`)})`,
)}`

function describeAccess(options: PresentOptions): string {
  if (!options.password) {
    return [
      'Remote screen: off. Slidev listens on localhost only; no other machine can connect.',
      `  For a tablet or second machine: ${PASSWORD_ENV}=<password> npm run present -- ${options.lesson.number}`,
    ].join('\n')
  }
  const port = optionOf(options.slidevOptions, '--port', '-p')
  const bind = optionOf(options.slidevOptions, '--bind')
  const addresses = bind && bind !== '0.0.0.0'
    ? [bind]
    : Object.values(networkInterfaces())
        .flatMap(list => list ?? [])
        .filter(a => a.family === 'IPv4' && !a.internal)
        .map(a => a.address)
  return [
    'Remote screen: on. Slidev listens on the network, and the server refuses other',
    '  machines (HTTP 401) unless they bring the password. On the tablet open',
    ...(addresses.length ? addresses : ['<this machine\'s IP>']).map(ip => `    http://${ip}:${port ?? 3030}/entry?password=${options.password}`),
    ...(port ? [] : ['  (3030 unless that port was taken: Slidev shows the one it uses below)']),
    '  /presenter/?password=… opens the presenter view there, /?password=… the slides.',
    '  Not Slidev\'s "remote control" URL below: its trailing / becomes part of the password.',
  ].join('\n')
}

function main() {
  let options: PresentOptions
  try {
    options = parsePresentArgs(process.argv.slice(2))
  }
  catch (error) {
    console.error(`${(error as Error).message}\n${USAGE}`)
    process.exit(1)
  }
  console.log(describeAccess(options))

  const slidev = createRequire(import.meta.url).resolve('@slidev/cli/bin/slidev.mjs')
  const child = spawn(process.execPath, ['--import', NO_PUBLIC_IP, slidev, ...slidevArgs(options)], {
    stdio: 'inherit',
    env: slidevEnv(options),
  })
  child.on('exit', code => process.exit(code ?? 0))
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.on(signal, () => child.kill(signal))
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href)
  main()
