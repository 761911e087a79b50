/**
 * The fenced code blocks of a deck: every slide's content and every slide's
 * speaker notes, read from markdown-it tokens, each with the file line of its
 * opening fence and the options written in its info string. A slide that
 * includes a file (Slidev's snippet import, `<<< ../../labs/lesson-N/x.sh
 * bash {1-3}`) contributes that file as a block, located in the file itself;
 * and every other file of a lab folder the deck includes from is checked too
 * (labs/lesson-N/: its manifests, configs and scripts, whether a slide shows
 * them or not).
 */
import type { Deck, DeckSlide } from '../../shared/deck'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, extname, join, normalize, relative, sep } from 'node:path'
import JSON5 from 'json5'
import MarkdownIt from 'markdown-it'
import { ROOT } from '../../shared/project'
import { SNIPPET_LINE, snippetPath } from '../../shared/snippets'

export interface CodeBlock {
  slide: DeckSlide
  /** 1-based among the slide's fenced blocks, content first, then notes. */
  index: number
  /** Where in the slide the block sits. */
  part: 'content' | 'notes'
  lang: string
  info: string
  /** The options object of the fence (`{fragment:'Pod.spec'}`), parsed with JSON5. */
  options: Record<string, unknown>
  /** Why the options could not be read, if they could not. */
  optionsError?: string
  code: string
  file: string
  /** 1-based file line of the opening fence; the code starts on the next line. */
  line: number
}

const md = new MarkdownIt({ html: true })

/** Options a fence may carry: Slidev's own (CodeBlockWrapper props, Mermaid) and the code check's. */
export const FENCE_OPTIONS = new Set(['fragment', 'unchecked', 'requires', 'lines', 'startLine', 'maxHeight', 'at', 'finally', 'scale', 'theme'])

/**
 * Splits an info string the way Slidev's code block wrapper reads it:
 * `lang [title] {ranges} {options}`. Ranges are `[\w,|*-]+`; the first other
 * brace group is the options object.
 */
export function parseInfo(info: string): { lang: string, ranges?: string, options: Record<string, unknown>, error?: string } {
  const lang = /^[\w'-]*/.exec(info.trim())?.[0].toLowerCase() ?? ''
  let ranges: string | undefined
  let options: Record<string, unknown> = {}
  let error: string | undefined
  for (const [group] of info.matchAll(/\{[^}]*\}/g)) {
    if (/^\{[\w,|*-]+\}$/.test(group) && ranges === undefined && !Object.keys(options).length) {
      ranges = group.slice(1, -1)
      continue
    }
    try {
      const parsed: unknown = JSON5.parse(group)
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
        options = { ...options, ...parsed as Record<string, unknown> }
      else
        error = `the fence options ${group} are not an object`
    }
    catch (e) {
      error = `the fence options ${group} do not parse (${(e as Error).message.replace(/^JSON5: /, '')}); write them as {fragment:'Pod.spec'}`
    }
  }
  return { lang, ranges, options, error }
}

const files = new Map<string, string>()
function source(file: string): string {
  let text = files.get(file)
  if (text === undefined) {
    text = readFileSync(join(ROOT, file), 'utf8').replace(/\r\n/g, '\n')
    files.set(file, text)
  }
  return text
}

function lineAt(text: string, offset: number): number {
  let line = 1
  for (let i = 0; i < offset; i++) {
    if (text.charCodeAt(i) === 10)
      line++
  }
  return line
}

/**
 * The 1-based file lines where the slide's content and notes start. Slidev
 * trims both, so each is a verbatim substring of the file from the slide's
 * first line on.
 */
export function partLines(slide: DeckSlide): { content: number, notes: number } {
  const text = source(slide.file)
  let from = 0
  for (let i = 1; i < slide.line && from >= 0; i++)
    from = text.indexOf('\n', from) + 1
  const contentAt = slide.content ? text.indexOf(slide.content, from) : -1
  const content = contentAt >= 0 ? lineAt(text, contentAt) : slide.line
  const notesAt = slide.note ? text.indexOf(slide.note, contentAt >= 0 ? contentAt + slide.content.length : from) : -1
  const notes = notesAt >= 0 ? lineAt(text, notesAt) : content
  return { content, notes }
}

