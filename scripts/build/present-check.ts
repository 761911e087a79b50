/**
 * The build's last word on the talk: `npm run present -- N --dry-run` for each lesson built,
 * as the teacher would start it (scripts/present.cjs), after the sites are written.
 *
 * - present must find each build current. Should it not (the build's stamp and present's own
 *   reading of the inputs disagree), the talk would start Slidev's dev server instead, 10 s or
 *   more before slide 1: the build fails and says why, not the teacher's first start.
 * - The run compiles present's command through tsx's CommonJS hook, which caches what it
 *   compiles: the first `npm run present` after a build no longer pays that compile
 *   (0.3 s of the first start, docs/performance.md).
 */
import type { Lesson } from '../../data/course'
import process from 'node:process'
import { capture } from '../labs/process'
import { PASSWORD_ENV } from '../present/args'
import { BUILT_MODE_LINE } from '../present/mode'
import { SHOW_APPENDIX_ENV } from '../shared/appendix'
import { PRESENT_LAUNCHER, ROOT } from '../shared/project'

/** present decides in well under a second; one that has not answered in this long is stuck (or serving). */
const ANSWER_WITHIN_MS = 60_000

export interface PresentCheckOptions {
  root?: string
  /** The command that runs present's launcher (default: this Node). */
  node?: string
  env?: NodeJS.ProcessEnv
  timeoutMs?: number
}

/**
 * Runs `present N --dry-run` for each lesson, one after another (the first compiles, the next
 * find the cache), and fails naming the lesson and present's answer if present would not serve
 * its build. The teacher's remote password and the appendix switch are left out: each makes
 * present choose the dev server whatever the build.
 */
export async function checkPresentStarts(lessons: readonly Lesson[], options: PresentCheckOptions = {}): Promise<void> {
  const { root = ROOT, node = process.execPath, env = process.env, timeoutMs = ANSWER_WITHIN_MS } = options
  const { [PASSWORD_ENV]: _password, [SHOW_APPENDIX_ENV]: _appendix, ...cleanEnv } = env
  for (const lesson of lessons) {
    const args = [PRESENT_LAUNCHER, String(lesson.number), '--dry-run']
    const { code, output, timedOut } = await capture(node, args, timeoutMs, root, cleanEnv)
    if (timedOut || code !== 0 || !output.split('\n').some(line => line.startsWith(BUILT_MODE_LINE))) {
      const how = timedOut ? `gave no answer within ${timeoutMs / 1000} s and was stopped` : code === 0 ? 'chose otherwise' : `exited with ${code}`
      throw new Error([
        `npm run present -- ${lesson.number} would not start ${lesson.slug} from this build (present --dry-run ${how}):`,
        ...output.trimEnd().split('\n').map(line => `  ${line}`),
      ].join('\n'))
    }
  }
}
