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
import process from 'node:process'

/** Shows the appendix in the dev server too (to work on it): COURSE_SHOW_APPENDIX=1 npm run present -- 1 */
export const SHOW_APPENDIX_ENV = 'COURSE_SHOW_APPENDIX'

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

/**
 * Set by `npm run present` for the build of a lesson's live variant
 * (dist/.live/lesson-N/, scripts/present/mode.ts): a `slidev build` of the
 * live deck, which `present` serves when it is current.
 */
export const LIVE_BUILD_ENV = 'COURSE_LIVE_BUILD'

/**
 * Whether a Slidev run of this mode is the live deck, which leaves the
 * appendix out. The live deck is the dev server (`npm run present`, mode
 * 'dev') and the live variant `npm run present` builds (mode 'build' with
 * COURSE_LIVE_BUILD=1); 'build' otherwise (review site, handout) and
 * 'export' keep the appendix.
 */
export function isLiveDeck(mode: string | undefined, env: NodeJS.ProcessEnv = process.env): boolean {
  const live = mode === 'dev' || (mode === 'build' && env[LIVE_BUILD_ENV] === '1')
  return live && env[SHOW_APPENDIX_ENV] !== '1'
}
