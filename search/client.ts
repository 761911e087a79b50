/**
 * The browser side of reviewing alone, shared by the lessons and the landing
 * page: the search index is fetched once from the course site itself (never
 * from off the machine), and which slides a learner has seen is kept in this
 * browser's localStorage, per lesson.
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

export const SEEN_KEY_PREFIX = 'k8s-extension-points:seen:'

/** Slide numbers of `lesson` this browser has shown. */
export function seenSlides(lesson: number): Set<number> {
  try {
    const raw = JSON.parse(localStorage.getItem(`${SEEN_KEY_PREFIX}lesson-${lesson}`) ?? '[]') as unknown
    return new Set(Array.isArray(raw) ? raw.filter((n): n is number => Number.isInteger(n) && n > 0) : [])
  }
  catch {
    return new Set()
  }
}

/** Remembers that slide `no` of `lesson` was seen (storage full or blocked: nothing is kept). */
export function markSeen(lesson: number, no: number): void {
  const seen = seenSlides(lesson)
  if (seen.has(no))
    return
  seen.add(no)
  try {
    localStorage.setItem(`${SEEN_KEY_PREFIX}lesson-${lesson}`, JSON.stringify([...seen].sort((a, b) => a - b)))
  }
  catch {}
}

/** The lesson a built site belongs to, from its base path (`/lesson-2/`), or undefined. */
export function lessonOfBase(base: string): number | undefined {
  const match = /\/lesson-(\d+)\/$/.exec(base)
  return match ? Number(match[1]) : undefined
}
