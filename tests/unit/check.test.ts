/** `npm run check`'s command line and report (scripts/check.ts); the walk itself is tests/render*.spec.ts. */
import type { LessonCheck } from '../../scripts/checks/check-sites'
import { describe, expect, it } from 'vitest'
import { lessons } from '../../data/course'
import { failedChecks, formatReport, parseCheckArgs } from '../../scripts/checks/check-sites'

const clean: LessonCheck = { lesson: lessons[0], scheme: 'light', slides: 3, states: 5, visited: 3, problems: [], seconds: 1.23 }
const broken: LessonCheck = {
  lesson: lessons[1],
  scheme: 'dark',
  slides: 4,
  states: 6,
  visited: 4,
  seconds: 2,
  problems: [
    { deck: 'lesson 2 (dark)', slide: 3, title: '鉴权', click: 2, kind: 'small-text', detail: '"x" is 10.0 px (at least 14 px for body text)' },
    { deck: 'lesson 2 (dark)', slide: 1, title: '封面', click: 0, kind: 'overflow', detail: '<div> reaches outside the slide canvas' },
  ],
}

describe('parseCheckArgs', () => {
  it('defaults to every lesson in both schemes', () => {
    expect(parseCheckArgs([])).toEqual({ lessons, schemes: ['light', 'dark'] })
  })
  it('takes lessons and one scheme', () => {
    const parsed = parseCheckArgs(['2', 'lesson-3', '--dark'])
    expect(parsed.lessons.map(l => l.number)).toEqual([2, 3])
    expect(parsed.schemes).toEqual(['dark'])
  })
  it('refuses what it does not know', () => {
    expect(() => parseCheckArgs(['--fast'])).toThrow(/Unknown option --fast/)
    expect(() => parseCheckArgs(['9'])).toThrow(/Unknown lesson "9"/)
  })
})

describe('formatReport', () => {
  it('names lesson, scheme, slide, title, click and problem, in slide order', () => {
    const report = formatReport([clean, broken]).split('\n')
    expect(report[0]).toMatch(/^✓ lesson 1 «.+», light: 3 slides, 5 click states, 1\.2 s: no problems$/)
    expect(report[1]).toMatch(/^✗ lesson 2 «.+», dark: 4 slides, 6 click states, 2\.0 s: 2 problem\(s\)$/)
    expect(report[2]).toBe('    slide 1 «封面», click 0: outside the canvas: <div> reaches outside the slide canvas')
    expect(report[3]).toBe('    slide 3 «鉴权», click 2: text too small: "x" is 10.0 px (at least 14 px for body text)')
  })
  it('a walk that stopped short fails even without a named problem', () => {
    const short = { ...clean, visited: 2 }
    expect(formatReport([short])).toMatch(/the walk reached 2 of 3 slides/)
    expect(failedChecks([clean, short, broken])).toEqual([short, broken])
  })
})
