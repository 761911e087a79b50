/**
 * Whether the Kubernetes release the course teaches is still supported by the
 * community, for the build's and the lint's header: the baseline and its end
 * of support, and after that day a loud warning naming the newest supported
 * release the course data knows. The day is injected (the callers pass
 * `today()`, which honours COURSE_TODAY=YYYY-MM-DD), so nothing depends on the
 * clock in tests.
 */
import process from 'node:process'
import { KUBERNETES_RELEASES, KUBERNETES_SUPPORT_ENDS, KUBERNETES_VERSION } from '../../data/course'

export interface KnownRelease { version: string, supportEnds: string }

export interface Currency {
  supported: boolean
  /** One line: the baseline and its end of support. */
  line: string
  /** After the end of support: what to do. */
  warning?: string
}

/** Today as YYYY-MM-DD (UTC), or COURSE_TODAY when set. */
export function today(env: NodeJS.ProcessEnv = process.env, now = new Date()): string {
  const injected = env.COURSE_TODAY
  if (injected) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(injected))
      throw new Error(`COURSE_TODAY must be YYYY-MM-DD, not ${injected}`)
    return injected
  }
  return now.toISOString().slice(0, 10)
}

function compareVersions(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true })
}

/** The course's currency on a day (YYYY-MM-DD): support ends at the end of `supportEnds`. */
export function currency(day: string, baseline: string, supportEnds: string, releases: readonly KnownRelease[] = []): Currency {
  const line = `Kubernetes ${baseline} (community support until ${supportEnds})`
  if (day <= supportEnds)
    return { supported: true, line }
  const supported = releases.filter(r => r.supportEnds >= day && compareVersions(r.version, baseline) > 0).sort((a, b) => compareVersions(a.version, b.version))
  const newest = supported.at(-1)
  const next = newest
    ? `the newest supported release the course data knows is ${newest.version} (supported until ${newest.supportEnds})`
    : 'the course data knows no newer supported release: add the current ones to KUBERNETES_RELEASES in data/course.ts'
  return {
    supported: false,
    line,
    warning: `WARNING: the course teaches Kubernetes ${baseline}, whose community support ended on ${supportEnds}; ${next}. Move the course to a supported release (docs/code-check.md, "Moving the course to the next release").`,
  }
}

/** The course's currency today (from data/course.ts), printed: the baseline line, and the warning after its support ends. */
export function printCurrency(day = today(), log: (line: string) => void = console.log, warn: (line: string) => void = console.warn): Currency {
  const c = currency(day, KUBERNETES_VERSION, KUBERNETES_SUPPORT_ENDS, KUBERNETES_RELEASES)
  log(`baseline: ${c.line}`)
  if (c.warning)
    warn(`\n${'!'.repeat(78)}\n${c.warning}\n${'!'.repeat(78)}\n`)
  return c
}
