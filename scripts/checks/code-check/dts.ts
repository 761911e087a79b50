/**
 * Just enough of a TypeScript declaration reader for the generated
 * `kubernetes-models` declarations: imports, `export interface I… extends …
 * { "field"?: Type; }`, `export type I… = Type;` and the `export type { … as … }`
 * aliases. Types: string, number, boolean, any/unknown/object, literals,
 * unions, `Array<T>`, `T[]`, `Record<K, V>`, `{ [key: string]: T }`, object
 * literals and names. (The TypeScript compiler would take seconds to load.)
 */

export type TypeNode
  = | { kind: 'keyword', name: 'string' | 'number' | 'boolean' | 'any' }
    | { kind: 'literal', value: string | number | boolean | null }
    | { kind: 'union', of: TypeNode[] }
    | { kind: 'array', items: TypeNode }
    | { kind: 'map', values: TypeNode }
    | { kind: 'object', members: Member[] }
    | { kind: 'ref', name: string }

export interface Member { name: string, optional: boolean, type: TypeNode }

export interface Declarations {
  interfaces: Map<string, { extends: string[], members: Member[] }>
  types: Map<string, TypeNode>
  /** local name → module specifier and the name it has there */
  imports: Map<string, { from: string, name: string }>
  /** exported alias → local name */
  aliases: Map<string, string>
}

const TOKEN = /\s+|\/\*[\s\S]*?\*\/|\/\/[^\n]*|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[A-Z_$][\w$]*|-?\d+(?:\.\d+)?|[{}()[\]<>;:,?|&=.*]/gi

function tokenize(text: string): string[] {
  const tokens: string[] = []
  for (const [t] of text.matchAll(TOKEN)) {
    if (!/^\s|^\/[*/]/.test(t))
      tokens.push(t)
  }
  return tokens
}

const unquote = (t: string) => (t.startsWith('"') || t.startsWith('\'') ? JSON.parse(t.startsWith('\'') ? `"${t.slice(1, -1).replace(/"/g, '\\"')}"` : t) : t)

export function parseDeclarations(text: string): Declarations {
  const tokens = tokenize(text)
  let i = 0
  const peek = (k = 0) => tokens[i + k]
  const next = () => tokens[i++]
  const expect = (t: string) => {
    if (tokens[i] !== t)
      throw new Error(`expected ${t} at token ${i} (${tokens.slice(i, i + 6).join(' ')})`)
    i++
  }
  const out: Declarations = { interfaces: new Map(), types: new Map(), imports: new Map(), aliases: new Map() }

  function type(): TypeNode {
    if (peek() === '|')
      next()
    const parts = [postfix()]
    while (peek() === '|') {
      next()
      parts.push(postfix())
    }
    return parts.length === 1 ? parts[0] : { kind: 'union', of: parts }
  }
  function postfix(): TypeNode {
    let t = primary()
    while (peek() === '[' && peek(1) === ']') {
      i += 2
      t = { kind: 'array', items: t }
    }
    // IX["kind"]: an indexed access, always a string here
    while (peek() === '[' && peek(1)?.startsWith('"')) {
      i += 3
      t = { kind: 'keyword', name: 'string' }
    }
    return t
  }
  function members(): Member[] | { map: TypeNode } {
    expect('{')
    const list: Member[] = []
    let map: TypeNode | undefined
    while (peek() !== '}') {
      if (peek() === '[') {
        // [key: string]: T;
        while (next() !== ']');
        expect(':')
        map = type()
      }
      else {
        const name = unquote(next())
        let optional = false
        if (peek() === '?') {
          next()
          optional = true
        }
        if (peek() === '(') {
          // a method: skip to the end of its signature
          let depth = 0
          while (!(depth === 0 && (peek() === ';' || peek() === '}'))) {
            const t = next()
            if (t === '(' || t === '{')
              depth++
            if (t === ')' || t === '}')
              depth--
          }
        }
        else {
          expect(':')
          list.push({ name, optional, type: type() })
        }
      }
      if (peek() === ';' || peek() === ',')
        next()
    }
    expect('}')
    return map ? { map } : list
  }
  function primary(): TypeNode {
    const t = next()
    if (t === '(') {
      const inner = type()
      expect(')')
      return inner
    }
    if (t === '{') {
      i--
      const m = members()
      return Array.isArray(m) ? { kind: 'object', members: m } : { kind: 'map', values: m.map }
    }
    if (t.startsWith('"') || t.startsWith('\''))
      return { kind: 'literal', value: unquote(t) }
    if (/^-?\d/.test(t))
      return { kind: 'literal', value: Number(t) }
    if (t === 'true' || t === 'false')
      return { kind: 'literal', value: t === 'true' }
    if (t === 'null' || t === 'undefined')
      return { kind: 'literal', value: null }
    if (t === 'string' || t === 'number' || t === 'boolean')
      return { kind: 'keyword', name: t }
    if (t === 'any' || t === 'unknown' || t === 'object')
      return { kind: 'keyword', name: 'any' }
    let name = t
    while (peek() === '.') {
      next()
      name += `.${next()}`
    }
    if (peek() === '<') {
      next()
      const args = [type()]
      while (peek() === ',') {
        next()
        args.push(type())
      }
      expect('>')
      if (name === 'Array' || name === 'ReadonlyArray')
        return { kind: 'array', items: args[0] }
      if (name === 'Record')
        return { kind: 'map', values: args[1] }
      return { kind: 'keyword', name: 'any' }
    }
    return { kind: 'ref', name }
  }
  function skipStatement() {
    let depth = 0
    while (i < tokens.length) {
      const t = next()
      if (t === '{' || t === '(')
        depth++
      else if (t === '}' || t === ')')
        depth--
      if (depth <= 0 && (t === ';' || (t === '}' && depth === 0)))
        return
    }
  }

  while (i < tokens.length) {
    if (peek() === 'import') {
      next()
      if (peek() === 'type')
        next()
      if (peek() === '{') {
        next()
        const names: [string, string][] = []
        while (peek() !== '}') {
          if (peek() === 'type')
            next()
          const name = next()
          let local = name
          if (peek() === 'as') {
            next()
            local = next()
          }
          names.push([local, name])
          if (peek() === ',')
            next()
        }
        expect('}')
        expect('from')
        const from = unquote(next())
        for (const [local, name] of names)
          out.imports.set(local, { from, name })
      }
      skipStatement()
      continue
    }
    if ((peek() === 'export' && peek(1) === 'interface') || peek() === 'interface') {
      if (peek() === 'export')
        next()
      next()
      const name = next()
      const parents: string[] = []
      if (peek() === 'extends') {
        next()
        while (peek() !== '{') {
          const t = next()
          if (t !== ',')
            parents.push(t)
        }
      }
      const m = members()
      out.interfaces.set(name, { extends: parents, members: Array.isArray(m) ? m : [] })
      continue
    }
    if (peek() === 'export' && peek(1) === 'type' && peek(2) === '{') {
      i += 3
      while (peek() !== '}') {
        const local = next()
        let exported = local
        if (peek() === 'as') {
          next()
          exported = next()
        }
        out.aliases.set(exported, local)
        if (peek() === ',')
          next()
      }
      skipStatement()
      continue
    }
    if ((peek() === 'export' && peek(1) === 'type') || peek() === 'type') {
      if (peek() === 'export')
        next()
      next()
      const name = next()
      expect('=')
      out.types.set(name, type())
      if (peek() === ';')
        next()
      continue
    }
    skipStatement()
  }
  return out
}
