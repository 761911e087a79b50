import type MiniSearch from 'minisearch'
/**
 * The course search without a browser: how a slide is cut into pieces by
 * click step (scripts/build/search-index.ts), how Chinese is cut into words, and
 * what a query finds and marks (search/engine.ts).
 */
import type { DeckSlide } from '../../scripts/shared/deck'
import type { SearchDoc } from '../../search/engine'
import { beforeAll, describe, expect, it } from 'vitest'
import { bodyPieces, markdownText, notePieces, searchDocs, slideDocs } from '../../scripts/build/search-index'
import { buildMiniSearch, hitUrl, loadMiniSearch, queryTerms, searchSlides, snippetOf, tokenize } from '../../search/engine'

function slide(content: string, note = '', frontmatter: Record<string, unknown> = {}): DeckSlide {
  const title = /^# (.+)$/m.exec(content)?.[1] ?? ''
  return { no: 7, title, file: 'slides/x.md', line: 1, note, frontmatter, content }
}

describe('notePieces', () => {
  it('cuts the notes at their [click] markers, a named marker jumping to its step', () => {
    expect(notePieces('先看图。[click] 再看代码。[click] 然后总结。[click:5] 最后。')).toEqual([
      { click: 0, text: '先看图。' },
      { click: 1, text: '再看代码。' },
      { click: 2, text: '然后总结。' },
      { click: 5, text: '最后。' },
    ])
  })

  it('leaves out the time announcement and renders markdown to text', () => {
    expect(notePieces('（约 4 分钟，面试题）**第一题**：`kubectl` 插件。')).toEqual([{ click: 0, text: '第一题：kubectl 插件。' }])
  })

  it('drops empty pieces: notes that start with a marker', () => {
    expect(notePieces('[click] 只有这一段。')).toEqual([{ click: 1, text: '只有这一段。' }])
  })
})

describe('bodyPieces', () => {
  it('gives text outside click elements step 0 and each v-click the next step', () => {
    const content = '# 面试题\n\n<div>Q1：为什么？</div>\n\n<div v-click>\n\n答案一\n\n</div>\n\n<div>Q2：有哪些？</div>\n\n<div v-click class="x">答案二</div>\n'
    expect(bodyPieces(content, '面试题')).toEqual([
      { click: 0, text: 'Q1：为什么？ Q2：有哪些？' },
      { click: 1, text: '答案一' },
      { click: 2, text: '答案二' },
    ])
  })

  it('counts <v-click>, v-after, a named step, and one step per top-level item of <v-clicks>', () => {
    const content = [
      '# T',
      '<v-clicks>\n\n- 甲\n  - 甲一\n- 乙\n\n</v-clicks>',
      '<div v-after>同乙</div>',
      '<v-click>丙</v-click>',
      '<div v-click="6">丁</div>',
    ].join('\n\n')
    expect(bodyPieces(content, 'T')).toEqual([
      { click: 1, text: '甲 甲一' },
      { click: 2, text: '乙 同乙' },
      { click: 3, text: '丙' },
      { click: 6, text: '丁' },
    ])
  })

  it('leaves out the title heading, Mermaid source and style; keeps code; reads inside self-closing components', () => {
    const content = '# 标题\n\n<LayerMap :step="$clicks" />\n\n正文\n\n```mermaid\ngraph LR\n  A --> B\n```\n\n```yaml {1|2}\nkind: RuntimeClass\nhandler: runsc\n```\n\n<style>.x{color:red}</style>\n'
    expect(bodyPieces(content, '标题')).toEqual([{ click: 0, text: '正文 kind: RuntimeClass handler: runsc' }])
  })
})

