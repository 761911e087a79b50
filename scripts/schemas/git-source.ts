/**
 * Reading upstream Go sources out of bare git mirrors (one per repository,
 * `<mirrors>/<owner>+<name>/repo`, as the course's `fetch` tool leaves them),
 * at a tag: a file, a directory's files, the commit a tag points at.
 */
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'

export interface Mirror {
  /** The mirrors directory. */
  root: string
  /** `kubernetes/api`. */
  repo: string
  tag: string
}

export function gitDir(m: Mirror): string {
  return join(m.root, m.repo.replace('/', '+'), 'repo')
}

function git(m: Mirror, args: string[]): string {
  return execFileSync('git', ['--git-dir', gitDir(m), ...args], { encoding: 'utf8', maxBuffer: 256 << 20, stdio: ['ignore', 'pipe', 'pipe'] })
}

export function hasMirror(m: Mirror): boolean {
  return existsSync(gitDir(m))
}

export function hasTag(m: Mirror): boolean {
  try {
    git(m, ['rev-parse', '--verify', '--quiet', `${m.tag}^{commit}`])
    return true
  }
  catch {
    return false
  }
}

/** The tags of a mirror, newest version last. */
export function tags(m: Omit<Mirror, 'tag'>): string[] {
  return git({ ...m, tag: '' }, ['tag', '--list']).split('\n').filter(Boolean).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
}

export function showFile(m: Mirror, path: string): string {
  return git(m, ['show', `${m.tag}:${path}`])
}

export function fileExists(m: Mirror, path: string): boolean {
  try {
    git(m, ['cat-file', '-e', `${m.tag}:${path}`])
    return true
  }
  catch {
    return false
  }
}

/** The entries of a directory at the tag (names, not paths); directories end with `/`. */
export function listDir(m: Mirror, dir: string): string[] {
  return git(m, ['ls-tree', `${m.tag}:${dir}`]).split('\n').filter(Boolean).map((line) => {
    const [meta, name] = line.split('\t')
    return meta.split(' ')[1] === 'tree' ? `${name}/` : name
  })
}

export function commitOf(m: Mirror): string {
  return git(m, ['rev-parse', `${m.tag}^{commit}`]).trim()
}
