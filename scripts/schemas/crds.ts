/**
 * Schemas of CustomResourceDefinitions a lesson uses without defining them
 * (Gateway API), at a named release: the CRDs' own openAPIV3Schema of each
 * served version, closed as the API server prunes (an object without
 * `x-kubernetes-preserve-unknown-fields` keeps only the fields it lists, and
 * strict field validation reports the others), without descriptions.
 * One file per group/version: schemas/crds/<group>_<version>.json.
 */
import type { Mirror } from './git-source'
import type { Schema } from './go-schema'
import type { GroupVersionEntry, ServedIndex } from './served'
import { parseAllDocuments } from 'yaml'
import { listDir, showFile } from './git-source'
import { levelOf } from './served'

export interface CrdSet {
  repo: string
  /** The release (tag) of the CRDs. */
  tag: string
  /** Where the CRD manifests are in the repository. */
  dir: string
  title: string
}

/** The CRDs the course's lessons use: Gateway API, standard channel. */
export const CRD_SETS: CrdSet[] = [
  { repo: 'kubernetes-sigs/gateway-api', tag: 'v1.6.1', dir: 'config/crd/standard', title: 'Gateway API v1.6.1 (standard channel)' },
]

function isObject(v: unknown): v is Record<string, any> {
  return !!v && typeof v === 'object' && !Array.isArray(v)
}

const DROP = new Set(['description', 'example', 'externalDocs', 'x-kubernetes-validations', 'x-kubernetes-list-type', 'x-kubernetes-list-map-keys', 'x-kubernetes-map-type'])

/** An OpenAPI v3 structural schema as a closed JSON Schema (draft 7 keywords). */
export function closeSchema(schema: unknown): unknown {
  if (!isObject(schema))
    return schema
  const out: Schema = {}
  for (const [key, value] of Object.entries(schema)) {
    if (DROP.has(key) || key === 'nullable' || key === 'x-kubernetes-preserve-unknown-fields' || key === 'x-kubernetes-int-or-string' || key === 'x-kubernetes-embedded-resource')
      continue
    if (key === 'properties')
      out.properties = Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, closeSchema(v)]))
    else if (key === 'items' || key === 'additionalProperties' || key === 'not')
      out[key] = typeof value === 'boolean' ? value : closeSchema(value)
    else if (key === 'allOf' || key === 'anyOf' || key === 'oneOf')
      out[key] = (value as unknown[]).map(v => closeSchema(v))
    else
      out[key] = value
  }
  if (schema['x-kubernetes-int-or-string']) {
    delete out.type
    out.type = ['integer', 'string']
  }
  if (schema.nullable && typeof out.type === 'string')
    out.type = [out.type, 'null']
  if (out.type === 'object' && !schema['x-kubernetes-preserve-unknown-fields'] && !('additionalProperties' in out) && !schema['x-kubernetes-embedded-resource'])
    out.additionalProperties = false
  return out
}

export interface GeneratedCrds {
  files: Record<string, Schema>
  index: ServedIndex['groupVersions']
}

/** The schema files of a CRD set, from its manifests at the tag. */
export function generateCrds(set: CrdSet, mirror: Mirror, commit: string): GeneratedCrds {
  const byVersion = new Map<string, { group: string, version: string, kinds: Record<string, Schema> }>()
  for (const name of listDir(mirror, set.dir).filter(n => n.endsWith('.yaml'))) {
    for (const doc of parseAllDocuments(showFile(mirror, `${set.dir}/${name}`))) {
      const crd = doc.toJS()
      if (!isObject(crd) || crd.kind !== 'CustomResourceDefinition')
        continue
      const { group, names } = crd.spec
      for (const v of crd.spec.versions ?? []) {
        if (!v.served || !isObject(v.schema?.openAPIV3Schema))
          continue
        const key = `${group}/${v.name}`
        const entry = byVersion.get(key) ?? byVersion.set(key, { group, version: v.name, kinds: {} }).get(key)!
        const schema = closeSchema(v.schema.openAPIV3Schema) as Schema
        schema.properties = { ...schema.properties, apiVersion: { const: key }, kind: { const: names.kind }, metadata: { type: 'object' } }
        schema.required = [...new Set(['apiVersion', 'kind', ...schema.required ?? []])]
        entry.kinds[names.kind] = schema
      }
    }
  }
  const files: Record<string, Schema> = {}
  const index: ServedIndex['groupVersions'] = {}
  for (const [key, { group, version, kinds }] of [...byVersion].sort(([a], [b]) => a.localeCompare(b))) {
    const file = `${group}_${version}.json`
    files[file] = {
      '$schema': 'http://json-schema.org/draft-07/schema#',
      '$id': `https://course.invalid/schemas/crds/${file}`,
      'title': `${key} (${set.title})`,
      'x-source': { repository: set.repo, path: set.dir, ref: set.tag, commit },
      'x-kinds': Object.keys(kinds).sort(),
      'definitions': Object.fromEntries(Object.entries(kinds).sort(([a], [b]) => a.localeCompare(b))),
    }
    const entry: GroupVersionEntry = { level: levelOf(version), file, kinds: {} }
    for (const kind of Object.keys(kinds).sort())
      entry.kinds[kind] = { state: 'default' }
    index[key] = entry
  }
  return { files, index }
}
