/**
 * The presenter's pace, read from the plan the build made
 * (scripts/present/pace.ts) against the time since the talk started.
 * It lives beside PresenterPace.vue because the browser loads it: a remote
 * screen is served only what the deck is built from, never scripts/.
 */
import type { PacePlan } from '../scripts/present/pace'

/** Pace in minutes: positive = behind the plan (the slide was due that long ago), negative = ahead. */
export function paceMinutes(plan: PacePlan, slide: number, elapsedSeconds: number): number | undefined {
  const start = plan.starts[slide]
  return start === undefined ? undefined : (elapsedSeconds - start) / 60
}

/** Minutes left in the current slide's section by the plan (negative once its planned end has passed). */
export function sectionRemainingMinutes(plan: PacePlan, slide: number, elapsedSeconds: number): number | undefined {
  const section = plan.sections[plan.sectionOf[slide]]
  return section === undefined ? undefined : (section.end - elapsedSeconds) / 60
}
