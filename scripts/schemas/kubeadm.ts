/**
 * kubeadm's configuration (kubeadm.k8s.io/v1beta4: what kind writes for
 * v1.36+ nodes, and what a kind config's `kubeadmConfigPatches` patch). Its Go
 * types live in kubernetes/kubernetes (cmd/kubeadm/app/apis/kubeadm/v1beta4,
 * with bootstraptoken/v1), a repository too large to mirror whole: the
 * generator reads them from a mirror of it when there is one, else from a
 * directory holding those two folders as in the repository
 * (`--kubeadm <dir>`), and names the commit the files were taken at.
 */
import type { Mirror } from './git-source'
import type { Schema } from './go-schema'
import type { ConfigPackage } from './kubernetes-api'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { commitOf, hasMirror, hasTag, listDir, showFile } from './git-source'
import { parseGoFile } from './go-parse'

const KUBEADM = 'cmd/kubeadm/app/apis/kubeadm/v1beta4'
const BOOTSTRAP = 'cmd/kubeadm/app/apis/bootstraptoken/v1'
const IMPORT = 'k8s.io/kubernetes/'

export interface KubeadmInput {
  /** A kubernetes/kubernetes mirror and the release tag (v1.37.0). */
  mirror?: Mirror
  /** Or a directory with the two folders, and the commit they were read at. */
  dir?: string
  commit?: string
  release: string
}

/** The kubeadm config package, or why it cannot be read. */
export function kubeadmConfig(input: KubeadmInput): ConfigPackage | string {
  let read: (folder: string) => string[]
  let source: Schema
  if (input.mirror && hasMirror(input.mirror) && hasTag(input.mirror)) {
    const m = input.mirror
    read = folder => listDir(m, folder).filter(n => n.endsWith('.go') && !n.endsWith('_test.go') && !n.startsWith('zz_generated')).map(n => showFile(m, `${folder}/${n}`))
    source = { repository: m.repo, path: KUBEADM, ref: m.tag, commit: commitOf(m), release: input.release }
  }
  else if (input.dir) {
    const dir = input.dir
    read = folder => readdirSync(join(dir, folder)).filter(n => n.endsWith('.go')).map(n => readFileSync(join(dir, folder, n), 'utf8'))
    source = {
      repository: 'kubernetes/kubernetes',
      path: KUBEADM,
      ref: input.commit ?? 'unknown',
      release: input.release,
      note: `read from a copy of the two folders (${KUBEADM}, ${BOOTSTRAP}) at ${input.commit ?? 'an unnamed commit'}: the repository is too large to mirror; no ${input.release} tag was at hand`,
    }
  }
  else {
    return `no kubernetes/kubernetes mirror with tag ${input.release} and no --kubeadm <dir>`
  }
  const texts = read(KUBEADM)
  const kinds = [...parseGoFile(texts.join('\n')).structs.values()].filter(s => s.fields.some(f => f.inline && f.type.endsWith('TypeMeta'))).map(s => s.name).sort()
  const mirror = input.mirror ?? { root: '', repo: 'kubernetes/kubernetes', tag: '' }
  return {
    apiVersion: 'kubeadm.k8s.io/v1beta4',
    kinds,
    source,
    packages: [
      { importPath: `${IMPORT}${KUBEADM}`, mirror, dir: KUBEADM, file: 'kubeadm.k8s.io_v1beta4', texts },
      { importPath: `${IMPORT}${BOOTSTRAP}`, mirror, dir: BOOTSTRAP, file: 'kubeadm.bootstraptoken_v1', texts: read(BOOTSTRAP) },
    ],
  }
}
