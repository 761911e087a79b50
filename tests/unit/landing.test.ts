/**
 * The landing page's lesson cards, as generated: every link by its exact
 * target (in the browser the static server answers any path under a lesson
 * with that lesson's page, so only the generated href can tell a wrong link).
 */
import type { Deck, DeckSlide } from '../../scripts/shared/deck'
import { existsSync } from 'node:fs'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { extensionPoints, KUBERNETES_SUPPORT_ENDS, KUBERNETES_VERSION, layerById, lessonByNumber, lessons, pointsOfLesson } from '../../data/course'
import { escape, introText, lessonCard, sizeOf } from '../../scripts/build/landing'
import { handoutPathOf, pdfPathOf } from '../../scripts/shared/project'

const deckOf = (n: number): Deck => ({ entry: 'x.md', headmatter: {}, slides: Array.from({ length: n }, (_, i) => ({ no: i + 1 }) as DeckSlide) })
const links = (html: string) => [...html.matchAll(/<a(?: class="[^"]*")? href="([^"]*)">([^<]*)<\/a>/g)].map(([, href, text]) => [text, href])
const text = (html: string, cls: string) => new RegExp(`<p class="${cls}"[^>]*>(.*?)</p>`).exec(html)?.[1]

describe.each(lessons)('lesson $number\'s card', (lesson) => {
  it('links to the lesson, its review mode and its two PDFs, each by its own target', async () => {
    const slug = lesson.slug
    expect(links(await lessonCard(lesson, deckOf(12)))).toEqual([
      [lesson.title, `./${slug}/`],
      ['观看幻灯片', `./${slug}/`],
      ['复习模式（幻灯片与讲稿）', `./${slug}/overview`],
      ['幻灯片 PDF', `./pdf/${slug}.pdf`],
      ['讲义 PDF（含讲稿）', `./pdf/${slug}-handout.pdf`],
    ])
  })

  it('gives its number, length, slide count, layers and goals', async () => {
    const html = await lessonCard(lesson, deckOf(12))
    expect(html).toContain(`<article class="lesson" data-lesson="${lesson.number}">`)
    expect(text(html, 'number')).toBe(`第 ${lesson.number} 课 · 约 ${lesson.duration} 分钟 · 12 页幻灯片`)
    expect(text(html, 'subtitle')).toBe(escape(lesson.subtitle))
    expect(/<p class="layers">(.*?)<\/p>/.exec(html)![1])
      .toBe(lesson.layers.map(id => `<span class="layer" style="--layer:${layerById(id).color}">${layerById(id).zh}</span>`).join(''))
    expect(/<ul class="goals">(.*?)<\/ul>/.exec(html)![1]).toBe(lesson.goals.map(g => `<li>${g}</li>`).join(''))
    expect(html).toContain(`<p class="progress" data-progress="${lesson.number}" data-total="12">已看 <span class="seen-count">0</span> / 12</p>`)
  })

  it('shows each PDF\'s size when the PDF exists', async () => {
    const html = await lessonCard(lesson, deckOf(3))
    for (const path of [pdfPathOf(lesson), handoutPathOf(lesson)]) {
      const name = path.split('/').at(-1)!
      const size = await sizeOf(path)
      const after = new RegExp(`href="\\./pdf/${name}">[^<]+</a>( <span class="muted">([^<]+)</span>)?`).exec(html)!
      expect(after[2]).toBe(existsSync(path) ? size : undefined)
    }
  })
})

it('names the points a lesson presents in depth, or the whole map for lesson 1', async () => {
  expect(text(await lessonCard(lessonByNumber(1), deckOf(3)), 'points muted')).toBe(`全部 ${extensionPoints.length} 个扩展点的分层地图`)
  const two = text(await lessonCard(lessonByNumber(2), deckOf(3)), 'points muted')
  expect(two).toBe(`深入讲解：${pointsOfLesson(2).map(p => escape(p.name)).join('、')}`)
  expect(two).toContain('CRD、')
})

it('escapes the characters HTML gives meaning to', () => {
  expect(escape(`<a href="x" title='y'>R&D</a>`)).toBe('&#60;a href=&#34;x&#34; title=&#39;y&#39;&#62;R&#38;D&#60;/a&#62;')
  expect(escape('纯文本')).toBe('纯文本')
})

it('sizeOf gives megabytes to one decimal, or nothing for a missing file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'landing-'))
  await writeFile(join(dir, 'a.pdf'), new Uint8Array(1.25 * 1024 * 1024 + 1))
  expect(await sizeOf(join(dir, 'a.pdf'))).toBe('1.3 MB')
  await writeFile(join(dir, 'b.pdf'), new Uint8Array(300 * 1024))
  expect(await sizeOf(join(dir, 'b.pdf'))).toBe('0.3 MB')
  expect(await sizeOf(join(dir, 'missing.pdf'))).toBeUndefined()
})

describe('the landing page\'s introduction', () => {
  it('names the release the course teaches and its end of support, from data/course.ts', () => {
    expect(introText()).toContain(`以 Kubernetes ${KUBERNETES_VERSION} 为基线（社区支持至 ${KUBERNETES_SUPPORT_ENDS}）`)
    expect(KUBERNETES_VERSION).toBe('v1.37')
  })
})
