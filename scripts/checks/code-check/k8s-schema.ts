/**
 * Kubernetes API objects against the schemas of `kubernetes-models` (built-in
 * kinds) and `@kubernetes-models/gateway-api` (Gateway API).
 *
 * Those packages ship, per definition, a compiled JSON Schema validator
 * (`_schemas/<Definition>.js`: types, formats, enums, required fields) and a
 * TypeScript declaration (`<group>/<version>/<Kind>.d.ts`). The compiled
 * validators let unknown fields through, so the declarations give the field
 * lists (read by ./dts.ts): a field a declaration does not name is unknown, as
 * `kubectl apply --validate=strict` reports it.
 */
import type { Path } from './documents'
import type { Declarations, Member, TypeNode } from './dts'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { ROOT } from '../../shared/project'
import { parseDeclarations } from './dts'

export type Shape
  = | { type: 'object', props: Map<string, { optional: boolean, shape: () => Shape }>, name?: string, file?: string }
    | { type: 'map', values: () => Shape }
    | { type: 'array', items: () => Shape }
    | { type: 'union', of: Shape[] }
    | { type: 'string' | 'number' | 'boolean' | 'any' }
    | { type: 'literal', value: string | number | boolean }

export interface Problem {
  path: Path
  message: string
}

const MODULES = join(ROOT, 'node_modules')
export const PACKAGES = {
  builtIn: join(MODULES, 'kubernetes-models'),
  gateway: join(MODULES, '@kubernetes-models', 'gateway-api'),
}

const parsed = new Map<string, Declarations>()
function declarations(file: string): Declarations {
  let d = parsed.get(file)
  if (!d) {
    d = parseDeclarations(readFileSync(file, 'utf8'))
    parsed.set(file, d)
  }
  return d
}

/** A module specifier of a declaration, as a file. */
function resolveImport(from: string, specifier: string): string {
  const base = specifier.startsWith('.') ? resolve(dirname(from), specifier) : join(MODULES, specifier)
  return `${base.replace(/\.js$/, '')}.d.ts`
}

interface Declaration { file: string, name: string }

/** The declaration a name stands for in a file: its own interface or type, or one it imports. */
function declarationOf(file: string, name: string): Declaration | undefined {
  const d = declarations(file)
  const local = d.aliases.get(name) ?? name
  if (d.interfaces.has(local) || d.types.has(local))
    return { file, name: local }
  const imported = d.imports.get(local)
  if (imported) {
    const target = resolveImport(file, imported.from)
    if (existsSync(target))
      return declarationOf(target, imported.name)
  }
  return undefined
}

const shapes = new Map<string, Shape>()

function shapeOfDeclaration(decl: Declaration): Shape {
  const key = `${decl.file}#${decl.name}`
  let shape = shapes.get(key)
  if (shape)
    return shape
  const d = declarations(decl.file)
  const iface = d.interfaces.get(decl.name)
  if (iface) {
    const props: Map<string, { optional: boolean, shape: () => Shape }> = new Map()
    shape = { type: 'object', props, name: decl.name, file: decl.file }
    shapes.set(key, shape)
    for (const parentName of iface.extends) {
      if (parentName === 'TypeMeta') {
        props.set('apiVersion', { optional: false, shape: () => ({ type: 'string' }) })
        props.set('kind', { optional: false, shape: () => ({ type: 'string' }) })
        continue
      }
      // `interface IHTTPRouteSpec extends ICommonRouteSpec`: the parent's fields too.
      const parent = declarationOf(decl.file, parentName)
      const inherited = parent && shapeOfDeclaration(parent)
      if (inherited?.type === 'object') {
        for (const [name, prop] of inherited.props)
          props.set(name, prop)
      }
    }
    addMembers(decl.file, iface.members, props)
    return shape
  }
  shape = shapeOfType(decl.file, d.types.get(decl.name)!)
  shapes.set(key, shape)
  return shape
}

function addMembers(file: string, members: Member[], props: Map<string, { optional: boolean, shape: () => Shape }>) {
  for (const member of members) {
    let cached: Shape | undefined
    props.set(member.name, { optional: member.optional, shape: () => (cached ??= shapeOfType(file, member.type)) })
  }
}

