/**
 * The remote guard's boundary (issue 21), rule by rule: the canonical request
 * target (scripts/present/guard/target.ts), the origin policy (origin.ts),
 * the remote allow-list (allow-list.ts), and the gate that puts them
 * together, including the review's exact requests.
 * tests/present-guard.spec.ts replays the same against the real server.
 */
import type { IncomingMessage } from 'node:http'
import { Buffer } from 'node:buffer'
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SHARED_INPUTS } from '../../scripts/build/plan'
import { canonicalTarget, createAllowList, createGate, DECK_SOURCES, foreignOrigin, MAX_TARGET, remoteMessageAllowed, SYNC_PATH } from '../../scripts/present/remote-guard'
import { ROOT } from '../../scripts/shared/project'

const PASSWORD = 'tablet-screen-42'
const THERE = '192.168.7.20'
/** The project's path as /@fs/ URLs carry it (ROOT ends with a slash). */
const FS_ROOT = ROOT.replace(/\/$/, '')
const REVIEW = '/@server-reactive/__proto__/polluted/JUNK%5C%2e%2e%5C%2e%2e%5C%2e%2e%5Cnav'

function request({ from = THERE, url = '/', method = 'GET', headers = {} }: { from?: string, url?: string, method?: string, headers?: Record<string, string> }): IncomingMessage {
  const host = from === '127.0.0.1' ? 'localhost:3030' : '192.168.7.1:3030'
  const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]))
  return { socket: { remoteAddress: from }, url, method, headers: { host, ...lower } } as unknown as IncomingMessage
}

describe('the canonical request target', () => {
  it('passes what Slidev, Vite and a browser send, and reads the path once', () => {
    const fine = [
      '/',
      '/presenter/',
      '/presenter/5?clicks=2',
      '/entry?password=tablet-screen-42',
      '/@vite/client',
      '/@id/__x00__plugin-vue:export-helper',
      '/@id/~icons/ph/check-circle',
      `/@fs${FS_ROOT}/node_modules/@slidev/client/internals/NoteDisplay.vue?vue&type=style&index=0&lang.css`,
      `/@fs${FS_ROOT}/node_modules/@slidev/cli/node_modules/.vite/deps/lz-string.js?v=05678e6e`,
      '/lesson-2/18-next.md__slidev_43.frontmatter?import&t=1796411192732',
      '/node_modules/.slidev/virtual/import-glob.fcc1a99e53.ts',
      '/@server-reactive/nav',
      '/__slidev/slides/12.json',
      '/images/%E4%B8%AD%E6%96%87.png',
      '/a%20b/%7Bx%7D',
      '/?token=abc-_1',
    ]
    for (const url of fine)
      expect(canonicalTarget(url), url).toMatchObject({ ok: true })
    expect(canonicalTarget('/images/%E4%B8%AD.png?x=1')).toEqual({ ok: true, target: { rawPath: '/images/%E4%B8%AD.png', path: '/images/中.png', query: 'x=1' } })
  })

  it('refuses the review\'s request and every spelling of its trick', () => {
    const refused: [string, RegExp][] = [
      [REVIEW, /__proto__|encoded "\\"/],
      ['/@server-reactive/polluted/JUNK%5C%2e%2e%5Cnav', /encoded "\\"/],
      ['/@server-reactive/x/%2e%2e/nav', /encoded "\."/],
      ['/@server-reactive/x/%2E%2E/nav', /encoded "\."/],
      ['/@server-reactive/x/..%2fnav', /encoded "\/"/],
      ['/@server-reactive/x/%252e%252e/nav', /double encoding/],
      ['/@server-reactive/x/../nav', /dot-segment/],
      ['/@server-reactive/./nav', /dot-segment/],
      ['/@server-reactive//nav', /empty path segment/],
      ['/@server-reactive/x\\..\\nav', /not allowed raw/],
      ['/@server-reactive/__proto__/x', /"__proto__"/],
      ['/@server-reactive/constructor/prototype/x', /"constructor"/],
      ['/@server-reactive/a.__proto__.b', /"__proto__"/],
      ['/@server-reactive/__PROTO__/x', /"__PROTO__"/],
      ['/@server-reactive/%5F_proto__/x', /encoded "_"/],
      ['/@server-reactive/na%76', /encoded "v"/],
      ['/@fs/x/%C0%AE%C0%AE/etc/passwd', /not UTF-8/],
      ['/@fs/x/%E0%80%AE/y', /not UTF-8/],
      ['/x/%ED%A0%80', /not UTF-8/],
      ['/x/%FF', /not UTF-8/],
      ['/x/%EF%BC%8E%EF%BC%8E/y', /compatibility normalisation/],
      ['/x/%E2%80%A5/y', /compatibility normalisation/],
      ['/x/%EF%BC%8Fy', /compatibility normalisation/],
      ['/x/%E2%80%AEy', /control, format/],
      ['/x/%00', /control character/],
      ['/x/%0a', /control character/],
      ['/x\u0000', /not allowed raw/],
      ['/x y', /not allowed raw/],
      ['/\u00E9', /not allowed raw/],
      ['/%', /malformed/],
      ['/%zz', /malformed/],
      ['/%E0%A4%A', /malformed/],
      ['/x#y', /fragment/],
      ['http://evil.example/x', /not a path/],
      ['*', /not a path/],
      ['', /no request target/],
      [`/${'a'.repeat(MAX_TARGET)}`, /longer than/],
      ['/x?__proto__[polluted]=1', /query naming "__proto__"/],
      ['/x?a=%00', /control character in the query/],
      ['/x?a=%zz', /malformed/],
      ['/x?%72aw', /encoded "r"/],
    ]
    for (const [url, problem] of refused) {
      const verdict = canonicalTarget(url)
      expect(verdict.ok, url).toBe(false)
      expect((verdict as { problem: string }).problem, url).toMatch(problem)
    }
    expect(canonicalTarget(undefined).ok).toBe(false)
  })
})

