/** Each rule of the script lint fires on its fixture slide, and a clean slide passes. */
import type { ExtensionPoint } from '../data/course'
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { lessons, pointsOfLesson } from '../data/course'
import { loadDeck } from '../scripts/deck'
import { formatFinding, lintDeck } from '../scripts/lint-slides'
import { entryOf, ROOT } from '../scripts/project'

const fixture = join(ROOT, 'tests', 'fixtures', 'lint', 'slides.md')
const presented: ExtensionPoint = { id: 'clean', name: 'Bullets', zh: '要点太多', layer: 'api', interface: 'webhook', lesson: 2, summary: '' }
const missing: ExtensionPoint = { id: 'ghost', name: 'Ghost Webhook', zh: '幽灵 webhook', layer: 'api', interface: 'webhook', lesson: 2, summary: '' }

test('every rule fires on its own slide, and only there', async () => {
  const deck = await loadDeck(fixture)
  const findings = await lintDeck(deck, { mustPresent: [presented, missing] })
  const bySlide = findings.map(f => `${f.slide ?? '-'} ${f.rule}`)
  expect(bySlide, findings.map(formatFinding).join('\n')).toEqual([
    '- deck',
    '2 title',
    '3 notes',
    '4 notes',
    '5 bullets',
    '6 code-length',
    '7 remote-resource',
    '8 click-markers',
    '9 spelling',
    '10 mermaid',
    '- coverage',
  ])
})

test('findings name file, line, slide and what to do', async () => {
  const findings = await lintDeck(await loadDeck(fixture), { mustPresent: [missing] })
  const text = findings.map(formatFinding)
  expect(text).toContain('tests/fixtures/lint/slides.md:46 (slide 5 «要点太多»): [bullets] 7 bullets on one slide (at most 6)')
  expect(text.find(t => t.includes('[deck]'))).toMatch(/slide 11 «未知组件».*unknown component <LayerMapp>/)
  expect(text.find(t => t.includes('[spelling]'))).toContain('"Kuberentes" should be "Kubernetes"')
  expect(text.find(t => t.includes('[click-markers]'))).toContain('2 [click] markers in the notes, but the slide has 1 click step(s)')
  expect(text.find(t => t.includes('[mermaid]'))).toContain('Mermaid does not parse: Parse error on line 2')
  expect(text.find(t => t.includes('[coverage]'))).toContain('no slide title names "Ghost Webhook" (幽灵 webhook)')
})

for (const lesson of lessons) {
  test(`lesson ${lesson.number} passes the script lint and names each of its extension points in a slide title`, async () => {
    const findings = await lintDeck(await loadDeck(entryOf(lesson)), { mustPresent: pointsOfLesson(lesson.number) })
    expect(findings.map(formatFinding)).toEqual([])
  })
}
