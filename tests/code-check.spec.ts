/**
 * The code check's fence options are Slidev's own options braces: Slidev 52
 * binds the object to its CodeBlockWrapper (`v-bind`), so `fragment`,
 * `unchecked` and `requires` must render like any fence, step highlighting
 * included, without a warning in the console. Built from the code fixture deck.
 */
import type { ConsoleMessage } from '@playwright/test'
import type { StaticServer } from '../scripts/shared/static-server'
import { expect, test } from '@playwright/test'
import { startStaticServer } from '../scripts/shared/static-server'
import { buildFixtureDeck } from './support/fixture-site'

test.describe.configure({ mode: 'serial' })

let server: StaticServer
let base: string

test.beforeAll(async () => {
  test.setTimeout(120_000)
  const fixture = await buildFixtureDeck('code')
  server = await startStaticServer({ root: fixture.root, decks: [fixture.slug] })
  base = `${server.url}/${fixture.slug}/`
})

test.afterAll(async () => {
  await server?.close()
})

const slides = [
  { no: 1, option: 'step ranges', text: 'replicas: 2' },
  { no: 8, option: '{fragment:\'Pod.spec\'}', text: 'nodeSelectr' },
  { no: 9, option: '{unchecked:\'\'}', text: '这里什么也不检查' },
  { no: 10, option: '{fragment:\'KubeSchedulerConfiguration.profiles[]\'}', text: 'schedulerName: no-scoring-scheduler' },
  { no: 12, option: '{requires:\'…\'}', text: 'DeviceTaintRule' },
]

for (const slide of slides) {
  test(`a fence with ${slide.option} renders its code without a console warning (slide ${slide.no})`, async ({ page }) => {
    const messages: string[] = []
    page.on('console', (m: ConsoleMessage) => {
      if (m.type() === 'warning' || m.type() === 'error')
        messages.push(`${m.type()}: ${m.text()}`)
    })
    page.on('pageerror', e => messages.push(`pageerror: ${e.message}`))
    await page.goto(`${base}${slide.no}`)
    const code = page.locator(`.slidev-page-${slide.no} .slidev-code`).first()
    await expect(code).toBeVisible()
    await expect(code).toContainText(slide.text)
    expect(messages).toEqual([])
  })
}

test('the options object reaches the code block wrapper as plain attributes', async ({ page }) => {
  await page.goto(`${base}8`)
  await expect(page.locator('.slidev-page-8 .slidev-code-wrapper')).toHaveAttribute('fragment', 'Pod.spec')
  await page.goto(`${base}10`)
  await expect(page.locator('.slidev-page-10 .slidev-code-wrapper').nth(2)).toHaveAttribute('unchecked', 'Go interface excerpt')
})
