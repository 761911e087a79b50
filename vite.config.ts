import type { Plugin } from 'vite'
import process from 'node:process'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'
import { noTwoslash } from './scripts/build/no-twoslash'
import { prebuiltMermaid } from './scripts/build/prebuilt-mermaid'
import { remoteGuard } from './scripts/present/remote-guard'

// The remote screen's password, set by scripts/present.ts (or by hand);
// without it the guard answers this machine only.
const remotePassword = process.env.COURSE_REMOTE_PASSWORD

/**
 * Fontsource's CSS offers each subset as woff2 and as woff. Every browser
 * this course targets reads woff2, so the woff copies would only double the
 * fonts in every built site.
 */
function woff2Only(): Plugin {
  return {
    name: 'course:woff2-only',
    enforce: 'pre',
    transform(code, id) {
      if (!/@fontsource\/.+\.css$/.test(id.split('?')[0]))
        return
      return code.replace(/,\s*url\([^)]+\.woff\)\s*format\((['"])woff\1\)/g, '')
    },
  }
}

// Slidev loads this file because every lesson lists the project root as an
// addon (`addons: ['./']` in slides/lesson-N.md). Slidev would otherwise look
// for public/ beside the entry, i.e. in slides/.
export default defineConfig({
  publicDir: fileURLToPath(new URL('./public', import.meta.url)),
  define: {
    // The /print route (every slide in its final click state on one page) is
    // what the PDF export prints; Slidev only builds it when `download` is on,
    // which would also run its own, slower export inside `slidev build`.
    __SLIDEV_FEATURE_PRINT__: 'true',
  },
  plugins: [
    woff2Only(),
    // Mermaid bundled once for all lessons, not once per lesson (build only).
    prebuiltMermaid(),
    // Twoslash's tooltips are not loaded before slide 1: no slide uses them (build only).
    noTwoslash(),
    // Always on (it only acts in the dev server): other machines get nothing
    // without the password, and never more than a view.
    remoteGuard(remotePassword),
  ],
})
