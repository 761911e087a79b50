/**
 * A line-based reader of Go API type files (gofmt'ed, as Kubernetes writes
 * them): `type X struct {…}` with json-tagged fields and their comments
 * (markers such as `+optional`, `+required`, `+enum`), typed string constants
 * (the values of an enum), named types (`type ResourceList map[…]…`) and the
 * file's imports. A package is the union of its files.
 */

export interface GoField {
  name: string
  /** The JSON name (the field's name when the tag has none). */
  json?: string
  type: string
  /** Embedded without a JSON name: its fields are the parent's. */
  inline: boolean
  comment: string
  omitempty: boolean
}

export interface GoStruct {
  name: string
  fields: GoField[]
  comment: string
  /** The imports of the file that declares it: alias → import path. */
  imports: Map<string, string>
}

export interface GoNamedType {
  name: string
  type: string
  comment: string
  imports: Map<string, string>
}

export interface GoPackage {
  structs: Map<string, GoStruct>
  named: Map<string, GoNamedType>
  /** Typed string constants: type → values, in declaration order. */
  constants: Map<string, string[]>
  /** Consts of the package by name (untyped too): `GroupName = "apps"`. */
  strings: Map<string, string>
}

export function emptyPackage(): GoPackage {
  return { structs: new Map(), named: new Map(), constants: new Map(), strings: new Map() }
}

/** The imports of a Go file: alias → path (the alias defaults to the path's last element). */
export function parseImports(text: string): Map<string, string> {
  const imports = new Map<string, string>()
  const add = (alias: string | undefined, path: string) => {
    if (alias === '_' || alias === '.')
      return
    imports.set(alias ?? path.split('/').pop()!, path)
  }
  const block = /^import \(\n([\s\S]*?)^\)/m.exec(text)
  if (block) {
    for (const line of block[1].split('\n')) {
      const m = /^\s*(?:(\w+)\s*)?"([^"]+)"/.exec(line)
      if (m)
        add(m[1], m[2])
    }
  }
  for (const m of text.matchAll(/^import (\w+ )?"([^"]+)"/gm))
    add(m[1]?.trim(), m[2])
  return imports
}

function tagOf(tags: string | undefined, key: string): string | undefined {
  return new RegExp(`${key}:"([^"]*)"`).exec(tags ?? '')?.[1]
}

