/**
 * The timing model (scripts/checks/timing.ts) on small decks made here: what
 * counts as speech, how slides group into sections, the tolerance and the
 * budget at their boundaries, the findings' exact words and places, and the
 * table the lint prints. (tests/timing.spec.ts measures the fixture lessons
 * and the three lessons themselves.)
 */
import type { Deck, DeckSlide } from '../../scripts/shared/deck'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { speakingRates, speechBudgetMinutes } from '../../data/course'
import { formatFinding } from '../../scripts/checks/findings'
import { ANNOUNCEMENT, formatTimingTable, measureDeck, measureSpeech, SECTION_TOLERANCE, spokenText } from '../../scripts/checks/timing'
import { ROOT } from '../../scripts/shared/project'

/** Notes that take `minutes` to say: Han characters at the course's rate. */
const say = (minutes: number) => '讲'.repeat(Math.round(minutes * speakingRates.hanPerMinute))

function slide(no: number, note: string, frontmatter: Record<string, unknown> = {}, title = `第 ${no} 页`): DeckSlide {
  return { no, title, file: 'slides/lesson-9/10-x.md', line: no * 10, note, frontmatter, content: `# ${title}` }
}
const deckOf = (...slides: DeckSlide[]): Deck => ({ entry: join(ROOT, 'slides', 'lesson-9.md'), headmatter: {}, slides })
const measure = (deck: Deck, clicksOf: (s: DeckSlide) => number = () => 0) => measureDeck(deck, clicksOf)
const messages = (deck: Deck) => measure(deck).findings.map(formatFinding)
/** A section that brings the lesson into its budget, so a test sees only its own findings. */
const FILL = (no = 1, minutes = 34) => slide(no, `（约 ${minutes} 分钟）${say(minutes)}`)

describe('what is spoken', () => {
  it('leaves out the announcement, click markers, addresses and tags, keeps the words around them', () => {
    expect(spokenText('（约 2 分钟，开场）先看[click]图[click:3]再看<span class="hi">这里</span>，见 https://kubernetes.io/docs 或 //cdn.example.com/x。'))
      .toBe(' 先看 图 再看 这里 ，见   或  ')
    expect(spokenText('(约 1.5 分钟) <br/>完')).toBe('   完')
    expect(measureSpeech('见 http://example.com/a ，再[click:12]讲', 0)).toMatchObject({ han: 3, words: 0 })
  })

  it('counts Han characters and Latin words, a compound once, punctuation never', () => {
    const note = '（约 2 分钟）kube-apiserver 读取 --config 指向的 metrics.k8s.io/v1beta1，v1.34 起[click]生效。第 1 课讲 CRD 与 node_name。'
    expect(measureSpeech(note, 0)).toMatchObject({ han: 12, words: 7, clicks: 0 })
  })

  it('does not count what is not said: the tag\'s attributes, the address, the announcement', () => {
    expect(measureSpeech('<span class="note big">好</span> https://example.com/very/long/path （约 10 分钟）', 0)).toEqual({ han: 1, words: 0, clicks: 0, seconds: 60 / speakingRates.hanPerMinute })
    expect(measureSpeech('', 0)).toEqual({ han: 0, words: 0, clicks: 0, seconds: 0 })
  })

  it('adds up the rates: a minute of Han, a minute of words, and each click\'s pause', () => {
    const words = Array.from({ length: speakingRates.latinWordsPerMinute }, (_, i) => `w${i}`).join(' ')
    expect(measureSpeech(say(1), 0).seconds).toBe(60)
    expect(measureSpeech(words, 0)).toEqual({ han: 0, words: speakingRates.latinWordsPerMinute, clicks: 0, seconds: 60 })
    expect(measureSpeech(`${say(1)} ${words}`, 4).seconds).toBe(120 + 4 * speakingRates.secondsPerClick)
  })

  it('reads an announcement with or without spaces, a remark, half-width brackets, half minutes', () => {
    const minutes = (note: string) => [...note.matchAll(ANNOUNCEMENT)].map(m => Number(m[1]))
    expect(minutes('（约6分钟）')).toEqual([6])
    expect(minutes('（ 约 4 分钟，面试题）')).toEqual([4])
    expect(minutes('(约 1.5 分钟)')).toEqual([1.5])
    expect(minutes('（约 1.25 分钟）')).toEqual([1.25])
    expect(minutes('约 6 分钟 / （约 分钟） / （大约 6 分）')).toEqual([])
  })
})

