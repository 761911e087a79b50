/**
 * Component configuration files (KubeletConfiguration, AuthenticationConfiguration,
 * kubeconfig, kind Cluster, CNI, CDI …) against the JSON Schemas in schemas/,
 * written from the upstream Go types (scripts/schemas/component-configs.ts, run by
 * `npm run schemas`) or
 * specification (CNI), each naming its source.
 */
import type { ErrorObject, ValidateFunction } from 'ajv'
import type { Path } from './documents'
import type { Problem } from './problems'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import Ajv from 'ajv'
import { ROOT } from '../../shared/project'
import { closest, describe } from './problems'

export interface ConfigSchema {
  file: string
  id: string
  title: string
  apiVersion?: string
  kind?: string
  schema: Record<string, any>
}

const SCHEMAS = join(ROOT, 'schemas')
let loaded: { ajv: Ajv, schemas: ConfigSchema[] } | undefined

function load() {
  if (loaded)
    return loaded
  const ajv = new Ajv({ allErrors: true, strict: false, verbose: true })
  const schemas: ConfigSchema[] = []
  for (const file of readdirSync(SCHEMAS).filter(f => f.endsWith('.json')).sort()) {
    const schema = JSON.parse(readFileSync(join(SCHEMAS, file), 'utf8'))
    ajv.addSchema(schema)
    schemas.push({ file: `schemas/${file}`, id: schema.$id, title: schema.title, apiVersion: schema['x-apiVersion'], kind: schema['x-kind'], schema })
  }
  loaded = { ajv, schemas }
  return loaded
}

export function configSchemas(): ConfigSchema[] {
  return load().schemas
}

function isObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v)
}

/** The schema for a document: by apiVersion and kind, or by the shape of a CNI or CDI file. */
export function configSchemaFor(value: unknown): ConfigSchema | undefined {
  if (!isObject(value))
    return undefined
  const { schemas } = load()
  if (typeof value.apiVersion === 'string' && typeof value.kind === 'string')
    return schemas.find(s => s.apiVersion === value.apiVersion && s.kind === value.kind)
  if ('cniVersion' in value && ('plugins' in value || 'name' in value))
    return schemas.find(s => s.id.endsWith('cni_NetworkConfigList.json'))
  if ('cdiVersion' in value)
    return schemas.find(s => s.id.endsWith('cdi_Spec.json'))
  return undefined
}

/** Config kinds by name, for fragments: `KubeSchedulerConfiguration.profiles[]`, `NetworkConfigList.plugins[]`. */
export function configSchemaByName(name: string): ConfigSchema | undefined {
  return load().schemas.find(s => s.kind === name || s.file.replace(/^schemas\/(?:.*_)?([^_]+)\.json$/, '$1') === name)
}

function deref(root: Record<string, any>, node: Record<string, any>, pointer: string): { node: Record<string, any>, pointer: string } {
  let current = node
  let at = pointer
  while (current && typeof current.$ref === 'string' && current.$ref.startsWith('#/')) {
    at = current.$ref.slice(1)
    current = at.split('/').slice(1).reduce((n: any, k) => n?.[k], root)
  }
  return { node: current, pointer: at }
}

/** The JSON pointer of a fragment path in a config schema, or why there is none. */
export function configSubSchema(config: ConfigSchema, steps: string[]): string | { error: string } {
  let at = deref(config.schema, config.schema, '')
  const walked: string[] = []
  for (const step of steps) {
    const { node, pointer } = at
    if (step === '[]') {
      if (node.type !== 'array' || !node.items)
        return { error: `${walked.join('.') || config.kind} is not a list` }
      at = deref(config.schema, node.items, `${pointer}/items`)
    }
    else {
      const props = node.properties ?? {}
      if (!(step in props)) {
        const near = closest(step, Object.keys(props))
        return { error: `${[...walked, step].join('.')} is not a field of ${config.title}${near ? ` (did you mean "${near}"?)` : ''}` }
      }
      at = deref(config.schema, props[step], `${pointer}/properties/${step.replace(/~/g, '~0').replace(/\//g, '~1')}`)
    }
    walked.push(step)
  }
  return at.pointer
}

const FORMATS: Record<string, string> = {
  'byte': 'not valid base64 (format byte)',
  'date-time': 'not an RFC 3339 date-time',
}

function pointerToPath(pointer: string): Path {
  if (!pointer)
    return []
  return pointer.slice(1).split('/').map(s => s.replace(/~1/g, '/').replace(/~0/g, '~')).map(s => /^\d+$/.test(s) ? Number(s) : s)
}

function valueAt(value: unknown, path: Path): unknown {
  let v = value
  for (const step of path)
    v = v && typeof v === 'object' ? (v as Record<string | number, unknown>)[step] : undefined
  return v
}

/** Ajv's errors as problems: unknown fields (with a near spelling), missing fields, types, enums, formats. */
export function problemsOf(errors: ErrorObject[], value: unknown): Problem[] {
  const problems: Problem[] = []
  for (const error of errors) {
    const path = pointerToPath(error.instancePath)
    const p = error.params as Record<string, any>
    switch (error.keyword) {
      case 'additionalProperties': {
        const props = Object.keys((error.parentSchema as any)?.properties ?? {})
        const near = closest(p.additionalProperty, props)
        problems.push({ path: [...path, p.additionalProperty], message: `unknown field "${p.additionalProperty}"${near ? ` (did you mean "${near}"?)` : ''}` })
        break
      }
      case 'required':
        problems.push({ path, message: `missing required field "${p.missingProperty}"` })
        break
      case 'type':
        problems.push({ path, message: `expected ${[p.type].flat().join(' or ')}, got ${describe(valueAt(value, path))}` })
        break
      case 'enum':
        problems.push({ path, message: `must be one of ${p.allowedValues.map((v: unknown) => JSON.stringify(v)).join(', ')}, got ${describe(valueAt(value, path))}` })
        break
      case 'const':
        problems.push({ path, message: `must be ${JSON.stringify(p.allowedValue)}` })
        break
      case 'format':
        problems.push({ path, message: FORMATS[p.format] ?? `not a valid ${p.format}` })
        break
      case 'pattern':
        problems.push({ path, message: `${describe(valueAt(value, path))} does not match ${error.parentSchema?.description ?? p.pattern}` })
        break
      case 'if':
      case 'allOf':
        break
      case 'not':
        problems.push({ path, message: 'uses a field reserved for the runtime' })
        break
      default:
        problems.push({ path, message: error.message ?? error.keyword })
    }
  }
  return problems
}

/** Validates a whole config document, or a fragment of one (a JSON pointer into its schema). */
export function validateConfig(config: ConfigSchema, value: unknown, pointer = ''): Problem[] {
  const { ajv } = load()
  const validate = ajv.getSchema(`${config.id}#${pointer}`) as ValidateFunction | undefined
  if (!validate)
    throw new Error(`no schema at ${config.id}#${pointer}`)
  if (validate(value))
    return []
  return problemsOf(validate.errors ?? [], value)
}
