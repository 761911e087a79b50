import { defineVitePluginsSetup } from '@slidev/types'
import { pacePlugin } from '../scripts/present/pace-plugin'

// The presenter's pace plan of the deck Slidev runs (dev server or build),
// as `virtual:course-pace`: scripts/present/pace-plugin.ts.
export default defineVitePluginsSetup(options => [pacePlugin(options.entry)])
