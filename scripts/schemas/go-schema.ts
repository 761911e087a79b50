import type { Mirror } from './git-source'
/**
 * JSON Schemas from Go API types, the way kube-openapi reads them: a struct
 * is a closed object (an unknown field is an error, as
 * `kubectl apply --validate=strict` reports it) whose JSON fields are its
 * properties, embedded structs without a JSON name add their fields, a field
 * is required unless `+optional` or `omitempty` says otherwise, a `+enum`
 * string type lists its typed constants, `[]byte` is base64. One schema file
 * per Go package (a group/version), definitions by Go type name, references
 * to other packages as `<file>.json#/definitions/<Type>`.
 *
 * Types that marshal themselves (Quantity, IntOrString, Time, RawExtension,
 * apiextensions' JSON and JSONSchemaPropsOr…) are written from their
 * OpenAPISchemaType() methods, in SPECIAL.
 */
import type { GoPackage, GoStruct } from './go-parse'
import { listDir, showFile } from './git-source'
import { emptyPackage, hasMarker, isRequiredField, parseGoFile } from './go-parse'

export type Schema = Record<string, any>

export interface PackageSource {
  importPath: string
  mirror: Mirror
  /** The package's directory in the repository. */
  dir: string
  /** The schema file's name, without `.json` (e.g. `apps_v1`). */
  file: string
  /** The Go files' texts, for a package read from files rather than a mirror. */
  texts?: string[]
}

const META = 'k8s.io/apimachinery/pkg/apis/meta/v1'
const APIEXT = 'k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1'

/** Types with their own JSON form: import path + name → schema (given a reference maker for the package's own types). */
export const SPECIAL: Record<string, (ref: (name: string) => Schema) => Schema> = {
  [`${META}.Time`]: () => ({ type: 'string', format: 'date-time' }),
  [`${META}.MicroTime`]: () => ({ type: 'string', format: 'date-time' }),
  [`${META}.Duration`]: () => ({ type: 'string' }),
  [`${META}.FieldsV1`]: () => ({ type: 'object' }),
  'k8s.io/apimachinery/pkg/api/resource.Quantity': () => ({ type: ['string', 'number'] }),
  'k8s.io/apimachinery/pkg/util/intstr.IntOrString': () => ({ type: ['string', 'integer'] }),
  'k8s.io/apimachinery/pkg/runtime.RawExtension': () => ({}),
  'k8s.io/apimachinery/pkg/runtime.Object': () => ({}),
  'k8s.io/apimachinery/pkg/runtime.Unknown': () => ({}),
  'k8s.io/apimachinery/pkg/types.UID': () => ({ type: 'string' }),
  'k8s.io/apimachinery/pkg/types.NodeName': () => ({ type: 'string' }),
  [`${APIEXT}.JSON`]: () => ({}),
  // kubeadm's token, marshalled as `<id>.<secret>` (bootstraptoken/v1 utils.go, BootstrapTokenRegexp).
  'k8s.io/kubernetes/cmd/kubeadm/app/apis/bootstraptoken/v1.BootstrapTokenString': () => ({ type: 'string', pattern: '^([a-z0-9]{6})\\.([a-z0-9]{16})$' }),
  [`${APIEXT}.JSONSchemaPropsOrArray`]: ref => ({ anyOf: [ref('JSONSchemaProps'), { type: 'array', items: ref('JSONSchemaProps') }] }),
  [`${APIEXT}.JSONSchemaPropsOrBool`]: ref => ({ anyOf: [{ type: 'boolean' }, ref('JSONSchemaProps')] }),
  [`${APIEXT}.JSONSchemaPropsOrStringArray`]: ref => ({ anyOf: [ref('JSONSchemaProps'), { type: 'array', items: { type: 'string' } }] }),
}

const INTEGER = new Set(['int', 'int8', 'int16', 'int32', 'int64', 'uint', 'uint8', 'uint16', 'uint32', 'uint64', 'byte'])

interface Scope { importPath: string, imports: Map<string, string> }

export interface SchemaFile {
  source: PackageSource
  definitions: Record<string, Schema>
}

/** Files that hold no types, or generated code the types do not need. */
function isTypeFile(name: string): boolean {
  return name.endsWith('.go') && !name.endsWith('_test.go') && !name.startsWith('zz_generated') && !name.startsWith('generated.') && !name.includes('swagger_doc')
}

export class GoSchemas {
  readonly files = new Map<string, SchemaFile>()
  private readonly packages = new Map<string, GoPackage>()

  /** `resolve` maps an import path to where its Go files are (undefined: not a package the schemas may use). */
  constructor(private readonly resolve: (importPath: string) => PackageSource | undefined) {}

  source(importPath: string): PackageSource {
    const source = this.resolve(importPath)
    if (!source)
      throw new Error(`no source for Go package ${importPath}`)
    return source
  }

