/**
 * Custom resources of the deck's own CRDs: a CustomResourceDefinition shown
 * in a lesson defines the kind its custom resources are checked against, as
 * the API server would, with unknown fields reported where the schema does not
 * preserve them.
 */
import type { ValidateFunction } from 'ajv'
import type { Problem } from './problems'
import Ajv from 'ajv'
import { closest, describe } from './problems'

export interface DeckCrd {
  group: string
  kind: string
  plural: string
  versions: Map<string, Record<string, any>>
}

function isObject(v: unknown): v is Record<string, any> {
  return !!v && typeof v === 'object' && !Array.isArray(v)
}

/** The CRD a document defines, if it is one. */
export function crdOf(value: unknown): DeckCrd | undefined {
  if (!isObject(value) || value.kind !== 'CustomResourceDefinition' || !isObject(value.spec))
    return undefined
  const spec = value.spec
  const versions = new Map<string, Record<string, any>>()
  for (const v of Array.isArray(spec.versions) ? spec.versions : []) {
    if (isObject(v) && typeof v.name === 'string')
      versions.set(v.name, isObject(v.schema?.openAPIV3Schema) ? v.schema.openAPIV3Schema : { 'type': 'object', 'x-kubernetes-preserve-unknown-fields': true })
  }
  if (typeof spec.group !== 'string' || typeof spec.names?.kind !== 'string')
    return undefined
  return { group: spec.group, kind: spec.names.kind, plural: String(spec.names.plural ?? ''), versions }
}

/** An OpenAPI v3 structural schema as a strict JSON Schema: objects close unless they preserve unknown fields. */
function strict(schema: unknown, root = false): unknown {
  if (!isObject(schema))
    return schema
  const out: Record<string, any> = {}
  for (const [key, value] of Object.entries(schema)) {
    if (key.startsWith('x-kubernetes-') || key === 'nullable' || key === 'example' || key === 'externalDocs')
      continue
    if (key === 'properties')
      out.properties = Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, strict(v)]))
    else if (key === 'items' || key === 'additionalProperties' || key === 'not')
      out[key] = typeof value === 'boolean' ? value : strict(value)
    else if (key === 'allOf' || key === 'anyOf' || key === 'oneOf')
      out[key] = (value as unknown[]).map(v => strict(v))
    else
      out[key] = value
  }
  if (schema['x-kubernetes-int-or-string']) {
    delete out.type
    out.anyOf = [{ type: 'integer' }, { type: 'string' }]
  }
  if (schema.nullable && typeof out.type === 'string')
    out.type = [out.type, 'null']
  if (root) {
    out.properties = { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, ...out.properties }
  }
  if (out.type === 'object' && !schema['x-kubernetes-preserve-unknown-fields'] && !('additionalProperties' in out) && !schema['x-kubernetes-embedded-resource'])
    out.additionalProperties = false
  return out
}

const ajv = new Ajv({ allErrors: true, strict: false, verbose: true })
const compiled = { object: new WeakMap<Record<string, any>, ValidateFunction>(), fragment: new WeakMap<Record<string, any>, ValidateFunction>() }

/** A custom resource against its version's schema, or (`as: 'fragment'`) a part of one against the schema at that path. */
export function validateCustomResource(schema: Record<string, any>, value: unknown, as: keyof typeof compiled = 'object'): Problem[] {
  let validate = compiled[as].get(schema)
  if (!validate) {
    // Only a whole object has apiVersion, kind and metadata beside its schema's fields.
    validate = ajv.compile(strict(schema, as === 'object') as object)
    compiled[as].set(schema, validate)
  }
  if (validate(value))
    return []
  const problems: Problem[] = []
  for (const error of validate.errors ?? []) {
    const path = error.instancePath ? error.instancePath.slice(1).split('/').map(s => /^\d+$/.test(s) ? Number(s) : s.replace(/~1/g, '/').replace(/~0/g, '~')) : []
    const p = error.params as Record<string, any>
    const at = path.reduce<any>((v, k) => v?.[k], value)
    if (error.keyword === 'additionalProperties') {
      const near = closest(p.additionalProperty, Object.keys((error.parentSchema as any)?.properties ?? {}))
      problems.push({ path: [...path, p.additionalProperty], message: `unknown field "${p.additionalProperty}" (not in the CRD's schema)${near ? ` (did you mean "${near}"?)` : ''}` })
    }
    else if (error.keyword === 'required') {
      problems.push({ path, message: `missing required field "${p.missingProperty}"` })
    }
    else if (error.keyword === 'type') {
      problems.push({ path, message: `expected ${[p.type].flat().join(' or ')}, got ${describe(at)}` })
    }
    else {
      problems.push({ path, message: error.message ?? error.keyword })
    }
  }
  return problems
}

/** The schema at a fragment path of a CRD's version schema. */
export function crdSubSchema(schema: Record<string, any>, steps: string[]): Record<string, any> | string {
  let node = schema
  for (const step of steps) {
    if (step === '[]') {
      if (!isObject(node.items))
        return `${step} is not a list in the CRD's schema`
      node = node.items
    }
    else {
      const next = node.properties?.[step]
      if (!isObject(next))
        return `${step} is not a field of the CRD's schema`
      node = next
    }
  }
  return node
}
