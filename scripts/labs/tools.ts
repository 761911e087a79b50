/**
 * Before a lab touches anything: are docker, kind and kubectl installed, in
 * the versions data/course.ts names, and does Docker's daemon answer? Each
 * answer is bounded in time; the first problem ends the run, naming what to
 * install or start.
 */
import { accessSync, constants, statSync } from 'node:fs'
import { delimiter, join } from 'node:path'
import process from 'node:process'
import * as course from '../../data/course'
import { capture } from './process'

export type Tool = 'docker' | 'kind' | 'kubectl' | 'bash'

/** The kubectl the labs want: KUBECTL_VERSION once data/course.ts has it, else the baseline's minor. */
export function kubectlVersion(data: Record<string, unknown> = course): string {
  const pinned = data.KUBECTL_VERSION
  return typeof pinned === 'string' ? pinned : String(data.KUBERNETES_VERSION)
}

export const INSTALL: Record<Tool, string> = {
  docker: 'Docker (https://docs.docker.com/engine/install/), and start it',
  kind: `kind ${course.KIND_VERSION} (https://kind.sigs.k8s.io/docs/user/quick-start/#installation, e.g. go install sigs.k8s.io/kind@${course.KIND_VERSION})`,
  kubectl: `kubectl ${kubectlVersion()} (https://kubernetes.io/docs/tasks/tools/)`,
  bash: 'bash (the lab steps are bash scripts)',
}

/** The file `name` resolves to on `PATH`, or undefined. */
export function which(name: string, path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (!dir)
      continue
    const file = join(dir, name)
    try {
      if (!statSync(file).isFile())
        continue
      accessSync(file, constants.X_OK)
      return file
    }
    catch {}
  }
  return undefined
}

/** The tools of `needed` that are not on PATH. */
export function missingTools(needed: readonly Tool[], path?: string): Tool[] {
  return needed.filter(tool => !which(tool, path))
}

function minorOf(version: string): { major: number, minor: number } | undefined {
  const match = /^v?(\d+)\.(\d+)/.exec(version)
  return match ? { major: Number(match[1]), minor: Number(match[2]) } : undefined
}

/** `kind version` prints "kind v0.33.0 go1.25.1 linux/amd64". */
export function kindVersionProblem(output: string, wanted = course.KIND_VERSION): string | undefined {
  const found = /\bkind (v\d+\.\d+\.\d\S*)/.exec(output)?.[1]
  if (found === wanted)
    return undefined
  return `kind ${found ?? `of unknown version (kind version said: ${output.trim() || 'nothing'})`} is installed; the labs need kind ${wanted}: its node image ${course.KIND_NODE_IMAGE} is built for that release. Install ${INSTALL.kind}`
}

/**
 * `kubectl version --client -o json`: the client must be within one minor of
 * the cluster (Kubernetes' version skew policy); another minor than the
 * course's is said but allowed.
 */
export function kubectlVersionProblem(output: string, wanted = kubectlVersion()): { problem?: string, note?: string } {
  let found: string | undefined
  try {
    found = (JSON.parse(output) as { clientVersion?: { gitVersion?: string } }).clientVersion?.gitVersion
  }
  catch {}
  const have = found ? minorOf(found) : undefined
  const want = minorOf(wanted)
  if (!have || !want)
    return { problem: `could not read kubectl's version (kubectl version --client -o json said: ${output.trim().slice(0, 200) || 'nothing'}). Install ${INSTALL.kubectl}` }
  const skew = Math.abs(have.minor - want.minor)
  if (have.major !== want.major || skew > 1)
    return { problem: `kubectl ${found} is installed; the cluster runs Kubernetes ${course.KUBERNETES_VERSION} and kubectl must be within one minor of it. Install ${INSTALL.kubectl}` }
  if (skew === 1)
    return { note: `kubectl ${found} (the course uses ${wanted}; one minor apart is supported)` }
  return {}
}

export interface Preflight {
  ok: boolean
  /** Problems when not ok (every one found), else what was found. */
  lines: string[]
}

async function checkKind(timeoutMs: number): Promise<{ problem?: string, found?: string }> {
  const kind = await capture('kind', ['version'], timeoutMs)
  const problem = kind.timedOut ? `kind version did not answer within ${timeoutMs / 1000} s` : kindVersionProblem(kind.output)
  return problem ? { problem } : { found: `kind ${course.KIND_VERSION}` }
}

async function checkKubectl(timeoutMs: number): Promise<{ problem?: string, found?: string }> {
  const kubectl = await capture('kubectl', ['version', '--client', '-o', 'json'], timeoutMs)
  if (kubectl.timedOut)
    return { problem: `kubectl version did not answer within ${timeoutMs / 1000} s` }
  const { problem, note } = kubectlVersionProblem(kubectl.stdout)
  return problem ? { problem } : { found: note ?? `kubectl ${kubectlVersion()}` }
}

async function checkDocker(timeoutMs: number): Promise<{ problem?: string, found?: string }> {
  const docker = await capture('docker', ['info', '--format', '{{.ServerVersion}}'], timeoutMs)
  if (!docker.timedOut && docker.code === 0)
    return { found: `docker ${docker.stdout.trim()}` }
  const said = docker.timedOut ? `no answer within ${timeoutMs / 1000} s` : docker.output.trim().split('\n')[0] || `exit ${docker.code}`
  return { problem: `docker is installed but its daemon does not answer (docker info: ${said}). Start Docker's daemon, then run again.` }
}

const CHECKS: Partial<Record<Tool, (timeoutMs: number) => Promise<{ problem?: string, found?: string }>>> = {
  docker: checkDocker,
  kind: checkKind,
  kubectl: checkKubectl,
}

/**
 * Checks the tools a lab needs before anything runs: which are missing
 * (named with what to install), then, at once, the versions of those present
 * and whether Docker's daemon answers. Every problem is reported together.
 */
export async function preflight(needed: readonly Tool[], timeoutMs = 20_000): Promise<Preflight> {
  const missing = missingTools(needed)
  const present = needed.filter(tool => !missing.includes(tool))
  // One after another: each is bounded, and the order of the calls stays the same run to run.
  const results: { problem?: string, found?: string }[] = []
  for (const tool of present)
    results.push(await CHECKS[tool]?.(timeoutMs) ?? {})
  const problems = results.flatMap(result => result.problem ? [result.problem] : [])
  if (missing.length > 0) {
    problems.unshift(
      `missing: ${missing.join(', ')}. Install, then run again:`,
      ...missing.map(tool => `  - ${INSTALL[tool]}`),
    )
  }
  if (problems.length > 0)
    return { ok: false, lines: problems }
  return { ok: true, lines: results.flatMap(result => result.found ? [result.found] : []) }
}
