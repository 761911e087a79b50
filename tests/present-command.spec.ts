import { spawnSync } from 'node:child_process'
/**
 * `npm run present`'s command line, run for real: each option that would open
 * the server (or a tunnel) in Slidev's own parser, a short password and an
 * option Slidev should not get are refused before Slidev starts.
 * (tests/unit/present-args.test.ts checks every spelling.)
 */
import process from 'node:process'
import { expect, test } from '@playwright/test'
import { PASSWORD_ENV } from '../scripts/present/args'
import { ROOT } from '../scripts/shared/project'
import { PRESENT, withoutPassword } from './support/present-server'

const LESSON = 2 as const

// -------------------------------------------------------- the command line

test.describe('the command line', () => {
  // Each of these would open the server (or a tunnel) in Slidev's own parser.
  // (tests/unit/present-args.test.ts checks every spelling; these run the command.)
  const refused: [string[], RegExp, NodeJS.ProcessEnv?][] = [
    [['--no-remote'], /--no-remote is not understood/],
    [['--remote.x=1'], /--remote\.x=1 is not understood/],
    [['--tunnel'], /--tunnel: a tunnel is never allowed/],
    [['--tunnel.a'], /--tunnel\.a: a tunnel is never allowed/],
    [['--tunnel=true'], /--tunnel=true: a tunnel is never allowed/],
    [['--bind', '0.0.0.0'], /--bind only applies with a remote password/],
    [['--bind=0.0.0.0'], /--bind only applies with a remote password/],
    [['--remote', 'tablet-42'], /at least 12 characters/],
    [[], /COURSE_REMOTE_PASSWORD\) must have at least 12 characters/, { [PASSWORD_ENV]: 'tablet-42' }],
    [['--inspect'], /Unknown option --inspect: npm run present passes on to Slidev only --port, --open, --log and --force/],
  ]
  for (const [args, message, env] of refused) {
    test(`present ${LESSON} ${args.join(' ') || `(${Object.keys(env ?? {}).join(' ')})`}: refused before Slidev starts`, () => {
      const started = Date.now()
      const run = spawnSync(process.execPath, [PRESENT, String(LESSON), ...args], { cwd: ROOT, encoding: 'utf8', env: { ...withoutPassword(), ...env }, timeout: 30_000 })
      expect(run.status, run.stderr).toBe(1)
      expect(run.stderr).toMatch(message)
      expect(run.stderr).toMatch(/Usage: npm run present -- <lesson>/)
      expect(run.stdout, 'Slidev never started').not.toMatch(/Slidev|Remote screen/)
      expect(Date.now() - started).toBeLessThan(20_000)
    })
  }
})
