/**
 * Presents one lesson live: the presenter view at /presenter/ (speaker
 * notes, timer, pace), the audience view at /. From the lesson's build
 * when it is current (slide 1 at once, /lesson-N/…?live), otherwise from Slidev's dev server
 * (hot reload); scripts/present/mode.ts decides, and says which and why.
 *
 *   npm run present -- 1                     lesson 1, on this machine only
 *   npm run present -- 1 --edit              Slidev's dev server, to edit while presenting
 *   npm run present -- 2 --remote            also a tablet: a password made for this run
 *   COURSE_REMOTE_PASSWORD=… npm run present -- 2
 *   npm run present -- 2 --port 4000 --open  Slidev options: --port, --open, --log, --force
 *   npm run present -- 2 --dry-run          which server it would use, and why; starts none
 *
 * The command line is read strictly: Slidev's own parser (yargs) reads
 * `--no-remote`, `--remote.x`, `--tunnel.a` or `--tunnel=true` in ways that
 * open the server to the network, so nothing is passed through as given.
 * This script accepts an allow-list of options and builds Slidev's command
 * line itself; anything else is refused, `--tunnel` in every spelling.
 *
 * The password never reaches Slidev's command line or its config module (it
 * goes to vite.config.ts in the environment): the server checks it
 * (scripts/present/remote-guard.ts), not the browser.
 */
import type { StaticServer } from '../shared/static-server'
import type { PresentOptions } from './args'
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import { constants, networkInterfaces } from 'node:os'
import process from 'node:process'
import { parsePresentArgs, PASSWORD_ENV, slidevArgs, slidevEnv, USAGE } from './args'
import { chooseMode, describeMode, modeFacts, presentBuilt } from './mode'

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

export async function main() {
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
  if (options.dryRun)
    return
  if (mode.mode === 'built') {
    // Interrupted while serving: nothing is left running.
    let server: StaticServer | undefined
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
      process.once(signal, () => {
        void (server?.close() ?? Promise.resolve()).then(() => process.exit(0))
      })
    }
    server = await presentBuilt(options)
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
