/**
 * Regenerates every schema the code check reads, for one Kubernetes release:
 *
 *   npm run schemas -- v1.37.0 [--mirrors <dir>] [--kubeadm <dir> --kubeadm-commit <sha>]
 *
 * <dir> holds bare git mirrors named owner+name/repo (default /work/.mirror,
 * where the `fetch` tool leaves them). See docs/code-check.md, "Moving the
 * course to the next release".
 */
import { join } from 'node:path'
import process from 'node:process'
import { generateAll } from './schemas/generate'
import { ROOT } from './shared/project'

function option(name: string): string | undefined {
  const i = process.argv.indexOf(name)
  return i >= 0 ? process.argv[i + 1] : undefined
}

const release = process.argv.slice(2).find(a => /^v\d+\.\d+\.\d+/.test(a))
if (!release) {
  console.error('usage: npm run schemas -- v1.37.0 [--mirrors <dir>] [--kubeadm <dir> --kubeadm-commit <sha>]')
  process.exit(2)
}
generateAll({
  release,
  mirrors: option('--mirrors') ?? process.env.SCHEMA_MIRRORS ?? '/work/.mirror',
  out: join(ROOT, 'schemas'),
  kubeadmDir: option('--kubeadm'),
  kubeadmCommit: option('--kubeadm-commit'),
})