  /** The parsed package (all its Go files but tests and generated code). */
  pkg(importPath: string): GoPackage {
    let pkg = this.packages.get(importPath)
    if (!pkg) {
      const source = this.source(importPath)
      pkg = emptyPackage()
      const texts = source.texts ?? listDir(source.mirror, source.dir).filter(isTypeFile).map(name => showFile(source.mirror, `${source.dir}/${name}`))
      for (const text of texts)
        parseGoFile(text, pkg)
      this.packages.set(importPath, pkg)
    }
    return pkg
  }

  private file(importPath: string): SchemaFile {
    let file = this.files.get(importPath)
    if (!file) {
      file = { source: this.source(importPath), definitions: {} }
      this.files.set(importPath, file)
    }
    return file
  }

  /** A reference to a type of a package, written into that package's file; `from` is the file the reference is written in. */
  ref(importPath: string, name: string, from?: string): Schema {
    const special = SPECIAL[`${importPath}.${name}`]
    if (special)
      return special(n => this.ref(importPath, n, from))
    const pkg = this.pkg(importPath)
    const struct = pkg.structs.get(name)
    if (struct) {
      const file = this.file(importPath)
      if (!(name in file.definitions)) {
        file.definitions[name] = {}
        file.definitions[name] = this.objectSchema(struct, importPath)
      }
      const here = from === undefined || from === importPath
      return { $ref: `${here ? '' : `${file.source.file}.json`}#/definitions/${name}` }
    }
    const named = pkg.named.get(name)
    if (named) {
      const base = this.schemaOf(named.type, { importPath, imports: named.imports }, from ?? importPath)
      const values = pkg.constants.get(name)
      if (hasMarker(named.comment, 'enum') && values?.length && base.type === 'string')
        return { ...base, enum: [...new Set(values)] }
      return base
    }
    throw new Error(`unknown Go type ${importPath}.${name}`)
  }

  /** The schema of a Go type expression written in a scope (a file of a package); references are relative to `from`'s file. */
  schemaOf(type: string, scope: Scope, from: string): Schema {
    if (type.startsWith('*'))
      return this.schemaOf(type.slice(1), scope, from)
    if (type === '[]byte')
      return { type: 'string', format: 'byte' }
    if (type.startsWith('[]'))
      return { type: 'array', items: this.schemaOf(type.slice(2), scope, from) }
    const map = /^map\[[\w.]+\](.+)$/.exec(type)
    if (map)
      return { type: 'object', additionalProperties: this.schemaOf(map[1], scope, from) }
    if (type === 'string')
      return { type: 'string' }
    if (type === 'bool')
      return { type: 'boolean' }
    if (INTEGER.has(type))
      return { type: 'integer' }
    if (type === 'float32' || type === 'float64')
      return { type: 'number' }
    if (type === 'interface{}' || type === 'any')
      return {}
    const qualified = /^(\w+)\.(\w+)$/.exec(type)
    if (qualified) {
      const importPath = scope.imports.get(qualified[1])
      if (!importPath)
        throw new Error(`unknown import ${qualified[1]} in ${scope.importPath}`)
      return this.ref(importPath, qualified[2], from)
    }
    return this.ref(scope.importPath, type, from)
  }

  /** The struct a type expression names, through type aliases (`type X = v1.X`). */
  private structOf(type: string, scope: Scope): { struct: GoStruct, importPath: string } | undefined {
    const qualified = /^(\w+)\.(\w+)$/.exec(type.replace(/^\*/, ''))
    const importPath = qualified ? scope.imports.get(qualified[1]) : scope.importPath
    const name = qualified ? qualified[2] : type.replace(/^\*/, '')
    if (!importPath)
      return undefined
    const pkg = this.pkg(importPath)
    const struct = pkg.structs.get(name)
    if (struct)
      return { struct, importPath }
    const named = pkg.named.get(name)
    return named ? this.structOf(named.type, { importPath, imports: named.imports }) : undefined
  }

  private objectSchema(struct: GoStruct, importPath: string): Schema {
    const properties: Record<string, Schema> = {}
    const required: string[] = []
    const add = (s: GoStruct, at: string) => {
      for (const field of s.fields) {
        const scope = { importPath: at, imports: s.imports }
        if (field.inline) {
          const inner = this.structOf(field.type, scope)
          if (!inner)
            throw new Error(`cannot inline ${field.type} in ${at}.${s.name}`)
          add(inner.struct, inner.importPath)
          continue
        }
        properties[field.json!] = this.schemaOf(field.type, scope, importPath)
        if (isRequiredField(field))
          required.push(field.json!)
      }
    }
    add(struct, importPath)
    return { type: 'object', properties, ...required.length ? { required } : {}, additionalProperties: false }
  }
}
