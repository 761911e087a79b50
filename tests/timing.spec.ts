/**
 * A lesson's time, three ways: its `duration` in data/course.ts, the
 * presenter's countdown in the entry's headmatter, and the suggested time of
 * each section in the speaker notes, `（约 N 分钟）`.
 */
import { expect, test } from '@playwright/test'
import { parseTimeString } from '@slidev/parser/utils'
import { lessons } from '../data/course'
import { loadDeck, locate } from '../scripts/deck'
import { entryOf } from '../scripts/project'

/** `（约 6 分钟）`, also with a remark: `（约 4 分钟，面试题）`. */
const SUGGESTED = /（约\s*(\d+(?:\.\d+)?)\s*分钟[^）]*）/g
const TOLERANCE = 5

for (const lesson of lessons) {
  test(`lesson ${lesson.number}: the suggested times in the notes add up to its ${lesson.duration} minutes (±${TOLERANCE})`, async () => {
    const { slides } = await loadDeck(entryOf(lesson))
    const times = slides.flatMap(slide => [...slide.note.matchAll(SUGGESTED)].map(m => ({ where: locate(slide), minutes: Number(m[1]) })))
    const total = times.reduce((sum, t) => sum + t.minutes, 0)
    const breakdown = times.map(t => `  ${t.minutes} min  ${t.where}`).join('\n')
    expect(times.length, 'the notes suggest no times at all').toBeGreaterThan(0)
    expect(Math.abs(total - lesson.duration), `the notes add up to ${total} min:\n${breakdown}`).toBeLessThanOrEqual(TOLERANCE)
  })

  test(`lesson ${lesson.number}: the presenter's timer counts down its ${lesson.duration} minutes`, async () => {
    const { headmatter } = await loadDeck(entryOf(lesson))
    expect(headmatter.timer).toBe('countdown')
    // Slidev reads a bare number as seconds: `45` would be a 45-second lesson.
    expect(typeof headmatter.duration, 'duration with a unit, e.g. 45min').toBe('string')
    expect(parseTimeString(headmatter.duration as string).seconds).toBe(lesson.duration * 60)
  })
}
