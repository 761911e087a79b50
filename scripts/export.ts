/**
 * `npm run export [-- N ...]`: prints each built lesson to its two PDFs (scripts/export/).
 */
import process from 'node:process'
import { lessons, parseLesson } from '../data/course'
import { exportLessons } from './export/pdf'
import { failCommand } from './shared/exit'

try {
  const args = process.argv.slice(2)
  const selected = args.length ? args.map(parseLesson) : lessons
  for (const file of await exportLessons(selected))
    console.log(`wrote ${file}`)
}
catch (error) {
  failCommand('Export failed', error)
}
