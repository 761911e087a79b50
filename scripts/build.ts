/**
 * `npm run build [-- N ...] [--no-pdf] [--force]`: the lessons' sites and PDFs and the landing
 * page, each rebuilt only when its inputs changed (scripts/build/).
 */
import { constants } from 'node:os'
import process from 'node:process'
import { main, stopBuilds } from './build/sites'
import { failCommand } from './shared/exit'

// Interrupted (Ctrl-C, a CI time limit): stop the site builds too.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void stopBuilds(signal).finally(() => process.exit(128 + constants.signals[signal]))
  })
}
main().catch(error => failCommand('Build failed', error))