describe('sections', () => {
  it('runs from one announcing slide to the next; each section is the sum of its slides, clicks included', () => {
    const report = measure(deckOf(
      slide(1, `（约 2 分钟）${say(1)}`),
      slide(2, say(1)),
      slide(3, `（约 3 分钟）${say(3)}`),
    ), s => s.no === 2 ? 2 : 0)
    expect(report.sections.map(s => [s.first?.no, s.announcedMinutes, s.slides.map(t => t.slide.no), s.seconds])).toEqual([
      [1, 2, [1, 2], 120 + 2 * speakingRates.secondsPerClick],
      [3, 3, [3], 180],
    ])
    expect(report.sections[0].slides[1]).toMatchObject({ han: speakingRates.hanPerMinute, words: 0, clicks: 2 })
    expect(report.totalSeconds).toBe(300 + 2 * speakingRates.secondsPerClick)
    expect(report.entry).toBe('slides/lesson-9.md')
  })

  it('accepts a section exactly ±25 % from what it announces, and names one beyond', () => {
    expect(SECTION_TOLERANCE).toBe(0.25)
    // Each measured at 4 minutes: 5 is +25 %, 3 is −25 %.
    const within = deckOf(FILL(1, 24), slide(2, `（约 5 分钟）${say(4)}`), slide(3, `（约 3 分钟）${say(4)}`))
    expect(measure(within).findings).toEqual([])
    const beyond = deckOf(slide(1, `（约 28 分钟）${say(28)}`), slide(2, `（约 5.5 分钟）${say(4)}`), slide(3, `（约 2.9 分钟）${say(4)}`))
    expect(messages(beyond)).toEqual([
      'slides/lesson-9/10-x.md:20 (slide 2 «第 2 页»): [timing] the section announces 5.5 min but its notes take 4.0 min to say (1 slide(s), +38 %; within ±25 %: announce 约 4 分钟, or change the notes)',
      'slides/lesson-9/10-x.md:30 (slide 3 «第 3 页»): [timing] the section announces 2.9 min but its notes take 4.0 min to say (1 slide(s), -28 %; within ±25 %: announce 约 4 分钟, or change the notes)',
    ])
    expect(measure(beyond).findings.map(f => [f.rule, f.slide])).toEqual([['timing', 2], ['timing', 3]])
  })

  it('suggests the nearest half minute, at least half a minute; a section with nothing to say is named', () => {
    const deck = deckOf(FILL(1, 30), slide(2, `（约 1 分钟）${say(3.3)}`), slide(3, `（约 1 分钟）${say(3.2)}`), slide(4, '（约 2 分钟）'))
    expect(measure(deck).findings.map(f => f.message)).toEqual([
      'the section announces 1 min but its notes take 3.3 min to say (1 slide(s), -70 %; within ±25 %: announce 约 3.5 分钟, or change the notes)',
      'the section announces 1 min but its notes take 3.2 min to say (1 slide(s), -69 %; within ±25 %: announce 约 3 分钟, or change the notes)',
      'the section announces 2 min but its notes take 0.0 min to say (1 slide(s), nothing to say; within ±25 %: announce 约 0.5 分钟, or change the notes)',
    ])
  })

  it('names the first live slide before any announcement, once, and does not judge that section', () => {
    const report = measure(deckOf(slide(1, say(1)), slide(2, say(1)), FILL(3)))
    expect(report.findings.map(formatFinding)).toEqual([
      'slides/lesson-9/10-x.md:10 (slide 1 «第 1 页»): [timing] a live slide before the first section: announce its minutes, （约 N 分钟）, in the notes of the first slide',
    ])
    expect(report.sections.map(s => [s.first?.no, s.announcedMinutes, s.slides.length])).toEqual([[undefined, undefined, 2], [3, 34, 1]])
    expect(report.totalSeconds).toBe(36 * 60)
  })

  it('a slide with two announcements is named; the first one starts its section', () => {
    const report = measure(deckOf(slide(1, `（约 34 分钟）${say(34)}（约 3 分钟）`)))
    expect(report.findings.map(f => [f.slide, f.message])).toEqual([[1, '2 announcements on one slide (约 34 分钟, 约 3 分钟): a slide starts at most one section']])
    expect(report.sections.map(s => s.announcedMinutes)).toEqual([34])
  })
})

