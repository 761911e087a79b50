/**
 * Configurations nested in other configurations, checked against their own
 * schemas: the kubeadm configuration in a kind Cluster's
 * `kubeadmConfigPatches` (YAML strings, merged into the documents kind
 * writes) and `kubeadmConfigPatchesJSON6902` (group/version/kind of the
 * target), on the cluster and on each node.
 *
 * kind applies a patch only to the documents of its kind and, when it names
 * one, its apiVersion (kind pkg/internal/patch/resource.go, `matches`): a
 * patch for a kubeadm version the node's kubeadm does not read applies to
 * nothing, silently. kind writes kubeadm.k8s.io/v1beta4 for v1.36+ nodes.
 */
import type { Path } from './documents'
import type { Problem } from './problems'
import { apiSchemas, kindSchemaRef, validateAgainst } from './api-schemas'
import { formatPath, parseDocuments } from './documents'

function isObject(v: unknown): v is Record<string, any> {
  return !!v && typeof v === 'object' && !Array.isArray(v)
}

const KUBEADM_GROUP = 'kubeadm.k8s.io'

/** The kubeadm versions the release's kubeadm reads (from the generated index). */
export function kubeadmVersions(): string[] {
  return Object.keys(apiSchemas().configs).filter(v => v.startsWith(`${KUBEADM_GROUP}/`))
}

/** Problems of one kubeadm configuration document (`partial`: a merge patch, which may leave out required fields). */
export function kubeadmDocumentProblems(value: unknown, partial: boolean): Problem[] {
  if (!isObject(value))
    return [{ path: [], message: 'not an object' }]
  const { apiVersion, kind } = value
  const release = apiSchemas().index.release
  const versions = kubeadmVersions()
  if (typeof kind !== 'string')
    return [{ path: [], message: `a kubeadm patch names its kind (${apiSchemas().configs[versions[0]]?.kinds.join(', ')}): kind matches patches by kind` }]
  if (apiVersion === undefined && partial) {
    // Matches the document of that kind whatever its version: checked against the version kind writes.
    return kubeadmDocumentProblems({ ...value, apiVersion: versions[0] }, partial)
  }
  if (typeof apiVersion !== 'string' || !apiVersion.startsWith(`${KUBEADM_GROUP}/`))
    return [{ path: ['apiVersion'], message: `not a kubeadm configuration: ${String(apiVersion)}` }]
  if (!versions.includes(apiVersion)) {
    return [{ path: ['apiVersion'], message: `${apiVersion} is not a kubeadm configuration version ${release} reads (it reads ${versions.join(', ')})${partial ? `: kind writes ${versions.join(', ')} for ${release} nodes and applies a patch only to the documents of its apiVersion, so this patch would be silently ignored` : ''}` }]
  }
  const kinds = apiSchemas().configs[apiVersion].kinds
  if (!kinds.includes(kind))
    return [{ path: ['kind'], message: `${apiVersion} has no kind ${kind} (it has ${kinds.join(', ')})` }]
  const ref = kindSchemaRef(apiVersion, kind)
  if (typeof ref !== 'string')
    return [{ path: ['kind'], message: ref.error }]
  const problems = validateAgainst(ref, value)
  return partial ? problems.filter(p => !p.message.startsWith('missing required field')) : problems
}

/** The kubeadm patches of a kind Cluster, as problems at the patch (the message says where inside it). */
export function kindClusterPatches(value: unknown): Problem[] {
  if (!isObject(value))
    return []
  const out: Problem[] = []
  const mergePatches = (patches: unknown, base: Path) => {
    if (!Array.isArray(patches))
      return
    patches.forEach((patch, i) => {
      const at = [...base, i]
      if (typeof patch !== 'string') {
        out.push({ path: at, message: 'a kubeadmConfigPatches entry is a string holding a YAML document' })
        return
      }
      const { documents, errors } = parseDocuments(patch)
      for (const error of errors)
        out.push({ path: at, line: error.line, message: `the patch does not parse as YAML: ${error.message}` })
      for (const doc of documents) {
        const v = isObject(doc.value) ? doc.value : {}
        const what = v.apiVersion ? `${String(v.apiVersion)} ${String(v.kind)}` : `${String(v.kind)} (matched to ${kubeadmVersions().join(', ')})`
        for (const p of kubeadmDocumentProblems(doc.value, true))
          out.push({ path: at, line: doc.lineOf(p.path), message: `patch ${what} ${formatPath(p.path)}: ${p.message}` })
      }
    })
  }
  const jsonPatches = (patches: unknown, base: Path) => {
    if (!Array.isArray(patches))
      return
    patches.forEach((patch, i) => {
      if (!isObject(patch) || patch.group !== KUBEADM_GROUP)
        return
      const apiVersion = `${patch.group}/${String(patch.version)}`
      if (!kubeadmVersions().includes(apiVersion))
        out.push({ path: [...base, i, 'version'], message: `${apiVersion} is not a kubeadm configuration version ${apiSchemas().index.release} reads (it reads ${kubeadmVersions().join(', ')}): this patch would be silently ignored` })
    })
  }
  mergePatches(value.kubeadmConfigPatches, ['kubeadmConfigPatches'])
  jsonPatches(value.kubeadmConfigPatchesJSON6902, ['kubeadmConfigPatchesJSON6902'])
  if (Array.isArray(value.nodes)) {
    value.nodes.forEach((node: unknown, n: number) => {
      if (!isObject(node))
        return
      mergePatches(node.kubeadmConfigPatches, ['nodes', n, 'kubeadmConfigPatches'])
      jsonPatches(node.kubeadmConfigPatchesJSON6902, ['nodes', n, 'kubeadmConfigPatchesJSON6902'])
    })
  }
  return out
}