describe('slideDocs', () => {
  it('gives a slide a title piece, its body pieces and its note pieces, and marks the appendix', () => {
    const docs = slideDocs(2, slide('# 运行时类（RuntimeClass）\n\n<div v-click>handler</div>', '开场。[click] 讲 handler。', { appendix: true }))
    expect(docs.map(d => [d.kind, d.click, d.text])).toEqual([
      ['title', 0, ''],
      ['body', 1, 'handler'],
      ['note', 0, '开场。'],
      ['note', 1, '讲 handler。'],
    ])
    expect(docs.every(d => d.lesson === 2 && d.no === 7 && d.title === '运行时类（RuntimeClass）' && d.appendix)).toBe(true)
  })
})

describe('the build side, more', () => {
  it('counts relative steps (+2), <v-click at>, a named step that does not move the counter back', () => {
    const content = [
      '# T',
      '<div v-click>一</div>',
      '<div v-click="+2">三</div>',
      '<v-click at="5">五</v-click>',
      '<div v-click="2">二</div>',
      '<div v-click>六</div>',
      '<div v-click=" 7 ">七</div>',
      '<div v-click="12">十二</div>',
      '<div v-click="+10">二十二</div>',
    ].join('\n\n')
    expect(bodyPieces(content, 'T')).toEqual([
      { click: 1, text: '一' },
      { click: 2, text: '二' },
      { click: 3, text: '三' },
      { click: 5, text: '五' },
      { click: 6, text: '六' },
      { click: 7, text: '七' },
      { click: 12, text: '十二' },
      { click: 22, text: '二十二' },
    ])
  })

  it('keeps a heading that is not the title, and leaves out hidden elements, scripts and templates', () => {
    const content = '# 另一个标题\n\n<div v-if="false">藏起来</div>\n\n<script setup>const x = 1</script>\n\n<template v-slot:right>模板</template>\n\n正文'
    expect(bodyPieces(content, '标题')).toEqual([{ click: 0, text: '另一个标题 正文' }])
    expect(bodyPieces('## 小标题\n\n# T\n\n正文', 'T')).toEqual([{ click: 0, text: '小标题 正文' }])
  })

  it('a self-closing component holds no text of the slide; Mermaid with options is left out too', () => {
    expect(bodyPieces('<LayerMap v-click :step="1" />\n\n正文', '')).toEqual([{ click: 0, text: '正文' }])
    expect(bodyPieces('```mermaid {scale: 0.8}\ngraph LR\n  A --> B\n```\n\n正文', '')).toEqual([{ click: 0, text: '正文' }])
  })

  it('a slide without a title heading keeps all of its body', () => {
    expect(bodyPieces('正文\n\n<div>尾巴</div>', '')).toEqual([{ click: 0, text: '正文 尾巴' }])
  })

  it('a slide with nothing but its title has no body piece', () => {
    expect(bodyPieces('# 只有标题\n', '只有标题')).toEqual([])
    expect(bodyPieces('<div v-click>  </div>', '')).toEqual([])
  })

  it('renders markdown to the text a reader sees, spaces squeezed', () => {
    expect(markdownText('**粗体**  和\n\n`代码` [链接](https://x.io)')).toBe('粗体 和 代码 链接')
    expect(notePieces('  [click]  ')).toEqual([])
    expect(notePieces('[click:12] 二 [click] 三')).toEqual([{ click: 12, text: '二' }, { click: 13, text: '三' }])
  })

  it('numbers the pieces of every deck in one run, and strips a title\'s markdown marks', () => {
    const deck = (title: string) => ({ entry: 'x.md', headmatter: {}, slides: [slide(`# ${title}\n\n正文`, '讲解。')] })
    const docs = searchDocs([{ lesson: 1, deck: deck('`kubectl` 与 **CRD**') }, { lesson: 2, deck: deck('二') }])
    expect(docs.map(d => [d.id, d.lesson, d.kind, d.title])).toEqual([
      [0, 1, 'title', 'kubectl 与 CRD'],
      [1, 1, 'body', 'kubectl 与 CRD'],
      [2, 1, 'note', 'kubectl 与 CRD'],
      [3, 2, 'title', '二'],
      [4, 2, 'body', '二'],
      [5, 2, 'note', '二'],
    ])
    expect(docs.every(d => !('appendix' in d))).toBe(true)
  })
})

