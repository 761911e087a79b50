/**
 * The presenter's pace: when each live slide is due, by the plan the script
 * lint already holds the talk to (scripts/checks/timing.ts, `measureDeck`):
 * each section takes the minutes it announces, `（约 N 分钟）`, spread over
 * its slides by how long their notes take to say (clicks included). A slide
 * is due when the slides before it, by that measure, are done.
 *
 * The plan is computed where Slidev runs (dev server or build) and reaches the
 * browser as a virtual module, `virtual:course-pace` (./pace-plugin.ts,
 * installed by setup/vite-plugins.ts); this module is the browser's part too: components/PresenterPace.vue
 * shows it next to the presenter's timer, and setup/main.ts leaves the
 * appendix (`appendix`, the slides the plan leaves out) out of the live view.
 */
import type { TimingReport } from '../checks/timing'

export interface PaceSection {
  /** Title of the section's first slide. */
  title: string
  /** Planned start and end, in seconds from the start of the talk. */
  start: number
  end: number
  /** Slide numbers of its first and last slide. */
  first: number
  last: number
}

export interface PacePlan {
  /** Slide number → planned start, seconds from the start of the talk (live slides only). */
  starts: Record<number, number>
  /** Slide number → index into `sections`. */
  sectionOf: Record<number, number>
  sections: PaceSection[]
  /** Planned length of the talk, seconds: the announced minutes together. */
  total: number
  /** Appendix slides (numbers): not in the live talk. */
  appendix: number[]
}

const round = (seconds: number) => Math.round(seconds * 10) / 10

/**
 * The plan from the timing model's report: a section lasts its announced
 * minutes (its measured speech when it announces none), and within it each
 * slide's share is its share of the section's speech (equal shares when the
 * section has nothing to say).
 */
export function pacePlan(report: TimingReport): PacePlan {
  const plan: PacePlan = { starts: {}, sectionOf: {}, sections: [], total: 0, appendix: report.appendix.map(s => s.no) }
  let clock = 0
  for (const section of report.sections) {
    const length = section.announcedMinutes !== undefined ? section.announcedMinutes * 60 : section.seconds
    const index = plan.sections.length
    let said = 0
    for (const timed of section.slides) {
      const share = section.seconds > 0 ? said / section.seconds : section.slides.indexOf(timed) / section.slides.length
      plan.starts[timed.slide.no] = round(clock + share * length)
      plan.sectionOf[timed.slide.no] = index
      said += timed.seconds
    }
    const first = section.slides[0].slide
    plan.sections.push({ title: (section.first ?? first).title, start: round(clock), end: round(clock + length), first: first.no, last: section.slides.at(-1)!.slide.no })
    clock += length
  }
  plan.total = round(clock)
  return plan
}
