/**
 * The component-configuration JSON Schemas in schemas/ (KubeletConfiguration,
 * KubeSchedulerConfiguration, the kube-apiserver's config files, kubeconfig,
 * kind's Cluster, CDI …), from the upstream Go types at the release's staging
 * tag (./component-config-jobs.ts lists them). Each schema names its upstream
 * source: repository, path, tag and commit.
 *
 * Unlike the built-in kinds (./kubernetes-api.ts: OpenAPI's rules), a field
 * here is required when its comment carries `+required` or says it is
 * required, and a typed string constant set is an enum unless listed as open;
 * the validation code's extra rules are the jobs' patches. Every object is
 * closed (additionalProperties: false).
 */
import type { GoSource, Job, Packages } from './component-config-jobs'
import type { Mirror } from './git-source'
import type { GoField, GoPackage, GoStruct } from './go-parse'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { jobsOf, packagesOf } from './component-config-jobs'
import { commitOf, showFile } from './git-source'
import { parseGoFile } from './go-parse'

/** Well-known types that are not structs in these files. */
const BUILT_IN: Record<string, Record<string, unknown>> = {
  'metav1.Duration': { type: 'string', pattern: '^(-?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(ns|us|µs|ms|s|m|h))+$|^0$', description: 'a Go duration, e.g. 30s, 5m, 1h30m' },
  'metav1.Time': { type: 'string' },
  'metav1.MicroTime': { type: 'string' },
  'metav1.ObjectMeta': { type: 'object' },
  'metav1.LabelSelector': { type: 'object' },
  'metav1.GroupVersionKind': { type: 'object', properties: { group: { type: 'string' }, version: { type: 'string' }, kind: { type: 'string' } }, required: ['group', 'version', 'kind'], additionalProperties: false },
  'metav1.GroupVersionResource': { type: 'object', properties: { group: { type: 'string' }, version: { type: 'string' }, resource: { type: 'string' } }, required: ['group', 'version', 'resource'], additionalProperties: false },
  'metav1.Status': { type: 'object' },
  'types.UID': { type: 'string' },
  'resource.Quantity': { type: ['string', 'number'] },
  'intstr.IntOrString': { type: ['string', 'integer'] },
  'runtime.RawExtension': {},
  'runtime.Unknown': {},
  'runtime.Object': {},
  'json.RawMessage': {},
  'interface{}': {},
  'any': {},
  'v1.ResourceList': { type: 'object', additionalProperties: { type: ['string', 'number'] } },
  'v1.NodeConfigSource': { type: 'object' },
  'corev1.TopologySpreadConstraint': { type: 'object' },
  'featuregate.Feature': { type: 'string' },
  'logsapi.TimeOrMetaDuration': { type: 'string' },
}

const INTEGER = new Set(['int', 'int8', 'int16', 'int32', 'int64', 'uint', 'uint8', 'uint16', 'uint32', 'uint64'])

function aliasesOf(PKG: Packages): Record<string, GoSource | 'any'> {
  return {
    componentbaseconfigv1alpha1: PKG.componentBase,
    logsapi: PKG.logs,
    tracingapi: PKG.tracing,
    v1: PKG.core,
    corev1: PKG.core,
    authnv1: PKG.authnV1,
    authenticationv1: PKG.authnV1,
    runtime: 'any',
  }
}

const parsedFiles = new Map<string, GoPackage>()
function parseGo(s: GoSource): GoPackage {
  const key = `${s.mirror.repo}:${s.mirror.tag}:${s.path}`
  let parsed = parsedFiles.get(key)
  if (!parsed) {
    parsed = parseGoFile(showFile(s.mirror, s.path))
    parsedFiles.set(key, parsed)
  }
  return parsed
}

export function isRequired(field: GoField, byTag = false): boolean {
  if (byTag)
    return !field.omitempty && !field.type.startsWith('*')
  if (/\+optional/.test(field.comment))
    return false
  if (/\+required/.test(field.comment))
    return true
  return /(?:^|\n|\. )(?:\w+ )?(?:is )?required\b(?! (?:if|when|for|only))/i.test(field.comment) && !/not required|optional/i.test(field.comment)
}

interface Context { defs: Record<string, unknown>, sources: Set<GoSource>, enumsOff: Set<string>, byTag: boolean, aliases: Record<string, GoSource | 'any'> }

/** JSON Schema of a Go type written in a file of `files[0]`'s package (the first file that declares it). */
function schemaOf(ctx: Context, type: string, files: GoSource[]): Record<string, unknown> {
  if (type.startsWith('*'))
    return schemaOf(ctx, type.slice(1), files)
  if (type === '[]byte')
    return { type: 'string', pattern: '^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$', description: 'base64 (a Go []byte)' }
  if (type.startsWith('[]'))
    return { type: 'array', items: schemaOf(ctx, type.slice(2), files) }
  const map = /^map\[\w+\](.+)$/.exec(type)
  if (map)
    return { type: 'object', additionalProperties: schemaOf(ctx, map[1], files) }
  if (type === 'string')
    return { type: 'string' }
  if (type === 'bool')
    return { type: 'boolean' }
  if (INTEGER.has(type))
    return { type: 'integer' }
  if (type === 'float32' || type === 'float64')
    return { type: 'number' }
  if (BUILT_IN[type])
    return BUILT_IN[type]
  const qualified = /^(\w+)\.(\w+)$/.exec(type)
  if (qualified) {
    const target = ctx.aliases[qualified[1]]
    if (target === 'any' || target === undefined)
      return {}
    return schemaOf(ctx, qualified[2], [target])
  }
  for (const file of files) {
    const parsed = parseGo(file)
    const struct = parsed.structs.get(type)
    if (struct) {
      if (!(type in ctx.defs)) {
        ctx.defs[type] = {}
        ctx.sources.add(file)
        ctx.defs[type] = objectSchema(ctx, struct, files)
      }
      return { $ref: `#/definitions/${type}` }
    }
    const alias = parsed.named.get(type)
    if (alias) {
      const base = schemaOf(ctx, alias.type, files)
      const values = parsed.constants.get(type)
      if (values && alias.type === 'string' && !ctx.enumsOff.has(type))
        return { ...base, enum: values }
      return base
    }
  }
  throw new Error(`unknown Go type ${type} in ${files.map(f => f.path).join(', ')}`)
}

