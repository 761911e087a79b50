import { defineRoutesSetup } from '@slidev/types'

// /overview: the review mode (components/ReviewPage.vue) takes the place of
// Slidev's overview page: slides with their notes, a phone layout, interview
// answers hidden until tapped. Slidev's password guard stays on the route.
// /handout: every slide beside its speaker notes on A4 sheets, printed by
// `npm run export` as dist/pdf/lesson-N-handout.pdf.
export default defineRoutesSetup((routes) => {
  const overview = routes.find(route => route.name === 'overview')
  if (overview && 'component' in overview)
    overview.component = () => import('../components/ReviewPage.vue')
  return [
    ...routes,
    {
      name: 'handout',
      path: '/handout',
      component: () => import('../components/HandoutPage.vue'),
    },
  ]
})