describe('another origin', () => {
  const ask = (headers: Record<string, string>, method = 'GET', url = '/') => foreignOrigin(request({ from: '127.0.0.1', method, url, headers }), url)

  it('this server\'s own pages, typed-in addresses and tools without the headers pass', () => {
    expect(ask({})).toBeUndefined()
    expect(ask({ 'Origin': 'http://localhost:3030', 'Sec-Fetch-Site': 'same-origin' })).toBeUndefined()
    expect(ask({ 'Sec-Fetch-Site': 'none', 'Sec-Fetch-Mode': 'navigate', 'Sec-Fetch-Dest': 'document' })).toBeUndefined()
  })

  it('another port of localhost, another site, null, https or junk: refused, for reads as for writes', () => {
    const foreign: Record<string, string>[] = [
      { Origin: 'http://localhost:8888' },
      { Origin: 'http://127.0.0.1:3030' },
      { Origin: 'https://localhost:3030' },
      { Origin: 'http://localhost:3030/' },
      { Origin: 'null' },
      { Origin: 'not a url' },
      { 'Sec-Fetch-Site': 'same-site', 'Sec-Fetch-Mode': 'cors' },
      { 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Mode': 'no-cors', 'Sec-Fetch-Dest': 'script' },
      { 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Mode': 'navigate', 'Sec-Fetch-Dest': 'iframe' },
      { 'Sec-Fetch-Site': 'something-new' },
    ]
    for (const headers of foreign) {
      for (const method of ['GET', 'POST'])
        expect(ask(headers, method), `${method} ${JSON.stringify(headers)}`).toMatch(/another/)
    }
  })

  it('a page navigation from elsewhere is allowed, but not as a POST and not to act (the editor)', () => {
    const navigate = { 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Mode': 'navigate', 'Sec-Fetch-Dest': 'document' }
    expect(ask(navigate)).toBeUndefined()
    expect(ask(navigate, 'HEAD')).toBeUndefined()
    expect(ask(navigate, 'POST')).toMatch(/another site/)
    expect(ask(navigate, 'GET', '/__open-in-editor')).toMatch(/another site/)
  })
})

describe('the remote allow-list', () => {
  let scratch: string
  let allow: ReturnType<typeof createAllowList>
  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'allow-list-'))
    for (const folder of ['slides', 'components', 'public', 'docs', 'node_modules/pkg'])
      await mkdir(join(scratch, folder), { recursive: true })
    await writeFile(join(scratch, 'docs', 'secret.md'), 'secret')
    await writeFile(join(scratch, 'public', 'mark.svg'), '<svg/>')
    await writeFile(join(scratch, 'components', 'A.vue'), '<template/>')
    await symlink(join(scratch, 'docs', 'secret.md'), join(scratch, 'components', 'Linked.vue'))
    await symlink(join(scratch, 'docs', 'secret.md'), join(scratch, 'public', 'linked.svg'))
    await symlink(join(scratch, 'docs'), join(scratch, 'slides', 'docs'))
    allow = createAllowList({ root: scratch })
  })
  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true })
  })

  it('reads: the pages and modules a view needs, the deck\'s folders and public files', () => {
    for (const path of ['/', '/entry', '/presenter/', '/presenter/5', '/3', '/overview', '/notes', '/index.html', '/@vite/client', '/@id/__x00__plugin-vue:export-helper', '/@id/~icons/ph/clipboard', '/@slidev/slides/3/md', '/@server-reactive/nav', '/@server-reactive/drawings', '/__slidev/slides/4.json', '/lesson-2/10-crd.md__slidev_21.md', '/lesson-2.md__slidev_1.frontmatter', '/node_modules/.slidev/virtual/import-glob.fcc1a99e53.ts', `/@fs${scratch}/components/A.vue`, `/@fs${scratch}/components/New.vue`, `/@fs${scratch}/node_modules/pkg/index.js`, '/mark.svg'])
      expect(allow.read(path), path).toBe(true)
  })

  it('refuses the rest: other folders, symlinks out of the deck\'s folders, Slidev\'s and Vite\'s tools, files outside', () => {
    for (const path of [`/@fs${scratch}/docs/secret.md`, `/@fs${scratch}/package-lock.json`, `/@fs${scratch}/vite.config.ts`, `/@fs${scratch}/components/Linked.vue`, `/@fs${scratch}/components`, `/@fs${scratch}/node_modules`, `/@fs${scratch}/slides/docs/secret.md`, `/@fs${scratch}`, `/@fs${scratch}/`, `/@fs${scratch}x/components/A.vue`, '/@fs/etc/passwd', '/linked.svg', '/docs/secret.md', '/package.json', '/__mcp', '/__open-in-editor', '/__inspect/', '/__slidev/slides/4.md', '/@server-reactive/other', '/@id/virtual:x', '/@vite/other', '/presenter/x', '/lesson-2.md', '/public/mark.svg'])
      expect(allow.read(path), path).toBe(false)
  })

  it('posts: the presenter sync, by its exact raw target only', () => {
    expect(allow.post(SYNC_PATH)).toBe(true)
    for (const target of [`${SYNC_PATH}?x`, `${SYNC_PATH}/`, '/@server-reactive//nav', '/@server-reactive/drawings', '/@server-ref/nav', REVIEW])
      expect(allow.post(target), target).toBe(false)
  })

  it('names every folder the build counts as the deck\'s sources', () => {
    const buildOnly = ['vite.config.ts', 'package.json', 'package-lock.json']
    expect(SHARED_INPUTS.filter(input => !buildOnly.includes(input)).filter(input => !DECK_SOURCES.includes(input))).toEqual([])
    expect(DECK_SOURCES).not.toContain('docs')
    expect(DECK_SOURCES).not.toContain('scripts')
  })

  it('the WebSocket messages: keep-alive and the UnoCSS layer report, in exactly that shape; nothing else', () => {
    expect(remoteMessageAllowed('{"type":"ping"}')).toEqual({ allowed: true, event: 'ping' })
    expect(remoteMessageAllowed(Buffer.from('{"type":"ping"}')).allowed).toBe(true)
    expect(remoteMessageAllowed('{"type":"custom","event":"unocss:hmr","data":["__ALL__"]}')).toEqual({ allowed: true, event: 'unocss:hmr' })
    for (const message of [
      '{"type":"custom","event":"vite:invalidate","data":{"path":"/x","message":"m"}}',
      '{"type":"custom","event":"vite:forward-console","data":{}}',
      '{"type":"custom","event":"slidev:monaco-write","data":{}}',
      '{"type":"custom","event":"unocss:hmr","data":["xxxxxxxxx"]}',
      '{"type":"custom","event":"unocss:hmr","data":["anything-else"]}',
      '{"type":"custom","event":"unocss:hmr","data":["__ALL__","preflights"]}',
      '{"type":"custom","event":"unocss:hmr","data":["__ALL__"],"extra":1}',
      '{"type":"ping","data":{"__proto__":{}}}',
      '{"type":"custom","event":"__proto__"}',
      'not json',
      '[]',
      'null',
    ])
      expect(remoteMessageAllowed(message).allowed, message).toBe(false)
  })
})