describe('the appendix', () => {
  it('is left out of the sections and the total, and listed', () => {
    const report = measure(deckOf(FILL(), slide(2, say(10), { appendix: true }), slide(3, say(10), { appendix: true })))
    expect(report.findings).toEqual([])
    expect(report.appendix.map(s => s.no)).toEqual([2, 3])
    expect(report.sections.map(s => s.slides.length)).toEqual([1])
    expect(report.totalSeconds).toBe(34 * 60)
  })

  it('announces no minutes, and comes last', () => {
    const report = measure(deckOf(FILL(), slide(2, '（约 3 分钟）附录。', { appendix: true }), slide(3, '附录二。', { appendix: true }), slide(4, say(1))))
    expect(report.findings.map(f => [f.where, f.message])).toEqual([
      ['slides/lesson-9/10-x.md:20 (slide 2 «第 2 页»)', 'an appendix slide announces minutes, but the appendix is not spoken live: drop the （约 N 分钟）'],
      ['slides/lesson-9/10-x.md:40 (slide 4 «第 4 页»)', 'a live slide after the appendix (slide 2): the appendix comes last in the entry'],
    ])
    // The live slide after it still counts, in the section before the appendix.
    expect(report.sections[0].slides.map(s => s.slide.no)).toEqual([1, 4])
  })
})

describe('the lesson\'s budget', () => {
  const { min, max } = speechBudgetMinutes
  const lesson = (han: number) => deckOf(slide(1, `（约 ${Math.round(han / speakingRates.hanPerMinute)} 分钟）${'讲'.repeat(han)}`))

  it(`takes ${min} and ${max} minutes exactly, and names one character less or more, at the entry`, () => {
    expect(measure(lesson(min * speakingRates.hanPerMinute)).findings).toEqual([])
    expect(measure(lesson(max * speakingRates.hanPerMinute)).findings).toEqual([])
    const short = measure(lesson(min * speakingRates.hanPerMinute - 1)).findings
    expect(short).toEqual([{ rule: 'timing', where: 'slides/lesson-9.md', slide: undefined, message: `the lesson's live speech takes 30.0 min, outside ${min}–${max} min (deepen what is missing)` }])
    expect(measure(lesson(max * speakingRates.hanPerMinute + 1)).findings.map(f => f.message)).toEqual([`the lesson's live speech takes 40.0 min, outside ${min}–${max} min (move detail to the appendix)`])
  })
})

describe('the table the lint prints', () => {
  it('a row per section with its counts, announced and measured minutes and ratio, then the total and the appendix', () => {
    const deck = deckOf(
      slide(1, say(1)),
      slide(2, `（约 20 分钟）${say(19)} CRD webhook`, {}, '动态准入控制：`ValidatingAdmissionPolicy` 与 CEL'),
      slide(3, `（约 4 分钟）${say(2)}`, {}, ''),
      slide(4, '（约 1 分钟）', {}, 'Gateway'),
      slide(5, say(5), { appendix: true }),
      slide(6, say(5), { appendix: true }),
      slide(7, say(5), { appendix: true }),
    )
    expect(formatTimingTable(measure(deck, s => s.no === 2 ? 3 : 0)).split('\n')).toEqual([
      'section                        slides   Han  words  clicks  announced  measured            ratio',
      '1 «第 1 页»                         1   230      0       0          —   1.0 min              — ✗',
      '2 «动态准入控制：`Validatin…»       1  4370      2       3     20 min  19.2 min            104 %',
      '3 «untitled»                        1   460      0       0      4 min   2.0 min          200 % ✗',
      '4 «Gateway»                         1     0      0       0      1 min   0.0 min              ∞ ✗',
      '-'.repeat(96),
      'total (live)                        4                          25 min  22.2 min  outside 30–40 ✗',
      'appendix: 3 slide(s) (5–7), not counted',
    ])
  })

  it('says a total within the budget, and no appendix line without an appendix', () => {
    const table = formatTimingTable(measure(deckOf(slide(1, `（约 35 分钟）${say(35)}`))))
    expect(table.split('\n').at(-1)).toMatch(/^total \(live\) +1 +35 min {2}35\.0 min {2}in 30–40$/)
    expect(table).not.toContain('appendix')
  })

  it('a section exactly 25 % off is not flagged; a lesson of exactly 30 or 40 minutes is in its budget, one over is not', () => {
    const rows = (...slides: DeckSlide[]) => formatTimingTable(measure(deckOf(...slides))).split('\n')
    const table = rows(slide(1, `（约 25 分钟）${say(25)}`), slide(2, `（约 5 分钟）${say(4)}`), slide(3, `（约 1 分钟）${say(1)}`, {}, '十八个字的标题十八个字的标题十八个字'))
    expect(table[2]).toMatch(/ 125 %$/)
    expect(table[3]).toMatch(/^3 «十八个字的标题十八个字的标题十八个字» /)
    expect(table.at(-1)).toMatch(/in 30–40$/)
    expect(rows(slide(1, `（约 40 分钟）${say(40)}`)).at(-1)).toMatch(/in 30–40$/)
    expect(rows(slide(1, `（约 40 分钟）${say(40)}讲`)).at(-1)).toMatch(/outside 30–40 ✗$/)
  })
})
