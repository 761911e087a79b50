/**
 * Prints the last mutation run's score per module and records it in bench/results.json
 * (scripts/checks/mutation-score.ts).
 */
import process from 'node:process'
import { main } from './checks/mutation-score'

main().catch((error) => {
  console.error(`Mutation score failed: ${error instanceof Error ? error.message : error}`)
  process.exitCode = 1
})
