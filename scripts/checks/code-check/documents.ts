/**
 * YAML and JSON documents of a block, with a way back from a JSON path to the
 * line it is written on.
 */
import type { Document } from 'yaml'
import { isMap, isScalar, isSeq, LineCounter, parseAllDocuments } from 'yaml'

export type Path = (string | number)[]

export interface ParsedDocument {
  /** 1-based among the block's documents. */
  index: number
  value: unknown
  /** 1-based line, within the block's code, of the document's first content. */
  line: number
  /** The 1-based code line of a path: the key of the last step, or the closest parent. */
  lineOf: (path: Path) => number
}

export interface ParseResult {
  documents: ParsedDocument[]
  errors: { line: number, message: string }[]
}

/** `$.spec.profiles[0].plugins` */
export function formatPath(path: Path): string {
  return `$${path.map(p => typeof p === 'number' ? `[${p}]` : /^[A-Z_]\w*$/i.test(p) ? `.${p}` : `[${JSON.stringify(p)}]`).join('')}`
}

function nodeLine(doc: Document, counter: LineCounter, path: Path): number | undefined {
  let node: unknown = doc.contents
  let line: number | undefined
  const at = (range?: [number, number, number] | null) => range ? counter.linePos(range[0]).line : undefined
  line = at((node as { range?: [number, number, number] })?.range)
  for (const step of path) {
    if (isMap(node)) {
      const pair = node.items.find(p => (isScalar(p.key) ? p.key.value : p.key) === step)
      if (!pair)
        return line
      line = at((pair.key as { range?: [number, number, number] })?.range) ?? line
      node = pair.value
    }
    else if (isSeq(node) && typeof step === 'number') {
      node = node.items[step]
      line = at((node as { range?: [number, number, number] })?.range) ?? line
    }
    else {
      return line
    }
  }
  return line
}

/** YAML (a JSON document is YAML too): every document, or the parse errors. */
export function parseDocuments(code: string): ParseResult {
  const counter = new LineCounter()
  // Kubernetes reads YAML 1.1 as go-yaml does: merge keys (`<<: *base`) work; duplicate keys are an error in strict decoding.
  const docs = parseAllDocuments(code, { lineCounter: counter, uniqueKeys: true, prettyErrors: false, merge: true })
  const list = Array.isArray(docs) ? docs : [docs]
  const errors: ParseResult['errors'] = []
  const documents: ParsedDocument[] = []
  for (const doc of list) {
    for (const error of doc.errors)
      errors.push({ line: counter.linePos(error.pos[0]).line, message: error.message.split('\n')[0] })
    if (doc.errors.length)
      continue
    const value: unknown = doc.toJS({ maxAliasCount: 100 })
    // An empty document (a `---` at the end, or two in a row) holds no object: kubectl skips it.
    if (value === null)
      continue
    const first = nodeLine(doc, counter, []) ?? 1
    documents.push({
      index: documents.length + 1,
      value,
      line: first,
      lineOf: path => nodeLine(doc, counter, path) ?? first,
    })
  }
  return { documents, errors }
}

/** JSON.parse's verdict, with the line of the error. */
export function jsonError(code: string): { line: number, message: string } | undefined {
  try {
    JSON.parse(code)
    return undefined
  }
  catch (error) {
    const message = (error as Error).message
    const position = /position (\d+)/.exec(message)?.[1]
    const line = position ? code.slice(0, Number(position)).split('\n').length : 1
    return { line, message: `JSON does not parse: ${message.replace(/ in JSON at position \d.*$/, '').replace(/\s*\(line \d+ column \d+\)/, '')}` }
  }
}

/** `a.b[].c` → ['a', 'b', '[]', 'c'] */
export function splitPath(path: string): string[] {
  const steps: string[] = []
  for (const part of path.split('.')) {
    const m = /^([^[\]]*)((?:\[\])*)$/.exec(part)
    if (!m)
      throw new Error(`"${path}" is not a path like spec.template.spec or profiles[]`)
    if (m[1])
      steps.push(m[1])
    for (let i = 0; i < m[2].length / 2; i++)
      steps.push('[]')
  }
  return steps
}
