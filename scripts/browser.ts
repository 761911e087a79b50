/**
 * `npm run browser`: prints the Chromium the export and the tests use, and where it was found
 * (scripts/shared/browser.ts).
 */
import process from 'node:process'
import { resolveBrowser } from './shared/browser'

try {
  const { executablePath, source } = resolveBrowser()
  console.log(`${executablePath} (${source})`)
}
catch (error) {
  console.error((error as Error).message)
  process.exitCode = 1
}
