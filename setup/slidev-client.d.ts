// Types for the few parts of Slidev's client that the course's own pages use
// (global-top.vue, components/ReviewPage.vue). Slidev ships its client as
// TypeScript and Vue sources written for its own build, which do not type
// check on their own; tsconfig.json's `paths` sends the type checker here,
// while Vite still bundles the real modules.
import type { ClicksContext, SlideRoute } from '@slidev/types'
import type { ComputedRef, DefineComponent, Ref } from 'vue'

export interface CourseNav {
  slides: Ref<SlideRoute[]>
  currentSlideNo: ComputedRef<number>
  isPlaying: ComputedRef<boolean>
  isPrintMode: ComputedRef<boolean>
  isPresenter: ComputedRef<boolean>
  go: (no: number | string, clicks?: number, force?: boolean) => Promise<void>
}

/** @slidev/client */
export function useNav(): CourseNav

/** @slidev/client/composables/useClicks.ts */
export function createFixedClicks(route?: SlideRoute, currentInit?: number): ClicksContext

/** @slidev/client/composables/useTimer.ts: the presenter's timer (shared by the windows of the talk). */
export function useTimer(): {
  status: ComputedRef<'stopped' | 'running' | 'paused' | undefined>
  /** Seconds since the timer was started (paused time left out; 0 when stopped). */
  passed: ComputedRef<number>
}

/** @slidev/client/constants.ts */
export const CLICKS_MAX: number

/** @slidev/client/internals/*.vue */
declare const component: DefineComponent<Record<string, unknown>>
export default component
