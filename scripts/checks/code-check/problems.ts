/**
 * What a check finds in a value (a path into it and a message), and the
 * wording helpers the checks share.
 */
import type { Path } from './documents'

export interface Problem {
  path: Path
  message: string
  /** For a problem inside a document nested in a block-scalar string at `path`: its 1-based line there. */
  line?: number
}

export function describe(value: unknown): string {
  if (value === null)
    return 'null'
  if (Array.isArray(value))
    return 'a list'
  if (typeof value === 'object')
    return 'an object'
  if (typeof value === 'string')
    return `the string ${JSON.stringify(value.length > 30 ? `${value.slice(0, 30)}…` : value)}`
  return `${typeof value} ${String(value)}`
}

/** A near spelling among the names, for "did you mean". */
export function closest(word: string, names: string[]): string | undefined {
  let best: string | undefined
  let bestDistance = Infinity
  for (const name of names) {
    const d = distance(word.toLowerCase(), name.toLowerCase())
    if (d < bestDistance) {
      bestDistance = d
      best = name
    }
  }
  return best && bestDistance <= Math.max(1, Math.floor(word.length / 3)) ? best : undefined
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j]
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1))
      prev = tmp
    }
  }
  return row[b.length]
}
