/**
 * `npm run lab -- N [--clean]`: lesson N's lab end to end on the learner's
 * machine. It checks the tools first (scripts/labs/tools.ts), recreates the
 * lab's kind cluster when an earlier run left it (saying so), then runs the
 * lab's step scripts in order, each with a time limit; `--clean` runs the
 * lab's cleanup.sh when its cluster exists. Every wait inside a step is
 * bounded by the step itself and names what to look at; the time limit here
 * is the backstop for a step that hangs anyway.
 */
import type { Tool } from './tools'
import { KIND_NODE_IMAGE, KIND_VERSION, lessons } from '../../data/course'
import { LABS_DIR, readLab } from './folder'
import { capture, runScript } from './process'
import { kubectlVersion, preflight } from './tools'

export interface LabOptions {
  lesson: number
  clean: boolean
  /** The backstop per step, in seconds. */
  stepTimeout: number
}

export const DEFAULT_STEP_TIMEOUT = 900

/** What to look at when a step overruns its time limit. */
export const LOOK_AT = [
  'kubectl get pods -A -o wide',
  'kubectl get events -A --sort-by=.lastTimestamp | tail -20',
  'kubectl describe <the object the step waits for>',
]

export const USAGE = 'usage: npm run lab -- <lesson> [--clean] [--step-timeout <seconds>] | --versions'

/**
 * `npm run --silent lab -- --versions`: the tools' versions from
 * data/course.ts as `name=value` lines, for a CI job to install them.
 */
export function versionLines(): string {
  return `kind=${KIND_VERSION}\nkubectl=${kubectlVersion()}\nnode-image=${KIND_NODE_IMAGE}\n`
}

export function parseLabArgs(argv: string[]): LabOptions {
  let lesson: number | undefined
  let clean = false
  let stepTimeout = DEFAULT_STEP_TIMEOUT
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--clean') {
      clean = true
    }
    else if (arg === '--step-timeout') {
      stepTimeout = Number(argv[++i])
      if (!Number.isInteger(stepTimeout) || stepTimeout <= 0)
        throw new Error(`--step-timeout takes a whole number of seconds. ${USAGE}`)
    }
    else if (/^(?:lesson-)?\d+$/.test(arg) && lesson === undefined) {
      lesson = Number(arg.replace('lesson-', ''))
    }
    else {
      throw new Error(`unknown argument "${arg}". ${USAGE}`)
    }
  }
  if (lesson === undefined)
    throw new Error(`which lesson? ${USAGE}`)
  if (!lessons.some(l => l.number === lesson))
    throw new Error(`there is no lesson ${lesson} (lessons: ${lessons.map(l => l.number).join(', ')})`)
  return { lesson, clean, stepTimeout }
}

type Say = (line: string) => void

async function clusterExists(name: string, say: Say): Promise<boolean> {
  const listed = await capture('kind', ['get', 'clusters'], 30_000)
  if (listed.timedOut || listed.code !== 0) {
    throw new Error(`kind get clusters ${listed.timedOut ? 'did not answer within 30 s' : `failed: ${listed.output.trim()}`}; look at: docker ps -a`)
  }
  const exists = listed.stdout.split('\n').map(line => line.trim()).includes(name)
  if (!exists)
    say(`lab: no kind cluster ${name} yet: the first step makes it`)
  return exists
}

async function runStep(label: string, script: string, dir: string, timeoutS: number, say: Say): Promise<void> {
  say(`\n==> ${label}: ${script}`)
  const result = await runScript(script, dir, timeoutS * 1000)
  if (result.timedOut) {
    throw new Error(`${script} did not finish within ${timeoutS} s and was stopped. Look at:\n${LOOK_AT.map(line => `  ${line}`).join('\n')}`)
  }
  if (result.code !== 0)
    throw new Error(`${script} failed (exit ${result.code ?? 'signal'}); what to look at is printed above`)
}

/** Runs (or cleans) one lab; resolves when done, rejects with what went wrong. */
export async function runLab(options: LabOptions, say: Say = line => console.log(line), labsDir = LABS_DIR): Promise<void> {
  const lab = readLab(options.lesson, labsDir)
  const needed: Tool[] = options.clean ? ['bash', 'kind', 'docker'] : ['bash', 'kind', 'kubectl', 'docker']
  const checked = await preflight(needed)
  if (!checked.ok)
    throw new Error(checked.lines.join('\n'))
  say(`lab ${lab.lesson}: ${checked.lines.join(', ')}`)

  if (options.clean) {
    if (await clusterExists(lab.cluster, () => {}))
      await runStep(`lesson ${lab.lesson}, clean`, lab.cleanup, lab.dir, options.stepTimeout, say)
    else
      say(`lab ${lab.lesson}: no kind cluster ${lab.cluster}: nothing to clean`)
    return
  }

  if (await clusterExists(lab.cluster, say)) {
    say(`lab ${lab.lesson}: kind cluster ${lab.cluster} exists from an earlier run: recreating it (the steps expect a new cluster)`)
    await runStep(`lesson ${lab.lesson}, recreate`, lab.cleanup, lab.dir, options.stepTimeout, say)
  }
  for (const [i, step] of lab.steps.entries())
    await runStep(`lesson ${lab.lesson}, step ${i + 1}/${lab.steps.length}`, step, lab.dir, options.stepTimeout, say)
  say(`\nlab ${lab.lesson}: done. The cluster ${lab.cluster} is still running; remove it with: npm run lab -- ${lab.lesson} --clean`)
}
