import type { Buffer } from 'node:buffer'
/**
 * The remote password and its cookie. Another machine brings the password
 * once as `?password=…` and gets a cookie: an HMAC token under a key made for
 * this run (cookies of an earlier run get 401). Wrong passwords are slowed,
 * and after LIMITS.failures of them the address is refused for LIMITS.lockMs
 * (429); each refusal is logged with the address, never with the guess.
 */
import type { IncomingMessage } from 'node:http'
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { clientKey } from './addresses'

export const REMOTE_COOKIE = 'course_remote'

/** The shortest remote password the guard accepts. */
export const MIN_PASSWORD_LENGTH = 12

export const LIMITS = {
  /** Wrong passwords from one address before it is refused for a while. */
  failures: 5,
  /** How long an address is refused (429) after too many wrong passwords. */
  lockMs: 60_000,
  /** Wrong passwords older than this are forgotten. */
  windowMs: 15 * 60_000,
  /** Each wrong password is answered this much later, times the failures so far. */
  slowMs: 200,
  /** Addresses remembered at most (oldest forgotten first). */
  addresses: 10_000,
  /** The largest presenter-sync body a remote client may send. */
  syncBodyBytes: 64 * 1024,
}

export interface Attempts {
  failures: number
  firstFailure: number
  lockedUntil: number
}

export type Status = 400 | 401 | 403 | 413 | 429

export interface Refusal {
  allowed: false
  status: Status
  reason: string
  /** Seconds until the address may try again (429). */
  retryAfter?: number
  /** Answer this much later (a wrong password). */
  delayMs?: number
}

export interface Admitted {
  allowed: true
  client: 'remote'
  setCookie?: string
  /** Send the browser on to this URL (the same one without ?password=). */
  redirect?: string
}

// One key per process, kept across re-evaluations of this module: Slidev
// re-creates the Vite server (re-reading vite.config.ts) on a config change,
// and the cookies already given out should stay valid; a new run makes a
// new key, and the old cookies are worthless.
const KEY_SLOT = Symbol.for('course.remote-guard.key')
const ATTEMPTS_SLOT = Symbol.for('course.remote-guard.attempts')

function processSlot<T>(slot: symbol, create: () => T): T {
  const slots = globalThis as unknown as Record<symbol, T | undefined>
  return slots[slot] ??= create()
}

export function passwordIn(query: string): string | undefined {
  return new URLSearchParams(query).get('password') ?? undefined
}

/** The same target without `password=` in its query. Never `//host/…`: that would send the browser to another site. */
export function withoutPassword(rawPath: string, query: string): string {
  const params = new URLSearchParams(query)
  params.delete('password')
  const rest = params.toString()
  return `/${rawPath.replace(/^[/\\]+/, '')}${rest ? `?${rest}` : ''}`
}

export function cookieIn(header = ''): string | undefined {
  for (const part of header.split(';')) {
    const [name, ...value] = part.trim().split('=')
    if (name === REMOTE_COOKIE)
      return value.join('=')
  }
  return undefined
}

export interface PasswordOptions {
  password: string
  /** The HMAC key (default: one per process). */
  key?: Buffer
  now: () => number
  /** Wrong passwords by client (default: one map per process). */
  attempts?: Map<string, Attempts>
  log: (line: string) => void
  /** Logs a refusal, at most once per 10 s per address and kind. */
  report: (address: string, what: string, kind?: string) => void
}

/** Who another machine is: one that brings the password or its cookie, or a refusal. */
export function createPasswordCheck(options: PasswordOptions): (req: IncomingMessage, address: string, target: { rawPath: string, query: string }, navigation: boolean) => Admitted | Refusal {
  const { password, now, log, report } = options
  if (password.length < MIN_PASSWORD_LENGTH)
    throw new Error(`The remote password must have at least ${MIN_PASSWORD_LENGTH} characters.`)
  const key = options.key ?? processSlot(KEY_SLOT, () => randomBytes(32))
  const attempts = options.attempts ?? processSlot(ATTEMPTS_SLOT, () => new Map<string, Attempts>())
  const mac = (purpose: string, value: string) => createHmac('sha256', key).update(`${purpose}\0${value}`).digest()
  // Both sides are HMACs of the same length: timingSafeEqual needs that, and
  // the comparison then tells nothing about the secret's length either.
  const matches = (purpose: string, candidate: string, secret: Buffer) => timingSafeEqual(mac(purpose, candidate), secret)
  const passwordMac = mac('password', password)
  const token = mac('cookie', password).toString('base64url')
  const tokenMac = mac('token', token)
  const cookie = `${REMOTE_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict`

  const attemptsOf = (id: string): Attempts => {
    let entry = attempts.get(id)
    if (entry && entry.lockedUntil <= now() && now() - entry.firstFailure > LIMITS.windowMs)
      entry = undefined
    if (!entry) {
      entry = { failures: 0, firstFailure: now(), lockedUntil: 0 }
      attempts.set(id, entry)
      if (attempts.size > LIMITS.addresses)
        attempts.delete(attempts.keys().next().value!)
    }
    return entry
  }

  const deny = (status: Status, reason: string, extra: { retryAfter?: number, delayMs?: number } = {}): Refusal => ({ allowed: false, status, reason, ...extra })

  return (req, address, target, navigation) => {
    const carried = cookieIn(req.headers.cookie)
    if (carried !== undefined && matches('token', carried, tokenMac))
      return { allowed: true, client: 'remote' }

    const id = clientKey(address)
    const entry = attempts.get(id)
    if (entry && entry.lockedUntil > now()) {
      const retryAfter = Math.ceil((entry.lockedUntil - now()) / 1000)
      report(address, `refused (429): locked out for another ${retryAfter} s after ${LIMITS.failures} wrong passwords`, 'locked out')
      return deny(429, `too many wrong passwords from ${address}; try again in ${retryAfter} s`, { retryAfter })
    }
    const given = passwordIn(target.query)
    if (given !== undefined) {
      if (matches('password', given, passwordMac)) {
        attempts.delete(id)
        return { allowed: true, client: 'remote', setCookie: cookie, redirect: navigation ? withoutPassword(target.rawPath, target.query) : undefined }
      }
      const failed = attemptsOf(id)
      if (failed.failures === 0)
        failed.firstFailure = now()
      failed.failures++
      const delayMs = LIMITS.slowMs * failed.failures
      if (failed.failures >= LIMITS.failures) {
        failed.lockedUntil = now() + LIMITS.lockMs
        failed.failures = 0
        log(`${address}: wrong password (${LIMITS.failures} of ${LIMITS.failures}); further attempts refused for ${LIMITS.lockMs / 1000} s (429)`)
      }
      else {
        log(`${address}: wrong password (${failed.failures} of ${LIMITS.failures})`)
      }
      return deny(401, 'wrong password', { delayMs })
    }
    // A stale cookie (an earlier run's) is not a guess: a browser sends it with
    // every request until the password is given again.
    return deny(401, carried === undefined ? 'no password' : 'the cookie is from an earlier run or forged')
  }
}
