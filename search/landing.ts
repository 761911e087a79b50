/**
 * The landing page's script (bundled by scripts/build/landing.ts into
 * dist/search/landing.js): the search box over the three lessons, and each
 * lesson's "已看 N / M" from this browser's localStorage.
 */
import type { SearchHit } from './engine'
import { loadCourseSearch } from './client'
import { hitUrl } from './engine'
import { seenSlides } from './seen'

const INDEX_URL = './search/index.json'

function showProgress() {
  for (const el of document.querySelectorAll<HTMLElement>('[data-progress]')) {
    const lesson = Number(el.dataset.progress)
    const total = Number(el.dataset.total)
    // A slide seen in an older build of a longer deck does not count twice.
    const seen = [...seenSlides(lesson)].filter(no => no <= total).length
    const count = el.querySelector('.seen-count')
    if (count)
      count.textContent = String(seen)
    el.style.setProperty('--done', `${total ? Math.round((seen / total) * 100) : 0}%`)
  }
}

const kindLabel: Record<SearchHit['kind'], string> = { title: '标题', body: '正文', note: '讲稿' }

function hitItem(hit: SearchHit, lessonTitles: Map<number, string>): HTMLLIElement {
  const li = document.createElement('li')
  const a = document.createElement('a')
  a.className = 'hit'
  a.href = hitUrl(hit, './')
  a.dataset.lesson = String(hit.lesson)
  a.dataset.slide = String(hit.no)
  a.dataset.click = String(hit.click)
  const where = document.createElement('span')
  where.className = 'where'
  where.textContent = `第 ${hit.lesson} 课 · 第 ${hit.no} 页${hit.click ? ` · 第 ${hit.click} 步` : ''}${hit.appendix ? ' · 附录' : ''} · ${kindLabel[hit.kind]} · ${lessonTitles.get(hit.lesson) ?? ''}`
  const title = document.createElement('span')
  title.className = 'title'
  title.textContent = hit.title
  const snippet = document.createElement('span')
  snippet.className = 'snippet'
  // Escaped by snippetOf; only <mark> is added.
  snippet.innerHTML = hit.snippet
  a.append(title, where, snippet)
  li.append(a)
  return li
}

function setUpSearch() {
  const input = document.querySelector<HTMLInputElement>('#search-input')
  const list = document.querySelector<HTMLOListElement>('#search-results')
  const status = document.querySelector<HTMLElement>('#search-status')
  if (!input || !list || !status)
    return
  let timer: ReturnType<typeof setTimeout> | undefined

  async function run() {
    const query = input!.value.trim()
    if (!query) {
      list!.replaceChildren()
      status!.textContent = ''
      return
    }
    status!.textContent = '正在搜索…'
    try {
      const course = await loadCourseSearch(INDEX_URL)
      if (input!.value.trim() !== query)
        return
      const hits = course.search(query)
      const titles = new Map(course.lessons.map(l => [l.number, l.title]))
      list!.replaceChildren(...hits.map(hit => hitItem(hit, titles)))
      status!.textContent = hits.length ? `找到 ${hits.length} 页` : `没有找到「${query}」`
    }
    catch (error) {
      status!.textContent = `搜索索引载入失败：${error instanceof Error ? error.message : error}`
    }
  }

  input.addEventListener('input', () => {
    clearTimeout(timer)
    timer = setTimeout(run, 60)
  })
  input.form?.addEventListener('submit', (event) => {
    event.preventDefault()
    clearTimeout(timer)
    run()
  })
  // `/` jumps to the search box, as in the lessons.
  document.addEventListener('keydown', (event) => {
    const target = event.target as HTMLElement | null
    if ((event.key === '/' || ((event.key === 'k' || event.key === 'K') && (event.ctrlKey || event.metaKey))) && !target?.closest('input, textarea')) {
      event.preventDefault()
      input.focus()
    }
  })
  if (input.value.trim())
    run()
}

showProgress()
setUpSearch()
// Back from a lesson (bfcache): the counts may have grown.
window.addEventListener('pageshow', showProgress)
