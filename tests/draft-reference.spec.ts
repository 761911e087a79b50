/**
 * Teach the fact, never the correction: the lint's draft-reference rule
 * refuses the words of `draftReferences` (data/course.ts) in slides and notes,
 * and the landing page's data carries none of them.
 */
import { join } from 'node:path'
import { expect, test } from '@playwright/test'
import { draftReferences, extensionPoints, journeys, layers, lessons } from '../data/course'
import { formatFinding } from '../scripts/checks/findings'
import { lintDeck } from '../scripts/checks/lint'
import { loadDeck } from '../scripts/shared/deck'
import { entryOf, ROOT } from '../scripts/shared/project'

test('the rule names the slide and the word, in notes and on the slide', async () => {
  const deck = await loadDeck(join(ROOT, 'tests', 'fixtures', 'draft', 'slides.md'))
  const findings = (await lintDeck(deck)).filter(f => f.rule === 'draft-reference').map(formatFinding)
  expect(findings).toEqual([
    expect.stringMatching(/slide 2 «讲稿里提到了原来的文稿»\): \[draft-reference\] mentions "原稿"/),
    expect.stringMatching(/slide 3 «幻灯片上提到了种子文稿»\): \[draft-reference\] mentions "种子文稿"/),
  ])
})

test('the landing page\'s data mentions no draft', () => {
  const text = JSON.stringify({ lessons, layers, extensionPoints, journeys })
  expect(draftReferences.filter(word => text.includes(word))).toEqual([])
})

for (const lesson of lessons) {
  test(`lesson ${lesson.number} mentions no draft`, async () => {
    const findings = (await lintDeck(await loadDeck(entryOf(lesson)))).filter(f => f.rule === 'draft-reference')
    expect(findings.map(formatFinding)).toEqual([])
  })
}
