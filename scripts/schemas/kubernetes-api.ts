/**
 * The built-in kinds of a Kubernetes release as JSON Schemas, one file per
 * group/version (schemas/kubernetes/<group>_<version>.json), and the index of
 * what the release serves (schemas/kubernetes/index.json), generated from the
 * release's Go types: k8s.io/api, k8s.io/apimachinery (meta/v1),
 * k8s.io/apiextensions-apiserver (CustomResourceDefinition) and
 * k8s.io/kube-aggregator (APIService), at the staging tag of the release
 * (v1.37.0 → v0.37.0).
 */
import type { Mirror } from './git-source'
import type { PackageSource, Schema } from './go-schema'
import type { GroupVersionEntry, ServedIndex } from './served'
import { commitOf, fileExists, listDir, showFile } from './git-source'
import { parseGoFile, parseLifecycle, registeredKinds } from './go-parse'
import { GoSchemas } from './go-schema'
import { apiVersionOf, levelOf, stateOf } from './served'

export interface Release {
  /** `v1.37.0`. */
  version: string
  /** `v1.37`. */
  minor: string
}

/** The repositories the built-in kinds come from: import path prefix → repository, and where its group/versions are. */
export const API_REPOS = [
  { prefix: 'k8s.io/api/', repo: 'kubernetes/api', apis: '' },
  { prefix: 'k8s.io/apimachinery/', repo: 'kubernetes/apimachinery', apis: undefined },
  { prefix: 'k8s.io/apiextensions-apiserver/', repo: 'kubernetes/apiextensions-apiserver', apis: 'pkg/apis/apiextensions' },
  { prefix: 'k8s.io/kube-aggregator/', repo: 'kubernetes/kube-aggregator', apis: 'pkg/apis/apiregistration' },
] as const

/**
 * Prerelease group/versions whose Go types k8s.io/api keeps without lifecycle
 * data although the API server no longer serves them (its storage for the
 * group has only the GA version: kubernetes/kubernetes pkg/registry/<group>/rest).
 * The one list kept by hand; check it when the generator reports a
 * prerelease group/version without lifecycle data.
 */
export const NOT_SERVED_WITHOUT_LIFECYCLE: Record<string, string> = {
  'rbac.authorization.k8s.io/v1alpha1': 'rbac.authorization.k8s.io/v1',
  'node.k8s.io/v1alpha1': 'node.k8s.io/v1',
}

/** Payloads of webhooks and discovery documents: registered, but not resources anyone creates. */
const NOT_RESOURCES = new Set(['admission', 'imagepolicy', 'apidiscovery'])

export interface Generated {
  files: Record<string, Schema>
  index: ServedIndex & Schema
}

/**
 * A component configuration whose Go types refer to the built-in kinds
 * (kubeadm's: corev1.Taint, corev1.EnvVar): generated with them, into the
 * same directory, listed in the index under `configs`.
 */
export interface ConfigPackage {
  apiVersion: string
  /** The package and the packages it imports that are not API packages. */
  packages: PackageSource[]
  kinds: string[]
  source: Schema
}

/**
 * Generates the files; `mirrorOf` gives the mirror (with the tag chosen) of a
 * repository. Pure apart from reading the mirrors.
 */
