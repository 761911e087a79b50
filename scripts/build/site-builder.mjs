/**
 * One Node process that runs `slidev build` for several decks in turn, as
 * Slidev's CLI runs it (the same calls, with the same options), asked over
 * IPC by scripts/build.ts. The second and third lessons build in about two
 * thirds of the CPU time of a fresh `slidev build` process: Slidev, Vite,
 * UnoCSS and Shiki are loaded and compiled once, and warm.
 *
 * Slidev's CLI keeps its build command in an internal chunk; it is found by
 * reading the CLI as the installed Slidev ships it (pinned by the lockfile).
 * If it cannot be found, the worker says so at start and the build falls
 * back to one `slidev build` process per lesson.
 *
 * Plain JavaScript, no TypeScript loader: the decks' own TypeScript (the
 * Vite config, setup/) is loaded by Slidev exactly as under its CLI.
 *
 *   parent → { id, entry, base, outDir }
 *   worker → { ready: true } | { ready: false, reason }, then { id, ok: true } | { id, ok: false, error }
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import process from 'node:process'
import { pathToFileURL } from 'node:url'

const require = createRequire(import.meta.url)

/** The CLI's build function and setup loader, from the chunks its cli.mjs imports them from. */
async function slidevInternals() {
  const dist = join(dirname(require.resolve('@slidev/cli/package.json')), 'dist')
  const cli = readFileSync(join(dist, 'cli.mjs'), 'utf8')
  const buildChunk = /import\("\.\/(build-[\w-]+\.mjs)"\)/.exec(cli)?.[1]
  const serve = /import \{([^}]*)\} from "\.\/(serve-[\w-]+\.mjs)"/.exec(cli)
  const alias = name => serve && new RegExp(`\\b(\\w+) as ${name}\\b`).exec(serve[1])?.[1]
  const [setupsAlias, optionsAlias] = [alias('loadSetups'), alias('resolveOptions')]
  if (!buildChunk || !serve || !setupsAlias || !optionsAlias)
    throw new Error('Slidev\'s CLI does not import its build command, loadSetups and resolveOptions as this worker expects')
  const serveModule = await import(pathToFileURL(join(dist, serve[2])).href)
  const { build } = await import(pathToFileURL(join(dist, buildChunk)).href)
  const { loadSetups, resolveOptions } = { loadSetups: serveModule[setupsAlias], resolveOptions: serveModule[optionsAlias] }
  if (typeof build !== 'function' || typeof loadSetups !== 'function' || typeof resolveOptions !== 'function')
    throw new Error('Slidev\'s build, loadSetups or resolveOptions is not a function where the CLI imports it from')
  return { build, loadSetups, resolveOptions }
}

async function main() {
  let slidev
  try {
    slidev = await slidevInternals()
  }
  catch (error) {
    process.send({ ready: false, reason: error.message })
    return
  }
  // As the CLI does once at start: the decks' setup/preparser.ts take part in parsing.
  const { injectPreparserExtensionLoader } = await import('@slidev/parser/fs')
  injectPreparserExtensionLoader(async (roots, headmatter, filepath, mode) =>
    (await slidev.loadSetups(roots, 'preparser.ts', [{ filepath, headmatter, mode }])).flat())

  // One build at a time, in the order asked.
  let queue = Promise.resolve()
  process.on('message', (job) => {
    queue = queue.then(async () => {
      try {
        // `slidev build <entry> --base <base> --out <outDir>`, as cli.mjs calls it.
        const options = await slidev.resolveOptions({ entry: job.entry, theme: undefined, inspect: false, download: undefined, base: job.base, withoutNotes: undefined, routerMode: undefined }, 'build')
        await slidev.build(options, { base: job.base, build: { outDir: job.outDir } }, { entry: job.entry, base: job.base, out: job.outDir })
        process.send({ id: job.id, ok: true })
      }
      catch (error) {
        process.send({ id: job.id, ok: false, error: error?.stack ?? String(error) })
      }
    })
  })
  process.send({ ready: true })
  // Ends with its parent.
  process.on('disconnect', () => process.exit(0))
}

main()
