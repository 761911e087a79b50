/**
 * What a remote screen may do: an allow-list, not a deny-list. A presenter
 * or audience view on a tablet needs to read the pages, Vite's and Slidev's
 * modules, the deck's sources and its packages, a slide's notes; to post the
 * presenter sync; and to keep its WebSocket alive. Everything else gets 403
 * and is logged. The list is written from what Chromium requests when it
 * opens /entry, /presenter/, /, /overview and /notes and steps through the
 * slides (tests/present-remote.spec.ts runs that browser on the other
 * machine and fails on any refusal).
 *
 * Paths here are canonical (./target.ts): no dot-segments, no empty
 * segments, no encoded separators, so a prefix test means what it says.
 */
import { realpathSync, statSync } from 'node:fs'
import { join, sep } from 'node:path'

/** The presenter/audience sync: where Slidev's client posts the current slide and timer. */
export const SYNC_PATH = '/@server-reactive/nav'

/**
 * The folders (and files) of the project a deck is built from, as the build
 * counts them (SHARED_INPUTS of the build plan, less the build's own
 * configuration), with slides/ and the packages: the only ones a remote
 * screen may read through /@fs/.
 */
export const DECK_SOURCES = ['slides', 'components', 'setup', 'styles', 'public', 'data', 'search', 'layouts', 'global-top.vue', 'node_modules']

/** Slidev's pages: the entry, the overview, the notes, the presenter view, a slide by number. */
const PAGES = /^\/(?:(?:entry|overview|notes)\/?|(?:presenter\/?)?(?:\d+\/?)?|index\.html)$/
/** Module URLs that are not files: Vite's client, virtual modules (\0-prefixed, icons), Slidev's. */
const MODULES = [
  /^\/@vite\/(?:client|env)$/,
  /^\/@id\/__x00__[\w\-.:@/]+$/,
  /^\/@id\/~icons\/[\w-]+\/[\w-]+$/,
  /^\/@slidev\/[\w\-.:@/]+$/,
  // The synced states a view loads (posting is SYNC_PATH's alone).
  /^\/@server-(?:reactive|ref)\/(?:nav|drawings|snapshots)$/,
  // A slide's notes.
  /^\/__slidev\/slides\/\d+\.json$/,
  // Under Vite's root (slides/): a slide's module, Slidev's generated globs.
  /^\/[\w-]+(?:\/[\w-]+)*\.md__slidev_\d+\.(?:md|frontmatter)$/,
  /^\/node_modules\/\.slidev\/virtual\/[\w\-.]+$/,
]

/** Messages a remote screen may send on the HMR WebSocket: keep-alive, and which CSS layer it loaded. */
const UNOCSS_LAYERS = new Set(['__ALL__', 'preflights', 'shortcuts', 'typography', 'default', 'icons'])

function realOrUndefined(path: string): string | undefined {
  try {
    return realpathSync(path)
  }
  catch {
    return undefined
  }
}

/** Strictly inside a folder (not the folder itself). */
const inside = (path: string, folder: string) => path.startsWith(folder.endsWith(sep) ? folder : `${folder}${sep}`)
/** A deck source: a file is itself, a folder what lies beneath it. */
const within = (path: string, source: { path: string, file: boolean }) => source.file ? path === source.path : inside(path, source.path)

export interface AllowList {
  /** A GET or HEAD of this (canonical, decoded) path by a remote screen. */
  read: (path: string) => boolean
  /** A POST by a remote screen: the presenter sync, by its exact raw target. */
  post: (rawTarget: string) => boolean
}

/**
 * `root`: the project; `publicDir`: the folder Vite serves at `/`. Paths
 * under /@fs/ must lie in DECK_SOURCES, by name and, for a file that exists,
 * by its real path (a symlink out of them does not count).
 */
export function createAllowList({ root, publicDir = join(root, 'public') }: { root: string, publicDir?: string }): AllowList {
  const realRoot = realOrUndefined(root) ?? root
  const sources = DECK_SOURCES.flatMap((name) => {
    const real = realOrUndefined(join(realRoot, name))
    if (!real)
      return []
    const file = statSync(real).isFile()
    return [...new Set([join(root, name), real])].map(path => ({ path, file }))
  })
  const realPublic = realOrUndefined(publicDir)

  const fsAllowed = (file: string): boolean => {
    if (!sources.some(source => within(file, source)))
      return false
    const real = realOrUndefined(file)
    return real === undefined || sources.some(source => within(real, source))
  }

  const publicFile = (path: string): boolean => {
    if (!realPublic)
      return false
    const real = realOrUndefined(join(realPublic, path))
    if (!real || !inside(real, realPublic))
      return false
    try {
      return statSync(real).isFile()
    }
    catch {
      return false
    }
  }

  return {
    read: (path) => {
      if (PAGES.test(path) || MODULES.some(m => m.test(path)))
        return true
      if (path.startsWith('/@fs/'))
        return fsAllowed(path.slice('/@fs'.length))
      return publicFile(path)
    },
    post: rawTarget => rawTarget === SYNC_PATH,
  }
}

/**
 * Whether a remote screen's WebSocket message is let through: `ping`, and
 * UnoCSS's report of a CSS layer the page loaded, in exactly that shape.
 * Everything else is dropped: `vite:invalidate` (it makes the server reload
 * modules for every screen), `vite:forward-console` (lines in the laptop's
 * console), Slidev's file write, anything unknown or unreadable.
 */
export function remoteMessageAllowed(raw: unknown): { allowed: boolean, event: string } {
  let parsed: unknown
  try {
    parsed = JSON.parse(String(raw))
  }
  catch {}
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    return { allowed: false, event: 'unreadable' }
  const message = parsed as Record<string, unknown>
  const keys = Object.keys(message).sort().join(',')
  if (message.type === 'ping')
    return { allowed: keys === 'type', event: 'ping' }
  const event = message.type === 'custom' && typeof message.event === 'string' ? message.event : String(message.type ?? 'unreadable')
  const layer = Array.isArray(message.data) && message.data.length === 1 ? message.data[0] : undefined
  const allowed = event === 'unocss:hmr' && keys === 'data,event,type' && typeof layer === 'string' && UNOCSS_LAYERS.has(layer)
  return { allowed, event }
}
