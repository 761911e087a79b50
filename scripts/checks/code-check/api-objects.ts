/**
 * A Kubernetes API object (built-in kind, or a Gateway API kind of the CRD
 * sets): whether the course's release serves its apiVersion and kind (by
 * default, only when enabled, deprecated, removed, newer), from the generated
 * index, then its fields against the generated schema.
 */
import type { KindEntry } from '../../schemas/served'
import type { Problem } from './problems'
import { availability, levelOf, versionsOf } from '../../schemas/served'
import { apiSchemas, kindSchemaRef, validateAgainst } from './api-schemas'

export interface ApiObjectResult {
  /** The group is one the schemas know (built in or a CRD set). */
  known: boolean
  problems: Problem[]
  /** The fields were checked (the release serves the object, or serves it when enabled). */
  validated: boolean
}

const release = () => apiSchemas().index.release
const v = (minor?: string) => (minor ? `v${minor}` : 'an earlier release')

/**
 * What to use instead: the lifecycle's replacement when the release serves it, else the kind's default
 * group/version other than the one in use (a deprecated beta that is served by default is not its own replacement).
 */
function instead(entry: KindEntry, apiVersion: string, kind: string): string {
  const { index } = apiSchemas()
  if (entry.replacement) {
    const [gv, k] = entry.replacement.split(' ')
    if (index.groupVersions[gv]?.kinds[k]?.state === 'default')
      return entry.replacement
  }
  const served = versionsOf(index, kind).find(v => v !== apiVersion)
  return served ? `${served} ${kind}` : ''
}

function where(apiVersion: string): string {
  const set = apiSchemas().crdVersions.get(apiVersion)
  return set ? `the CRDs of ${set}` : release()
}

/** Whether the release serves the object's apiVersion + kind, as problems; `requires` is the fence's option. */
export function servedProblems(apiVersion: string, kind: string, requires: unknown): ApiObjectResult {
  const { index } = apiSchemas()
  const r = release()
  const a = availability(index, apiVersion, kind)
  const at = ['apiVersion']
  const stop = (message: string, path = at) => ({ known: true, validated: false, problems: [{ path, message }] })
  switch (a.state) {
    case 'unknown-group':
      return { known: false, validated: false, problems: [] }
    case 'removed': {
      const use = instead(a.entry, apiVersion, kind)
      return stop(`${apiVersion} ${kind} is not served by ${r}: ${a.entry.removed ? `removed in ${v(a.entry.removed)}` : 'no longer served'}${use ? `; use ${use}` : ''}`)
    }
    case 'newer':
      return stop(`${apiVersion} ${kind} is newer than ${r} (introduced in ${v(a.entry.introduced)})`)
    case 'unknown-kind':
      return stop(`${apiVersion} has no kind ${kind} in ${where(apiVersion)} (it has ${a.kinds.join(', ')})`, ['kind'])
    case 'unknown-version':
      return stop(`${apiVersion} does not exist in ${where(apiVersion)}${a.served.length ? ` (served: ${a.served.join(', ')})` : ''}`)
  }
  const problems: Problem[] = []
  const asked = typeof requires === 'string' && requires.trim() !== ''
  if (a.state === 'default' && requires !== undefined)
    problems.push({ path: at, message: `${apiVersion} ${kind} is served by default in ${r}: the fence's {requires:'…'} says otherwise` })
  if (a.state === 'when-enabled' && !asked) {
    const ga = versionsOf(index, kind)[0]
    problems.push({ path: at, message: `${apiVersion} ${kind} is ${levelOf(apiVersion.split('/').pop()!)} in ${r} and served only when enabled (--runtime-config=${apiVersion}=true, and its feature gate if it has one)${ga ? `; ${r} serves ${ga} ${kind} by default` : ''}; say so on the slide and in the fence: {requires:'…'}` })
  }
  if (a.entry.deprecated) {
    const use = instead(a.entry, apiVersion, kind)
    problems.push({ path: at, message: `${apiVersion} ${kind} is deprecated in ${r} (since ${v(a.entry.deprecated)}${a.entry.removed ? `, removed in ${v(a.entry.removed)}` : ''})${use ? `; use ${use}` : ''}` })
  }
  return { known: true, validated: true, problems }
}

/** Problems of a whole object: served?, then its fields. */
export function apiObjectProblems(apiVersion: string, kind: string, value: unknown, requires: unknown): ApiObjectResult {
  const served = servedProblems(apiVersion, kind, requires)
  if (!served.validated)
    return served
  const ref = kindSchemaRef(apiVersion, kind)
  if (typeof ref !== 'string')
    return { known: true, validated: false, problems: [...served.problems, { path: ['kind'], message: ref.error }] }
  return { known: true, validated: true, problems: [...served.problems, ...validateAgainst(ref, value)] }
}

/** The group/version a fragment's kind is checked in: the one the release serves by default (GA first). */
export function fragmentVersion(kind: string): string | undefined {
  return versionsOf(apiSchemas().index, kind)[0]
}
