/**
 * The browser side of reviewing alone, shared by the lessons and the landing
 * page: the search index is fetched once from the course site itself (never
 * from off the machine). Loaded when the search opens: the engine (MiniSearch)
 * stays out of the code a slide needs to show.
 */
import type { SearchHit, SearchIndexFile } from './engine'
import { loadMiniSearch, searchSlides } from './engine'

export interface CourseSearch {
  lessons: SearchIndexFile['lessons']
  search: (query: string, limit?: number) => SearchHit[]
}

const loaded = new Map<string, Promise<CourseSearch>>()

/** Fetches and opens the index at `url` (relative to the course's root), once per page. */
export function loadCourseSearch(url: string): Promise<CourseSearch> {
  let promise = loaded.get(url)
  if (!promise) {
    promise = (async () => {
      const response = await fetch(url)
      if (!response.ok)
        throw new Error(`${url}: HTTP ${response.status}`)
      const file = await response.json() as SearchIndexFile
      const index = loadMiniSearch(file)
      return { lessons: file.lessons, search: (query, limit) => searchSlides(index, query, limit) }
    })()
    promise.catch(() => loaded.delete(url))
    loaded.set(url, promise)
  }
  return promise
}
