/**
 * Slidev's snippet import, `<<< ../../labs/lesson-N/x.sh bash {1-3}`, as the
 * build reads it: a line of a slide that Slidev replaces with the file as a
 * code block. Modules that read slides as markdown (the search index) inline
 * the file the same way, so a lab slide's code is searchable as shown.
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, extname, join } from 'node:path'
import { ROOT, SLIDES_DIR } from './project'

// eslint-disable-next-line regexp/no-super-linear-backtracking -- Slidev's own pattern (RE_SNIPPET_IMPORT); one short line
export const SNIPPET_LINE = /^<<<[ \t]*(\S.*?)(#[\w-]+)?[ \t]*(?:[ \t](\S+?))?[ \t]*(\{.*)?$/

/** The absolute path a snippet line of a slide in `slideFile` (relative to the root) names. */
export function snippetPath(path: string, slideFile: string): string {
  return path.startsWith('@/') ? join(SLIDES_DIR, path.slice(2)) : join(ROOT, dirname(slideFile), path)
}

/** `content` with each snippet line replaced by a fenced block of the file it names (left as it is when the file is missing). */
export function inlineSnippets(content: string, slideFile: string): string {
  return content.split('\n').map((line) => {
    const match = SNIPPET_LINE.exec(line.trim())
    if (!match)
      return line
    const [, path = '', , lang = '', meta = ''] = match
    const file = snippetPath(path, slideFile)
    if (!existsSync(file))
      return line
    const code = readFileSync(file, 'utf8')
    return `\`\`\`\`${`${lang || extname(path).slice(1)} ${meta}`.trim()}\n${code.endsWith('\n') ? code : `${code}\n`}\`\`\`\``
  }).join('\n')
}