function shapeOfType(file: string, type: TypeNode): Shape {
  switch (type.kind) {
    case 'keyword':
      return { type: type.name }
    case 'literal':
      return type.value === null ? { type: 'any' } : { type: 'literal', value: type.value }
    case 'union':
      return { type: 'union', of: type.of.map(t => shapeOfType(file, t)) }
    case 'array':
      return { type: 'array', items: () => shapeOfType(file, type.items) }
    case 'map':
      return { type: 'map', values: () => shapeOfType(file, type.values) }
    case 'object': {
      const props: Map<string, { optional: boolean, shape: () => Shape }> = new Map()
      addMembers(file, type.members, props)
      return { type: 'object', props }
    }
    case 'ref': {
      const decl = declarationOf(file, type.name)
      return decl ? shapeOfDeclaration(decl) : { type: 'any' }
    }
  }
}

export interface KindSchema {
  apiVersion: string
  kind: string
  shape: Shape
  /** The compiled validator module of the kind's definition. */
  validatorFile?: string
  /** The package directory, to find validators of sub-definitions. */
  root: string
}

/** The directory of a group/version in a models package: `apps/v1`, core `v1`. */
function kindFile(root: string, apiVersion: string, kind: string): string {
  return join(root, ...apiVersion.split('/'), `${kind}.d.ts`)
}

export function findKind(apiVersion: string, kind: string): KindSchema | undefined {
  for (const root of [PACKAGES.builtIn, PACKAGES.gateway]) {
    const file = kindFile(root, apiVersion, kind)
    if (!existsSync(file))
      continue
    const decl = declarationOf(file, `I${kind}`)
    if (!decl)
      continue
    const js = readFileSync(file.replace(/\.d\.ts$/, '.js'), 'utf8')
    const validator = /from"(\.\.\/[^"]*_schemas\/[^"]+)"/.exec(js)?.[1]
    return {
      apiVersion,
      kind,
      shape: shapeOfDeclaration(decl),
      validatorFile: validator ? resolve(dirname(file), validator) : undefined,
      root,
    }
  }
  return undefined
}

/** The compiled validator of a declaration (`IIoK8sApiCoreV1PodSpec` → `_schemas/IoK8sApiCoreV1PodSpec.js`). */
export function validatorFileOf(shape: Shape): string | undefined {
  if (shape.type !== 'object' || !shape.file || !shape.name)
    return undefined
  // The declaration's exported alias carries the definition's name.
  const aliases = declarations(shape.file).aliases
  const alias = [...aliases].find(([exported, local]) => local === shape.name && exported.startsWith('IIo'))?.[0].slice(1)
  if (!alias)
    return undefined
  let dir = dirname(shape.file)
  while (dir.startsWith(MODULES) && dir !== MODULES) {
    const candidate = join(dir, '_schemas', `${alias}.js`)
    if (existsSync(candidate))
      return candidate
    dir = dirname(dir)
  }
  return undefined
}

type Validate = ((data: unknown) => boolean) & { errors?: { instancePath: string, keyword: string, params: Record<string, unknown>, message?: string }[] | null }
const validators = new Map<string, Promise<Validate>>()
function loadValidator(file: string): Promise<Validate> {
  let v = validators.get(file)
  if (!v) {
    v = import(pathToFileURL(file).href).then(m => m.validate as Validate)
    validators.set(file, v)
  }
  return v
}

function pointerToPath(pointer: string): Path {
  if (!pointer)
    return []
  return pointer.slice(1).split('/').map(s => s.replace(/~1/g, '/').replace(/~0/g, '~')).map(s => /^\d+$/.test(s) ? Number(s) : s)
}

const FORMATS: Record<string, string> = {
  'byte': 'not valid base64 (format byte)',
  'int32': 'not a 32-bit integer',
  'int64': 'not a 64-bit integer',
  'date-time': 'not an RFC 3339 date-time',
}

