// Slidev imports Mermaid's bundled ESM build by path; it has the package's types.
declare module 'mermaid/dist/mermaid.esm.mjs' {
  import mermaid from 'mermaid'

  export default mermaid
}

declare module '#slidev/slides' {
  import type { SlideRoute } from '@slidev/types'
  import type { ShallowRef } from 'vue'

  export const slides: ShallowRef<SlideRoute[]>
}

// The pace plan of the deck being built or served (scripts/present/pace.ts).
declare module 'virtual:course-pace' {
  import type { PacePlan } from '../scripts/present/pace'

  export const plan: PacePlan
  export default plan
}
