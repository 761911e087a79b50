/** Where things live: every path the scripts and tests use, derived from the course data. */
import type { Lesson } from '../../data/course'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('../..', import.meta.url))
export const SLIDES_DIR = join(ROOT, 'slides')
export const DIST_DIR = join(ROOT, 'dist')
export const PDF_DIR = join(DIST_DIR, 'pdf')
/** What `npm run present` runs (package.json), relative to the project: tsx's CommonJS launcher of scripts/present.ts. */
export const PRESENT_LAUNCHER = join('scripts', 'present.cjs')

export const entryOf = (lesson: Lesson) => join(SLIDES_DIR, `${lesson.slug}.md`)
export const siteDirOf = (lesson: Lesson) => join(DIST_DIR, lesson.slug)
export const basePathOf = (lesson: Lesson) => `/${lesson.slug}/`
export const pdfPathOf = (lesson: Lesson) => join(PDF_DIR, `${lesson.slug}.pdf`)
export const handoutPathOf = (lesson: Lesson) => join(PDF_DIR, `${lesson.slug}-handout.pdf`)