export function generateKubernetesApi(release: Release, mirrorOf: (repo: string) => Mirror, configs: ConfigPackage[] = []): Generated {
  const groupNames = new Map<string, string>()
  const groupOfPackage = (importPath: string, mirror: Mirror, dir: string): string => {
    let group = groupNames.get(importPath)
    if (group === undefined) {
      group = fileExists(mirror, `${dir}/register.go`) ? parseGoFile(showFile(mirror, `${dir}/register.go`)).strings.get('GroupName') ?? '' : ''
      groupNames.set(importPath, group)
    }
    return group
  }
  const resolve = (importPath: string): PackageSource | undefined => {
    const config = configs.flatMap(c => c.packages).find(p => p.importPath === importPath)
    if (config)
      return config
    const repo = API_REPOS.find(r => importPath.startsWith(r.prefix))
    if (!repo)
      return undefined
    const mirror = mirrorOf(repo.repo)
    const dir = importPath.slice(repo.prefix.length)
    const version = dir.split('/').pop()!
    const group = groupOfPackage(importPath, mirror, dir)
    return { importPath, mirror, dir, file: `${group || (dir.startsWith('pkg/') ? dir.replace(/\//g, '.') : 'core')}_${version}` }
  }
  const schemas = new GoSchemas(resolve)
  const index: ServedIndex = { release: release.minor, groupVersions: {} }

  // Every group/version package of the repositories that hold API groups.
  const packages: { importPath: string, mirror: Mirror, dir: string }[] = []
  for (const repo of API_REPOS) {
    if (repo.apis === undefined)
      continue
    const mirror = mirrorOf(repo.repo)
    const groupDirs = repo.apis ? [repo.apis] : listDir(mirror, '').filter(d => d.endsWith('/')).map(d => d.slice(0, -1)).filter(d => !d.startsWith('.') && !NOT_RESOURCES.has(d))
    for (const groupDir of groupDirs) {
      for (const v of listDir(mirror, groupDir).filter(d => /^v\d+(?:(?:alpha|beta)\d+)?\/$/.test(d))) {
        const dir = `${groupDir}/${v.slice(0, -1)}`
        if (fileExists(mirror, `${dir}/register.go`))
          packages.push({ importPath: `${repo.prefix}${dir}`, mirror, dir })
      }
    }
  }

  for (const { importPath, mirror, dir } of packages) {
    const version = dir.split('/').pop()!
    const group = groupOfPackage(importPath, mirror, dir)
    const apiVersion = apiVersionOf(group, version)
    const lifecycle = fileExists(mirror, `${dir}/zz_generated.prerelease-lifecycle.go`) ? parseLifecycle(showFile(mirror, `${dir}/zz_generated.prerelease-lifecycle.go`)) : new Map()
    const pkg = schemas.pkg(importPath)
    const kinds = registeredKinds(showFile(mirror, `${dir}/register.go`)).filter((kind) => {
      const fields = pkg.structs.get(kind)?.fields ?? []
      return kind !== 'List' && !(kind.endsWith('List') && fields.some(f => f.json === 'items'))
    })
    if (!lifecycle.size && levelOf(version) !== 'ga')
      console.warn(`${apiVersion}: prerelease without lifecycle data (${apiVersion in NOT_SERVED_WITHOUT_LIFECYCLE ? 'listed as not served' : 'taken as served when enabled'})`)
    if (!kinds.length)
      continue
    const entry: GroupVersionEntry = { level: levelOf(version), kinds: {} }
    for (const kind of kinds.sort()) {
      const replacement = NOT_SERVED_WITHOUT_LIFECYCLE[apiVersion]
      entry.kinds[kind] = replacement ? { state: 'removed', replacement: `${replacement} ${kind}` } : stateOf(release.minor, version, lifecycle.get(kind))
    }
    if (Object.values(entry.kinds).some(k => k.state === 'default' || k.state === 'when-enabled')) {
      for (const kind of kinds) {
        if (['default', 'when-enabled'].includes(entry.kinds[kind].state))
          schemas.ref(importPath, kind)
      }
      entry.file = `${resolve(importPath)!.file}.json`
    }
    index.groupVersions[apiVersion] = entry
  }

  const configIndex: Record<string, { file: string, kinds: string[] }> = {}
  for (const config of configs) {
    for (const kind of config.kinds)
      schemas.ref(config.packages[0].importPath, kind)
    configIndex[config.apiVersion] = { file: `${config.packages[0].file}.json`, kinds: config.kinds }
  }

  const files: Record<string, Schema> = {}
  for (const [importPath, file] of schemas.files) {
    const config = configs.find(c => c.packages.some(p => p.importPath === importPath))
    const { mirror, dir } = file.source
    const name = `${file.source.file}.json`
    const gv = Object.entries(index.groupVersions).find(([, e]) => e.file === name)
    files[name] = {
      '$schema': 'http://json-schema.org/draft-07/schema#',
      '$id': `https://course.invalid/schemas/kubernetes/${name}`,
      'title': gv ? gv[0] : importPath,
      'x-source': config ? config.source : sourceOf(release, mirror, dir, importPath),
      ...gv ? { 'x-kinds': Object.keys(gv[1].kinds).filter(k => k in file.definitions) } : {},
      ...config?.packages[0].importPath === importPath ? { 'x-apiVersion': config.apiVersion, 'x-kinds': config.kinds } : {},
      'definitions': sortKeys(file.definitions),
    }
  }
  const sources = [...new Map(packages.map(p => [p.mirror.repo, p.mirror])).values()]
  return {
    files,
    index: {
      '$schema': 'http://json-schema.org/draft-07/schema#',
      'title': `What Kubernetes ${release.minor} serves`,
      'x-source': sources.map(m => sourceOf(release, m, '', m.repo)),
      'x-generated-by': 'npm run schemas (scripts/schemas.ts)',
      ...index,
      'groupVersions': sortKeys(index.groupVersions),
      'configs': configIndex,
    },
  }
}

function sortKeys<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b, 'en')))
}

/** Where a file comes from: repository, path, tag and commit, and the Kubernetes release the tag belongs to. */
export function sourceOf(release: Release, mirror: Mirror, dir: string, importPath: string): Schema {
  return {
    repository: mirror.repo,
    path: dir || '.',
    package: importPath,
    ref: mirror.tag,
    commit: commitOf(mirror),
    release: release.version,
    ...mirror.tag.includes('-') ? { note: `${mirror.tag} is the newest tag of ${mirror.repo} for ${release.minor} in the mirror (not the ${release.version} tag)` } : {},
  }
}
