/**
 * The script lint: every rule fires on its own slide of tests/fixtures/lint/
 * and nowhere else, with its exact message; each limit is tested on both sides
 * of its boundary with small decks made here.
 */
import type { ExtensionPoint } from '../../data/course'
import type { Deck, DeckSlide } from '../../scripts/shared/deck'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { misspellings } from '../../data/course'
import { codeLintFindings } from '../../scripts/checks/code-check/report'
import { formatFinding } from '../../scripts/checks/findings'
import { labClusterProblems } from '../../scripts/checks/lab-cluster'
import { declaredClicks, LIMITS, lintDeck } from '../../scripts/checks/lint'
import { measureDeck } from '../../scripts/checks/timing'
import { loadDeck } from '../../scripts/shared/deck'
import { ROOT } from '../../scripts/shared/project'

const fixture = join(ROOT, 'tests', 'fixtures', 'lint', 'slides.md')
const point = (name: string, zh: string): ExtensionPoint => ({ id: name, name, zh, layer: 'api', interface: 'webhook', lesson: 2, summary: '' })
/** Named in a title by its English name only, by its Chinese name only, and only in a slide's body. */
const byName = point('CSS', '没有这个中文名')
const byZh = point('No Such Name', '要点太多')
const inBodyOnly = point('Ghost Webhook', '幽灵 webhook')

