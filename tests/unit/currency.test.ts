import { describe, expect, it } from 'vitest'
import { KUBERNETES_RELEASES, KUBERNETES_SUPPORT_ENDS, KUBERNETES_VERSION } from '../../data/course'
import { currency, printCurrency, today } from '../../scripts/shared/currency'

describe('the course\'s currency', () => {
  it('names the baseline and its end of support while it is supported (the last day included)', () => {
    expect(currency('2027-10-28', 'v1.37', '2027-10-28')).toEqual({ supported: true, line: 'Kubernetes v1.37 (community support until 2027-10-28)' })
    expect(currency('2026-12-04', KUBERNETES_VERSION, KUBERNETES_SUPPORT_ENDS, KUBERNETES_RELEASES).supported).toBe(true)
  })

  it('warns loudly after the end, naming the newest supported release the data knows', () => {
    const releases = [
      { version: 'v1.37', supportEnds: '2027-10-28' },
      { version: 'v1.38', supportEnds: '2028-02-28' },
      { version: 'v1.39', supportEnds: '2028-06-28' },
      { version: 'v1.36', supportEnds: '2027-06-28' },
    ]
    const c = currency('2027-11-01', 'v1.37', '2027-10-28', releases)
    expect(c.supported).toBe(false)
    expect(c.warning).toMatch(/^WARNING: the course teaches Kubernetes v1\.37, whose community support ended on 2027-10-28; the newest supported release the course data knows is v1\.39 \(supported until 2028-06-28\)/)
    expect(currency('2028-07-01', 'v1.37', '2027-10-28', releases).warning).toContain('knows no newer supported release')
  })

  it('says when the data knows no newer release (today\'s data)', () => {
    expect(currency('2027-10-29', KUBERNETES_VERSION, KUBERNETES_SUPPORT_ENDS, KUBERNETES_RELEASES).warning).toContain('add the current ones to KUBERNETES_RELEASES in data/course.ts')
  })

  it('takes the day from COURSE_TODAY when set, else from the clock given', () => {
    expect(today({ COURSE_TODAY: '2027-11-01' })).toBe('2027-11-01')
    expect(today({}, new Date('2026-12-04T23:00:00Z'))).toBe('2026-12-04')
    expect(() => today({ COURSE_TODAY: 'tomorrow' })).toThrow(/YYYY-MM-DD/)
  })

  it('is printed by the build and the lint: the line, and the warning after the end', () => {
    const out: string[] = []
    const err: string[] = []
    expect(printCurrency('2027-10-28', l => out.push(l), l => err.push(l)).supported).toBe(true)
    expect(out).toEqual([`baseline: Kubernetes ${KUBERNETES_VERSION} (community support until ${KUBERNETES_SUPPORT_ENDS})`])
    expect(err).toEqual([])
    printCurrency('2027-10-29', l => out.push(l), l => err.push(l))
    expect(err.join('\n')).toContain(`WARNING: the course teaches Kubernetes ${KUBERNETES_VERSION}, whose community support ended on ${KUBERNETES_SUPPORT_ENDS}`)
  })
})
