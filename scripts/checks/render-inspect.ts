/**
 * The render check's eye in the page: what is wrong with the slide shown now
 * (Mermaid errors and cut labels, broken images, unknown components, content
 * outside the canvas or clipped by a box, fonts, legibility). `inspectSlide`
 * runs inside the page (Playwright serialises it), so it uses nothing from
 * this module's scope but its argument.
 */

export type ProblemKind
  = | 'page-error'
    | 'console-error'
    | 'failed-request'
    | 'external-request'
    | 'mermaid'
    | 'broken-image'
    | 'unknown-component'
    | 'overflow'
    | 'font'
    | 'small-text'
    | 'dense-text'
    | 'navigation'

/**
 * Readable on a projector. Sizes are CSS pixels on Slidev's 980 × 552 canvas,
 * after every transform (Slidev's own scaling to the window divided out; a
 * `{scale: 0.55}` Mermaid diagram or a zoomed component counts at the size it
 * is drawn).
 */
export const LEGIBILITY = {
  /**
   * Body text: at 14 px on a 980 px wide canvas a character is 1/70 of the
   * screen's width, about 2.9 cm on a 2 m wide projection: readable from the
   * back of a classroom (about 10 m, the usual 1:200 rule of thumb for the
   * smallest readable character height). Slidev's body text is 16 px.
   */
  bodyMinPx: 14,
  /** Tables, footnotes, code and diagram labels are read up close or looked up: 12 px (Slidev's code size). */
  smallMinPx: 12,
  /**
   * What counts as small print (12 px floor): markdown tables, footnotes
   * (`.footnote`, `.footnotes`, `footer`, `small`, `sup`, `sub`, a figure's or
   * table's caption, `.fine-print`), code blocks (Slidev sets them at 12 px),
   * and diagrams (Mermaid, SVG, the course's diagram components, anything
   * marked `data-diagram`).
   */
  smallSelector: 'table, caption, figcaption, .footnote, .footnotes, footer, small, sup, sub, .fine-print, pre, .slidev-code, .mermaid, svg, [data-diagram], .layer-map, .journey-map, .reconcile-loop, .framework, .admission-chain',
  /**
   * Too much to read while listening: at most 150 Chinese characters of body
   * text visible at any click (the slide guide's "one idea, six short
   * bullets"; about 40 s of reading, while the speaker says the same in the
   * notes). Code blocks and diagrams are not counted, titles are.
   */
  maxHanChars: 150,
  /** Not counted as body text for the character budget. */
  notProseSelector: 'pre, .slidev-code, .mermaid, svg, [data-diagram], .layer-map, .journey-map, .reconcile-loop, .framework, .admission-chain',
  /**
   * Appendix slides (frontmatter `appendix: true`) are never projected: they
   * are read up close, in the review site and the handout (where 12 px prints
   * at 6.4 pt). All their text gets the small-print floor, and the character
   * budget does not apply (long tables are what the appendix is for).
   */
  appendixMinPx: 12,
  /** Measuring slack: layout sizes are whole pixels. */
  tolerancePx: 0.25,
} as const

export type Legibility = typeof LEGIBILITY

export interface DomFinding { kind: ProblemKind, detail: string }

export interface Inspection { settled: boolean, waitingFor?: string, findings: DomFinding[], title: string }

