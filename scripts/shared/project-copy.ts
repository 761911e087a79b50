/**
 * A scratch copy of the project (its sources, not its outputs) in a temporary
 * folder, sharing node_modules through a symlink. The benchmark builds from an
 * empty dist/ and edits a slide there, and the build tests break things
 * there, without touching the working tree that others build and test in.
 */
import { cp, mkdtemp, rm, symlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join, relative, sep } from 'node:path'
import { ROOT } from './project'

/** Not copied anywhere in the tree: installed packages and Slidev's cache. */
const ANYWHERE = new Set(['node_modules', '.slidev'])
/** Not copied at the top: outputs, reports, version control. */
const AT_TOP = new Set(['.git', 'dist', 'test-results', 'playwright-report', 'reports', 'scratch', '.fixture-sites', '.stryker-tmp', 'bench'])

export interface ProjectCopy {
  root: string
  remove: () => Promise<void>
}

export function copiedPath(path: string): boolean {
  const rel = relative(ROOT, path)
  if (!rel)
    return true
  const parts = rel.split(sep)
  return !AT_TOP.has(parts[0]) && !parts.some(p => ANYWHERE.has(p)) && !basename(path).endsWith('.tmp')
}

export async function copyProject(prefix = 'course-copy-'): Promise<ProjectCopy> {
  const root = await mkdtemp(join(tmpdir(), prefix))
  try {
    await cp(ROOT, root, { recursive: true, filter: copiedPath, verbatimSymlinks: true })
    await symlink(join(ROOT, 'node_modules'), join(root, 'node_modules'), 'dir')
  }
  catch (error) {
    await rm(root, { recursive: true, force: true })
    throw error
  }
  return { root, remove: () => rm(root, { recursive: true, force: true }) }
}
