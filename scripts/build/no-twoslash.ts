/**
 * Slidev's app setup installs the Twoslash tooltips (floating-vue, under
 * Shiki's chunk: 222 KiB, 69 KiB compressed) on every page, before slide 1
 * shows, for code blocks marked `twoslash`. The course has none, so the
 * built sites leave the plugin out (build only; the dev server is as
 * Slidev makes it). Should Slidev's setup change, the build fails here
 * rather than ship the plugin silently; should a slide want Twoslash, the
 * build fails too (its markdown would name it).
 */
import type { Plugin } from 'vite'

const SETUP = /\/@slidev\/client\/setup\/main\.ts$/
const IMPORT = /^import TwoSlashFloatingVue from '@shikijs\/vitepress-twoslash\/client'\n/m
const USE = /^\s*app\.use\(TwoSlashFloatingVue as any, \{ container: '#twoslash-container' \}\)\n/m

export function noTwoslash(): Plugin {
  return {
    name: 'course:no-twoslash',
    apply: 'build',
    enforce: 'pre',
    transform(code, id) {
      const path = id.split('?')[0]
      if (path.endsWith('.md') && code.split('\n').some(line => line.startsWith('```') && line.includes('twoslash')))
        throw new Error(`${path}: a twoslash code block, but the built sites leave Twoslash out (scripts/build/no-twoslash.ts)`)
      if (!SETUP.test(path))
        return
      if (!IMPORT.test(code) || !USE.test(code))
        throw new Error(`${path}: Slidev's setup no longer installs Twoslash as scripts/build/no-twoslash.ts expects; update it`)
      return code.replace(IMPORT, '').replace(USE, '')
    },
  }
}
