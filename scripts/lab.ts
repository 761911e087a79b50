/**
 * `npm run lab -- N [--clean] [--step-timeout <s>]`: runs lesson N's lab
 * (labs/lesson-N/) on a local kind cluster, or removes what it made. The
 * work is in scripts/labs/.
 */
import process from 'node:process'
import { failCommand } from './exit'
import { parseLabArgs, runLab } from './labs/runner'

try {
  await runLab(parseLabArgs(process.argv.slice(2)))
}
catch (error) {
  failCommand('lab', error)
}
