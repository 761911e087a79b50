/**
 * How a command ends when it fails: the message on stderr, exit status 1,
 * and the process gone within seconds.
 *
 * Every command closes what it opened (browsers, servers, child processes)
 * on its way out, so Node exits by itself once the error is printed. Should
 * something still hold the event loop open after a grace period, the
 * command names it (a bug to fix: see tests/failure-paths.spec.ts) and
 * exits anyway rather than hang until CI's time limit.
 */
import process from 'node:process'

/** What keeps the event loop alive: handle types, with addresses and pids where Node tells them. */
export function describeOpenHandles(): string {
  const details: string[] = []
  // Undocumented but long-standing; the public getActiveResourcesInfo() below names types only.
  const handles = (process as unknown as { _getActiveHandles?: () => unknown[] })._getActiveHandles?.() ?? []
  for (const handle of handles) {
    const h = handle as { constructor?: { name?: string }, address?: () => unknown, pid?: number, spawnfile?: string, fd?: number }
    const name = h.constructor?.name ?? 'handle'
    // The standard streams are always there and do not keep a process alive on their own.
    if (typeof h.fd === 'number' && h.fd <= 2)
      continue
    let address: unknown
    try {
      address = h.address?.()
    }
    catch {}
    if (address && typeof address === 'object' && 'port' in address)
      details.push(`${name} ${JSON.stringify(address)}`)
    else if (h.pid)
      details.push(`${name} pid ${h.pid} (${h.spawnfile ?? '?'})`)
    else
      details.push(name)
  }
  const resources = process.getActiveResourcesInfo().filter(r => r !== 'TTYWrap')
  return `${details.join(', ') || 'no handles'}; resources: ${resources.join(', ') || 'none'}`
}

export const GRACE_MS = 5_000

/**
 * Prints `<label>: <message>`, sets exit status 1, and makes sure the
 * process ends: it exits by itself when everything is closed; after
 * `graceMs` it names what is still open and exits.
 */
export function failCommand(label: string, error: unknown, graceMs = GRACE_MS): void {
  console.error(`${label}: ${error instanceof Error ? error.message : String(error)}`)
  process.exitCode = 1
  // unref: this timer alone does not keep the process alive.
  setTimeout(() => {
    console.error(`${label}: still running ${graceMs / 1000} s after the failure, held open by ${describeOpenHandles()}. Exiting.`)
    process.exit(1)
  }, graceMs).unref()
}
