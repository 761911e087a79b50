import { defineRoutesSetup } from '@slidev/types'

// /handout: every slide beside its speaker notes on A4 sheets, printed by
// `npm run export` as dist/pdf/lesson-N-handout.pdf.
export default defineRoutesSetup(routes => [
  ...routes,
  {
    name: 'handout',
    path: '/handout',
    component: () => import('../components/HandoutPage.vue'),
  },
])
