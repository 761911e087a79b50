/**
 * Generated input for the remote guard's fuzz test (tests/present-guard.spec.ts):
 * request targets and WebSocket messages built from the pieces that have
 * fooled path checks before (encodings, dot-segments, prototype names,
 * backslashes, Unicode look-alikes, overlong and malformed UTF-8, very long
 * targets), from a seeded generator, so that a failing run can be replayed
 * with GUARD_FUZZ_SEED.
 */
import { Buffer } from 'node:buffer'

/** A small seeded generator (mulberry32). */
export function generator(seed: number): { next: () => number, pick: <T>(list: readonly T[]) => T, int: (n: number) => number } {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6D2B79F5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (n: number) => Math.floor(next() * n)
  return { next, int, pick: list => list[int(list.length)] }
}

/**
 * What may come back 2xx or 3xx to a remote screen, written out here rather
 * than taken from the guard: the pages, Vite's and Slidev's modules, the
 * synced states (the sync, drawings, snapshots), a slide's notes, and /@fs/ under the folders the deck is
 * built from. Anything else answered is a finding.
 */
export function remoteAnswerable(root: string): RegExp[] {
  const fs = root.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
  return [
    /^\/(?:entry|overview|notes|presenter)?\/?(?:\d+\/?)?$/,
    /^\/index\.html$/,
    /^\/@vite\/(?:client|env)$/,
    /^\/@id\/__x00__[\w:@/.\-]+$/,
    /^\/@slidev\/[\w:@/.\-]+$/,
    /^\/@server-(?:reactive|ref)\/(?:nav|drawings|snapshots)$/,
    /^\/__slidev\/slides\/\d+\.json$/,
    /^\/node_modules\/\.vite\/deps\/[\w@.\-]+$/,
    /^\/course-mark\.svg$/,
    new RegExp(`^/@fs${fs}/(?:slides|components|setup|styles|data|search|public|layouts|node_modules)/[^?]+$`),
    new RegExp(`^/@fs${fs}/global-top\\.vue$`),
  ]
}

/**
 * Text of files a remote screen must never receive (the instructor's
 * errata, the lockfile, the scripts, the Vite config, the system's users).
 */
export const PROTECTED_TEXT = [
  '勘误：第 1 课原始讲稿中的错误（仅供讲师）',
  '"lockfileVersion"',
  'root:x:0:0',
  'COMMAND_LINE_WARNING',
  'remoteGuard(remotePassword)',
]

export interface FuzzRequest {
  method: string
  /** The request target exactly as sent (latin1 bytes). */
  target: string
  body: string
  withCookie: boolean
}

const PROTOTYPE = ['__proto__', 'prototype', 'constructor', '__PROTO__', '__proto__.x', 'a.__proto__', 'constructor.prototype', '%5F_proto__', '__proto%5F_', '%5f%5fproto%5f%5f', 'hasOwnProperty', 'toString', 'a:b', 'x-polluted']
const DOTS = ['..', '.', '%2e%2e', '%2E%2E', '%2e.', '.%2e', '%2e', '%252e%252e', '%25252e', '..%2f', '..%5c', '..%2F..%2F', '..\\', '..;', '%c0%ae%c0%ae', '%e0%80%ae', '%c0%2e', '%u002e%u002e', '．．', '%ef%bc%8e%ef%bc%8e', '\u2025', '%e2%80%a5', '...', '....//']
const SEPARATORS = ['/', '/', '/', '//', '\\', '%2f', '%2F', '%5c', '%5C', '%252f', '%c0%af', '%e0%80%af', '／', '%ef%bc%8f', '＼', '%00/', ';/', '/./']
const WORDS = ['nav', 'drawings', 'snapshots', 'docs', 'instructor-errata.md', 'package-lock.json', 'package.json', 'scripts', 'present.ts', 'vite.config.ts', 'slides', 'lesson-2.md', 'components', 'LayerMap.vue', 'data', 'course.ts', 'node_modules', '.vite', 'deps', 'etc', 'passwd', '.git', 'config', '.env', 'presenter', 'entry', 'overview', '1', '3', '999', '__slidev', 'slides', '__mcp', '__open-in-editor', '@fs', '@id', '@vite', 'client', 'env', 'index.html', '中文', '%E4%B8%AD', 'ﬁle', '%EF%AC%81', 'A'.repeat(300), '%', '%z', '%zz', '%0', '%00', '%0a', '%0d%0a', '%7f', '%ff', '%fe%ff', '%ed%a0%80', '%f4%90%80%80', '%f8%88%80%80%80', '%c1%bf', '%e2%80%8b', '%e2%80%ae', '~', '!', '$', '&', '\'', '(', '*', '+', ',', ';', '=', ':', '@', '|', '^', '[', ']', '{', '}', '"', '<', '>', '`', ' ', '\t', '\u00E9', '\u00FF']
const PREFIXES = ['', '/', '/@server-reactive/', '/@server-ref/', '/@server-reactive/__proto__/', '/@fs', '/@fs/', '/@id/', '/@vite/', '/@slidev/', '/__slidev/slides/', '/node_modules/.vite/deps/', '/presenter/', '/%40fs/', '/@%66s/', '//', '\\', 'http://evil.example/', '*', '/..', '/.']
const QUERIES = ['', '', '', '?password=wrong-password-1', '?raw', '?import', '?url', '?inline', '?v=1', '?t=1', '?__proto__[x]=1', '?constructor.prototype.x=1', '?%', '?%zz', '?a=%00', '?x=\\..\\', '#frag', '?import&raw', `?${'q'.repeat(2000)}`]
const METHODS = ['GET', 'GET', 'GET', 'GET', 'HEAD', 'POST', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'PROPFIND']

