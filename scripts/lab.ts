/**
 * `npm run lab -- N [--clean] [--step-timeout <s>]`: runs lesson N's lab
 * (labs/lesson-N/) on a local kind cluster, or removes what it made;
 * `--versions` prints the pinned tool versions for CI. The work is in
 * scripts/labs/.
 */
import process from 'node:process'
import { parseLabArgs, runLab, versionLines } from './labs/runner'
import { failCommand } from './shared/exit'

try {
  const args = process.argv.slice(2)
  if (args.length === 1 && args[0] === '--versions')
    process.stdout.write(versionLines())
  else
    await runLab(parseLabArgs(args))
}
catch (error) {
  failCommand('lab', error)
}
