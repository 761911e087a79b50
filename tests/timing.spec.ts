/**
 * A lesson's time: the spoken-time budget of the script lint (scripts/checks/timing.ts)
 * measured on fixture lessons with known defects and on the three lessons,
 * and the presenter's countdown in the entry's headmatter.
 */
import type { Deck, DeckSlide } from '../scripts/shared/deck'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { parseTimeString } from '@slidev/parser/utils'
import { lessons, speakingRates, speechBudgetMinutes } from '../data/course'
import { formatFinding } from '../scripts/checks/findings'
import { declaredClicks, lintDeck } from '../scripts/checks/lint'
import { formatTimingTable, measureDeck, measureSpeech } from '../scripts/checks/timing'
import { loadDeck } from '../scripts/shared/deck'
import { entryOf, ROOT } from '../scripts/shared/project'

const fixture = (name: string) => join(ROOT, 'tests', 'fixtures', 'timing', name)
const timingOf = async (entry: string) => measureDeck(await loadDeck(entry), declaredClicks)

test('speech is counted from Han characters, Latin words and click steps, not from markers or the announcement', () => {
  const count = measureSpeech('（约 2 分钟）kube-apiserver 读取 --config 指向的文件，v1.34 起 [click] 生效。', 2)
  expect(count).toMatchObject({ han: 10, words: 3, clicks: 2 })
  expect(count.seconds).toBeCloseTo(10 / speakingRates.hanPerMinute * 60 + 3 / speakingRates.latinWordsPerMinute * 60 + 2 * speakingRates.secondsPerClick, 6)
})

test('a section whose notes run long fails, naming the section, its minutes and what to announce', async () => {
  const report = await timingOf(fixture('long-notes.md'))
  const text = report.findings.map(formatFinding)
  expect(report.sections.map(s => [s.first?.no, s.slides.length])).toEqual([[1, 1], [2, 2], [4, 1]])
  expect(text).toEqual([
    'tests/fixtures/timing/long-notes.md:12 (slide 2 «控制器的调和循环»): [timing] the section announces 1 min but its notes take 3.0 min to say '
    + '(2 slide(s), -67 %; within ±25 %: announce 约 3 分钟, or change the notes)',
    expect.stringMatching(/^tests\/fixtures\/timing\/long-notes\.md: \[timing\] the lesson's live speech takes 6\.\d min, outside 30–40 min/),
  ])
  // The appendix slide (10 minutes of notes) is neither a section nor part of the total.
  expect(report.appendix.map(s => s.no)).toEqual([5])
  expect(report.totalSeconds / 60).toBeCloseTo(6, 1)
})

test('a section that lost its announcement is caught; so are a slide before the first section and two announcements on a slide', async () => {
  const report = await timingOf(fixture('lost-time.md'))
  const text = report.findings.map(formatFinding)
  expect(text).toHaveLength(5)
  expect(text[0]).toMatch(/:1 \(slide 1 «.*a live slide before the first section/)
  expect(text[1]).toMatch(/slide 4 «第三节：两次宣布».*2 announcements on one slide/)
  expect(text[2]).toMatch(/slide 5 «附录里宣布了时间».*an appendix slide announces minutes/)
  // The second section's slide merged into the first: announced 1, measured 2.
  expect(text[3]).toMatch(/slide 2 «第一节：鉴权».*announces 1 min but its notes take 2\.0 min.*2 slide\(s\)/)
  expect(text[4]).toMatch(/the lesson's live speech takes/)
})

test('the lesson\'s live speech must fall within the budget, at both ends', () => {
  const slide = (no: number, note: string, frontmatter: Record<string, unknown> = {}): DeckSlide =>
    ({ no, title: `第 ${no} 页`, file: 'virtual.md', line: no, note, frontmatter, content: '' })
  const minutesOfHan = (m: number) => '讲'.repeat(Math.round(m * speakingRates.hanPerMinute))
  const deckOf = (minutes: number[]): Deck => ({
    entry: join(ROOT, 'virtual.md'),
    headmatter: {},
    slides: minutes.map((m, i) => slide(i + 1, `（约 ${m} 分钟）${minutesOfHan(m)}`)),
  })
  const { min, max } = speechBudgetMinutes
  expect(measureDeck(deckOf([10, 10, 10, 5]), () => 0).findings).toEqual([])
  expect(measureDeck(deckOf([10, 10, min - 20 - 0.5]), () => 0).findings.map(f => f.message)).toEqual([expect.stringContaining(`outside ${min}–${max} min (deepen`)])
  expect(measureDeck(deckOf([20, max - 20 + 0.5]), () => 0).findings.map(f => f.message)).toEqual([expect.stringContaining(`outside ${min}–${max} min (move detail`)])
})

test('the appendix comes last: a live slide after it is named', () => {
  const slide = (no: number, note: string, frontmatter: Record<string, unknown> = {}): DeckSlide =>
    ({ no, title: `第 ${no} 页`, file: 'virtual.md', line: no, note, frontmatter, content: '' })
  const deck: Deck = {
    entry: join(ROOT, 'virtual.md'),
    headmatter: {},
    slides: [slide(1, `（约 35 分钟）${'讲'.repeat(35 * speakingRates.hanPerMinute)}`), slide(2, '附录。', { appendix: true }), slide(3, '又回到现场。')],
  }
  expect(measureDeck(deck, () => 0).findings.map(f => `${f.slide} ${f.message}`)).toEqual(['3 a live slide after the appendix (slide 2): the appendix comes last in the entry'])
})

test('the script lint runs the timing rule only when asked (fixture decks are not lessons)', async () => {
  const deck = await loadDeck(fixture('long-notes.md'))
  expect((await lintDeck(deck)).filter(f => f.rule === 'timing')).toEqual([])
  expect((await lintDeck(deck, { timing: true })).filter(f => f.rule === 'timing')).toHaveLength(2)
})

for (const lesson of lessons) {
  // Fails until the lesson's notes and announcements are tuned: that is the point.
  test(`lesson ${lesson.number}: ${speechBudgetMinutes.min}–${speechBudgetMinutes.max} min of live speech, each section within ±25 % of what it announces`, async () => {
    const report = await timingOf(entryOf(lesson))
    expect(report.findings.map(formatFinding), formatTimingTable(report)).toEqual([])
  })

  test(`lesson ${lesson.number}: the presenter's timer counts down its ${lesson.duration} minutes`, async () => {
    const { headmatter } = await loadDeck(entryOf(lesson))
    expect(headmatter.timer).toBe('countdown')
    // Slidev reads a bare number as seconds: `45` would be a 45-second lesson.
    expect(typeof headmatter.duration, 'duration with a unit, e.g. 45min').toBe('string')
    expect(parseTimeString(headmatter.duration as string).seconds).toBe(lesson.duration * 60)
  })
}