export function blocksOf(slide: DeckSlide): CodeBlock[] {
  const lines = partLines(slide)
  const blocks: CodeBlock[] = []
  for (const part of ['content', 'notes'] as const) {
    const text = part === 'content' ? slide.content : slide.note
    if (!text)
      continue
    for (const token of md.parse(text, {})) {
      if (token.type !== 'fence')
        continue
      const { lang, options, error } = parseInfo(token.info)
      blocks.push({
        slide,
        index: blocks.length + 1,
        part,
        lang,
        info: token.info,
        options,
        optionsError: error,
        code: token.content,
        file: slide.file,
        line: lines[part] + (token.map?.[0] ?? 0),
      })
    }
  }
  return blocks
}

/** The language a lab file is checked as: by its extension, else its shebang. */
export function langOfFile(file: string, text: string): string {
  const ext = extname(file).slice(1).toLowerCase()
  if (ext === 'yml' || ext === 'yaml')
    return 'yaml'
  if (ext === 'json')
    return 'json'
  // `#!/bin/sh`, `#!/usr/bin/env bash`: the interpreter's name.
  const words = text.startsWith('#!') ? text.slice(2).split('\n')[0].trim().split(/\s+/) : []
  const interpreter = words[0]?.endsWith('/env') ? words[1] : words[0]
  const shebang = interpreter?.split('/').pop()
  if (shebang === 'bash' || shebang === 'sh')
    return shebang
  return ext === 'sh' ? 'sh' : ext
}

const posix = (path: string) => path.split(sep).join('/')

/** The files a slide includes with `<<<`, as blocks located in the included file (line 0: code line k is file line k). */
export function snippetsOf(slide: DeckSlide, first: number): CodeBlock[] {
  const blocks: CodeBlock[] = []
  for (const raw of slide.content.split('\n')) {
    const match = SNIPPET_LINE.exec(raw.trim())
    if (!match)
      continue
    const [, path = '', region, lang = '', meta = ''] = match
    const absolute = snippetPath(path, slide.file)
    const file = posix(relative(ROOT, normalize(absolute)))
    const code = existsSync(absolute) ? source(file) : ''
    const info = `${lang.trim() || extname(path).slice(1)} ${meta}`.trim()
    const { lang: parsedLang, options, error } = parseInfo(info)
    blocks.push({
      slide,
      index: first + blocks.length,
      part: 'content',
      lang: parsedLang,
      info,
      // A missing file is reported once, not checked as an empty block.
      options: existsSync(absolute) ? options : { ...options, unchecked: 'the file does not exist' },
      optionsError: error ?? (code ? (region ? `a region (${region}) of ${file} is checked as the whole file` : undefined) : `the included file ${file} does not exist`),
      code,
      file,
      line: 0,
    })
  }
  return blocks
}

export function blocksOfDeck(deck: Deck): CodeBlock[] {
  const blocks = deck.slides.flatMap((slide) => {
    const fenced = blocksOf(slide)
    return [...fenced, ...snippetsOf(slide, fenced.length + 1)]
  })
  // The rest of each lab folder the deck includes from, on the first slide that includes from it.
  const included = new Set(blocks.filter(b => b.line === 0).map(b => b.file))
  const folders = new Map<string, DeckSlide>()
  for (const block of blocks.filter(b => b.line === 0 && b.file.startsWith('labs/'))) {
    const folder = dirname(block.file)
    if (!folders.has(folder))
      folders.set(folder, block.slide)
  }
  for (const [folder, slide] of folders) {
    for (const name of readdirSync(join(ROOT, folder)).sort()) {
      const file = `${folder}/${name}`
      if (included.has(file) || name.startsWith('.') || !statSync(join(ROOT, file)).isFile())
        continue
      const code = source(file)
      const lang = langOfFile(file, code)
      const index = blocks.filter(b => b.slide === slide).length + 1
      blocks.push({ slide, index, part: 'content', lang, info: lang, options: {}, code, file, line: 0 })
    }
  }
  return blocks
}
