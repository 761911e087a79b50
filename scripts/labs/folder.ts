/**
 * What a lab is, read from its folder `labs/lesson-N/`: the kind cluster it
 * makes (the `name` of its kind-config.yaml), its steps (`NN-name.sh`, run in
 * order from the folder) and its cleanup (`cleanup.sh`). The learner runs the
 * same files by hand; `npm run lab` only adds the checks around them.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

export const LABS_DIR = fileURLToPath(new URL('../../labs', import.meta.url))

export const STEP = /^\d{2}-[\w-]+\.sh$/

export interface LabFolder {
  lesson: number
  dir: string
  /** The kind cluster the lab makes, from kind-config.yaml's `name`. */
  cluster: string
  /** Step scripts, file names in the order they run. */
  steps: string[]
  cleanup: string
}

export const labDirOf = (lesson: number, root = LABS_DIR) => join(root, `lesson-${lesson}`)

/** Every file of a lab, relative to its folder, sorted: what the site serves. */
export function labFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter(entry => entry.isFile() && !entry.name.startsWith('.'))
    .map(entry => entry.name)
    .sort()
}

/** Reads a lab's folder, or throws naming what is missing. */
export function readLab(lesson: number, root = LABS_DIR): LabFolder {
  const dir = labDirOf(lesson, root)
  if (!existsSync(dir))
    throw new Error(`lesson ${lesson} has no lab: ${dir} does not exist`)
  const configPath = join(dir, 'kind-config.yaml')
  if (!existsSync(configPath))
    throw new Error(`${configPath} is missing: every lab names its kind cluster there`)
  const config = parse(readFileSync(configPath, 'utf8')) as { name?: unknown } | null
  if (typeof config?.name !== 'string' || !/^[a-z0-9][a-z0-9.-]*$/.test(config.name))
    throw new Error(`${configPath} needs a cluster name (name: lesson-${lesson})`)
  const files = labFiles(dir)
  const steps = files.filter(file => STEP.test(file))
  if (steps.length === 0)
    throw new Error(`${dir} has no step scripts (01-….sh)`)
  if (!files.includes('cleanup.sh'))
    throw new Error(`${dir} has no cleanup.sh`)
  return { lesson, dir, cluster: config.name, steps, cleanup: 'cleanup.sh' }
}
