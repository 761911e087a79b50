/**
 * The code check alone, per lesson: its findings and summary.
 *
 *   npx tsx scripts/code-check/cli.ts        every lesson
 *   npx tsx scripts/code-check/cli.ts 2      one lesson
 *   npx tsx scripts/code-check/cli.ts slides/lesson-2/05-authn.md
 *                                            one section file as a deck of its own
 *                                            (slide numbers count from that file)
 */
import { resolve } from 'node:path'
import process from 'node:process'
import { lessons, parseLesson } from '../../data/course'
import { DeckError, loadDeck } from '../deck'
import { entryOf } from '../project'
import { checkCode } from './index'
import { formatCodeFinding, formatSummary } from './report'

async function main() {
  const args = process.argv.slice(2)
  const selected = args.length ? args.map(a => a.endsWith('.md') ? { number: a, entry: resolve(a) } : parseLesson(a)) : lessons
  let total = 0
  for (const lesson of selected) {
    try {
      const report = await checkCode(await loadDeck('entry' in lesson ? lesson.entry : entryOf(lesson)))
      for (const finding of report.findings)
        console.log(formatCodeFinding(finding))
      console.log(formatSummary(`lesson ${lesson.number}`, report.summary))
      total += report.findings.length
    }
    catch (error) {
      if (!(error instanceof DeckError))
        throw error
      console.log(`lesson ${lesson.number}: the deck does not load:\n${error.problems.map(p => `  ${p}`).join('\n')}`)
      total++
    }
  }
  if (total)
    process.exitCode = 1
}

main().catch((error) => {
  console.error(`Code check failed: ${error instanceof Error ? error.message : error}`)
  process.exitCode = 1
})
