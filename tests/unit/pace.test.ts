/**
 * The presenter's pace plan (scripts/present/pace.ts): built from the timing
 * model's report (scripts/checks/timing.ts, as the lint measures), each
 * section its announced minutes, spread over its slides by their speech.
 */
import type { Deck, DeckSlide } from '../../scripts/shared/deck'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { paceMinutes, sectionRemainingMinutes } from '../../components/pace'
import { speakingRates } from '../../data/course'
import { declaredClicks } from '../../scripts/checks/clicks'
import { measureDeck } from '../../scripts/checks/timing'
import { pacePlan } from '../../scripts/present/pace'
import { planOfEntry } from '../../scripts/present/pace-plugin'
import { entryOf, ROOT } from '../../scripts/shared/project'

/** `han` Han characters of notes take han / hanPerMinute minutes. */
const say = (han: number) => '扩'.repeat(han)
let no = 0
function slide(note: string, frontmatter: Record<string, unknown> = {}): DeckSlide {
  no++
  return { no, title: `第 ${no} 页`, file: 'slides/x.md', line: no, note, frontmatter, content: `# 第 ${no} 页` }
}

describe('pacePlan', () => {
  no = 0
  const rate = speakingRates.hanPerMinute
  const deck: Deck = {
    entry: join(ROOT, 'slides', 'x.md'),
    headmatter: {},
    slides: [
      slide(`（约 2 分钟）${say(rate)}`), // section 1: 2 min, slides of 1 : 3 minutes of speech
      slide(say(rate * 3)),
      slide(`（约 4 分钟）${say(rate)}`), // section 2: 4 min, 1 : 1
      slide(say(rate)),
      slide(say(rate), { appendix: true }),
    ],
  }
  const plan = pacePlan(measureDeck(deck, () => 0))

  it('spreads each section\'s announced minutes over its slides by their speech', () => {
    expect(plan.starts).toEqual({ 1: 0, 2: 30, 3: 120, 4: 240 })
    expect(plan.sections.map(s => [s.first, s.last, s.start, s.end])).toEqual([[1, 2, 0, 120], [3, 4, 120, 360]])
    expect(plan.sectionOf).toEqual({ 1: 0, 2: 0, 3: 1, 4: 1 })
    expect(plan.total).toBe(360)
  })

  it('leaves the appendix out of the plan and lists it', () => {
    expect(plan.appendix).toEqual([5])
    expect(plan.starts[5]).toBeUndefined()
  })

  it('pace: positive behind, negative ahead, from the current slide\'s planned start', () => {
    expect(paceMinutes(plan, 3, 120)).toBe(0)
    expect(paceMinutes(plan, 3, 180)).toBe(1)
    expect(paceMinutes(plan, 4, 180)).toBe(-1)
    expect(paceMinutes(plan, 5, 180)).toBeUndefined()
    expect(sectionRemainingMinutes(plan, 4, 180)).toBe(3)
    expect(sectionRemainingMinutes(plan, 2, 180)).toBe(-1)
  })
})

describe('planOfEntry', () => {
  it('is the lint\'s timing model of the lesson: the sections\' announced minutes in order', async () => {
    const { loadDeck } = await import('../../scripts/shared/deck')
    const entry = entryOf((await import('../../data/course')).lessons[1])
    const report = measureDeck(await loadDeck(entry), declaredClicks)
    const plan = await planOfEntry(entry)
    expect(plan.sections.map(s => Math.round((s.end - s.start) / 60 * 10) / 10)).toEqual(report.sections.map(s => s.announcedMinutes))
    expect(plan.appendix).toEqual(report.appendix.map(s => s.no))
    expect(Object.keys(plan.starts).length).toBe(report.sections.reduce((n, s) => n + s.slides.length, 0))
  })
})
