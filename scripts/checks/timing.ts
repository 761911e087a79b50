/**
 * The spoken-time budget: how long the speaker notes take to say, section by
 * section, against the minutes each section announces, `（约 N 分钟）`.
 *
 * How speech is measured (rates in data/course.ts, `speakingRates`):
 * - Han characters (\p{Script=Han}) at `hanPerMinute`; Chinese punctuation is
 *   not counted.
 * - Latin words at `latinWordsPerMinute`. A word is a run of letters and
 *   digits, joined by `_`, `.`, `-` or `/` inside the run: `kube-apiserver`,
 *   `v1.34`, `--config`, `metrics.k8s.io/v1beta1` each count once, `CRD` and
 *   the `1` of `第 1 课` count once.
 * - Each click step of the slide (declaredClicks, as Slidev counts them)
 *   adds `secondsPerClick`: the pause while the diagram moves.
 * - Not spoken, so not counted: the `[click]` markers, the announcement
 *   `（约 N 分钟…）` itself, URLs, and HTML tags or markdown emphasis marks.
 *
 * A section is the run of live slides from a slide whose notes announce its
 * minutes to the next such slide; the cover slide of the entry is one too
 * when it announces. Appendix slides (frontmatter `appendix: true`) are not
 * spoken live: they are left out of the sections and of the lesson's total,
 * and need no announcement.
 */
import type { Deck, DeckSlide } from '../shared/deck'
import type { LintFinding } from './findings'
import { relative } from 'node:path'
import { speakingRates, speechBudgetMinutes } from '../../data/course'
import { isAppendix } from '../shared/appendix'
import { locate } from '../shared/deck'
import { ROOT } from '../shared/project'

/** `（约 6 分钟）`, also with a remark: `（约 4 分钟，面试题）`; half-width brackets too. */
export const ANNOUNCEMENT = /[（(]\s*约\s*(\d+(?:\.\d+)?)\s*分钟[^）)]*[）)]/g
/** How far a section's announced minutes may be from its measured speech, as a share of the measured. */
export const SECTION_TOLERANCE = 0.25

const CLICK_MARKER = /\[click(?::\d+)?\]/g
const URL = /(?:https?:)?\/\/\S+/g
const TAG = /<\/?[a-z][^>]*>/gi
const HAN = /\p{Script=Han}/gu
const LATIN_WORD = /[A-Z0-9]+(?:[-_./][A-Z0-9]+)*/gi

export interface SpeechCount {
  han: number
  words: number
  clicks: number
  seconds: number
}

/** What is said aloud from a slide's notes: markers, announcements, links and tags removed. */
export function spokenText(note: string): string {
  return note.replace(ANNOUNCEMENT, ' ').replace(CLICK_MARKER, ' ').replace(URL, ' ').replace(TAG, ' ')
}

/** Seconds it takes to say `note`, plus the slide's click steps. */
export function measureSpeech(note: string, clicks: number): SpeechCount {
  const text = spokenText(note)
  const han = (text.match(HAN) ?? []).length
  const words = (text.match(LATIN_WORD) ?? []).length
  const seconds = han / speakingRates.hanPerMinute * 60
    + words / speakingRates.latinWordsPerMinute * 60
    + clicks * speakingRates.secondsPerClick
  return { han, words, clicks, seconds }
}

export interface TimedSlide extends SpeechCount {
  slide: DeckSlide
}

export interface Section {
  /** The slide whose notes announce the section; undefined for live slides before any announcement. */
  first?: DeckSlide
  announcedMinutes?: number
  slides: TimedSlide[]
  /** Seconds of speech and clicks. */
  seconds: number
}

export interface TimingReport {
  entry: string
  sections: Section[]
  /** Seconds of live speech of the whole lesson, clicks included. */
  totalSeconds: number
  /** Appendix slides, left out of the total. */
  appendix: DeckSlide[]
  findings: LintFinding[]
}

