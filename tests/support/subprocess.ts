/**
 * Runs a command as the tests' failure paths need it: in a process group of
 * its own, with a time limit, and with a look afterwards for anything of the
 * group that outlived it (Chromium, Slidev, esbuild).
 */
import type { Buffer } from 'node:buffer'
import type { ChildProcess } from 'node:child_process'
import { spawn } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import process from 'node:process'

export interface Outcome {
  status: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  seconds: number
  /** Processes of the command's group still alive after it exited (they are killed). */
  leftovers: boolean
}

export interface RunOptions {
  cwd: string
  env?: NodeJS.ProcessEnv
  /** The group is killed after this long: a command still running then hung. */
  limitMs?: number
}

/** The live processes of a process group (zombies, already gone, left out), with their command lines. */
export function groupMembers(pgid: number): { pid: number, command: string }[] {
  const members: { pid: number, command: string }[] = []
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry))
      continue
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8')
      // pid (comm) state ppid pgrp …: the command name may hold spaces and parentheses.
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      if (Number(pgrp) === pgid && state !== 'Z')
        members.push({ pid: Number(entry), command: readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ').trim() })
    }
    catch {}
  }
  return members
}

export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0)
    return true
  }
  catch {
    return false
  }
}

function killGroup(pgid: number): void {
  try {
    process.kill(-pgid, 'SIGKILL')
  }
  catch {}
}

/** `node <args>` in its own process group. */
export async function runInGroup(args: string[], { cwd, env = {}, limitMs = 60_000 }: RunOptions): Promise<Outcome> {
  // The test runner's own variables would confuse a nested Playwright.
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(?:TEST_|PW_|PLAYWRIGHT_)/.test(k)))
  const started = Date.now()
  const child = spawn(process.execPath, args, { cwd, env: { ...base, ...env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d))
  child.stderr.on('data', (d: Buffer) => (stderr += d))
  const killer = setTimeout(() => killGroup(child.pid!), limitMs)
  const [status, signal] = await new Promise<[number | null, NodeJS.Signals | null]>(resolve => child.once('close', (code, sig) => resolve([code, sig])))
  clearTimeout(killer)
  const seconds = (Date.now() - started) / 1000
  // Give dying children (esbuild's service, Chromium's helpers) a moment to
  // notice, then look for anything left of the group.
  const deadline = Date.now() + 3_000
  while (groupAlive(child.pid!) && Date.now() < deadline)
    await new Promise(r => setTimeout(r, 100))
  const leftovers = groupAlive(child.pid!)
  if (leftovers)
    killGroup(child.pid!)
  return { status, signal, stdout, stderr, seconds, leftovers }
}

/**
 * How a spec stops a long-running command it started detached (its own
 * process group): SIGTERM to the whole group, SIGKILL after 10 s, and SIGKILL
 * at once should the worker exit first, so no server outlives the spec.
 * It returns once every process of the group is gone, not when the leader
 * exits: Slidev, a child of the leader, may still hold the port (a new
 * server's readiness probe then reaches the dying one and its next request
 * is reset) or be writing Vite's dependency cache that the next server reads.
 */
export function groupStopper(child: ChildProcess): () => Promise<void> {
  const exited = new Promise<void>(resolve => child.once('exit', () => resolve()))
  const killGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal)
    }
    catch {}
  }
  const onExit = () => killGroup('SIGKILL')
  process.once('exit', onExit)
  return async () => {
    process.off('exit', onExit)
    killGroup('SIGTERM')
    const late = setTimeout(killGroup, 10_000, 'SIGKILL')
    await exited
    clearTimeout(late)
    killGroup('SIGKILL')
    // A killed process is gone once the kernel has closed its sockets and files: a condition, not a time.
    const deadline = Date.now() + 10_000
    while (groupMembers(child.pid!).length && Date.now() < deadline)
      await new Promise(r => setTimeout(r, 50))
    if (groupMembers(child.pid!).length)
      throw new Error(`process group ${child.pid} still alive 10 s after SIGKILL: ${groupMembers(child.pid!).map(m => m.command).join('; ')}`)
  }
}
