/**
 * Kubernetes API objects against the schemas generated for the course's
 * release (schemas/kubernetes/: built-in kinds and kubeadm's configuration,
 * from the release's Go types; schemas/crds/: Gateway API at a named
 * release), with what the release serves (their index.json files). Objects
 * are closed: an unknown field is an error at any depth, as
 * `kubectl apply --validate=strict` reports it; so are wrong types, base64
 * that is not, enum values and missing required fields.
 */
import type { ValidateFunction } from 'ajv'
import type { GroupVersionEntry, ServedIndex } from '../../schemas/served'
import type { Problem } from './problems'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import Ajv from 'ajv'
import { ROOT } from '../../shared/project'
import { problemsOf } from './component-config'
import { closest } from './problems'

export const SCHEMA_DIRS = { kubernetes: join(ROOT, 'schemas', 'kubernetes'), crds: join(ROOT, 'schemas', 'crds') }

type Schema = Record<string, any>

export interface ApiSchemas {
  ajv: Ajv
  /** What the release serves (built-in kinds) and what the CRD sets add. */
  index: ServedIndex
  /** Group/versions that come from CRDs (Gateway API), with their set's title. */
  crdVersions: Map<string, string>
  /** Config group/versions generated with the built-in kinds (kubeadm). */
  configs: Record<string, { file: string, kinds: string[] }>
  /** Schema file name → its content ($id, definitions). */
  files: Map<string, Schema>
}

let loaded: ApiSchemas | undefined

const BASE64 = /^(?:[A-Z0-9+/]{4})*(?:[A-Z0-9+/]{2}==|[A-Z0-9+/]{3}=)?$/i
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/i

export function apiSchemas(): ApiSchemas {
  if (loaded)
    return loaded
  const ajv = new Ajv({ allErrors: true, strict: false, verbose: true })
  ajv.addFormat('byte', BASE64)
  ajv.addFormat('date-time', DATE_TIME)
  // Integer widths (the type says integer already) and IP addresses (Gateway API's CRDs): as the API server
  // reads them, not re-checked here.
  for (const format of ['int32', 'int64', 'ipv4', 'ipv6'])
    ajv.addFormat(format, true)
  const files = new Map<string, Schema>()
  const read = (dir: string) => readdirSync(dir).filter(f => f.endsWith('.json')).sort().map(f => [f, JSON.parse(readFileSync(join(dir, f), 'utf8'))] as const)
  let index: ServedIndex | undefined
  let configs: ApiSchemas['configs'] = {}
  const crdVersions = new Map<string, string>()
  const crdGroupVersions: Record<string, GroupVersionEntry> = {}
  for (const [name, schema] of read(SCHEMA_DIRS.kubernetes)) {
    if (name === 'index.json') {
      index = schema
      configs = schema.configs ?? {}
      continue
    }
    ajv.addSchema(schema)
    files.set(name, schema)
  }
  for (const [name, schema] of read(SCHEMA_DIRS.crds)) {
    if (name === 'index.json') {
      Object.assign(crdGroupVersions, schema.groupVersions)
      for (const gv of Object.keys(schema.groupVersions))
        crdVersions.set(gv, schema.sets.map((s: Schema) => s.title).join(', '))
      continue
    }
    ajv.addSchema(schema)
    files.set(name, schema)
  }
  if (!index)
    throw new Error('schemas/kubernetes/index.json is missing: run npm run schemas -- <release>')
  loaded = { ajv, index: { release: index.release, groupVersions: { ...index.groupVersions, ...crdGroupVersions } }, crdVersions, configs, files }
  return loaded
}

function fileOf(apiVersion: string): Schema | undefined {
  const { index, configs, files } = apiSchemas()
  const name = index.groupVersions[apiVersion]?.file ?? configs[apiVersion]?.file
  return name ? files.get(name) : undefined
}

/** Whether a schema exists for apiVersion + kind. */
export function hasKindSchema(apiVersion: string, kind: string): boolean {
  return !!fileOf(apiVersion)?.definitions?.[kind]
}

/** Follows `$ref`s (local or `<file>.json#/…`) to the schema node and its absolute id + pointer. */
function deref(file: Schema, node: Schema, pointer: string): { file: Schema, node: Schema, pointer: string } {
  let f = file
  let n = node
  let p = pointer
  for (let guard = 0; typeof n?.$ref === 'string' && guard < 50; guard++) {
    const [target, fragment] = n.$ref.split('#')
    if (target)
      f = apiSchemas().files.get(target)!
    p = fragment
    n = fragment.split('/').slice(1).reduce((at: Schema, k: string) => at?.[k.replace(/~1/g, '/').replace(/~0/g, '~')], f)
  }
  return { file: f, node: n, pointer: p }
}

/** The schema id (with a JSON pointer) of a kind, or of a fragment path inside it (`spec.template.spec`, `webhooks[]`). */
export function kindSchemaRef(apiVersion: string, kind: string, steps: string[] = []): string | { error: string } {
  const file = fileOf(apiVersion)
  const root = file?.definitions?.[kind]
  if (!file || !root)
    return { error: `no schema for ${apiVersion} ${kind}` }
  let at = deref(file, root, `/definitions/${kind}`)
  const walked: string[] = []
  for (const step of steps) {
    const { node, pointer } = at
    if (step === '[]') {
      if (node.type !== 'array' || !node.items)
        return { error: `${walked.join('.') || kind} is not a list` }
      at = deref(at.file, node.items, `${pointer}/items`)
    }
    else {
      const props = node.properties ?? {}
      if (!(step in props)) {
        const near = closest(step, Object.keys(props))
        return { error: `${[...walked, step].join('.')} is not a field of ${kind}${near ? ` (did you mean "${near}"?)` : ''}` }
      }
      at = deref(at.file, props[step], `${pointer}/properties/${step.replace(/~/g, '~0').replace(/\//g, '~1')}`)
    }
    walked.push(step)
  }
  return `${at.file.$id}#${at.pointer}`
}

/** Validates a value against a kind (or a fragment of one, by the ref kindSchemaRef gave). */
export function validateAgainst(ref: string, value: unknown): Problem[] {
  const validate = apiSchemas().ajv.getSchema(ref) as ValidateFunction | undefined
  if (!validate)
    throw new Error(`no schema at ${ref}`)
  if (validate(value))
    return []
  // anyOf alternatives (IntOrString-like unions of JSONSchemaProps) report each branch; keep the summary.
  const errors = (validate.errors ?? []).filter(e => !e.schemaPath.includes('/anyOf/'))
  return problemsOf(errors, value)
}