const F = 'tests/fixtures/lint/slides.md'
const MERMAID_ERROR = /: \[mermaid\] Mermaid does not parse: Parse error on line 2: \.\.\.lowchart LR A --> \( -+\^ Expecting /

describe('the lint fixture', () => {
  it('reports each rule on its own slide, and nothing on the clean slides', async () => {
    const findings = await lintDeck(await loadDeck(fixture), { mustPresent: [byName, byZh, inBodyOnly] })
    expect(findings.map(formatFinding)).toEqual([
      `${F}:132 (slide 11 «未知组件»): [deck] unknown component <LayerMapp> (not in components/ nor a Slidev built-in)`,
      `${F}:24 (slide 2 «untitled»): [title] the slide has no title (start it with a "# 标题" heading)`,
      `${F}:32 (slide 3 «没有讲稿»): [notes] the slide has no speaker notes (end it with an HTML comment holding the script)`,
      `${F}:38 (slide 4 «讲稿太短»): [notes] the speaker notes are too short to teach from (4 characters, at least 50)`,
      `${F}:46 (slide 5 «要点太多»): [bullets] 7 bullets on one slide (at most 6)`,
      `${F}:62 (slide 6 «代码太长»): [code-length] a 16-line text block without step highlighting (at most 15 lines, or add {…|…})`,
      `${F}:89 (slide 7 «外部资源»): [remote-resource] loads https://example.com/embed from outside the repository (copy it into public/)`,
      `${F}:99 (slide 8 «标记比点击多»): [click-markers] 2 [click] markers in the notes, but the slide has 1 click step(s)`,
      `${F}:109 (slide 9 «拼写»): [spelling] "Kuberentes" should be "Kubernetes"`,
      expect.stringMatching(new RegExp(`^${F}:119 \\(slide 10 «图表语法错误»\\)${MERMAID_ERROR.source}`)),
      // A code block stepped {1|2} has one click, not two.
      `${F}:160 (slide 13 «分步代码的标记»): [click-markers] 2 [click] markers in the notes, but the slide has 1 click step(s)`,
      `${F}:173 (slide 14 «远程图片（Markdown）»): [remote-resource] loads https://example.com/diagram.png from outside the repository (copy it into public/)`,
      `${F}:183 (slide 15 «远程脚本»): [remote-resource] loads https://example.com/app.js from outside the repository (copy it into public/)`,
      `${F}:193 (slide 16 «远程样式表»): [remote-resource] loads https://example.com/theme.css from outside the repository (copy it into public/)`,
      `${F}:204 (slide 17 «CSS 里的远程地址»): [remote-resource] loads https://example.com/bg.png from outside the repository (copy it into public/)`,
      `${F}:214 (slide 18 «CSS 的远程导入»): [remote-resource] loads https://example.com/fonts.css from outside the repository (copy it into public/)`,
      // Fences with options are diagrams too, as Slidev draws them.
      expect.stringMatching(new RegExp(`^${F}:246 \\(slide 20 «带选项的图表»\\)${MERMAID_ERROR.source}`)),
      expect.stringMatching(new RegExp(`^${F}:259 \\(slide 21 «紧贴选项的图表»\\)${MERMAID_ERROR.source}`)),
      `${F}:272 (slide 22 «讲稿里的拼写»): [spelling] "Admission webhook" should be "Admission Webhook"`,
      // Named in a body, not a title: not presented.
      `${F}: [coverage] no slide title names "Ghost Webhook" (幽灵 webhook), which this lesson presents`,
    ])
  })

  it('gives each finding its slide number and rule', async () => {
    const findings = await lintDeck(await loadDeck(fixture))
    expect(findings.map(f => `${f.slide} ${f.rule}`)).toEqual([
      '11 deck',
      '2 title',
      '3 notes',
      '4 notes',
      '5 bullets',
      '6 code-length',
      '7 remote-resource',
      '8 click-markers',
      '9 spelling',
      '10 mermaid',
      '13 click-markers',
      '14 remote-resource',
      '15 remote-resource',
      '16 remote-resource',
      '17 remote-resource',
      '18 remote-resource',
      '20 mermaid',
      '21 mermaid',
      '22 spelling',
    ])
  })
})

let counter = 0
/** A slide with a title and notes long enough, unless the test says otherwise. */
function slide(content: string, extra: Partial<DeckSlide> = {}): DeckSlide {
  counter++
  return {
    no: counter,
    title: `第 ${counter} 页`,
    file: 'tests/fixtures/lint/inline.md',
    line: counter * 10,
    note: '这是一段足够长的讲稿，讲师可以照着它把这一页从头到尾讲完，而且不会触发任何一条规则，也绝对不会显得太短。',
    frontmatter: {},
    content,
    ...extra,
  }
}
const deckOf = (...slides: DeckSlide[]): Deck => ({ entry: fixture, headmatter: {}, slides: slides.map((s, i) => ({ ...s, no: i + 1 })) })
const lint = async (...slides: DeckSlide[]) => (await lintDeck(deckOf(...slides))).map(f => `${f.rule}: ${f.message}`)
const lines = (n: number) => Array.from({ length: n }, (_, i) => `line ${i + 1}`).join('\n')
const fence = (info: string, body: string) => `\`\`\`${info}\n${body}\n\`\`\``

describe('title and notes', () => {
  it('a title of spaces is no title', async () => {
    expect(await lint(slide('text', { title: '  ' }))).toEqual(['title: the slide has no title (start it with a "# 标题" heading)'])
  })

  it('notes of markers and spaces only are no notes', async () => {
    expect(await lint(slide('', { note: ' [click] \n [click:3] ', frontmatter: { clicks: 2 } }))).toEqual(['notes: the slide has no speaker notes (end it with an HTML comment holding the script)'])
  })

  it(`counts ${LIMITS.minNoteChars} characters without markers and spaces as enough, one fewer as too short`, async () => {
    const enough = `${'讲'.repeat(LIMITS.minNoteChars - 10)} [click] ${'稿'.repeat(10)}`
    expect(await lint(slide('', { note: enough, frontmatter: { clicks: 1 } }))).toEqual([])
    const short = `${'讲'.repeat(LIMITS.minNoteChars - 11)} [click:2]\n ${'稿'.repeat(10)}`
    expect(await lint(slide('', { note: short, frontmatter: { clicks: 1 } }))).toEqual([`notes: the speaker notes are too short to teach from (${LIMITS.minNoteChars - 1} characters, at least ${LIMITS.minNoteChars})`])
  })
})

describe('bullets', () => {
  const list = (n: number) => Array.from({ length: n }, (_, i) => `- ${i + 1}`).join('\n')

  it(`allows ${LIMITS.maxBullets}, refuses ${LIMITS.maxBullets + 1}`, async () => {
    expect(await lint(slide(list(LIMITS.maxBullets)))).toEqual([])
    expect(await lint(slide(list(LIMITS.maxBullets + 1)))).toEqual([`bullets: ${LIMITS.maxBullets + 1} bullets on one slide (at most ${LIMITS.maxBullets})`])
  })

  it('counts HTML list items with the markdown ones', async () => {
    expect(await lint(slide(`${list(4)}\n\n<ul>\n<li>a</li>\n<li>b</li>\n<li>c</li>\n</ul>`))).toEqual(['bullets: 7 bullets on one slide (at most 6)'])
    expect(await lint(slide(`${list(4)}\n\n<ul><li>a</li><li>b</li></ul>`))).toEqual([])
    // Inside a paragraph each <li> is counted once, not again in the paragraph's text.
    expect(await lint(slide(`${list(4)}\n\n要点 <ul><li>a</li><li>b</li></ul>`))).toEqual([])
    expect(await lint(slide(`${list(5)}\n\n要点 <ul><li>a</li><li>b</li></ul>`))).toEqual(['bullets: 7 bullets on one slide (at most 6)'])
    // A tag shown in inline code is no list item.
    expect(await lint(slide(`${list(6)}\n\n用 \`<li>\` 写列表项`))).toEqual([])
    // HTML without list items adds none.
    expect(await lint(slide(`${list(6)}\n\n<div>说明</div>\n\n文字 <b>加粗</b>`))).toEqual([])
  })

  it('a slide waives a rule by name, as a list or a single word, and only that rule', async () => {
    expect(await lint(slide(list(7), { frontmatter: { lintAllow: ['bullets'] } }))).toEqual([])
    expect(await lint(slide(list(7), { frontmatter: { lintAllow: 'bullets' } }))).toEqual([])
    expect(await lint(slide(list(7), { frontmatter: { lintAllow: ['notes'] } }))).toEqual(['bullets: 7 bullets on one slide (at most 6)'])
  })
})

describe('code length', () => {
  it(`allows ${LIMITS.maxCodeLines} lines, refuses ${LIMITS.maxCodeLines + 1}`, async () => {
    expect(await lint(slide(fence('yaml', lines(LIMITS.maxCodeLines))))).toEqual([])
    expect(await lint(slide(fence('yaml', lines(LIMITS.maxCodeLines + 1))))).toEqual(['code-length: a 16-line yaml block without step highlighting (at most 15 lines, or add {…|…})'])
    expect(await lint(slide(fence('', lines(20))))).toEqual(['code-length: a 20-line code block without step highlighting (at most 15 lines, or add {…|…})'])
    // Only fences count: a paragraph of 20 lines is prose.
    expect(await lint(slide(lines(20)))).toEqual([])
  })

  it('step highlighting or a diagram makes a long block fine; line highlighting alone does not', async () => {
    expect(await lint(slide(fence('yaml {1-8|9-16}', lines(16))))).toEqual([])
    expect(await lint(slide(fence('yaml {1-8|all} {fragment:\'Pod.spec\'}', lines(16))))).toEqual([])
    expect(await lint(slide(fence('mermaid {scale: 0.5}', `flowchart TD\n${Array.from({ length: 16 }, (_, i) => `  N${i} --> N${i + 1}`).join('\n')}`)))).toEqual([])
    expect(await lint(slide(fence('yaml {1,3}', lines(16))))).toEqual(['code-length: a 16-line yaml block without step highlighting (at most 15 lines, or add {…|…})'])
  })
})

describe('remote resources', () => {
  const remote = (url: string) => `remote-resource: loads ${url} from outside the repository (copy it into public/)`

  it('reports every element that loads from another host, by its address', async () => {
    expect(await lint(slide('<img src="//cdn.example.com/a.png">'))).toEqual([remote('//cdn.example.com/a.png')])
    expect(await lint(slide('<p>x <img alt="a" src="HTTP://example.com/b.png"> y</p>'))).toEqual([remote('HTTP://example.com/b.png')])
    expect(await lint(slide('<video src="https://example.com/v.mp4"></video>'))).toEqual([remote('https://example.com/v.mp4')])
    expect(await lint(slide('<object data="https://example.com/o.svg"></object>'))).toEqual([remote('https://example.com/o.svg')])
    expect(await lint(slide('<link href="https://example.com/x.css">'))).toEqual([remote('https://example.com/x.css')])
    expect(await lint(slide('<link rel="preload" href="https://example.com/f.woff2">'))).toEqual([remote('https://example.com/f.woff2')])
    expect(await lint(slide('<link rel="icon" href="https://example.com/i.png">'))).toEqual([remote('https://example.com/i.png')])
    // rel is a list of words: an alternate stylesheet and a shortcut icon load too.
    expect(await lint(slide('<link rel="alternate stylesheet" href="https://example.com/alt.css">'))).toEqual([remote('https://example.com/alt.css')])
    expect(await lint(slide('<link rel="shortcut icon" href="https://example.com/favicon.ico">'))).toEqual([remote('https://example.com/favicon.ico')])
    expect(await lint(slide('<style>\n.a { background: url("//cdn.example.com/bg.png") }\n</style>'))).toEqual([remote('//cdn.example.com/bg.png')])
    expect(await lint(slide('<style>\n@import "http://example.com/a.css";\n</style>'))).toEqual([remote('http://example.com/a.css')])
    expect(await lint(slide('<style>\n@import  \'//cdn.example.com/b.css\';\n</style>'))).toEqual([remote('//cdn.example.com/b.css')])
    expect(await lint(slide('<div style="background: url(https://example.com/u.png)">x</div>'))).toEqual([remote('https://example.com/u.png')])
    expect(await lint(slide('<div style="background: url( \'http://example.com/v.png\' )">x</div>'))).toEqual([remote('http://example.com/v.png')])
    // Spaces around "=", and a rel on an element that is not a <link>.
    expect(await lint(slide('<img alt="a" src = "https://example.com/s.png">'))).toEqual([remote('https://example.com/s.png')])
    expect(await lint(slide('<img rel="nofollow" src="https://example.com/r.png">'))).toEqual([remote('https://example.com/r.png')])
  })

  it('reports an address once per slide, and several addresses each', async () => {
    const two = '<img src="https://example.com/a.png">\n<img src="https://example.com/a.png">\n<img src="https://example.com/b.png">'
    expect(await lint(slide(two))).toEqual([remote('https://example.com/a.png'), remote('https://example.com/b.png')])
  })

  it('leaves links, local files and non-loading <link>s alone', async () => {
    expect(await lint(slide('[文档](https://kubernetes.io/docs/) <a href="https://kubernetes.io/">k8s</a>'))).toEqual([])
    expect(await lint(slide('<img src="/course-mark.svg">\n<div style="background: url(/course-mark.svg)">x</div>'))).toEqual([])
    expect(await lint(slide('<link rel="canonical" href="https://example.com/">\n<link rel="preconnect" href="https://example.com/">'))).toEqual([])
    expect(await lint(slide('<img src="data:image/png;base64,AAAA">'))).toEqual([])
    expect(await lint(slide('<link rel = "canonical" href="https://example.com/">'))).toEqual([])
    // An address inside a local one, a data: URL, or code that shows a tag is not a load.
    expect(await lint(slide('<img src="data:image/svg+xml,%3Csvg xmlns=\'http://www.w3.org/2000/svg\'/%3E">'))).toEqual([])
    expect(await lint(slide('![标志](/course-mark.svg) 和 `<img src="https://example.com/x.png">`'))).toEqual([])
    expect(await lint(slide('<img alt="没有地址">'))).toEqual([])
    expect(await lint(slide('<img src="/course-mark.svg?from=//example.com">'))).toEqual([])
    expect(await lint(slide('<link rel="stylesheets-not nostylesheet" href="https://example.com/x.css">'))).toEqual([])
  })
})

describe('declaredClicks counts click steps as Slidev does', () => {
  const clicks = (content: string, frontmatter: Record<string, unknown> = {}) => declaredClicks(slide(content, { frontmatter }))

  it.each([
    ['no clicks', 'just text', 0],
    ['a stepped code block {1|2}', fence('ts {1|2}', 'a\nb'), 1],
    ['a code block with three steps', fence('ts {1-3|4|all}', lines(4)), 2],
    ['steps and fence options', fence('yaml {1|all} {fragment:\'Pod.spec\'}', 'a'), 1],
    ['fence options only', fence('yaml {fragment:\'Pod.spec\'}', 'a'), 0],
    ['line highlighting without steps', fence('ts {1,3}', 'a'), 0],
    ['a <v-click> element', '<v-click>\n\na\n\n</v-click>', 1],
    ['v-click attributes', '<div v-click>a</div>\n<div v-click="2">b</div>\n<span v-click>c</span>', 3],
    ['a v-click inside a paragraph, once', '文字 <span v-click>出现</span> 文字', 1],
    ['v-click shown in inline code is no click', '指令写作 `<div v-click>` 即可', 0],
    ['v-after adds none', '<div v-click>a</div>\n<div v-after>b</div>', 1],
    ['v-click-hide is not v-click', '<div v-click-hide>a</div>', 0],
    ['<v-clicks> reveals each item', '<v-clicks>\n\n- a\n- b\n- c\n\n</v-clicks>', 3],
    ['<v-clicks> with attributes', '<v-clicks class="list">\n\n- a\n- b\n\n</v-clicks>', 2],
    ['two <v-clicks> lists', '<v-clicks>\n\n- a\n- b\n\n</v-clicks>\n\n<v-clicks>\n\n- c\n\n</v-clicks>', 3],
    ['everything together', `<div v-click>a</div>\n\n${fence('ts {1|2|3}', 'a\nb\nc')}\n\n<v-clicks>\n\n- x\n- y\n\n</v-clicks>`, 5],
  ])('%s', (_name, content, expected) => {
    expect(clicks(content)).toBe(expected)
  })

  it('takes the frontmatter\'s clicks when it declares more', () => {
    expect(clicks('text', { clicks: 5 })).toBe(5)
    expect(clicks('<div v-click>a</div>\n<div v-click>b</div>', { clicks: 1 })).toBe(2)
    expect(clicks('text', { clicks: '3' })).toBe(3)
    expect(clicks('text', { clicks: 'many' })).toBe(0)
  })

  it('markers beyond the declared steps are reported, up to them are fine', async () => {
    expect(await lint(slide(fence('ts {1|2|3}', 'a\nb\nc'), { note: `${'讲'.repeat(60)}[click] 一 [click] 二` }))).toEqual([])
    expect(await lint(slide(fence('ts {1|2|3}', 'a\nb\nc'), { note: `${'讲'.repeat(60)}[click] 一 [click] 二 [click:3] 三` })))
      .toEqual(['click-markers: 3 [click] markers in the notes, but the slide has 2 click step(s)'])
    expect(await lint(slide('', { frontmatter: { clicks: 11 }, note: `${'讲'.repeat(60)}${'[click] '.repeat(11)}[click:12] 最后` })))
      .toEqual(['click-markers: 12 [click] markers in the notes, but the slide has 11 click step(s)'])
  })
})

describe('spelling', () => {
  it.each(misspellings)('finds "$wrong" in the slide or its notes', async ({ wrong, right }) => {
    const message = `spelling: "${wrong}" should be "${right}"`
    expect(await lint(slide(`正文里写了 ${wrong}。`))).toEqual([message])
    expect(await lint(slide('正文', { note: `讲稿里写了 ${wrong}，这段讲稿足够长，足以让讲师照着讲完这一页的全部内容，除了拼写之外的其余规则都保持安静。` }))).toEqual([message])
  })

  it('leaves addresses as their sites spell them', async () => {
    expect(await lint(slide('见 https://example.com/kubectl-plugin/ 和 http://example.com/Kuberentes'))).toEqual([])
  })
})

describe('mermaid', () => {
  it('parses every diagram of a slide, with or without options, and reports each that fails', async () => {
    const good = fence('mermaid {scale: 0.8}', 'flowchart LR\n  A --> B')
    const bad = fence('mermaid', 'flowchart LR\n  A --> (')
    expect(await lint(slide(`${good}\n\n${fence('mermaid{theme: \'neutral\'}', 'sequenceDiagram\n  A->>B: hi')}`))).toEqual([])
    const found = await lint(slide(`${good}\n\n${bad}\n\n${bad}`))
    expect(found).toHaveLength(2)
    expect(found[0]).toMatch(/^mermaid: Mermaid does not parse: Parse error on line 2:/)
    // Mermaid's message, on one line and cut at 200 characters.
    expect(found[0]).not.toContain('\n')
    expect(found[0]).toHaveLength('mermaid: Mermaid does not parse: '.length + 200)
  })

  it('ignores code that only mentions mermaid', async () => {
    expect(await lint(slide(fence('text', 'mermaid\nflowchart LR\n  A --> (')))).toEqual([])
  })
})

describe('draft references', () => {
  it('finds a word about the draft in the title, the slide or the notes, once per word', async () => {
    const message = (word: string) => `draft-reference: mentions "${word}": teach the fact without referring to a draft (corrections belong in the errata, outside slides/)`
    expect(await lint(slide('正文', { title: '原稿的问题' }))).toEqual([message('原稿')])
    expect(await lint(slide('种子稿里写错了'))).toEqual([message('种子稿')])
    expect(await lint(slide('', { note: `${'讲'.repeat(60)}原始讲稿与原稿都不提。` }))).toEqual([message('原稿'), message('原始讲稿')])
  })
})

describe('lab cluster', () => {
  it('names another kind node image in the slide or its notes, as scripts/checks/lab-cluster.ts words it', async () => {
    const image = 'kindest/node:v1.30.0'
    const expected = labClusterProblems(image).map(p => `lab-cluster: ${p}`)
    expect(expected).toHaveLength(1)
    expect(await lint(slide(`kind create cluster --image ${image}`))).toEqual(expected)
    expect(await lint(slide('正文', { note: `${'讲'.repeat(60)}用 ${image} 建集群。` }))).toEqual(expected)
  })
})

describe('rules run only when asked', () => {
  it('timing and code findings come from their own modules, only with their option', async () => {
    const deck = await loadDeck(fixture)
    const rules = async (options: object) => (await lintDeck(deck, options)).map(f => f.rule).filter(r => r === 'timing' || r === 'code')
    expect(await rules({})).toEqual([])
    expect(await rules({ timing: true })).toEqual(measureDeck(deck, declaredClicks).findings.map(f => f.rule))
    expect(await rules({ timing: true })).not.toEqual([])
    expect(await rules({ code: true })).toEqual((await codeLintFindings(deck)).map(f => f.rule))
    expect(await rules({ code: true })).not.toEqual([])
  })
})

describe('coverage', () => {
  const deck = deckOf(slide('', { title: 'CRD 与 Admission Webhook' }), slide('Gateway API 只在正文里', { title: '网关' }))
  const coverage = async (...points: ExtensionPoint[]) => (await lintDeck(deck, { mustPresent: points })).map(formatFinding)

  it('a point named in a title by its English or its Chinese name is presented', async () => {
    expect(await coverage(point('Admission Webhook', '准入'), point('Gateway API', '网关'))).toEqual([])
  })

  it('a point named only in a body, or nowhere, is missing, and the entry file is named', async () => {
    expect(await coverage(point('Gateway API', '网关 API'), point('CSI', '容器存储接口'))).toEqual([
      `tests/fixtures/lint/slides.md: [coverage] no slide title names "Gateway API" (网关 API), which this lesson presents`,
      `tests/fixtures/lint/slides.md: [coverage] no slide title names "CSI" (容器存储接口), which this lesson presents`,
    ])
  })

  it('checks nothing when no points are given', async () => {
    expect(await lintDeck(deckOf(slide('', { title: 'x' })))).toEqual([])
  })
})

it('formats a finding as place, rule and message', () => {
  expect(formatFinding({ rule: 'bullets', where: 'a.md:3 (slide 2 «标题»)', slide: 2, message: 'too many' })).toBe('a.md:3 (slide 2 «标题»): [bullets] too many')
})
