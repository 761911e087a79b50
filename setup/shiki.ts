import { defineShikiSetup } from '@slidev/types'

// GitHub's themes keep code readable on a projector and in print (the
// default Vitesse greens are too faint on the light background).
export default defineShikiSetup(() => ({
  themes: {
    light: 'github-light',
    dark: 'github-dark',
  },
  // Shiki gives up on a line after 500 ms of wall-clock time by default and
  // leaves the rest of it uncoloured. On a busy build machine the first theme
  // (light), which pays for compiling the grammar's regexes, ran out now and
  // then while the second did not: blocks plain in light mode only, and builds
  // that differed. The decks' code is short and ours, so no budget.
  tokenizeTimeLimit: 0,
}))
