import { defineAppSetup } from '@slidev/types'
import { plan } from 'virtual:course-pace'
import { slides } from '#slidev/slides'
import { isLiveView } from './live-view'

export default defineAppSetup(() => {
  if (typeof location === 'undefined')
    return
  const query = new URLSearchParams(location.search)
  // The live talk from a built site (`npm run present`: `?live`) leaves the
  // appendix out, as the dev server's preparser does (setup/preparser.ts).
  // The appendix comes last, so the live slides keep their numbers.
  if (!import.meta.env.DEV && !query.has('print') && isLiveView() && plan.appendix.length) {
    const appendix = new Set(plan.appendix)
    slides.value = slides.value.filter(route => !appendix.has(route.no))
  }
  // `?isolate` turns off Slidev's preloading of neighbouring slides, so that a
  // slide renders only when it is shown. The render check opens decks this way
  // to attribute every console message to the slide that caused it.
  if (!query.has('isolate'))
    return
  // `meta.preload` is a getter over the slide's frontmatter.
  for (const slide of slides.value) {
    const frontmatter = (slide.meta.slide as { frontmatter?: Record<string, unknown> } | undefined)?.frontmatter
    if (frontmatter)
      frontmatter.preload = false
  }
})