/** Runs in the page: what is wrong with the slide that is shown now. */
export function inspectSlide({ no, mermaidExpected, legibility, appendix }: { no: number, mermaidExpected: number, legibility: Legibility, appendix: boolean }): Inspection {
  const findings: DomFinding[] = []
  const slide = document.querySelector<HTMLElement>(`#slideshow .slidev-page-${no}`)
  // Slidev mounts a slide's content asynchronously and shows its loading
  // indicator only after 300 ms: until the layout is there, the slide (and
  // its click steps) does not exist yet.
  if (!slide || slide.querySelector('.slidev-slide-loading') || !slide.querySelector('.slidev-layout'))
    return { settled: false, waitingFor: 'the slide did not load', findings, title: '' }
  // A slide still fading in would look hidden to every check below.
  if (/-(?:enter|leave)-/.test(slide.className) || getComputedStyle(slide).opacity !== '1')
    return { settled: false, waitingFor: 'the slide transition did not end', findings, title: '' }
  const title = slide.querySelector('h1')?.textContent?.trim() ?? ''

  // Up the tree, out of a shadow root (a Mermaid diagram) to its host.
  const up = (e: Element): Element | null => e.parentElement ?? ((e.getRootNode() as ShadowRoot).host ?? null)
  const hidden = (el: Element): boolean => {
    for (let e: Element | null = el; e && e !== slide; e = up(e)) {
      const style = getComputedStyle(e)
      if (style.display === 'none' || style.visibility === 'hidden' || Number(style.opacity) === 0)
        return true
      if (e.classList.contains('slidev-vclick-hidden'))
        return true
    }
    return false
  }
  const describe = (el: Element): string => {
    const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40)
    const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).slice(0, 2).join('.')}` : ''
    return `<${el.tagName.toLowerCase()}${cls}>${text ? ` "${text}"` : ''}`
  }

  // Mermaid: Slidev renders each diagram into a shadow root, or replaces it
  // with a <pre> holding the parse error.
  const drawn = [...slide.querySelectorAll('.mermaid')].filter(d => d.shadowRoot?.querySelector('svg')).length
  const errorPres = [...slide.querySelectorAll('pre')].filter(p => !p.closest('.shiki') && /error/i.test(p.textContent ?? ''))
  for (const pre of errorPres)
    findings.push({ kind: 'mermaid', detail: `Mermaid error: ${(pre.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 160)}` })
  if (drawn + errorPres.length < mermaidExpected)
    return { settled: false, waitingFor: `${mermaidExpected - drawn} of ${mermaidExpected} Mermaid diagram(s) did not render`, findings, title }

  // Mermaid sizes each label box once, when it draws: text wider than its box
  // (drawn in another font than it was measured with) is cut off.
  for (const diagram of slide.querySelectorAll('.mermaid')) {
    for (const box of diagram.shadowRoot?.querySelectorAll('foreignObject') ?? []) {
      const label = box.firstElementChild as HTMLElement | null
      const outer = box.getBoundingClientRect()
      const inner = label?.getBoundingClientRect()
      if (label && inner && (inner.width > outer.width + 1 || inner.height > outer.height + 1 || label.scrollWidth > label.clientWidth + 1))
        findings.push({ kind: 'mermaid', detail: `Mermaid label "${(label.textContent ?? '').trim().slice(0, 40)}" is cut off by its box` })
    }
  }

  const images = [...slide.querySelectorAll('img')]
  if (images.some(img => !img.complete))
    return { settled: false, waitingFor: 'an image did not finish loading', findings, title }
  for (const img of images) {
    if (img.naturalWidth > 0)
      continue
    // On a busy machine Chromium reports an SVG as complete a moment before it
    // knows its size; decode() tells a broken image from one still being read.
    const decoded = img.dataset.courseDecode
    if (!decoded) {
      img.dataset.courseDecode = 'pending'
      img.decode().then(() => (img.dataset.courseDecode = 'loaded'), () => (img.dataset.courseDecode = 'broken'))
    }
    if (decoded === 'broken')
      findings.push({ kind: 'broken-image', detail: `image did not load: ${img.getAttribute('src')?.slice(0, 120)}` })
    else if (decoded !== 'loaded')
      return { settled: false, waitingFor: 'an image is still being decoded', findings, title }
  }

  const all = [...slide.querySelectorAll('*')]
  for (const el of all) {
    const unknown = el instanceof HTMLUnknownElement || (el.tagName.includes('-') && !(el instanceof SVGElement) && !customElements.get(el.tagName.toLowerCase()))
    if (unknown)
      findings.push({ kind: 'unknown-component', detail: `<${el.tagName.toLowerCase()}> is not a component Vue knows (a typo, or a missing file in components/)` })
  }

  // Content outside the canvas: any shown element or run of text whose box
  // leaves the slide; content cut off by a box: any box that clips its own
  // content (overflow hidden, clip, auto or scroll: a scroll bar is not read
  // out in a talk), and any run of text that such a box cuts at any edge.
  const canvas = slide.getBoundingClientRect()
  const outside = (r: DOMRect) => r.width > 0 && r.height > 0
    && (r.left < canvas.left - 1 || r.top < canvas.top - 1 || r.right > canvas.right + 1 || r.bottom > canvas.bottom + 1)
  const reported = new Set<Element>()
  for (const el of all) {
    if (el.closest('svg') && el.tagName.toLowerCase() !== 'svg')
      continue
    if (hidden(el))
      continue
    const parentReported = el.parentElement && reported.has(el.parentElement)
    if (outside(el.getBoundingClientRect())) {
      reported.add(el)
      if (!parentReported)
        findings.push({ kind: 'overflow', detail: `${describe(el)} reaches outside the slide canvas` })
      continue
    }
    const style = getComputedStyle(el)
    const clips = /hidden|auto|scroll|clip/.test(style.overflowX + style.overflowY)
    // A glyph's box overhangs a tight line by up to a quarter of its size (see clipperOf).
    const overhang = Math.max(1, Number.parseFloat(style.fontSize) / 4)
    if (clips && el.clientWidth > 0 && el.clientHeight > 0 && (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + overhang)) {
      reported.add(el)
      findings.push({ kind: 'overflow', detail: `${describe(el)} cuts off its content (${el.scrollWidth}×${el.scrollHeight} in ${el.clientWidth}×${el.clientHeight})` })
    }
  }
  const zoom = slide.offsetWidth ? canvas.width / slide.offsetWidth : 1
  /**
   * The nearest box from `el` up that clips these text rects, if any. A
   * glyph's box is taller than its font size (Noto Sans SC: 1.45 em) and may
   * overhang a tight line: text counts as cut when the clip reaches its em box.
   */
  const clipperOf = (el: Element, rects: DOMRect[]): Element | undefined => {
    const em = Number.parseFloat(getComputedStyle(el).fontSize) * zoom
    for (let e: Element | null = el; e && e !== slide; e = e.parentElement) {
      const style = getComputedStyle(e)
      const clipsX = style.overflowX !== 'visible'
      const clipsY = style.overflowY !== 'visible'
      // Overflow does not apply to inline boxes.
      if ((!clipsX && !clipsY) || style.display === 'inline' || style.display === 'contents')
        continue
      // Its padding box: where content shows, inside the borders and beside any scroll bar.
      const outer = e.getBoundingClientRect()
      const left = outer.left + e.clientLeft * zoom
      const top = outer.top + e.clientTop * zoom
      const right = left + e.clientWidth * zoom
      const bottom = top + e.clientHeight * zoom
      const cut = (r: DOMRect) => {
        const overhang = Math.max(1, (r.height - em) / 2 + 1)
        return (clipsX && (r.left < left - 1 || r.right > right + 1)) || (clipsY && (r.top < top - overhang || r.bottom > bottom + overhang))
      }
      if (rects.some(r => r.width > 0 && r.height > 0 && cut(r)))
        return e
    }
    return undefined
  }
  const walker = document.createTreeWalker(slide, NodeFilter.SHOW_TEXT)
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement
    if (!parent || !node.textContent?.trim() || reported.has(parent) || hidden(parent))
      continue
    const range = document.createRange()
    range.selectNodeContents(node)
    const rects = [...range.getClientRects()]
    if (rects.some(outside)) {
      reported.add(parent)
      findings.push({ kind: 'overflow', detail: `text "${node.textContent.trim().slice(0, 40)}" runs outside the slide canvas` })
      continue
    }
    const box = parent.closest('svg') ? undefined : clipperOf(parent, rects)
    if (box && !reported.has(box)) {
      reported.add(box)
      findings.push({ kind: 'overflow', detail: `text "${node.textContent.trim().slice(0, 40)}" is cut off by ${describe(box)} (overflow: ${getComputedStyle(box).overflow})` })
    }
  }

  // Chinese text must be drawn with the self-hosted CJK face; a family the
  // page did not load means the system's fallback font, or none at all.
  const loaded = new Set([...document.fonts].filter(f => f.status === 'loaded').map(f => f.family.replace(/["']/g, '')))
  const cjk = /[\u3400-\u9FFF\uF900-\uFAFF]/
  const cjkFace = 'Noto Sans SC'
  if (!loaded.has(cjkFace) && cjk.test(slide.textContent ?? ''))
    findings.push({ kind: 'font', detail: `the CJK font "${cjkFace}" is not loaded` })
  const checkedFonts = new Set<string>()
  for (const el of all) {
    const ownText = [...el.childNodes].filter(n => n.nodeType === Node.TEXT_NODE).map(n => n.textContent).join('')
    if (!cjk.test(ownText) || hidden(el))
      continue
    const families = getComputedStyle(el).fontFamily.split(',').map(f => f.trim().replace(/["']/g, ''))
    const key = families.join(',')
    if (checkedFonts.has(key))
      continue
    checkedFonts.add(key)
    const cjkAt = families.indexOf(cjkFace)
    const firstSystem = families.findIndex(f => !loaded.has(f))
    if (cjkAt === -1 || (firstSystem !== -1 && firstSystem < cjkAt))
      findings.push({ kind: 'font', detail: `${describe(el)} is set in "${families.slice(0, 3).join(', ')}": its Chinese falls back to a system font` })
  }
  // Legibility: every visible run of text at its drawn size, and how much
  // Chinese body text the slide shows at this click.
  const canvasScale = slide.offsetWidth ? canvas.width / slide.offsetWidth : 1
  const closest = (el: Element, selector: string): boolean => {
    for (let e: Element | null = el; e && e !== slide; e = up(e)) {
      if (e.matches(selector))
        return true
    }
    return false
  }
  /** The transform scale an HTML element is drawn at: its box on screen over its layout box. */
  const htmlScale = (el: HTMLElement): number => {
    // Inline boxes cannot be transformed: walk up to an element that has a
    // transform of its own or is wide enough to measure precisely.
    for (let e: HTMLElement | null = el; e; e = e.parentElement) {
      const style = getComputedStyle(e)
      const own = style.transform !== 'none' || style.scale !== 'none' || (style.zoom && style.zoom !== '1' && style.zoom !== 'normal')
      const parent = e.parentElement
      if (own || e.offsetWidth >= 40 || !parent || !(parent instanceof HTMLElement)) {
        const r = e.getBoundingClientRect()
        if (e.offsetWidth >= e.offsetHeight && e.offsetWidth > 0)
          return r.width / e.offsetWidth
        return e.offsetHeight > 0 ? r.height / e.offsetHeight : 1
      }
    }
    return 1
  }
  const drawnPx = (parent: Element): number => {
    const fontSize = Number.parseFloat(getComputedStyle(parent).fontSize)
    if (parent instanceof SVGElement) {
      // SVG text: its font size in user units times the user space's scale on screen.
      const ctm = (parent as SVGGraphicsElement).getScreenCTM?.()
      return fontSize * (ctm ? Math.hypot(ctm.a, ctm.b) : 1) / canvasScale
    }
    return fontSize * htmlScale(parent as HTMLElement) / canvasScale
  }
  const inCanvas = (rects: DOMRect[]) => rects.some(r => r.width > 0 && r.height > 0
    && r.right > canvas.left && r.left < canvas.right && r.bottom > canvas.top && r.top < canvas.bottom)
  const transparent = (parent: Element): boolean => {
    const style = getComputedStyle(parent)
    const paint = parent instanceof SVGElement ? style.fill : style.color
    return paint === 'none' || paint === 'transparent' || /rgba\([^)]*,\s*0\)$/.test(paint)
  }
  const roots: Node[] = [slide, ...[...slide.querySelectorAll('*')].flatMap(e => e.shadowRoot ? [e.shadowRoot] : [])]
  const small = new Map<string, { px: number, floor: number }>()
  let han = 0
  for (const root of roots) {
    const texts = document.createTreeWalker(root, NodeFilter.SHOW_TEXT)
    for (let node = texts.nextNode(); node; node = texts.nextNode()) {
      const parent = node.parentElement
      const text = node.textContent?.replace(/\s+/g, ' ').trim() ?? ''
      if (!parent || !text || parent.closest('style, script, title, desc') || hidden(parent) || transparent(parent))
        continue
      const range = document.createRange()
      range.selectNodeContents(node)
      if (!inCanvas([...range.getClientRects()]))
        continue
      const floor = appendix ? legibility.appendixMinPx : closest(parent, legibility.smallSelector) ? legibility.smallMinPx : legibility.bodyMinPx
      const px = drawnPx(parent)
      if (px < floor - legibility.tolerancePx) {
        const key = text.slice(0, 40)
        if (!small.has(key) || small.get(key)!.px > px)
          small.set(key, { px, floor })
      }
      if (!closest(parent, legibility.notProseSelector))
        han += (text.match(/\p{Script=Han}/gu) ?? []).length
    }
  }
  for (const [text, { px, floor }] of small)
    findings.push({ kind: 'small-text', detail: `"${text}" is ${px.toFixed(1)} px (at least ${floor} px for ${appendix ? 'appendix text' : floor === legibility.bodyMinPx ? 'body text' : 'tables, footnotes, code and diagrams'})` })
  if (han > legibility.maxHanChars && !appendix)
    findings.push({ kind: 'dense-text', detail: `${han} Chinese characters of body text on the slide (at most ${legibility.maxHanChars}): split it or move detail to the notes` })

  return { settled: true, findings, title }
}