/** Measures a deck; `clicksOf` counts a slide's click steps (the lint's declaredClicks). */
export function measureDeck(deck: Deck, clicksOf: (slide: DeckSlide) => number): TimingReport {
  const sections: Section[] = []
  const appendix: DeckSlide[] = []
  const findings: LintFinding[] = []
  const entry = relative(ROOT, deck.entry)
  const add = (slide: DeckSlide | undefined, message: string) =>
    findings.push({ rule: 'timing', where: slide ? locate(slide) : entry, slide: slide?.no, message })

  for (const slide of deck.slides) {
    const announced = [...slide.note.matchAll(ANNOUNCEMENT)].map(m => Number(m[1]))
    if (appendix.length && !isAppendix(slide.frontmatter))
      add(slide, `a live slide after the appendix (slide ${appendix[0].no}): the appendix comes last in the entry`)
    if (isAppendix(slide.frontmatter)) {
      appendix.push(slide)
      if (announced.length)
        add(slide, 'an appendix slide announces minutes, but the appendix is not spoken live: drop the （约 N 分钟）')
      continue
    }
    if (announced.length > 1)
      add(slide, `${announced.length} announcements on one slide (${announced.map(n => `约 ${n} 分钟`).join(', ')}): a slide starts at most one section`)
    if (announced.length) {
      sections.push({ first: slide, announcedMinutes: announced[0], slides: [], seconds: 0 })
    }
    else if (!sections.length) {
      sections.push({ slides: [], seconds: 0 })
      add(slide, 'a live slide before the first section: announce its minutes, （约 N 分钟）, in the notes of the first slide')
    }
    const section = sections.at(-1)!
    const count = measureSpeech(slide.note, clicksOf(slide))
    section.slides.push({ slide, ...count })
    section.seconds += count.seconds
  }

  for (const section of sections) {
    if (!section.first || section.announcedMinutes === undefined)
      continue
    const measured = section.seconds / 60
    const off = measured ? (section.announcedMinutes - measured) / measured : Infinity
    if (Math.abs(off) > SECTION_TOLERANCE) {
      add(section.first, `the section announces ${section.announcedMinutes} min but its notes take ${minutes(section.seconds)} min to say `
      + `(${section.slides.length} slide(s), ${signedPercent(off)}; within ±${SECTION_TOLERANCE * 100} %: `
      + `announce ${suggestion(section.seconds)}, or change the notes)`)
    }
  }

  const totalSeconds = sections.reduce((sum, s) => sum + s.seconds, 0)
  const { min, max } = speechBudgetMinutes
  if (totalSeconds < min * 60 || totalSeconds > max * 60) {
    add(undefined, `the lesson's live speech takes ${minutes(totalSeconds)} min, outside ${min}–${max} min `
    + `(${totalSeconds < min * 60 ? 'deepen what is missing' : 'move detail to the appendix'})`)
  }
  return { entry, sections, totalSeconds, appendix, findings }
}

function minutes(seconds: number): string {
  return (seconds / 60).toFixed(1)
}

function signedPercent(share: number): string {
  return Number.isFinite(share) ? `${share > 0 ? '+' : ''}${Math.round(share * 100)} %` : 'nothing to say'
}

/** The whole or half minutes within tolerance of a measured time. */
function suggestion(seconds: number): string {
  const measured = seconds / 60
  const rounded = Math.max(0.5, Math.round(measured * 2) / 2)
  return `约 ${rounded} 分钟`
}

/** The table the lint prints: one row per section, then the lesson's total. */
export function formatTimingTable(report: TimingReport): string {
  const rows: string[][] = [['section', 'slides', 'Han', 'words', 'clicks', 'announced', 'measured', 'ratio']]
  for (const section of report.sections) {
    const han = section.slides.reduce((n, s) => n + s.han, 0)
    const words = section.slides.reduce((n, s) => n + s.words, 0)
    const clicks = section.slides.reduce((n, s) => n + s.clicks, 0)
    const first = section.first ?? section.slides[0].slide
    const name = `${first.no} «${truncate(first.title || 'untitled', 18)}»`
    const measured = section.seconds / 60
    const announced = section.announcedMinutes
    const ratio = announced === undefined ? '—' : measured ? `${Math.round(announced / measured * 100)} %` : '∞'
    const flag = announced === undefined || !measured || Math.abs((announced - measured) / measured) > SECTION_TOLERANCE ? ' ✗' : ''
    rows.push([name, String(section.slides.length), String(han), String(words), String(clicks), announced === undefined ? '—' : `${announced} min`, `${minutes(section.seconds)} min`, ratio + flag])
  }
  const announcedTotal = report.sections.reduce((n, s) => n + (s.announcedMinutes ?? 0), 0)
  const { min, max } = speechBudgetMinutes
  const inBudget = report.totalSeconds >= min * 60 && report.totalSeconds <= max * 60
  rows.push(['total (live)', String(report.sections.reduce((n, s) => n + s.slides.length, 0)), '', '', '', `${announcedTotal} min`, `${minutes(report.totalSeconds)} min`, inBudget ? `in ${min}–${max}` : `outside ${min}–${max} ✗`])
  const widths = rows[0].map((_, i) => Math.max(...rows.map(r => width(r[i]))))
  const line = (r: string[]) => r.map((cell, i) => i === 0 ? pad(cell, widths[i]) : padStart(cell, widths[i])).join('  ').trimEnd()
  const out = [line(rows[0]), ...rows.slice(1, -1).map(line), '-'.repeat(widths.reduce((a, b) => a + b + 2, -2)), line(rows.at(-1)!)]
  if (report.appendix.length)
    out.push(`appendix: ${report.appendix.length} slide(s) (${report.appendix[0].no}–${report.appendix.at(-1)!.no}), not counted`)
  return out.join('\n')
}

function truncate(text: string, max: number): string {
  return [...text].length > max ? `${[...text].slice(0, max - 1).join('')}…` : text
}

/** Display width: CJK characters take two columns. */
function width(text: string): number {
  let w = 0
  for (const ch of text)
    w += /[\u1100-\u115F\u2E80-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6]/.test(ch) ? 2 : 1
  return w
}

function pad(text: string, to: number): string {
  return text + ' '.repeat(Math.max(0, to - width(text)))
}

function padStart(text: string, to: number): string {
  return ' '.repeat(Math.max(0, to - width(text))) + text
}