describe('tokenize', () => {
  it('cuts Chinese without spaces into words, and keeps technical terms whole', () => {
    expect(tokenize('容器运行时接口 CRI 由 kubelet 调用')).toEqual(expect.arrayContaining(['容器', 'CRI', 'kubelet']))
    expect(tokenize('RuntimeClass 选择 handler')).toEqual(expect.arrayContaining(['RuntimeClass', 'handler']))
    expect(tokenize('，。！ ')).toEqual([])
  })
})

describe('searchSlides', () => {
  const piece = (id: number, no: number, kind: SearchDoc['kind'], title: string, text: string, click = 0): SearchDoc => ({ id, lesson: 3, no, title, kind, click, text })
  const docs = [
    piece(0, 1, 'title', '动态准入 webhook', ''),
    piece(1, 1, 'note', '动态准入 webhook', '准入 webhook 修改或拒绝写请求。'),
    piece(2, 2, 'title', '写入 etcd 之前的准备', ''),
    piece(3, 2, 'body', '写入 etcd 之前的准备', '先准备证书，再写入配置。'),
    piece(4, 3, 'title', '容器运行时', ''),
    piece(5, 3, 'note', '容器运行时', 'kubelet 经 CRI 调用运行时。', 0),
    piece(6, 3, 'note', '容器运行时', '用 crictl 查看容器。', 2),
    piece(7, 4, 'title', '动手实验', ''),
    piece(8, 4, 'body', '动手实验', 'docker exec kind-control-plane crictl ps', 0),
    piece(9, 5, 'note', '小结', '<script>alert(1)</script> 与 CRI', 3),
  ]
  // Built in beforeAll: an engine broken at load fails these tests rather than the collection of the file.
  let index: MiniSearch<SearchDoc>
  beforeAll(() => {
    index = loadMiniSearch({ version: 1, lessons: [], index: JSON.parse(JSON.stringify(buildMiniSearch(docs))) })
  })

  it('finds a Chinese word only where its characters stand together (准入, not 准…入)', () => {
    expect(searchSlides(index, '准入').map(h => h.no)).toEqual([1])
  })

  it('ranks the title that names the term first, and opens there at step 0', () => {
    const [first] = searchSlides(index, '准入')
    expect(first).toMatchObject({ no: 1, click: 0, title: '动态准入 webhook' })
    expect(first.snippet).toBe('<mark>准入</mark> webhook 修改或拒绝写请求。')
  })

  it('prefers the word itself to words it begins (CRI before crictl), and opens a notes hit at its click', () => {
    const hits = searchSlides(index, 'CRI')
    expect(hits.map(h => h.no)).toEqual([3, 5, 4])
    expect(hits.find(h => h.no === 5)).toMatchObject({ kind: 'note', click: 3 })
  })

  it('escapes the text of a snippet and marks only the match', () => {
    const hit = searchSlides(index, 'CRI').find(h => h.no === 5)!
    expect(hit.snippet).toBe('&#60;script&#62;alert(1)&#60;/script&#62; 与 <mark>CRI</mark>')
  })

  it('needs every term of a query of several words', () => {
    expect(searchSlides(index, 'kubelet CRI').map(h => h.no)).toEqual([3])
    expect(searchSlides(index, '准入 CRI')).toEqual([])
    expect(searchSlides(index, '   ')).toEqual([])
  })

  it('puts a window around the match with ellipses, and builds the hit URL', () => {
    expect(snippetOf(`${'甲'.repeat(100)}目标${'乙'.repeat(100)}`, ['目标'], 4)).toBe('…甲甲甲甲<mark>目标</mark>乙乙乙乙乙乙…')
    expect(queryTerms('  RuntimeClass  准入 ')).toEqual(['runtimeclass', '准入'])
    expect(hitUrl({ lesson: 2, no: 14, click: 0 })).toBe('/lesson-2/14')
    expect(hitUrl({ lesson: 3, no: 5, click: 2 }, './')).toBe('./lesson-3/5?clicks=2')
  })
})

