/**
 * What a Kubernetes release serves, from the release's own data: the kinds
 * each group/version registers (register.go) and their prerelease lifecycle
 * (zz_generated.prerelease-lifecycle.go: introduced, deprecated, removed,
 * replacement). Pure functions, shared by the generator (scripts/schemas/)
 * and the code check (which reads the generated index).
 *
 * The rules, as the API server applies them:
 * - a kind is not served from the release its lifecycle says it was removed in;
 * - a GA group/version (`v1`, `v2`) is served by default;
 * - a beta or alpha group/version is served only when enabled
 *   (`--runtime-config`), except a beta introduced before v1.24 (KEP-3136
 *   turned new beta APIs off by default from v1.24 on).
 */

export type Level = 'ga' | 'beta' | 'alpha'
export type State = 'default' | 'when-enabled' | 'removed' | 'newer'

export interface KindEntry {
  state: State
  introduced?: string
  deprecated?: string
  removed?: string
  /** `apiVersion Kind` of the replacement the lifecycle names. */
  replacement?: string
}

export interface GroupVersionEntry {
  level: Level
  /** The schema file (in schemas/kubernetes/ or schemas/crds/), absent when nothing in it is served. */
  file?: string
  kinds: Record<string, KindEntry>
}

export interface ServedIndex {
  /** `v1.37`. */
  release: string
  groupVersions: Record<string, GroupVersionEntry>
}

export function levelOf(version: string): Level {
  if (/^v\d+$/.test(version))
    return 'ga'
  return /beta/.test(version) ? 'beta' : 'alpha'
}

/** `1.37` → 37 (the minor of a `major.minor`; majors other than 1 count as far future). */
export function minorOf(version: string): number {
  const [major, minor] = version.replace(/^v/, '').split('.').map(Number)
  return major === 1 ? minor : major > 1 ? 1000 + minor : -1
}

export interface LifecycleInput {
  introduced?: string
  deprecated?: string
  removed?: string
  replacement?: { group: string, version: string, kind: string }
}

/** A kind's state in a release (`v1.37`), from its group/version's level and its lifecycle. */
export function stateOf(release: string, version: string, lifecycle: LifecycleInput = {}): KindEntry {
  const r = minorOf(release)
  const entry: KindEntry = { state: 'default' }
  if (lifecycle.introduced)
    entry.introduced = lifecycle.introduced
  if (lifecycle.deprecated && minorOf(lifecycle.deprecated) <= r)
    entry.deprecated = lifecycle.deprecated
  if (lifecycle.removed)
    entry.removed = lifecycle.removed
  if (lifecycle.replacement) {
    const { group, version: v, kind } = lifecycle.replacement
    entry.replacement = `${group ? `${group}/` : ''}${v} ${kind}`
  }
  const level = levelOf(version)
  if (lifecycle.removed && minorOf(lifecycle.removed) <= r)
    entry.state = 'removed'
  else if (lifecycle.introduced && minorOf(lifecycle.introduced) > r)
    entry.state = 'newer'
  else if (level === 'ga' || (level === 'beta' && lifecycle.introduced && minorOf(lifecycle.introduced) < 24))
    entry.state = 'default'
  else
    entry.state = 'when-enabled'
  return entry
}

/** `apps/v1`, core `v1`. */
export function apiVersionOf(group: string, version: string): string {
  return group ? `${group}/${version}` : version
}

export function groupOf(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.split('/')[0] : ''
}

export type Availability
  = | { state: 'default', entry: KindEntry, gv: GroupVersionEntry }
    | { state: 'when-enabled', entry: KindEntry, gv: GroupVersionEntry }
    | { state: 'removed', entry: KindEntry }
    | { state: 'newer', entry: KindEntry }
    | { state: 'unknown-kind', kinds: string[] }
    | { state: 'unknown-version', served: string[] }
    | { state: 'unknown-group' }

/** Whether the release serves apiVersion + kind, and if not, why. */
export function availability(index: ServedIndex, apiVersion: string, kind: string): Availability {
  const gv = index.groupVersions[apiVersion]
  const entry = gv?.kinds[kind]
  if (gv && entry) {
    if (entry.state === 'default' || entry.state === 'when-enabled')
      return { state: entry.state, entry, gv }
    return { state: entry.state, entry }
  }
  if (gv)
    return { state: 'unknown-kind', kinds: Object.entries(gv.kinds).filter(([, e]) => e.state === 'default' || e.state === 'when-enabled').map(([k]) => k) }
  const group = groupOf(apiVersion)
  const same = Object.keys(index.groupVersions).filter(v => groupOf(v) === group)
  if (!same.length)
    return { state: 'unknown-group' }
  return { state: 'unknown-version', served: same.filter(v => Object.values(index.groupVersions[v].kinds).some(e => e.state === 'default')) }
}

/** The group/versions that serve a kind by default, GA first, newest version first. */
export function versionsOf(index: ServedIndex, kind: string): string[] {
  const found = Object.entries(index.groupVersions).filter(([, gv]) => gv.kinds[kind]?.state === 'default').map(([v]) => v)
  const rank = (v: string) => ({ ga: 0, beta: 1, alpha: 2 })[levelOf(v.split('/').pop()!)]
  return found.sort((a, b) => rank(a) - rank(b) || b.localeCompare(a, 'en', { numeric: true }))
}
