import { defineMermaidSetup } from '@slidev/types'

// One look for every diagram of the course; the layer colours live in the
// diagrams themselves (classDef), taken from data/course.ts.
export default defineMermaidSetup(() => ({
  theme: 'neutral',
  fontFamily: '"Noto Sans SC", sans-serif',
  // One row of participants is enough on a slide.
  sequence: { mirrorActors: false },
}))
