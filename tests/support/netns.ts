import type { Buffer } from 'node:buffer'
/**
 * Another machine for the tests: a Linux network namespace joined to this one
 * by a veth pair, on a private /29 that exists only between the two (10.231.x.y;
 * nothing is routed anywhere else). A client in the namespace reaches this
 * machine's end of the pair from a real non-loopback source address, exactly
 * as a tablet on the classroom network would.
 *
 * Needs root and iproute2 (`ip netns`), as CI has. A test that cannot make the
 * namespace fails with the reason: it never passes without having checked.
 */
import type { ChildProcess } from 'node:child_process'
import type { IncomingHttpHeaders } from 'node:http'
import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { randomInt } from 'node:crypto'
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import process from 'node:process'
import readline from 'node:readline'
import { test } from '@playwright/test'

/** A request the agent in the namespace makes. */
export interface Job {
  /** Source address: one of the namespace's. */
  from: string
  host: string
  port: number
  path?: string
  method?: string
  headers?: Record<string, string>
  body?: string
  /** Ask for a WebSocket (Vite's HMR protocol unless `protocol` says otherwise). */
  websocket?: boolean
  protocol?: string
  /** Text frames to send once the WebSocket is open. */
  send?: string[]
  /** Only open a TCP connection and report whether it was accepted. */
  connectOnly?: boolean
  /**
   * Send these bytes (latin1) as they are, as the whole request, and read
   * the answer until the server closes (send `Connection: close`): no
   * client library tidies them.
   */
  raw?: string
}

export interface Answer {
  status: number
  headers: IncomingHttpHeaders
  body: string
  connected?: boolean
  error?: string
}

// Runs inside the namespace: one JSON job per line in, one JSON answer per line out.
const AGENT = String.raw`
import http from 'node:http'
import net from 'node:net'
import crypto from 'node:crypto'
import readline from 'node:readline'

const out = o => process.stdout.write(JSON.stringify(o) + '\n')

function frame(text) {
  const payload = Buffer.from(text)
  const mask = crypto.randomBytes(4)
  let header
  if (payload.length < 126) header = Buffer.from([0x81, 0x80 | payload.length])
  else { header = Buffer.alloc(4); header[0] = 0x81; header[1] = 0x80 | 126; header.writeUInt16BE(payload.length, 2) }
  return Buffer.concat([header, mask, Buffer.from(payload.map((b, i) => b ^ mask[i % 4]))])
}

function rawRequest(job) {
  return new Promise((resolve) => {
    const socket = net.connect({ host: job.host, port: job.port, localAddress: job.from })
    const chunks = []
    socket.setTimeout(30000, () => socket.destroy(new Error('timeout')))
    socket.on('data', c => chunks.push(c))
    socket.once('error', e => resolve({ status: 0, headers: {}, body: '', error: e.code ?? e.message }))
    socket.once('close', () => {
      const text = Buffer.concat(chunks).toString('latin1')
      const [head, ...rest] = text.split('\r\n\r\n')
      const [statusLine, ...lines] = head.split('\r\n')
      const headers = {}
      for (const line of lines) {
        const at = line.indexOf(':')
        if (at > 0) headers[line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim()
      }
      resolve({ status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0), headers, body: rest.join('\r\n\r\n') })
    })
    // Not end(): a server may drop a request whose client half-closed before the answer.
    socket.write(Buffer.from(job.raw, 'latin1'))
  })
}

function run(job) {
  if (job.raw !== undefined)
    return rawRequest(job)
  if (job.connectOnly) {
    return new Promise((resolve) => {
      const socket = net.connect({ host: job.host, port: job.port, localAddress: job.from })
      socket.setTimeout(5000, () => { socket.destroy(); resolve({ status: 0, headers: {}, body: '', connected: false, error: 'timeout' }) })
      socket.once('connect', () => { socket.destroy(); resolve({ status: 0, headers: {}, body: '', connected: true }) })
      socket.once('error', e => resolve({ status: 0, headers: {}, body: '', connected: false, error: e.code }))
    })
  }
  return new Promise((resolve, reject) => {
    const headers = { ...job.headers }
    if (job.websocket) {
      Object.assign(headers, {
        'Connection': 'Upgrade',
        'Upgrade': 'websocket',
        'Sec-WebSocket-Version': '13',
        'Sec-WebSocket-Key': crypto.randomBytes(16).toString('base64'),
        'Sec-WebSocket-Protocol': job.protocol ?? 'vite-hmr',
      })
    }
    const req = http.request({ host: job.host, port: job.port, path: job.path ?? '/', method: job.method ?? 'GET', localAddress: job.from, headers, agent: false, timeout: 30000 })
    req.on('upgrade', (res, socket) => {
      for (const text of job.send ?? []) socket.write(frame(text))
      socket.on('error', () => {})
      setTimeout(() => { socket.destroy(); resolve({ status: res.statusCode, headers: res.headers, body: '' }) }, job.send?.length ? 1000 : 0)
    })
    req.on('response', (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', c => (body += c))
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }))
    })
    req.on('timeout', () => req.destroy(new Error('no answer within 30 s')))
    req.on('error', reject)
    req.end(job.body)
  })
}

readline.createInterface({ input: process.stdin }).on('line', async (line) => {
  const { id, job } = JSON.parse(line)
  try { out({ id, ...(await run(job)) }) }
  catch (e) { out({ id, status: 0, headers: {}, body: '', error: e.code ?? e.message }) }
})
`

