/**
 * Mermaid, bundled once per build of the course instead of once per lesson.
 *
 * Mermaid and its dependencies are about a tenth of the modules of a lesson's
 * site and a fifth of its `slidev build` time, and they are the same in every
 * lesson. This plugin (build only; the dev server is untouched) makes
 * Slidev's import of Mermaid external, bundles Mermaid once with esbuild into
 * dist/.vendor/mermaid-<key>/ (its lazily loaded diagrams as chunks of their
 * own, as Vite would split them), and copies that folder into each site as
 * vendor/mermaid/, where the site loads it from: every site stays whole and
 * offline. The key names Mermaid's and esbuild's versions and the options, so
 * a changed lockfile bundles again; a clean build (no dist/) bundles again.
 */
import type { Plugin } from 'vite'
import { createHash, randomUUID } from 'node:crypto'
import { existsSync } from 'node:fs'
import { cp, mkdir, readdir, readFile, rename, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { DIST_DIR } from '../shared/project'

/** How Slidev's client imports Mermaid (modules/mermaid.ts), and the bare name, should anything else. */
const MERMAID_IMPORTS = ['mermaid/dist/mermaid.esm.mjs', 'mermaid']
/** Where a built site keeps the bundle, under its base. */
export const VENDOR_MERMAID_DIR = 'vendor/mermaid'
const ENTRY_NAME = 'mermaid'

/** esbuild's options; Vite's default browser targets (baseline widely available). */
const BUNDLE_OPTIONS = {
  bundle: true,
  splitting: true,
  format: 'esm',
  minify: true,
  target: ['chrome111', 'edge111', 'firefox114', 'safari16.4'],
  legalComments: 'none',
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'error',
} as const

async function versionOf(name: string): Promise<string> {
  const require = createRequire(import.meta.url)
  return JSON.parse(await readFile(require.resolve(`${name}/package.json`), 'utf8')).version
}

/** The folder holding Mermaid's bundle for these versions and options, bundled first if it is not there. */
export async function ensureMermaidBundle(cacheRoot = join(DIST_DIR, '.vendor')): Promise<string> {
  const key = createHash('sha256')
    .update(JSON.stringify({ mermaid: await versionOf('mermaid'), esbuild: await versionOf('esbuild'), BUNDLE_OPTIONS }))
    .digest('hex')
    .slice(0, 16)
  const folder = join(cacheRoot, `mermaid-${key}`)
  if (existsSync(join(folder, `${ENTRY_NAME}.js`)))
    return folder
  // Bundled beside it and moved into place whole: two builds at once (one
  // `slidev build` per lesson) never see half a bundle.
  const staging = `${folder}.${randomUUID()}.tmp`
  await rm(staging, { recursive: true, force: true })
  await mkdir(dirname(folder), { recursive: true })
  const { build } = await import('esbuild')
  const require = createRequire(import.meta.url)
  await build({ ...BUNDLE_OPTIONS, target: [...BUNDLE_OPTIONS.target], entryPoints: { [ENTRY_NAME]: require.resolve(MERMAID_IMPORTS[0]) }, outdir: staging })
  try {
    await rename(staging, folder)
  }
  catch (error) {
    // Another build put the same bundle there first.
    await rm(staging, { recursive: true, force: true })
    if (!existsSync(join(folder, `${ENTRY_NAME}.js`)))
      throw error
  }
  // Bundles of other versions (an earlier lockfile) are of no more use.
  for (const entry of await readdir(cacheRoot)) {
    if (/^mermaid-[0-9a-f]{16}$/.test(entry) && join(cacheRoot, entry) !== folder)
      await rm(join(cacheRoot, entry), { recursive: true, force: true })
  }
  return folder
}

export function prebuiltMermaid(): Plugin {
  let outDir = ''
  let bundle: Promise<string> | undefined
  return {
    name: 'course:prebuilt-mermaid',
    apply: 'build',
    config(config) {
      const base = config.base ?? '/'
      return {
        build: {
          rollupOptions: {
            external: MERMAID_IMPORTS,
            // Base-absolute, as Vite writes the site's own asset URLs.
            output: { paths: (id: string) => MERMAID_IMPORTS.includes(id) ? `${base}${VENDOR_MERMAID_DIR}/${ENTRY_NAME}.js` : id },
          },
        },
      }
    },
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir)
    },
    buildStart() {
      // Bundled while Vite transforms the deck.
      bundle = ensureMermaidBundle()
      bundle.catch(() => {})
    },
    async writeBundle() {
      await cp(await bundle!, join(outDir, VENDOR_MERMAID_DIR), { recursive: true })
    },
  }
}
