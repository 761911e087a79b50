import { defineAppSetup } from '@slidev/types'
import { slides } from '#slidev/slides'

// `?isolate` turns off Slidev's preloading of neighbouring slides, so that a
// slide renders only when it is shown. The render check opens decks this way
// to attribute every console message to the slide that caused it.
export default defineAppSetup(() => {
  if (typeof location === 'undefined' || !new URLSearchParams(location.search).has('isolate'))
    return
  // `meta.preload` is a getter over the slide's frontmatter.
  for (const slide of slides.value) {
    const frontmatter = (slide.meta.slide as { frontmatter?: Record<string, unknown> } | undefined)?.frontmatter
    if (frontmatter)
      frontmatter.preload = false
  }
})