/** The compiled validator's verdict, as problems. */
async function typeProblems(file: string | undefined, value: unknown): Promise<Problem[]> {
  if (!file)
    return []
  const validate = await loadValidator(file)
  if (validate(value))
    return []
  const problems: Problem[] = []
  for (const error of validate.errors ?? []) {
    const path = pointerToPath(error.instancePath)
    const p = error.params
    switch (error.keyword) {
      case 'required':
        problems.push({ path, message: `missing required field "${String(p.missingProperty)}"` })
        break
      case 'type':
        problems.push({ path, message: `expected ${String(p.type)}, got ${describe(valueAt(value, path))}` })
        break
      case 'format':
        problems.push({ path, message: FORMATS[String(p.format)] ?? `not a valid ${String(p.format)}` })
        break
      case 'enum':
        problems.push({ path, message: `must be one of ${(p.allowedValues as unknown[]).map(v => JSON.stringify(v)).join(', ')}, got ${describe(valueAt(value, path))}` })
        break
      default:
        problems.push({ path, message: error.message ?? `fails ${error.keyword} ${JSON.stringify(p)}` })
    }
  }
  return problems
}

function valueAt(value: unknown, path: Path): unknown {
  let v = value
  for (const step of path)
    v = v && typeof v === 'object' ? (v as Record<string | number, unknown>)[step] : undefined
  return v
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

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v)
}

/** Fields the declarations do not name, at any depth. */
export function unknownFields(value: unknown, shape: Shape, path: Path = [], out: Problem[] = []): Problem[] {
  switch (shape.type) {
    case 'object':
      if (!isPlainObject(value))
        return out
      for (const [key, child] of Object.entries(value)) {
        const prop = shape.props.get(key)
        if (!prop) {
          const near = closest(key, [...shape.props.keys()])
          out.push({ path: [...path, key], message: `unknown field "${key}"${near ? ` (did you mean "${near}"?)` : ''}` })
        }
        else {
          unknownFields(child, prop.shape(), [...path, key], out)
        }
      }
      return out
    case 'map':
      if (isPlainObject(value)) {
        for (const [key, child] of Object.entries(value))
          unknownFields(child, shape.values(), [...path, key], out)
      }
      return out
    case 'array':
      if (Array.isArray(value))
        value.forEach((item, i) => unknownFields(item, shape.items(), [...path, i], out))
      return out
    case 'union': {
      const objects = shape.of.filter(s => s.type === 'object' || s.type === 'map')
      if (!isPlainObject(value) || !objects.length)
        return out
      const tries = objects.map(s => unknownFields(value, s, path, []))
      tries.sort((a, b) => a.length - b.length)
      out.push(...tries[0])
      return out
    }
    default:
      return out
  }
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

/** Walks a fragment path (`spec.template.spec`, `profiles[]`) through a shape. */
export function subShape(shape: Shape, steps: string[]): Shape | string {
  let current = shape
  const walked: string[] = []
  for (const step of steps) {
    if (current.type === 'union')
      current = current.of.find(s => s.type === 'object' || s.type === 'array' || s.type === 'map') ?? current
    if (step === '[]') {
      if (current.type !== 'array')
        return `${walked.join('.') || 'the kind'} is not a list`
      current = current.items()
    }
    else if (current.type === 'object') {
      const prop = current.props.get(step)
      if (!prop) {
        const near = closest(step, [...current.props.keys()])
        return `${[...walked, step].join('.')} is not a field${near ? ` (did you mean "${near}"?)` : ''}`
      }
      current = prop.shape()
    }
    else if (current.type === 'map') {
      current = current.values()
    }
    else {
      return `${walked.join('.')} has no field "${step}"`
    }
    walked.push(step)
  }
  return current
}

/** Every problem of a value against a shape: unknown fields, types, formats, required fields. */
export async function validateShape(value: unknown, shape: Shape, validatorFile = validatorFileOf(shape)): Promise<Problem[]> {
  const problems = [...unknownFields(value, shape), ...await typeProblems(validatorFile, value)]
  if (shape.type === 'array' && Array.isArray(value)) {
    const items = shape.items()
    for (const [i, item] of value.entries()) {
      for (const p of await typeProblems(validatorFileOf(items), item))
        problems.push({ path: [i, ...p.path], message: p.message })
    }
  }
  return problems
}
