import { defineMermaidRendererSetup } from '@slidev/types'
// The same build of Mermaid that Slidev imports, so the site bundles it once.
import mermaid from 'mermaid/dist/mermaid.esm.mjs'
import mermaidConfig from './mermaid'

let renders = 0

/**
 * Mermaid measures every label once, when it draws. The Chinese glyphs come
 * in unicode-range subsets that the browser fetches on first use, so a
 * diagram drawn before its subsets arrive measures a fallback font and clips
 * its labels. Load the faces for the diagram's own text first, then draw.
 */
export default defineMermaidRendererSetup(() => async (code, options) => {
  const family = '"Noto Sans SC"'
  await Promise.all([
    document.fonts.load(`16px ${family}`, code),
    document.fonts.load(`bold 16px ${family}`, code),
  ])
  const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined))
  mermaid.initialize({ startOnLoad: false, ...(await mermaidConfig()), ...defined })
  const container = document.getElementById('mermaid-rendering-container') ?? undefined
  const { svg } = await mermaid.render(`course-mermaid-${++renders}`, code, container)
  return svg
})
