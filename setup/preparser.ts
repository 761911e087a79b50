import { definePreparserSetup } from '@slidev/types'
import { isAppendix, isLiveDeck } from '../scripts/shared/appendix'

// The live deck leaves the appendix out. Slidev's parser skips a slide whose
// frontmatter says `hide: true` (it is not in the deck at all: no route, no
// number, not in the presenter's "next"), so in the dev server that
// `npm run present` starts, appendix slides are hidden; `slidev build` (the
// review site, the handout) and `slidev export` keep them.
export default definePreparserSetup(({ mode }) => {
  if (!isLiveDeck(mode))
    return []
  return [{
    name: 'course:hide-appendix',
    async transformSlide(_content, frontmatter) {
      if (isAppendix(frontmatter))
        frontmatter.hide = true
      return undefined
    },
  }]
})
