/** Every path the scripts and tests use, derived from a lesson's slug. */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { lessonByNumber } from '../../data/course'
import { basePathOf, DIST_DIR, entryOf, handoutPathOf, PDF_DIR, pdfPathOf, ROOT, siteDirOf, SLIDES_DIR } from '../../scripts/shared/project'

it('the root is the folder that holds package.json', () => {
  expect(existsSync(join(ROOT, 'package.json'))).toBe(true)
  expect(existsSync(join(ROOT, 'data', 'course.ts'))).toBe(true)
  expect(SLIDES_DIR).toBe(join(ROOT, 'slides'))
  expect(DIST_DIR).toBe(join(ROOT, 'dist'))
  expect(PDF_DIR).toBe(join(ROOT, 'dist', 'pdf'))
})

it('a lesson\'s entry, site, base path and PDFs', () => {
  const lesson = lessonByNumber(2)
  expect(entryOf(lesson)).toBe(join(ROOT, 'slides', 'lesson-2.md'))
  expect(siteDirOf(lesson)).toBe(join(ROOT, 'dist', 'lesson-2'))
  expect(basePathOf(lesson)).toBe('/lesson-2/')
  expect(pdfPathOf(lesson)).toBe(join(ROOT, 'dist', 'pdf', 'lesson-2.pdf'))
  expect(handoutPathOf(lesson)).toBe(join(ROOT, 'dist', 'pdf', 'lesson-2-handout.pdf'))
})
