/**
 * What a schema cannot say but a cluster will: the course's rules for whole
 * objects (docs/code-check.md), each from a review finding.
 */
import type { Problem } from './problems'

function isObject(v: unknown): v is Record<string, any> {
  return !!v && typeof v === 'object' && !Array.isArray(v)
}

/** Rules for a complete document of a kind. */
export function courseRules(kind: string, value: unknown): Problem[] {
  if (!isObject(value))
    return []
  const problems: Problem[] = []
  if (kind === 'KubeSchedulerConfiguration' && !value.clientConnection?.kubeconfig) {
    // kube-scheduler with --config ignores --kubeconfig (kube-scheduler reference).
    problems.push({ path: ['clientConnection'], message: 'kube-scheduler started with --config ignores --kubeconfig: set clientConnection.kubeconfig, or it cannot reach the API server' })
  }
  if (kind === 'AuthorizationConfiguration' && Array.isArray(value.authorizers)) {
    const types = new Set(value.authorizers.map((a: any) => a?.type))
    for (const needed of ['Node', 'RBAC']) {
      if (!types.has(needed))
        problems.push({ path: ['authorizers'], message: `no ${needed} authorizer: a cluster's kubelets and RBAC rules stop working; keep Node and RBAC beside the webhook` })
    }
  }
  if (kind === 'CustomResourceDefinition' && Array.isArray(value.spec?.versions)) {
    value.spec.versions.forEach((v: any, i: number) => {
      const schema = v?.schema?.openAPIV3Schema
      if (isObject(v?.subresources) && 'status' in v.subresources && isObject(schema) && !schema['x-kubernetes-preserve-unknown-fields'] && !isObject(schema.properties?.status))
        problems.push({ path: ['spec', 'versions', i, 'subresources', 'status'], message: 'the status subresource is on, but the schema has no status: the API server prunes every status the controller writes' })
    })
  }
  return problems
}

/** Shell commands that cannot work as written. */
export function shellRules(script: string): { line: number, message: string }[] {
  const problems: { line: number, message: string }[] = []
  const lines = script.split('\n')
  for (let i = 0; i < lines.length; i++) {
    // A command and its continuation lines.
    let command = lines[i]
    let j = i
    while (/\\$/.test(command) && j + 1 < lines.length)
      command = `${command.slice(0, -1)} ${lines[++j]}`
    if (/(?:^|[\s;|&(])etcdctl\s/.test(command.replace(/#.*$/, ''))) {
      // A flag or its environment variable (ETCDCTL_CACERT …) anywhere in the block.
      const missing = ['--endpoints', '--cacert', '--cert', '--key'].filter(flag => !command.includes(flag) && !script.includes(`ETCDCTL_${flag.slice(2).toUpperCase()}`))
      if (missing.length)
        problems.push({ line: i + 1, message: `etcdctl without ${missing.join(', ')}: etcd serves clients over mutual TLS only` })
    }
    i = j
  }
  return problems
}
