/**
 * Shell blocks through ShellCheck (the Debian package `shellcheck`): one run
 * for all the blocks of a deck. `console` blocks: only the lines after a
 * `$ ` prompt are commands (with their `\` continuations and here-documents);
 * the rest is output and is blanked, so line numbers still match.
 *
 * Severity info and above (not style); left out: SC1009 (it only points at
 * the syntax error it accompanies) and SC1090/SC1091 (sourced files that are
 * not on this machine).
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'

export const SHELL_LANGS = new Set(['bash', 'sh', 'shell', 'zsh', 'console', 'shell-session'])

export class ShellCheckMissing extends Error {
  constructor() {
    super('ShellCheck is not installed: apt-get install shellcheck (the code check runs it on every bash/sh/shell/console block)')
    this.name = 'ShellCheckMissing'
  }
}

export interface ShellProblem {
  /** 1-based line within the block. */
  line: number
  code: string
  level: string
  message: string
}

/** The commands of a `console` block, one output line per input line. */
export function consoleCommands(code: string): string {
  const lines = code.replace(/\n$/, '').split('\n')
  const out: string[] = []
  let continuing = false
  let heredoc: string | undefined
  for (const line of lines) {
    if (heredoc !== undefined) {
      out.push(line)
      if (line.replace(/^\t+/, '') === heredoc)
        heredoc = undefined
      continue
    }
    let command: string | undefined
    if (continuing)
      command = line
    else if (/^\$ /.test(line) || line === '$')
      command = line.slice(2)
    if (command === undefined) {
      out.push('')
      continue
    }
    out.push(command)
    continuing = /\\$/.test(command)
    heredoc = /<<-?\s*(['"]?)(\w+)\1/.exec(command)?.[2]
  }
  return `${out.join('\n')}\n`
}

export function hasShellCheck(): boolean {
  const run = spawnSync('shellcheck', ['--version'], { encoding: 'utf8' })
  return run.status === 0
}

/**
 * Runs ShellCheck over the scripts, all at once. `sh` blocks are POSIX sh,
 * the others bash. Returns the problems of each script, in order.
 */
export function shellcheck(scripts: { code: string, dialect: 'bash' | 'sh' }[]): ShellProblem[][] {
  if (!scripts.length)
    return []
  if (!hasShellCheck())
    throw new ShellCheckMissing()
  const dir = mkdtempSync(join(os.tmpdir(), 'code-check-'))
  try {
    const files = scripts.map((s, i) => {
      const file = join(dir, `block-${i}.${s.dialect}`)
      writeFileSync(file, s.code)
      return file
    })
    const results: ShellProblem[][] = scripts.map(() => [])
    for (const dialect of ['bash', 'sh'] as const) {
      const mine = files.filter((_, i) => scripts[i].dialect === dialect)
      if (!mine.length)
        continue
      const run = spawnSync('shellcheck', ['--format=json1', `--shell=${dialect}`, '--severity=info', '--exclude=SC1009,SC1090,SC1091', ...mine], { encoding: 'utf8', maxBuffer: 64 << 20 })
      if (run.error)
        throw run.error
      const report = JSON.parse(run.stdout || '{"comments":[]}') as { comments: { file: string, line: number, code: number, level: string, message: string }[] }
      for (const c of report.comments) {
        const index = files.indexOf(c.file)
        results[index]?.push({ line: c.line, code: `SC${c.code}`, level: c.level, message: c.message })
      }
    }
    return results
  }
  finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
