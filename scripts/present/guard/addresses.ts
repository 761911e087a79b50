/**
 * Who is asking: this machine (a loopback peer that names the server by a
 * local Host and comes through no proxy), or another one, and whose wrong
 * passwords count together.
 */
import type { IncomingMessage } from 'node:http'
import { isIPv4, isIPv6 } from 'node:net'

/** An IPv6 address as eight 16-bit groups, or undefined if it is not one. */
function ipv6Groups(address: string): number[] | undefined {
  let text = address.split('%')[0].toLowerCase()
  if (!isIPv6(text))
    return undefined
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text)
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number)
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
  }
  const [head, tail] = text.split('::')
  const before = head ? head.split(':') : []
  const after = tail ? tail.split(':') : []
  const groups = tail === undefined ? before : [...before, ...Array.from<string>({ length: 8 - before.length - after.length }).fill('0'), ...after]
  return groups.map(g => Number.parseInt(g, 16))
}

/** The IPv4 address inside an IPv4-mapped IPv6 address (::ffff:a.b.c.d). */
function mappedIPv4(groups: number[]): string | undefined {
  if (groups.slice(0, 5).every(g => g === 0) && groups[5] === 0xFFFF)
    return [groups[6] >> 8, groups[6] & 0xFF, groups[7] >> 8, groups[7] & 0xFF].join('.')
  return undefined
}

/**
 * A peer on this machine: 127.0.0.0/8, ::1, or 127.x mapped into IPv6.
 * Nothing else, in particular not any address that merely starts with `::`.
 */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address)
    return false
  if (isIPv4(address))
    return address.split('.')[0] === '127'
  const groups = ipv6Groups(address)
  if (!groups)
    return false
  if (groups.slice(0, 7).every(g => g === 0) && groups[7] === 1)
    return true
  return mappedIPv4(groups)?.split('.')[0] === '127'
}

/** The Host header names this machine: localhost, 127.0.0.1 or [::1], with any port. */
export function isLocalHost(host: string | undefined): boolean {
  return /^(?:localhost|127\.0\.0\.1|\[::1\])(?::\d{1,5})?$/i.test(host ?? '')
}

/** A hostname or address to listen on that only this machine can reach. */
export function isLoopbackHostname(host: string): boolean {
  return host.toLowerCase() === 'localhost' || isLoopbackAddress(host.replace(/^\[|\]$/g, ''))
}

/**
 * Whose failures count together: an IPv4 address (also when it arrives
 * mapped into IPv6), or an IPv6 address's /64, which one machine can fill
 * with addresses of its own.
 */
export function clientKey(address: string | undefined): string {
  if (!address)
    return 'unknown'
  if (isIPv4(address))
    return address
  const groups = ipv6Groups(address)
  if (!groups)
    return address
  return mappedIPv4(groups) ?? `${groups.slice(0, 4).map(g => g.toString(16)).join(':')}::/64`
}

const PROXY_HEADERS = ['forwarded', 'x-forwarded-for', 'x-forwarded-host', 'x-real-ip', 'via']

/** A request from this machine, naming it by a local Host, not relayed by a proxy. */
export function isFromThisMachine(req: IncomingMessage): boolean {
  return isLoopbackAddress(req.socket.remoteAddress)
    && isLocalHost(req.headers.host)
    && !PROXY_HEADERS.some(h => req.headers[h] !== undefined)
}
