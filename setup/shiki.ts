import { defineShikiSetup } from '@slidev/types'

// GitHub's themes keep code readable on a projector and in print (the
// default Vitesse greens are too faint on the light background).
export default defineShikiSetup(() => ({
  themes: {
    light: 'github-light',
    dark: 'github-dark',
  },
}))
