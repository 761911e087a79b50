/**
 * Whether this window shows the live talk (presenter and audience of
 * `npm run present`) rather than the review site: in the dev server always
 * (it serves only the talk); in a built site when the URL says `?live`, as
 * the URLs `npm run present` prints do (scripts/present/mode.ts). The tab
 * remembers it, so a link or a reload without the query stays live.
 *
 * The live view leaves the appendix out (setup/main.ts) and shows the pace
 * beside the presenter's timer (components/PresenterPace.vue); the review
 * site, its print page and the PDFs are never live.
 */
export const LIVE_QUERY = 'live'
const STORAGE_KEY = 'k8s-extension-points:live'

export function isLiveView(): boolean {
  if (import.meta.env.DEV)
    return true
  if (typeof location === 'undefined')
    return false
  if (new URLSearchParams(location.search).has(LIVE_QUERY)) {
    try {
      sessionStorage.setItem(STORAGE_KEY, '1')
    }
    catch {}
    return true
  }
  try {
    return sessionStorage.getItem(STORAGE_KEY) === '1'
  }
  catch {
    return false
  }
}