describe('searchSlides: matching and ranking', () => {
  const piece = (id: number, no: number, kind: SearchDoc['kind'], title: string, text: string, click = 0, appendix?: boolean): SearchDoc =>
    ({ id, lesson: 2, no, title, kind, click, text, ...(appendix ? { appendix } : {}) })
  const docs = [
    piece(0, 1, 'title', 'RuntimeClass 与 handler', ''),
    piece(1, 1, 'body', 'RuntimeClass 与 handler', 'runtimeClassName 选择 runsc', 2),
    piece(2, 1, 'note', 'RuntimeClass 与 handler', '先讲 RuntimeClass。', 0),
    piece(3, 2, 'title', '附录：调度', ''),
    piece(4, 2, 'note', '附录：调度', '调度器为 Pod 选择节点。kubelet 随后启动容器。', 1, true),
    piece(5, 3, 'title', 'kubectl 插件', ''),
    piece(6, 3, 'body', 'kubectl 插件', 'kubectl-hello 是放在 PATH 上的插件，版本 v1.34 起可用。', 1),
    piece(7, 4, 'title', '运行时', ''),
    piece(8, 4, 'note', '运行时', 'handler 名字在节点上配置。', 3),
    piece(9, 5, 'title', '准入控制', ''),
  ]
  let index: MiniSearch<SearchDoc>
  beforeAll(() => {
    index = buildMiniSearch(docs)
  })

  it('finds a longer word from its first three letters, not from two', () => {
    expect(searchSlides(index, 'runtimecl').map(h => h.no)).toEqual([1])
    expect(searchSlides(index, 'ru')).toEqual([])
  })

  it('reads a full-width or capitalised query as the text\'s words', () => {
    expect(searchSlides(index, 'ＫＵＢＥＬＥＴ').map(h => h.no)).toEqual([2])
    expect(searchSlides(index, 'V1.34').map(h => h.no)).toEqual([3])
  })

  it('treats a query\'s dot as a dot, not as any character', () => {
    expect(snippetOf('v1x34 与 v1.34', ['v1.34'])).toBe('v1x34 与 <mark>v1.34</mark>')
  })

  it('offers close matches when no piece holds the query (a typo)', () => {
    expect(searchSlides(index, 'kubeletx').map(h => h.no)).toEqual([2])
  })

  it('opens a slide at its earliest matching step; on the same step the body before the notes', () => {
    const [hit] = searchSlides(index, 'handler')
    expect(hit).toMatchObject({ no: 1, kind: 'title', click: 0 })
    expect(searchSlides(index, 'handler').map(h => h.no)).toEqual([1, 4])
    expect(searchSlides(index, '节点').sort((a, b) => a.no - b.no)).toEqual([
      expect.objectContaining({ no: 2, kind: 'note', click: 1, appendix: true, title: '附录：调度', lesson: 2 }),
      expect.objectContaining({ no: 4, kind: 'note', click: 3, appendix: false }),
    ])
  })

  it('a title hit shows the slide\'s best other piece as its snippet, or the title when there is none', () => {
    expect(searchSlides(index, 'RuntimeClass')[0].snippet).toBe('先讲 <mark>RuntimeClass</mark>。')
    expect(searchSlides(index, '准入控制')).toEqual([expect.objectContaining({ no: 5, kind: 'title', snippet: '<mark>准入控制</mark>' })])
  })

  it('returns at most `limit` hits, the best first', () => {
    const all = searchSlides(index, 'handler')
    expect(searchSlides(index, 'handler', 1)).toEqual(all.slice(0, 1))
    expect(all[0].score).toBeGreaterThan(all[1].score)
  })
})

