import { defineVitePluginsSetup } from '@slidev/types'
import { pacePlugin } from '../scripts/present/pace'

// The presenter's pace plan of the deck Slidev runs (dev server or build),
// as `virtual:course-pace`: scripts/present/pace.ts.
export default defineVitePluginsSetup(options => [pacePlugin(options.entry)])
