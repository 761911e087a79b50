// Type of Slidev's internal PrintSlide component. The real file is checked by
// Slidev, not by this project: tsconfig maps the import here so that vue-tsc
// does not type-check Slidev's client sources.
import type { SlideRoute } from '@slidev/types'
import type { DefineComponent } from 'vue'

declare const PrintSlide: DefineComponent<{ route: SlideRoute, hidden?: boolean }>
export default PrintSlide
