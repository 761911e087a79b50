/**
 * Which server `npm run present` uses (scripts/present/mode.ts): the built
 * live deck when it is current, Slidev's dev server otherwise, each with its
 * reason. tests/present-mode.spec.ts runs the command for real.
 */
import type { InputSet, Stamp } from '../../scripts/build/plan'
import type { ModeFacts } from '../../scripts/present/mode'
import { describe, expect, it } from 'vitest'
import { lessons } from '../../data/course'
import { chooseMode, describeMode } from '../../scripts/present/mode'
import { isLiveDeck, LIVE_BUILD_ENV, SHOW_APPENDIX_ENV } from '../../scripts/shared/appendix'

const now: InputSet = { hash: 'now', files: { 'slides/lesson-2/05-authn.md': 'b', 'styles/course.css': 'c' } }
const before: InputSet = { hash: 'before', files: { 'slides/lesson-2/05-authn.md': 'a', 'styles/course.css': 'c' } }
const liveNow: InputSet = { hash: 'live now', files: { ...now.files, 'scripts/present/mode.ts': 'd' } }
const stamp = (set: InputSet): Stamp => ({ ...set, built: '2026-11-27T10:00:00.000Z' })
function facts(more: Partial<ModeFacts> = {}): ModeFacts {
  return {
    edit: false,
    remote: false,
    force: false,
    showAppendix: false,
    inputs: now,
    liveInputs: liveNow,
    live: stamp(liveNow),
    liveBuilt: true,
    site: stamp(now),
    siteBuilt: true,
    ...more,
  }
}

describe('chooseMode', () => {
  it('the built live deck when it is current', () => {
    expect(chooseMode(facts())).toEqual({ mode: 'built', buildLive: false, reason: 'its live deck is built from the current sources (2026-11-27 10:00 UTC)' })
  })

  it('the build is current but its live deck is not (or was never made): build the live deck once, then serve it', () => {
    for (const live of [{ live: undefined, liveBuilt: false }, { live: stamp(before) }, { liveBuilt: false }]) {
      const mode = chooseMode(facts(live))
      expect(mode, JSON.stringify(live)).toMatchObject({ mode: 'built', buildLive: true })
    }
  })

  it('the dev server when the sources are newer than the build, naming what changed', () => {
    expect(chooseMode(facts({ live: stamp(before), site: stamp(before) }))).toEqual({ mode: 'dev', reason: 'the sources changed since the last npm run build (slides/lesson-2/05-authn.md)' })
  })

  it('the dev server when the lesson is not built, or its last build failed (no stamp)', () => {
    expect(chooseMode(facts({ live: undefined, liveBuilt: false, site: undefined, siteBuilt: false }))).toMatchObject({ mode: 'dev', reason: 'the lesson is not built (or its last build failed)' })
    expect(chooseMode(facts({ live: undefined, site: undefined }))).toMatchObject({ mode: 'dev' })
  })

  it('a stale live deck is never served, even when its files are there', () => {
    expect(chooseMode(facts({ live: stamp(before), site: stamp(before) })).mode).toBe('dev')
    // Made from the current slides by another version of the module that builds it: built again.
    expect(chooseMode(facts({ live: stamp(now) }))).toMatchObject({ mode: 'built', buildLive: true })
  })

  it('the dev server with --edit, a remote screen, --force or the appendix shown, however current the build', () => {
    expect(chooseMode(facts({ edit: true }))).toMatchObject({ mode: 'dev', reason: expect.stringMatching(/^--edit/) })
    expect(chooseMode(facts({ remote: true }))).toMatchObject({ mode: 'dev', reason: expect.stringMatching(/remote screen follows the presenter only through Slidev's server/) })
    expect(chooseMode(facts({ force: true }))).toMatchObject({ mode: 'dev', reason: expect.stringMatching(/^--force/) })
    expect(chooseMode(facts({ showAppendix: true }))).toMatchObject({ mode: 'dev', reason: expect.stringMatching(/^COURSE_SHOW_APPENDIX=1/) })
  })
})

describe('describeMode', () => {
  it('says which server and why, and how to get the other', () => {
    expect(describeMode(chooseMode(facts()), lessons[1])).toMatch(/^Mode: the built site, because its live deck is built from the current sources .*\. Slide 1 shows at once\.\n {2}\(npm run present -- 2 --edit /)
    const stale = describeMode(chooseMode(facts({ live: stamp(before), site: stamp(before) })), lessons[1])
    expect(stale).toMatch(/^Mode: Slidev's dev server, because the sources changed since the last npm run build \(slides\/lesson-2\/05-authn\.md\)\./)
    expect(stale).toMatch(/npm run build -- 2 makes the next present start at once/)
    expect(describeMode(chooseMode(facts({ edit: true })), lessons[1])).not.toMatch(/npm run build/)
  })
})

describe('the live variant\'s build', () => {
  it('is the live deck (appendix hidden) only when present builds it', () => {
    expect(isLiveDeck('build', { [LIVE_BUILD_ENV]: '1' })).toBe(true)
    expect(isLiveDeck('build', {})).toBe(false)
    expect(isLiveDeck('export', { [LIVE_BUILD_ENV]: '1' })).toBe(false)
    expect(isLiveDeck('build', { [LIVE_BUILD_ENV]: '1', [SHOW_APPENDIX_ENV]: '1' })).toBe(false)
  })
})
