/**
 * Which slides a learner has seen, kept in this browser's localStorage per
 * lesson. Apart from the search (search/client.ts) so that every slide can
 * remember itself without loading the search engine.
 */

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
