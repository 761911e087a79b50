/**
 * The pace beside the presenter's timer (components/PresenterPace.vue), in the
 * built site opened as the live deck (`?live`, as `npm run present` opens it):
 * at a few readings of the timer, driven by Playwright's clock, it says how
 * far behind (+) or ahead (−) of the plan the talk is, from the planned start
 * of the current slide (scripts/present/pace.ts, the lint's timing model),
 * and the minutes left in the section, in the timer's colours. Not in the
 * audience view, nor in the review site's presenter view.
 */
import type { Page } from '@playwright/test'
import type { PacePlan } from '../scripts/present/pace'
import type { StaticServer } from '../scripts/shared/static-server'
import { expect, test } from '@playwright/test'
import { lessons } from '../data/course'
import { planOfEntry } from '../scripts/present/pace-plugin'
import { basePathOf, entryOf } from '../scripts/shared/project'
import { startStaticServer } from '../scripts/shared/static-server'

const LESSON = lessons[0]
const PACE = '.slidev-presenter .grid-section.bottom .course-pace'

let server: StaticServer
let plan: PacePlan

test.beforeAll(async () => {
  server = await startStaticServer()
  plan = await planOfEntry(entryOf(LESSON))
})

test.afterAll(async () => {
  await server?.close()
})

const deck = () => `${server.url}${basePathOf(LESSON)}`
const signed = (minutes: number) => (Math.round(minutes * 10) / 10 || 0).toFixed(1)

/** Goes to slide `no` in the page, as the speaker would (`g`, the number, Enter): the timer runs on. */
async function goTo(page: Page, no: number) {
  await page.keyboard.press('g')
  await page.locator('#slidev-goto-input').fill(String(no))
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(new RegExp(`/presenter/${no}(?:\\?|$)`))
}

test('the live presenter view: the pace at a few clock readings (on plan, behind, ahead) and the section\'s minutes left', async ({ page }) => {
  // A section of at least three slides, so that "ahead" can be read further into it.
  const section = plan.sections.find(s => s.last - s.first >= 2 && s.start > 0)!
  const slide = section.first + 1
  const due = plan.starts[slide]
  expect(due).toBeGreaterThan(section.start)

  const installed = new Date('2026-12-01T09:00:00Z').getTime()
  await page.clock.install({ time: installed })
  await page.goto(`${deck()}presenter/1?live`)
  const pace = page.locator(PACE)
  await expect(pace).toBeVisible()
  // Next to the timer, in its bar.
  await expect(page.locator('.slidev-presenter .grid-section.bottom')).toContainText('按计划')
  await expect(pace).toHaveAttribute('data-pace-status', 'stopped')
  await expect(pace).toHaveAttribute('data-pace-minutes', '0.0')
  await expect(pace).toHaveClass(/op50/)

  // The clock stands still from here: only fastForward moves it.
  await goTo(page, slide)
  await page.clock.pauseAt(installed + 10 * 60_000)
  // Start the timer as the speaker does: hover it, press play.
  await page.locator('.slidev-presenter .grid-section.bottom .group').hover()
  await page.locator('.slidev-presenter .grid-section.bottom .i-carbon\\:play').click()
  await expect(pace).toHaveAttribute('data-pace-status', 'running')

  // On plan: at the slide's planned start, the talk is there.
  await page.clock.fastForward(due * 1000)
  await expect(pace).toHaveAttribute('data-pace-minutes', '0.0')
  await expect(pace).toContainText('按计划')
  await expect(pace).toContainText(`本节余 ${((section.end - due) / 60).toFixed(1)} 分`)
  await expect(pace).toHaveClass(/text-green6/)

  // Behind: 2 minutes later, still on the same slide.
  await page.clock.fastForward(120_000)
  await expect(pace).toHaveAttribute('data-pace-minutes', '2.0')
  await expect(pace).toContainText('落后 2.0 分')
  await expect(pace).toHaveClass(/text-yellow6/)
  // More than 3 minutes behind: red, as the timer past its end.
  await page.clock.fastForward(90_000)
  const elapsed = due + 210
  await expect(pace).toHaveAttribute('data-pace-minutes', signed((elapsed - due) / 60))
  await expect(pace).toHaveClass(/text-red6/)

  // Ahead: a slide planned for later than now.
  const later = Object.keys(plan.starts).map(Number).find(no => plan.starts[no] > elapsed + 90)!
  await goTo(page, later)
  const ahead = (elapsed - plan.starts[later]) / 60
  expect(ahead).toBeLessThan(-1)
  await expect(pace).toHaveAttribute('data-pace-minutes', signed(ahead))
  await expect(pace).toContainText(`超前 ${Math.abs(ahead).toFixed(1)} 分`)
  await expect(pace).toHaveClass(/text-green6/)
  const laterSection = plan.sections[plan.sectionOf[later]]
  await expect(pace).toContainText(`本节余 ${((laterSection.end - elapsed) / 60).toFixed(1)} 分`)

  // Paused: blue, and the pace holds.
  await page.locator('.slidev-presenter .grid-section.bottom .group').hover()
  await page.locator('.slidev-presenter .grid-section.bottom .i-carbon\\:pause').click()
  await page.clock.fastForward(300_000)
  await expect(pace).toHaveAttribute('data-pace-status', 'paused')
  await expect(pace).toHaveAttribute('data-pace-minutes', signed(ahead))
  await expect(pace).toHaveClass(/text-blue6/)
})

test('the pace is in the live presenter view only: not in the audience view, nor in the review site', async ({ browser }) => {
  // The review site (no ?live, a fresh tab): no pace, and the appendix is there.
  const review = await browser.newContext()
  const reviewPage = await review.newPage()
  await reviewPage.goto(`${deck()}presenter/1`)
  await expect(reviewPage.locator('.slidev-presenter .grid-section.bottom')).toBeVisible()
  await expect(reviewPage.locator('.course-pace')).toHaveCount(0)
  await reviewPage.goto(`${deck()}${plan.appendix[0]}`)
  await expect(reviewPage.locator(`.slidev-page-${plan.appendix[0]}`)).toBeVisible()
  await review.close()

  // The live audience view: the slides, no pace.
  const live = await browser.newContext()
  const audience = await live.newPage()
  await audience.goto(`${deck()}1?live`)
  await expect(audience.locator('.slidev-page-1')).toBeVisible()
  await expect(audience.locator('.course-pace')).toHaveCount(0)
  // The live deck ends before the appendix: its last slide has no next.
  const last = Math.max(...Object.keys(plan.starts).map(Number))
  await audience.goto(`${deck()}${last}?live`)
  await expect(audience.locator(`.slidev-page-${last}`)).toBeVisible()
  await audience.keyboard.press('ArrowRight')
  await audience.keyboard.press('ArrowRight')
  await expect(audience).not.toHaveURL(new RegExp(`/${plan.appendix[0]}(?:\\?|$)`))
  await live.close()
})
