/**
 * What the present specs share (present-command, present-remote,
 * present-local and present-guard): `npm run present` or Slidev started for
 * real in a process group of its own, waited for until it listens, and what
 * `ss` says it listens on.
 */
import type { Buffer } from 'node:buffer'
import type { ChildProcess } from 'node:child_process'
import type { IncomingHttpHeaders } from 'node:http'
import { spawn, spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import http from 'node:http'
import { createRequire } from 'node:module'
import net from 'node:net'
import { join } from 'node:path'
import process from 'node:process'
import { PASSWORD_ENV } from '../../scripts/present/args'
import { PRESENT_LAUNCHER, ROOT } from '../../scripts/shared/project'
import { groupStopper } from './subprocess'

/** What `npm run present` runs: the CommonJS launcher of scripts/present.ts. */
export const PRESENT = join(ROOT, PRESENT_LAUNCHER)
export const SLIDEV = createRequire(import.meta.url).resolve('@slidev/cli/bin/slidev.mjs')
export const TSX = createRequire(import.meta.url).resolve('tsx/cli')
export const THIS_MACHINE = '127.0.0.1'

export interface Running {
  child: ChildProcess
  output: () => string
  alive: () => boolean
  stop: () => Promise<void>
}

export interface ReadyAt {
  host: string
  port: number
  /** How long the server may take to listen. */
  limitMs?: number
}

export function connects(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port })
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}

/** A Node command in its own process group, so that it and its children (Slidev, esbuild) stop together. */
export async function start(command: string[], env: NodeJS.ProcessEnv, readyAt: ReadyAt): Promise<Running> {
  const child = spawn(process.execPath, command, { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  child.stdout!.on('data', (d: Buffer) => (output += d))
  child.stderr!.on('data', (d: Buffer) => (output += d))
  const stop = groupStopper(child)

  let running = true
  child.once('exit', () => (running = false))
  const deadline = Date.now() + (readyAt.limitMs ?? 90_000)
  while (!(await connects(readyAt.host, readyAt.port))) {
    if (!running || Date.now() > deadline) {
      await stop()
      throw new Error(`${command.join(' ')} did not listen on ${readyAt.host}:${readyAt.port}:\n${output.slice(-3000)}`)
    }
    await new Promise(r => setTimeout(r, 250))
  }
  return { child, output: () => output, alive: () => running, stop }
}

/** `npm run present <args>` as npm runs it (its launcher, without npm in between). */
export const present = (args: string[], env: NodeJS.ProcessEnv, readyAt: ReadyAt) => start([PRESENT, ...args], env, readyAt)

/** The environment without a remote password (and without Vite's warning about its native config loader). */
export function withoutPassword(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const { [PASSWORD_ENV]: _, ...rest } = env
  return { ...rest, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' }
}

/** The local addresses listening on a TCP port, as `ss -ltn` shows them. */
export function listeningOn(port: number): string[] {
  const run = spawnSync('ss', ['-ltnH', `sport = :${port}`], { encoding: 'utf8' })
  if (run.error || run.status !== 0)
    throw new Error(`ss failed: ${run.error?.message ?? run.stderr}`)
  return run.stdout.trim().split('\n').filter(Boolean).map(line => line.trim().split(/\s+/)[3].replace(/:\d+$/, ''))
}

export const isLoopbackListener = (address: string) => /^(?:127\.\d+\.\d+\.\d+|\[::1\]|\[::ffff:127\.\d+\.\d+\.\d+\])$/.test(address)

export interface HereAnswer {
  status: number
  headers: IncomingHttpHeaders
  body: string
}

export interface HereRequest {
  method?: string
  headers?: Record<string, string>
  body?: string
  /** Ask for Vite's HMR WebSocket; the answer is the upgrade's status. */
  websocket?: boolean
  timeoutMs?: number
}

/** A request from this machine (127.0.0.1), with the Host it names (Node's `127.0.0.1:<port>` unless headers say otherwise). */
export function askHere(port: number, path: string, options: HereRequest = {}): Promise<HereAnswer> {
  const headers: Record<string, string> = { ...options.headers }
  if (options.websocket) {
    Object.assign(headers, {
      'Connection': 'Upgrade',
      'Upgrade': 'websocket',
      'Sec-WebSocket-Version': '13',
      'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
      'Sec-WebSocket-Protocol': 'vite-hmr',
    })
  }
  return new Promise((resolve, reject) => {
    const req = http.request({ host: THIS_MACHINE, port, path, method: options.method ?? 'GET', headers, agent: false, timeout: options.timeoutMs ?? 30_000 })
    req.on('upgrade', (res, socket) => {
      socket.destroy()
      resolve({ status: res.statusCode ?? 0, headers: res.headers, body: '' })
    })
    req.on('response', (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }))
    })
    req.on('timeout', () => req.destroy(new Error(`no answer to ${path}`)))
    req.on('error', reject)
    req.end(options.body)
  })
}
