/**
 * Which tag of an upstream repository stands for a Kubernetes release: the
 * staging repositories tag v1.37.0 as v0.37.0. When the mirror has no such
 * tag yet, the newest tag of the same minor (v0.37.0-beta.0) is used, and the
 * generated files name it.
 */

/** `v1.37.0` → `v0.37.0` (the staging repositories' tag of a release). */
export function stagingTag(release: string): string {
  const m = /^v1\.(\d+)\.(\d+)(-[\w.]+)?$/.exec(release)
  if (!m)
    throw new Error(`not a Kubernetes release: ${release} (expected e.g. v1.37.0)`)
  return `v0.${m[1]}.${m[2]}${m[3] ?? ''}`
}

/** `v1.37.0` → `v1.37`. */
export function minorRelease(release: string): string {
  return release.split('.').slice(0, 2).join('.')
}

function parse(tag: string): { nums: number[], pre?: [string, number] } | undefined {
  const m = /^v(\d+)\.(\d+)\.(\d+)(?:-(alpha|beta|rc)\.(\d+))?$/.exec(tag)
  if (!m)
    return undefined
  return { nums: [Number(m[1]), Number(m[2]), Number(m[3])], pre: m[4] ? [m[4], Number(m[5])] : undefined }
}

const PRE_RANK: Record<string, number> = { alpha: 0, beta: 1, rc: 2 }

/** Semantic-version order; a prerelease comes before its release. */
export function compareTags(a: string, b: string): number {
  const pa = parse(a)
  const pb = parse(b)
  if (!pa || !pb)
    return a.localeCompare(b)
  for (let i = 0; i < 3; i++) {
    if (pa.nums[i] !== pb.nums[i])
      return pa.nums[i] - pb.nums[i]
  }
  if (!pa.pre || !pb.pre)
    return (pa.pre ? -1 : 0) - (pb.pre ? -1 : 0)
  return PRE_RANK[pa.pre[0]] - PRE_RANK[pb.pre[0]] || pa.pre[1] - pb.pre[1]
}

/**
 * The tag to read for `wanted` (e.g. v0.37.0): itself if the repository has
 * it, else the newest tag of the same minor up to it (v0.37.0-beta.0), else
 * undefined.
 */
export function pickTag(available: string[], wanted: string): string | undefined {
  if (available.includes(wanted))
    return wanted
  const w = parse(wanted)
  if (!w)
    return undefined
  const sameMinor = available.filter((t) => {
    const p = parse(t)
    return p && p.nums[0] === w.nums[0] && p.nums[1] === w.nums[1] && compareTags(t, wanted) <= 0
  })
  return sameMinor.sort(compareTags).pop()
}
