/**
 * Regenerates every schema the code check reads, for one Kubernetes release:
 *
 *   schemas/kubernetes/   built-in kinds, one file per group/version, the
 *                         index of what the release serves (index.json) and
 *                         kubeadm's configuration;
 *   schemas/crds/         Gateway API, at the release named in crds.ts;
 *   schemas/*.json        component configurations (./component-configs.ts).
 *
 * Reads bare git mirrors (`<mirrors>/<owner>+<name>/repo`). Run through
 * `npm run schemas -- v1.37.0` (scripts/schemas.ts).
 */
import type { Mirror } from './git-source'
import type { Schema } from './go-schema'
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { generateComponentConfigs } from './component-configs'
import { CRD_SETS, generateCrds } from './crds'
import { commitOf, hasMirror, tags } from './git-source'
import { kubeadmConfig } from './kubeadm'
import { generateKubernetesApi } from './kubernetes-api'
import { minorRelease, pickTag, stagingTag } from './tags'

export interface Options {
  release: string
  mirrors: string
  /** Output directory (the project's schemas/). */
  out: string
  kubeadmDir?: string
  kubeadmCommit?: string
  log?: (line: string) => void
}

function writeJson(path: string, data: unknown) {
  writeFileSync(path, `${JSON.stringify(data, null, 1)}\n`)
}

/** Empties a generated directory (its .json files) before writing it anew. */
function fresh(dir: string) {
  mkdirSync(dir, { recursive: true })
  for (const name of readdirSync(dir).filter(n => n.endsWith('.json')))
    rmSync(join(dir, name))
}

export function generateAll(options: Options): void {
  const log = options.log ?? console.log
  const release = { version: options.release, minor: minorRelease(options.release) }
  const wanted = stagingTag(options.release)
  const chosen = new Map<string, Mirror>()
  const mirrorOf = (repo: string): Mirror => {
    let m = chosen.get(repo)
    if (!m) {
      const base = { root: options.mirrors, repo }
      if (!hasMirror({ ...base, tag: '' }))
        throw new Error(`no mirror of ${repo} in ${options.mirrors} (fetch it first)`)
      const tag = pickTag(tags(base), wanted)
      if (!tag)
        throw new Error(`${repo} has no tag for ${options.release} (wanted ${wanted} or a prerelease of it)`)
      m = { ...base, tag }
      chosen.set(repo, m)
      log(`${repo}: ${tag}${tag === wanted ? '' : ` (no ${wanted} yet: the newest tag of ${release.minor})`}`)
    }
    return m
  }

  const kubeadm = kubeadmConfig({
    mirror: { root: options.mirrors, repo: 'kubernetes/kubernetes', tag: options.release },
    dir: options.kubeadmDir,
    commit: options.kubeadmCommit,
    release: options.release,
  })
  if (typeof kubeadm === 'string')
    throw new Error(`kubeadm's configuration: ${kubeadm}`)

  const api = generateKubernetesApi(release, mirrorOf, [kubeadm])
  const k8sDir = join(options.out, 'kubernetes')
  fresh(k8sDir)
  for (const [name, schema] of Object.entries(api.files))
    writeJson(join(k8sDir, name), schema)

  const crdDir = join(options.out, 'crds')
  fresh(crdDir)
  const crdIndex: Schema = { title: 'CRDs the lessons use without defining them', sets: [], groupVersions: {} }
  for (const set of CRD_SETS) {
    const mirror = { root: options.mirrors, repo: set.repo, tag: set.tag }
    const crds = generateCrds(set, mirror, commitOf(mirror))
    for (const [name, schema] of Object.entries(crds.files))
      writeJson(join(crdDir, name), schema)
    crdIndex.sets.push({ repository: set.repo, ref: set.tag, path: set.dir, title: set.title })
    Object.assign(crdIndex.groupVersions, crds.index)
  }
  writeJson(join(crdDir, 'index.json'), crdIndex)
  writeJson(join(k8sDir, 'index.json'), api.index)
  log(`schemas/kubernetes: ${Object.keys(api.files).length} files, ${Object.keys(api.index.groupVersions).length} group/versions; schemas/crds: ${Object.keys(crdIndex.groupVersions).length} group/versions`)

  for (const line of generateComponentConfigs({ mirrorOf, out: options.out, release: options.release }))
    log(line)
  if (!existsSync(join(k8sDir, 'core_v1.json')))
    throw new Error('no core_v1.json written')
}