function objectSchema(ctx: Context, struct: GoStruct, files: GoSource[]): Record<string, unknown> {
  const properties: Record<string, unknown> = {}
  const required: string[] = []
  const add = (s: GoStruct, scope: GoSource[]) => {
    for (const field of s.fields) {
      if (field.inline) {
        if (/(?:^|\.)TypeMeta$/.test(field.type)) {
          properties.apiVersion = { type: 'string' }
          properties.kind = { type: 'string' }
          continue
        }
        const qualified = /^(\w+)\.(\w+)$/.exec(field.type)
        const scopeFiles = qualified ? [ctx.aliases[qualified[1]] as GoSource] : scope
        const name = qualified ? qualified[2] : field.type
        const inner = scopeFiles.map(f => parseGo(f).structs.get(name)).find(Boolean)
        if (!inner)
          throw new Error(`cannot inline ${field.type}`)
        add(inner, scopeFiles)
        continue
      }
      properties[field.json!] = schemaOf(ctx, field.type, scope)
      if (isRequired(field, ctx.byTag))
        required.push(field.json!)
    }
  }
  add(struct, files)
  return { type: 'object', properties, ...required.length ? { required } : {}, additionalProperties: false }
}

function applyPatches(job: Job, schema: Record<string, any>) {
  for (const [name, patch] of Object.entries(job.patch ?? {})) {
    const def = name === '$root' ? schema : schema.definitions[name]
    if (!def)
      throw new Error(`${job.file}: no definition ${name} to patch`)
    const required = new Set<string>([...def.required ?? [], ...patch.required ?? []])
    for (const field of patch.optional ?? [])
      required.delete(field)
    for (const field of required) {
      if (!def.properties?.[field])
        throw new Error(`${job.file}: ${name} has no field ${field}`)
    }
    def.required = [...required]
    if (!def.required.length)
      delete def.required
    for (const [field, values] of Object.entries(patch.enum ?? {})) {
      if (!def.properties?.[field])
        throw new Error(`${job.file}: ${name} has no field ${field}`)
      if (values.length)
        def.properties[field] = { ...def.properties[field], enum: values }
    }
    if (patch.allOf)
      def.allOf = [...def.allOf ?? [], ...patch.allOf]
  }
}

/** Writes schemas/<job>.json for every job; returns a line per file. */
export function generateComponentConfigs({ mirrorOf, out, release }: { mirrorOf: (repo: string) => Mirror, out: string, release: string }): string[] {
  const PKG = packagesOf(mirrorOf, release)
  const aliases = aliasesOf(PKG)
  let current: Context | undefined
  /** Plugin args: `pluginConfig[].args` is decoded as `<name>Args` for the in-tree plugins. */
  const schedulerArgs = (schema: Record<string, any>) => {
    const ctx = current!
    const args = [...parseGo(PKG.schedulerArgs).structs.keys()].filter(n => n.endsWith('Args'))
    schema.definitions.PluginConfig.allOf = args.map(name => ({
      if: { properties: { name: { const: name.replace(/Args$/, '') } }, required: ['name'] },
      then: { properties: { args: schemaOf(ctx, name, [PKG.schedulerArgs, PKG.scheduler]) } },
    }))
  }
  const lines: string[] = []
  for (const job of jobsOf(PKG, schedulerArgs)) {
    const ctx: Context = { defs: {}, sources: new Set(), enumsOff: new Set(job.openEnums), byTag: !!job.requiredByTag, aliases }
    current = ctx
    schemaOf(ctx, job.root, job.files)
    const root = ctx.defs[job.root] as Record<string, any>
    delete ctx.defs[job.root]
    const schema: Record<string, any> = {
      $schema: 'http://json-schema.org/draft-07/schema#',
      $id: `https://course.invalid/schemas/${job.file}`,
      title: job.kind ?? job.root,
    }
    if (job.apiVersion) {
      schema['x-apiVersion'] = job.apiVersion
      schema['x-kind'] = job.kind
    }
    schema['x-source'] = [...new Set([...job.files, ...ctx.sources])].map(s => ({
      repository: s.upstream.split(' ')[0],
      path: s.upstream.split(' ')[1],
      release: s.upstream.split('@ ')[1],
      mirror: s.mirror.repo,
      tag: s.mirror.tag,
      commit: commitOf(s.mirror),
    }))
    Object.assign(schema, root)
    if (job.apiVersion) {
      schema.properties.apiVersion = { const: job.apiVersion }
      schema.properties.kind = { const: job.kind }
      schema.required = [...new Set(['apiVersion', 'kind', ...schema.required ?? []])]
    }
    schema.definitions = ctx.defs
    job.extra?.(schema)
    applyPatches(job, schema)
    if (!Object.keys(schema.definitions).length)
      delete schema.definitions
    writeFileSync(join(out, job.file), `${JSON.stringify(schema, null, 2)}\n`)
    lines.push(`schemas/${job.file}: ${Object.keys(ctx.defs).length} definitions`)
  }
  return lines
}
