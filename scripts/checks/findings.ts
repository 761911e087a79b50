/**
 * What every check reports: a rule, where (file, line and slide), and what is wrong.
 * The lint, the timing model and the code check all speak it.
 */

export type LintRule
  = | 'title'
    | 'notes'
    | 'bullets'
    | 'code-length'
    | 'remote-resource'
    | 'click-markers'
    | 'coverage'
    | 'spelling'
    | 'mermaid'
    | 'deck'
    | 'timing'
    | 'code'
    | 'draft-reference'
    | 'lab-cluster'

export interface LintFinding {
  rule: LintRule
  /** "file:line (slide N «title»)", or the entry file for deck-wide findings. */
  where: string
  slide?: number
  message: string
}

export function formatFinding(f: LintFinding): string {
  return `${f.where}: [${f.rule}] ${f.message}`
}