// Canonical targets: they pass the first check, and probe the allow-list itself.
const CLEAN_PREFIXES = ['/', '/@fs<root>/', '/@fs<root>/', '/@fs<root>/slides/', '/@fs<root>/node_modules/', '/@fs/', '/@id/', '/@slidev/', '/@server-reactive/', '/@server-ref/', '/__slidev/', '/__slidev/slides/', '/node_modules/', '/presenter/', '/@vite/']
const CLEAN_WORDS = ['docs', 'instructor-errata.md', 'package-lock.json', 'package.json', 'scripts', 'present.ts', 'vite.config.ts', 'README.md', 'tests', 'slides', 'lesson-2.md', 'lesson-2', '03-config.md', 'components', 'LayerMap.vue', 'data', 'course.ts', 'setup', 'main.ts', 'public', 'course-mark.svg', 'node_modules', '.vite', '.git', '.env', 'config', 'etc', 'passwd', 'nav', 'drawings', 'env', 'client', '1', '12.json', '__mcp', '__open-in-editor', '__inspect', 'x-polluted', 'toString']
const CLEAN_QUERIES = ['', '', '', '?raw', '?import', '?url', '?inline', '?import&raw', '?v=1', '?password=wrong-password-2']

/** `count` request targets, from `seed`; `root` is the project's absolute path (for /@fs/). */
export function fuzzTargets(seed: number, count: number, { root }: { root: string }): FuzzRequest[] {
  const g = generator(seed)
  const segment = () => {
    const r = g.next()
    if (r < 0.25)
      return g.pick(PROTOTYPE)
    if (r < 0.5)
      return g.pick(DOTS)
    if (r < 0.6)
      return `${g.pick(WORDS)}${g.pick(DOTS)}${g.pick(WORDS)}`
    return g.pick(WORDS)
  }
  const requests: FuzzRequest[] = []
  for (let i = 0; i < count; i++) {
    if (g.next() < 0.3) {
      const words = Array.from({ length: 1 + g.int(3) }, () => g.pick(CLEAN_WORDS))
      const target = `${g.pick(CLEAN_PREFIXES).replace('<root>', root)}${words.join('/')}${g.pick(CLEAN_QUERIES)}`
      requests.push({ method: g.pick(['GET', 'GET', 'GET', 'HEAD', 'POST']), target, body: '', withCookie: g.next() < 0.9 })
      continue
    }
    let target = g.pick(PREFIXES)
    if (target === '/@fs' || target === '/@fs/')
      target = `/@fs${g.next() < 0.7 ? root : ''}/`
    const length = 1 + g.int(8)
    for (let s = 0; s < length; s++)
      target += `${segment()}${s < length - 1 ? g.pick(SEPARATORS) : ''}`
    if (g.next() < 0.05)
      target += '/'.repeat(1 + g.int(3))
    if (g.next() < 0.02)
      target += 'x'.repeat(8000 + g.int(12000))
    target += g.pick(QUERIES)
    // Only bytes a request line can carry at all (no CR, LF or space: they end it).
    target = [...target].map(c => (c === '\r' || c === '\n' || c === ' ') ? '%20' : c).join('')
    target = target.replace(/[^\0-\xFF]/g, c => Buffer.from(c).toString('latin1'))
    const method = g.pick(METHODS)
    const body = method === 'POST' || method === 'PUT' || method === 'PATCH'
      ? g.pick([
          JSON.stringify({ source: 'fuzz', data: { fuzzed: true }, timestamp: 1 }),
          JSON.stringify({ source: 'fuzz', patch: { page: 1 }, timestamp: 1 }),
          '{"source":"fuzz","patch":{"__proto__":{"fuzzed":true}}}',
          '{"source":"fuzz","data":{"constructor":{"prototype":{"fuzzed":true}}}}',
          'not json',
          '',
        ])
      : ''
    requests.push({ method, target, body, withCookie: g.next() < 0.9 })
  }
  return requests
}

/** `count` WebSocket messages a remote screen might send, from `seed`. */
export function fuzzMessages(seed: number, count: number): string[] {
  const g = generator(seed ^ 0x5EED)
  const events = ['vite:invalidate', 'vite:forward-console', 'slidev:monaco-write', 'vue-server-ref', 'vite:ws:connect', 'vite:ws:disconnect', 'vite:beforeUpdate', 'full-reload', 'update', '__proto__', 'constructor', 'ping', '', 'x'.repeat(500)]
  const data = [
    {},
    { path: '/@fs/x.ts', message: 'fuzz' },
    { file: 'fuzz-write.ts', content: 'changed' },
    JSON.parse('{"__proto__":{"fuzzed":true}}'),
    { constructor: { prototype: { fuzzed: true } } },
    { key: '__proto__.fuzzed', data: true },
    null,
    'x'.repeat(2000),
  ]
  const messages: string[] = []
  for (let i = 0; i < count; i++) {
    const r = g.next()
    if (r < 0.1)
      messages.push(g.pick(['', 'not json', '{', '[]', 'null', '"ping"', '{"type":"ping"', '\u0000\u0001', '{"type":{"type":"ping"}}']))
    else if (r < 0.2)
      messages.push(JSON.stringify({ type: g.pick(['ping', 'connected', 'update', 'full-reload', 'prune', 'error', 'custom', '__proto__']) }))
    else
      messages.push(JSON.stringify({ type: 'custom', event: g.pick(events), data: g.pick(data) }))
  }
  return messages
}
