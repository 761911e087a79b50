/**
 * One view of the request: the request target in canonical form, or why it
 * is not. The guard decides on this view, and only a target whose raw and
 * decoded forms have the same structure passes, so that whatever a handler
 * behind the guard reads (Vite decodes the path, vite-plugin-vue-server-ref
 * takes it raw and turns `/` into `.`) names the same thing the guard judged.
 *
 * Refused (400), for every client, before any handler sees the request:
 *
 * - anything but origin-form (`/path?query`): absolute-form, `*`, a fragment;
 * - a raw character outside the path's alphabet (`\`, space, quotes, control
 *   characters, raw bytes above 0x7E);
 * - a malformed percent-encoding, or one of an ASCII character that needs
 *   none: encoded `/`, `\`, `.`, `%` (double encoding), letters, controls;
 *   of ASCII only the few a browser must encode may come encoded;
 * - encoded bytes that are not valid UTF-8 (overlong forms such as `%C0%AE`
 *   included), Unicode control, format or unassigned characters, and text
 *   that Unicode compatibility normalisation (NFKC) would change (fullwidth
 *   `．`, `／`, the two-dot leader `‥`);
 * - an empty segment (`//`) other than a trailing slash, a dot-segment (`.`,
 *   `..`), and a segment, or a dot-separated part of one, named
 *   `__proto__`, `prototype` or `constructor` (in any case);
 * - a query with control characters, malformed encodings or a prototype name
 *   among its keys and values;
 * - a target longer than MAX_TARGET.
 */
import { Buffer } from 'node:buffer'

/** The longest request target answered (Vite's own module URLs stay far below it). */
export const MAX_TARGET = 4096

/** Names that reach an object's prototype when a handler uses them as keys. */
export const PROTOTYPE_NAMES = new Set(['__proto__', 'prototype', 'constructor'])

export interface Target {
  /** The path as sent (still encoded): what the sync plugin reads. */
  rawPath: string
  /** The path decoded: what Vite reads. Same segments as rawPath. */
  path: string
  /** The query as sent, without `?` ('' when there is none). */
  query: string
}

export type Canonical = { ok: true, target: Target } | { ok: false, problem: string }

// RFC 3986 pchar without pct-encoded, plus `/`, and `|^[]` that browsers send raw.
const PATH_CHARS = /^[\w\-.~!$&'()*+,;=:@/|^[\]%]*$/
// A query may hold `?` and `/` as well.
const QUERY_CHARS = /^[\w\-.~!$&'()*+,;=:@/?|^[\]%{}"<>`]*$/
/** ASCII characters a browser percent-encodes in a path: these alone may come encoded. */
const ENCODABLE_ASCII = new Set([...' "<>`{}|^[]'].map(c => c.charCodeAt(0)))
const UNRESERVED = /[\w\-.~]/
const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
/** Control, format, surrogate, private-use and unassigned code points. */
const INVISIBLE = /\p{C}/u

const refuse = (problem: string): Canonical => ({ ok: false, problem })

/** Decodes %XX escapes to bytes; `allowAscii` says which encoded ASCII bytes are acceptable. */
function decode(text: string, allowAscii: (byte: number) => boolean): { text: string } | { problem: string } {
  const bytes: number[] = []
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c !== 0x25) {
      bytes.push(c)
      continue
    }
    const hex = text.slice(i + 1, i + 3)
    if (!/^[0-9a-f]{2}$/i.test(hex))
      return { problem: 'a malformed percent-encoding' }
    const byte = Number.parseInt(hex, 16)
    if (byte < 0x80 && !allowAscii(byte))
      return { problem: `an encoded ${byte === 0x25 ? '"%" (double encoding)' : byte < 0x20 || byte === 0x7F ? 'control character' : `"${String.fromCharCode(byte)}"`}` }
    bytes.push(byte)
    i += 2
  }
  let decoded: string
  try {
    decoded = STRICT_UTF8.decode(Buffer.from(bytes))
  }
  catch {
    return { problem: 'encoded bytes that are not UTF-8 (or an overlong form)' }
  }
  if (INVISIBLE.test(decoded))
    return { problem: 'a control, format or unassigned character' }
  if (decoded.normalize('NFKC') !== decoded)
    return { problem: 'characters that compatibility normalisation would change' }
  return { text: decoded }
}

/** A name in a path segment or query that could reach a prototype: split at the separators handlers split at. */
function prototypeName(text: string): string | undefined {
  return text.split(/[/.&=[\]]/).find(part => PROTOTYPE_NAMES.has(part.toLowerCase()))
}

export function canonicalTarget(url: string | undefined): Canonical {
  if (url === undefined || url === '')
    return refuse('no request target')
  if (url.length > MAX_TARGET)
    return refuse(`a request target longer than ${MAX_TARGET} characters`)
  if (!url.startsWith('/'))
    return refuse('a request target that is not a path (absolute-form or *)')
  if (url.includes('#'))
    return refuse('a fragment in the request target')
  const at = url.indexOf('?')
  const rawPath = at === -1 ? url : url.slice(0, at)
  const query = at === -1 ? '' : url.slice(at + 1)

  if (!PATH_CHARS.test(rawPath))
    return refuse('a character not allowed raw in a path (e.g. "\\", a space, a control character)')
  const decoded = decode(rawPath, byte => ENCODABLE_ASCII.has(byte))
  if ('problem' in decoded)
    return refuse(`${decoded.problem} in the path`)
  const path = decoded.text
  const segments = path.split('/').slice(1)
  if (segments.slice(0, -1).includes(''))
    return refuse('an empty path segment (//)')
  if (segments.some(s => s === '.' || s === '..'))
    return refuse('a dot-segment (. or ..) in the path')
  const name = prototypeName(path)
  if (name !== undefined)
    return refuse(`a path segment named "${name}"`)

  if (!QUERY_CHARS.test(query))
    return refuse('a character not allowed raw in a query')
  // Encoded, a letter or digit could spell `raw` or `import` past a check that reads the query raw.
  const decodedQuery = decode(query.replace(/\+/g, ' '), byte => byte >= 0x20 && byte !== 0x7F && !UNRESERVED.test(String.fromCharCode(byte)))
  if ('problem' in decodedQuery)
    return refuse(`${decodedQuery.problem} in the query`)
  const queryName = prototypeName(decodedQuery.text)
  if (queryName !== undefined)
    return refuse(`a query naming "${queryName}"`)
  return { ok: true, target: { rawPath, path, query } }
}
