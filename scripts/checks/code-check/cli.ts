/**
 * The code check alone, per lesson: its findings and summary.
 *
 *   npx tsx scripts/checks/code-check/cli.ts        every lesson
 *   npx tsx scripts/checks/code-check/cli.ts 2      one lesson
 *   npx tsx scripts/checks/code-check/cli.ts slides/lesson-2/05-authn.md
 *                                            one section file as a deck of its own
 *                                            (slide numbers count from that file)
 *   npx tsx scripts/checks/code-check/cli.ts --time every lesson, printing only JSON:
 *                                            the check's seconds (from loading its
 *                                            modules, decks aside) and its blocks
 */
import { resolve } from 'node:path'
import process from 'node:process'
import { lessons, parseLesson } from '../../../data/course'
import { DeckError, loadDeck } from '../../shared/deck'
import { entryOf } from '../../shared/project'
import { formatCodeFinding, formatSummary } from './report'

/** The time of the code check for all lessons, cold: its modules load inside the measurement. */
async function time() {
  const decks = await Promise.all(lessons.map(l => loadDeck(entryOf(l))))
  const started = performance.now()
  const { checkCode: check } = await import('./index')
  let blocks = 0
  for (const deck of decks)
    blocks += (await check(deck)).summary.blocks
  console.log(JSON.stringify({ seconds: (performance.now() - started) / 1000, lessons: decks.length, blocks }))
}

async function main() {
  if (process.argv.includes('--time'))
    return time()
  const args = process.argv.slice(2)
  const selected = args.length ? args.map(a => a.endsWith('.md') ? { number: a, entry: resolve(a) } : parseLesson(a)) : lessons
  let total = 0
  for (const lesson of selected) {
    try {
      const { checkCode } = await import('./index')
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