describe('snippetOf', () => {
  it('without terms, the start of the text, escaped', () => {
    expect(snippetOf(`<b>${'甲'.repeat(200)}`, [], 4)).toBe(`&#60;b&#62;${'甲'.repeat(9)}`)
  })

  it('marks the longest term where terms overlap, and every match in the window', () => {
    expect(snippetOf('kube 与 kubelet 与 kubelet', ['kube', 'kubelet'])).toBe('<mark>kube</mark> 与 <mark>kubelet</mark> 与 <mark>kubelet</mark>')
  })

  it('marks the original text where lowercasing changes its length', () => {
    expect(snippetOf('İstanbul 的 CRI 接口', ['cri'])).toBe('İstanbul 的 <mark>CRI</mark> 接口')
  })

  it('no ellipsis where the window reaches an end of the text', () => {
    expect(snippetOf(`目标${'乙'.repeat(8)}`, ['目标'], 4)).toBe('<mark>目标</mark>乙乙乙乙乙乙…')
    expect(snippetOf(`${'甲'.repeat(4)}目标`, ['目标'], 4)).toBe('甲甲甲甲<mark>目标</mark>')
  })
})

describe('searchSlides: which piece and which slide win', () => {
  const piece = (id: number, no: number, kind: SearchDoc['kind'], title: string, text: string, click = 0): SearchDoc => ({ id, lesson: 1, no, title, kind, click, text })
  const docs = [
    piece(0, 1, 'title', '工具', ''),
    piece(1, 1, 'body', '工具', 'crictl crictl crictl crictl crictl'),
    piece(2, 2, 'title', '接口', ''),
    piece(3, 2, 'note', '接口', '这一页讲了很多很多别的事情，节点、容器、镜像、网络、存储、调度、日志、监控，最后才提到 CRI。'),
    piece(4, 3, 'title', '轮换', ''),
    piece(5, 3, 'body', '轮换', '证书 证书 证书', 3),
    piece(6, 3, 'note', '轮换', '很长的一段话，其中讲到了证书的轮换和过期，以及其他许多内容，还有更多的内容。', 1),
    piece(7, 3, 'body', '轮换', '关于过期的证书和别的很多很多很多内容，以及其他。', 1),
    piece(8, 4, 'title', '准许', ''),
    piece(9, 4, 'note', '准许', '准 与 入 分开写。'),
    piece(10, 5, 'note', '准入', '动态准入控制。'),
    piece(11, 6, 'title', 'webhook 配置', ''),
    piece(12, 7, 'note', '别处', '这里很长很长的一段文字提到 webhook 一次，还有很多别的内容填充这一段话。'),
    piece(13, 8, 'note', '拼错', 'webhoak 拼错了。'),
  ]
  let index: MiniSearch<SearchDoc>
  beforeAll(() => {
    index = buildMiniSearch(docs)
  })

  it('opens at the earliest step that shows the match; on one step, the slide before the notes; not at the best-scored piece', () => {
    expect(searchSlides(index, '证书')).toEqual([expect.objectContaining({ no: 3, kind: 'body', click: 1 })])
  })

  it('keeps only pieces that hold the query\'s characters together, when some do', () => {
    expect(searchSlides(index, '准入').map(h => h.no)).toEqual([5])
  })

  it('does not offer close spellings when the word itself is found', () => {
    expect(searchSlides(index, 'webhook').map(h => h.no)).toEqual([6, 7])
  })

  it('a title match counts double, and a piece holding only longer words (crictl for CRI) counts less', () => {
    const [title] = searchSlides(index, 'webhook')
    expect(title.score).toBeCloseTo(2 * index.search('webhook')[0].score, 6)
    const crictl = searchSlides(index, 'CRI').find(h => h.no === 1)!
    expect(crictl.score).toBeCloseTo(0.3 * index.search('CRI').find(r => r.id === 1)!.score, 6)
  })
})
