/**
 * Running the lab's tools and step scripts with a time limit: each child is
 * the leader of its own process group, so a step that overruns is stopped
 * together with everything it started (kubectl, docker, sleep).
 */
import type { ChildProcess } from 'node:child_process'
import { spawn } from 'node:child_process'
import process from 'node:process'

export interface Captured {
  code: number | null
  stdout: string
  /** stdout and stderr together, in order. */
  output: string
  timedOut: boolean
}

/** Signals a process group: SIGTERM, then SIGKILL after `graceMs`. */
function stopGroup(child: ChildProcess, graceMs: number): void {
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, name)
    }
    catch {}
  }
  signal('SIGTERM')
  setTimeout(signal, graceMs, 'SIGKILL').unref()
}

/** Runs `command` (in `cwd`, with `env`: this process's by default) and collects its output; stops it after `timeoutMs`. */
export function capture(command: string, args: string[], timeoutMs: number, cwd?: string, env?: NodeJS.ProcessEnv): Promise<Captured> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
    child.stdout.setEncoding('utf8')
    child.stderr.setEncoding('utf8')
    let stdout = ''
    let output = ''
    let timedOut = false
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk
      output += chunk
    })
    child.stderr.on('data', (chunk: string) => {
      output += chunk
    })
    const timer = setTimeout(() => {
      timedOut = true
      stopGroup(child, 2_000)
    }, timeoutMs)
    child.on('error', (error) => {
      clearTimeout(timer)
      resolve({ code: null, stdout, output: `${output}${error.message}`, timedOut })
    })
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, output, timedOut })
    })
  })
}

export interface StepResult {
  code: number | null
  timedOut: boolean
}

/**
 * Runs a step script with bash in its folder, its output going straight to
 * ours; after `timeoutMs` its process group is stopped.
 */
export function runScript(script: string, cwd: string, timeoutMs: number): Promise<StepResult> {
  return new Promise((resolve) => {
    const child = spawn('bash', [script], { cwd, detached: true, stdio: ['ignore', 'inherit', 'inherit'] })
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      stopGroup(child, 5_000)
    }, timeoutMs)
    // Ctrl-C on the runner stops the step too (it is in its own group).
    const interrupt = () => stopGroup(child, 2_000)
    process.once('SIGINT', interrupt)
    process.once('SIGTERM', interrupt)
    const done = (code: number | null) => {
      clearTimeout(timer)
      process.off('SIGINT', interrupt)
      process.off('SIGTERM', interrupt)
      resolve({ code, timedOut })
    }
    child.on('error', () => done(null))
    child.on('close', code => done(code))
  })
}