/** Parses one file into a package (new or the one given: a package is the union of its files). */
export function parseGoFile(text: string, into: GoPackage = emptyPackage()): GoPackage {
  const imports = parseImports(text)
  const lines = text.split('\n')
  let comment: string[] = []
  let inConst = false
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]
    const c = /^\/\/ ?(.*)$/.exec(line)
    if (c) {
      comment.push(c[1])
      continue
    }
    const typeComment = comment.join('\n')
    if (!line.startsWith('\t'))
      comment = line.trim() ? [] : comment
    if (/^const \($/.test(line)) {
      inConst = true
      continue
    }
    if (inConst && line === ')') {
      inConst = false
      continue
    }
    const constant = (inConst ? /^\t(\w+)\s+(?:(\w+)\s*)?=\s*(?:\w+\()?"([^"]*)"\)?/ : /^const (\w+)\s+(?:(\w+)\s*)?=\s*(?:\w+\()?"([^"]*)"\)?/).exec(line)
    if (constant) {
      into.strings.set(constant[1], constant[3])
      if (constant[2] && constant[2] !== 'string')
        into.constants.set(constant[2], [...into.constants.get(constant[2]) ?? [], constant[3]])
      continue
    }
    const empty = /^type (\w+) struct ?\{\}/.exec(line)
    if (empty) {
      into.structs.set(empty[1], { name: empty[1], fields: [], comment: typeComment, imports })
      comment = []
      continue
    }
    const start = /^type (\w+) struct \{\s*$/.exec(line)
    if (start) {
      const fields: GoField[] = []
      let fieldComment: string[] = []
      for (i++; i < lines.length && lines[i] !== '}'; i++) {
        const f = lines[i]
        const fc = /^\t\/\/ ?(.*)$/.exec(f)
        if (fc) {
          fieldComment.push(fc[1])
          continue
        }
        if (!f.trim()) {
          fieldComment = []
          continue
        }
        const field = /^\t(\w+)\s+([^\s`]+)\s*(?:`([^`]*)`)?/.exec(f)
        const embedded = /^\t([\w.*]+)\s*(?:`([^`]*)`\s*)?(?:\/\/.*)?$/.exec(f)
        if (embedded && !field) {
          const tag = tagOf(embedded[2], 'json')
          if (tag !== '-') {
            const jsonName = tag?.split(',')[0] || undefined
            fields.push({ name: embedded[1], type: embedded[1].replace(/^\*/, ''), inline: !jsonName, json: jsonName, comment: fieldComment.join('\n'), omitempty: /,(?:omitempty|omitzero)/.test(tag ?? '') })
          }
        }
        else if (field) {
          const tag = tagOf(field[3], 'json')
          if (tag !== '-') {
            const jsonName = tag?.split(',')[0]
            fields.push({ name: field[1], type: field[2], inline: !!tag?.split(',').includes('inline') && !jsonName, json: jsonName || field[1], comment: fieldComment.join('\n'), omitempty: /,(?:omitempty|omitzero)/.test(tag ?? '') })
          }
        }
        fieldComment = []
      }
      into.structs.set(start[1], { name: start[1], fields, comment: typeComment, imports })
      comment = []
      continue
    }
    const named = /^type (\w+) (?:= )?([^\s{=/][^{/]*)(?:\/\/.*)?$/.exec(line)
    if (named && !named[2].startsWith('interface') && !named[2].startsWith('func')) {
      into.named.set(named[1], { name: named[1], type: named[2].trim(), comment: typeComment, imports })
      comment = []
    }
  }
  return into
}

/** A marker in a comment: `+optional`, `+k8s:optional`, `+enum`. */
export function hasMarker(comment: string, ...names: string[]): boolean {
  return comment.split('\n').some(line => names.some(name => new RegExp(`^\\s*\\+${name.replace(/[.+]/g, '\\$&')}(?:[=\\s]|$)`).test(line)))
}

/**
 * Whether OpenAPI (kube-openapi's generator) lists a field as required: a
 * `+required` marker, or neither `+optional` nor `omitempty`/`omitzero`.
 */
export function isRequiredField(field: GoField): boolean {
  if (field.inline)
    return false
  if (hasMarker(field.comment, 'required', 'k8s:required'))
    return true
  if (hasMarker(field.comment, 'optional', 'k8s:optional'))
    return false
  return !field.omitempty
}

/** The kinds a register.go adds to its group/version (`scheme.AddKnownTypes(SchemeGroupVersion, &Pod{}, …)`). */
export function registeredKinds(register: string): string[] {
  const kinds: string[] = []
  for (const call of register.matchAll(/AddKnownTypes\(\s*SchemeGroupVersion,([\s\S]*?)\n\t\)/g)) {
    for (const m of call[1].matchAll(/&(\w+)\{\}/g))
      kinds.push(m[1])
  }
  return kinds
}

export interface Lifecycle {
  introduced?: string
  deprecated?: string
  removed?: string
  /** `group/version Kind` of the replacement. */
  replacement?: { group: string, version: string, kind: string }
}

/** The prerelease-lifecycle data of a zz_generated.prerelease-lifecycle.go: type → introduced, deprecated, removed, replacement. */
export function parseLifecycle(text: string): Map<string, Lifecycle> {
  const out = new Map<string, Lifecycle>()
  const at = (name: string) => out.get(name) ?? out.set(name, {}).get(name)!
  for (const m of text.matchAll(/^func \(in \*(\w+)\) APILifecycle(Introduced|Deprecated|Removed)\(\) \(major, minor int\) \{\n\s*return (\d+), (\d+)/gm)) {
    const key = m[2].toLowerCase() as 'introduced' | 'deprecated' | 'removed'
    at(m[1])[key] = `${m[3]}.${m[4]}`
  }
  for (const m of text.matchAll(/^func \(in \*(\w+)\) APILifecycleReplacement\(\) schema\.GroupVersionKind \{\n\s*return schema\.GroupVersionKind\{Group: "([^"]*)", Version: "([^"]*)", Kind: "([^"]*)"\}/gm))
    at(m[1]).replacement = { group: m[2], version: m[3], kind: m[4] }
  return out
}
