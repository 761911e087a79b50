/**
 * The appendix: slides for the review site and the handout, not for the live
 * talk. A slide belongs to it when its frontmatter says `appendix: true`; the
 * appendix sits at the end of a lesson's entry (`slides/lesson-N/90-appendix.md`).
 *
 * This is the one place that decides it: the preparser (setup/preparser.ts)
 * hides these slides from the live deck, the export leaves them out of the
 * slides PDF and keeps them in the handout, and the timing rule leaves them
 * out of the speech budget.
 */

/** The frontmatter key that moves a slide into the appendix. */
export const APPENDIX_KEY = 'appendix'

/** True for a slide of the appendix: shown in review and handout, not live. */
export function isAppendix(frontmatter: Record<string, unknown> | undefined): boolean {
  return frontmatter?.[APPENDIX_KEY] === true
}

/** A slide of the live talk (the complement of `isAppendix`). */
export function isLive(frontmatter: Record<string, unknown> | undefined): boolean {
  return !isAppendix(frontmatter)
}
