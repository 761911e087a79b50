/**
 * Which server `npm run present` uses (scripts/present/mode.ts): the build
 * (served as the live deck) when it is current, Slidev's dev server otherwise, each with its
 * reason. tests/present-mode.spec.ts runs the command for real.
 */
import type { InputSet, Stamp } from '../../scripts/build/plan'
import type { ModeFacts } from '../../scripts/present/mode'
import { describe, expect, it } from 'vitest'
import { lessons } from '../../data/course'
import { chooseMode, describeMode } from '../../scripts/present/mode'
import { isLiveDeck, SHOW_APPENDIX_ENV } from '../../scripts/shared/appendix'

const now: InputSet = { hash: 'now', files: { 'slides/lesson-2/05-authn.md': 'b', 'styles/course.css': 'c' } }
const before: InputSet = { hash: 'before', files: { 'slides/lesson-2/05-authn.md': 'a', 'styles/course.css': 'c' } }
const stamp = (set: InputSet): Stamp => ({ ...set, built: '2026-11-27T10:00:00.000Z' })
function facts(more: Partial<ModeFacts> = {}): ModeFacts {
  return {
    edit: false,
    remote: false,
    force: false,
    showAppendix: false,
    inputs: now,
    site: stamp(now),
    siteBuilt: true,
    ...more,
  }
}

describe('chooseMode', () => {
  it('the build when it is current: served as the live deck, nothing built first', () => {
    expect(chooseMode(facts())).toEqual({ mode: 'built', reason: 'the build is current (2026-11-27 10:00 UTC); the live view leaves the appendix out' })
  })

  it('the dev server when the sources are newer than the build, naming what changed', () => {
    expect(chooseMode(facts({ site: stamp(before) }))).toEqual({ mode: 'dev', reason: 'the sources changed since the last npm run build (slides/lesson-2/05-authn.md)' })
  })

  it('the dev server when the lesson is not built, or its last build failed (no stamp)', () => {
    expect(chooseMode(facts({ site: undefined, siteBuilt: false }))).toMatchObject({ mode: 'dev', reason: 'the lesson is not built (or its last build failed)' })
    expect(chooseMode(facts({ site: undefined }))).toMatchObject({ mode: 'dev' })
    expect(chooseMode(facts({ siteBuilt: false }))).toMatchObject({ mode: 'dev' })
  })

  it('a stale build is never served, even when its files are there', () => {
    expect(chooseMode(facts({ site: stamp(before) })).mode).toBe('dev')
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
    expect(describeMode(chooseMode(facts()), lessons[1])).toMatch(/^Mode: the built site, because the build is current .*\. Slide 1 shows at once\.\n {2}\(npm run present -- 2 --edit /)
    const stale = describeMode(chooseMode(facts({ site: stamp(before) })), lessons[1])
    expect(stale).toMatch(/^Mode: Slidev's dev server, because the sources changed since the last npm run build \(slides\/lesson-2\/05-authn\.md\)\./)
    expect(stale).toMatch(/npm run build -- 2 makes the next present start at once/)
    expect(describeMode(chooseMode(facts({ edit: true })), lessons[1])).not.toMatch(/npm run build/)
  })
})

describe('the live deck\'s appendix', () => {
  it('is left out by the preparser in the dev server only (a build keeps it: its live view drops it in the browser)', () => {
    expect(isLiveDeck('dev', {})).toBe(true)
    expect(isLiveDeck('dev', { [SHOW_APPENDIX_ENV]: '1' })).toBe(false)
    expect(isLiveDeck('build', {})).toBe(false)
    expect(isLiveDeck('build', { COURSE_LIVE_BUILD: '1' })).toBe(false)
    expect(isLiveDeck('export', {})).toBe(false)
  })
})