describe('the gate: the review\'s requests', () => {
  let cookie: string
  let gate: ReturnType<typeof createGate>
  const lines: string[] = []
  beforeAll(() => {
    gate = createGate({ password: PASSWORD, key: Buffer.alloc(32, 7), attempts: new Map(), log: l => lines.push(l) })
    const login = gate.request(request({ url: `/?password=${PASSWORD}` }))
    cookie = (login as { setCookie: string }).setCookie.split(';')[0]
  })

  it('finding CRITICAL: the sync POST whose path normalises to /@server-reactive/nav gets 400, remote or local', () => {
    const remote = gate.request(request({ method: 'POST', url: REVIEW, headers: { 'Cookie': cookie, 'Origin': 'http://192.168.7.1:3030', 'Content-Type': 'application/json' } }))
    expect(remote).toMatchObject({ allowed: false, status: 400 })
    const local = gate.request(request({ from: '127.0.0.1', method: 'POST', url: REVIEW }))
    expect(local).toMatchObject({ allowed: false, status: 400 })
    expect(gate.upgrade(request({ url: '/%2e%2e/', headers: { 'Cookie': cookie, 'Sec-WebSocket-Protocol': 'vite-hmr' } }))).toMatchObject({ allowed: false, status: 400 })
    expect(lines.join('\n')).toMatch(/refused \(400\) POST \/@server-reactive\/__proto__\//)
    // The real sync, at its exact path, still goes through (its body checked).
    expect(gate.request(request({ method: 'POST', url: SYNC_PATH, headers: { Cookie: cookie } }))).toMatchObject({ allowed: true, checkSyncBody: true })
    expect(gate.request(request({ method: 'POST', url: `${SYNC_PATH}?x`, headers: { Cookie: cookie } }))).toMatchObject({ allowed: false, status: 403 })
  })

  it('finding MEDIUM: a local read from another loopback origin gets 403; one from the server\'s own pages passes', () => {
    const errata = `/@fs${FS_ROOT}/docs/instructor-errata.md`
    expect(gate.request(request({ from: '127.0.0.1', url: errata, headers: { 'Origin': 'http://localhost:8888', 'Sec-Fetch-Site': 'same-site', 'Sec-Fetch-Mode': 'cors' } }))).toMatchObject({ allowed: false, status: 403 })
    expect(gate.request(request({ from: '127.0.0.1', url: errata, headers: { 'Sec-Fetch-Site': 'same-origin' } }))).toEqual({ allowed: true, client: 'local' })
  })

  it('finding LOW: a remote screen with the cookie reads no project file beyond the deck\'s folders', () => {
    for (const path of ['docs/instructor-errata.md', 'package-lock.json', 'scripts/present.ts', 'vite.config.ts', 'README.md'])
      expect(gate.request(request({ url: `/@fs${FS_ROOT}/${path}`, headers: { Cookie: cookie } })), path).toMatchObject({ allowed: false, status: 403 })
    expect(gate.request(request({ url: `/@fs${FS_ROOT}/components/LayerMap.vue`, headers: { Cookie: cookie } }))).toEqual({ allowed: true, client: 'remote' })
    expect(lines.join('\n')).toContain(`${THERE}: refused (403) GET /@fs${FS_ROOT}/docs/instructor-errata.md: not for a remote screen`)
  })

  it('a refusal names no more than a printable, bounded slice of the target in the log', () => {
    gate.request(request({ url: `/x%0a${'y'.repeat(500)}` }))
    const line = lines.find(l => l.includes('/x%0a'))!
    expect(line.length).toBeLessThan(400)
    expect(line).not.toMatch(/[\n\r]/)
  })
})
