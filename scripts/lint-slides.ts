/**
 * `npm run lint:slides [-- N ...]`: the script lint, its spoken-time table and the code check
 * (scripts/checks/).
 */
import process from 'node:process'
import { main } from './checks/lint'

main().catch((error) => {
  console.error(`Lint failed: ${error instanceof Error ? error.message : error}`)
  process.exitCode = 1
})
