/** The resolver's default asks Playwright's registry, which throws on a platform it has no Chromium for. */
import process from 'node:process'
import { expect, it, vi } from 'vitest'
import { resolveBrowser } from '../../scripts/shared/browser'

function noChromium(): string {
  throw new Error('no Chromium for this platform')
}
const registry = vi.hoisted(() => ({ path: noChromium }))
vi.mock('playwright-chromium', () => ({ chromium: { executablePath: () => registry.path() } }))

it('a registry that throws counts as no Playwright Chromium', () => {
  expect(resolveBrowser({ env: {}, systemCandidates: ['sh'] })).toEqual({ executablePath: '/usr/bin/sh', source: 'system' })
})

it('a registry that answers is asked by default', () => {
  registry.path = () => process.execPath
  expect(resolveBrowser({ env: {}, systemCandidates: ['sh'] })).toEqual({ executablePath: process.execPath, source: 'playwright' })
})