export interface Namespace {
  name: string
  /** This machine's end of the pair. */
  hostAddress: string
  /** The namespace's addresses: two "other machines". */
  clients: [string, string]
  /** Runs a request from inside the namespace. */
  ask: (job: Omit<Job, 'host'> & { host?: string }) => Promise<Answer>
  /** An executable that runs the given program inside the namespace (for a browser). */
  wrap: (program: string) => Promise<string>
  remove: () => Promise<void>
}

function ip(args: string[]) {
  const run = spawnSync('ip', args, { encoding: 'utf8' })
  if (run.error || run.status !== 0)
    throw new Error(`ip ${args.join(' ')}: ${run.error?.message ?? run.stderr.trim()}`)
  return run.stdout
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  }
  catch {
    return false
  }
}

/** Namespaces this helper left behind in runs that died (their pid is gone). */
function removeStale() {
  let list = ''
  try {
    list = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })
  }
  catch {
    return
  }
  for (const [, name, pid] of list.matchAll(/^(course-t(\d+)-\w+)/gm)) {
    if (!alive(Number(pid)))
      spawnSync('ip', ['netns', 'del', name])
  }
}

export async function createNamespace(): Promise<Namespace> {
  const which = spawnSync('ip', ['-V'], { encoding: 'utf8' })
  if (which.error)
    throw new Error(`These tests need another machine, made as a network namespace with iproute2's \`ip\`, which is not installed (Debian: apt-get install iproute2): ${which.error.message}`)
  removeStale()

  const tag = randomInt(36 ** 3).toString(36).padStart(3, '0')
  const name = `course-t${process.pid}-${tag}`
  // Interface names have at most 15 characters.
  const hostIf = `ct${process.pid % 1e7}${tag.slice(0, 2)}h`
  const nsIf = `ct${process.pid % 1e7}${tag.slice(0, 2)}n`
  // A /29 of 10.231.0.0/16 that no interface here uses yet.
  let base = ''
  for (let tries = 0; tries < 20 && !base; tries++) {
    const candidate = `10.231.${randomInt(256)}.${randomInt(32) * 8}`
    if (!ip(['-o', '-4', 'addr', 'show', 'to', `${candidate}/29`]).trim())
      base = candidate
  }
  const octets = base.split('.').map(Number)
  const at = (n: number) => [...octets.slice(0, 3), octets[3] + n].join('.')
  const hostAddress = at(1)
  const clients: [string, string] = [at(2), at(3)]

  const cleanup = () => {
    spawnSync('ip', ['netns', 'del', name])
    spawnSync('ip', ['link', 'del', hostIf])
  }
  // Should the worker die before remove(), the namespace goes with it.
  process.once('exit', cleanup)
  try {
    ip(['netns', 'add', name])
    ip(['link', 'add', hostIf, 'type', 'veth', 'peer', 'name', nsIf])
    ip(['link', 'set', nsIf, 'netns', name])
    ip(['addr', 'add', `${hostAddress}/29`, 'dev', hostIf])
    ip(['link', 'set', hostIf, 'up'])
    ip(['-n', name, 'addr', 'add', `${clients[0]}/29`, 'dev', nsIf])
    ip(['-n', name, 'addr', 'add', `${clients[1]}/29`, 'dev', nsIf])
    ip(['-n', name, 'link', 'set', nsIf, 'up'])
    ip(['-n', name, 'link', 'set', 'lo', 'up'])
  }
  catch (error) {
    cleanup()
    process.off('exit', cleanup)
    throw new Error(`Cannot create a network namespace to stand for another machine (needs root and iproute2): ${(error as Error).message}`)
  }

  const dir = await mkdtemp(join(tmpdir(), 'netns-agent-'))
  const agentPath = join(dir, 'agent.mjs')
  await writeFile(agentPath, AGENT)
  const agent: ChildProcess = spawn('ip', ['netns', 'exec', name, process.execPath, agentPath], { stdio: ['pipe', 'pipe', 'pipe'] })
  let agentErrors = ''
  agent.stderr!.on('data', (d: Buffer) => (agentErrors += d))
  const pending = new Map<number, { resolve: (a: Answer) => void, reject: (e: Error) => void }>()
  readline.createInterface({ input: agent.stdout! }).on('line', (line) => {
    const { id, ...answer } = JSON.parse(line) as Answer & { id: number }
    pending.get(id)?.resolve(answer)
    pending.delete(id)
  })
  agent.once('exit', (code) => {
    for (const p of pending.values())
      p.reject(new Error(`the agent in namespace ${name} exited (${code}): ${agentErrors}`))
    pending.clear()
  })
  let nextId = 0
  const ask = (job: Omit<Job, 'host'> & { host?: string }) => new Promise<Answer>((resolve, reject) => {
    const id = nextId++
    pending.set(id, { resolve, reject })
    agent.stdin!.write(`${JSON.stringify({ id, job: { host: hostAddress, ...job } })}\n`)
  })

  const wrap = async (program: string) => {
    const path = join(dir, `in-namespace-${nextId++}`)
    await writeFile(path, `#!/bin/sh\nexec ip netns exec ${name} ${program} "$@"\n`)
    await chmod(path, 0o755)
    return path
  }

  return {
    name,
    hostAddress,
    clients,
    ask,
    wrap,
    remove: async () => {
      agent.stdin!.end()
      agent.kill()
      cleanup()
      process.off('exit', cleanup)
      await rm(dir, { recursive: true, force: true })
    },
  }
}

/** One namespace for a spec file's tests: made before them (handed to `use`), removed after them. */
export function withNamespace(use: (ns: Namespace) => void): void {
  let made: Namespace | undefined
  test.beforeAll(async () => {
    made = await createNamespace()
    use(made)
  })
  test.afterAll(async () => {
    await made?.remove()
  })
}
