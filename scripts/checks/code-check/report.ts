/**
 * How the code check speaks: findings as `file:line (slide N «title») block K,
 * document D: $.path: message`, the per-lesson summary, and both as findings
 * of the script lint's `code` rule.
 */
import type { Deck } from '../../shared/deck'
import type { LintFinding } from '../findings'
import type { CodeFinding, CodeSummary } from './index'
import { relative } from 'node:path'
import { ROOT } from '../../shared/project'
import { checkCode, CHECKED_TARGET } from './index'
import { ShellCheckMissing } from './shell'

export function formatCodeFinding(f: CodeFinding): string {
  return `${whereOf(f)} ${blockOf(f)}: ${f.message}`
}

function whereOf(f: CodeFinding): string {
  return `${f.file}:${f.line} (slide ${f.slide} «${f.title || 'untitled'}»)`
}

function blockOf(f: CodeFinding): string {
  return `block ${f.block}${f.document ? `, document ${f.document}` : ''}`
}

export function checkedCount(s: CodeSummary): number {
  return Object.values(s.checked).reduce((a, b) => a + (b ?? 0), 0)
}

export function formatSummary(label: string, s: CodeSummary): string {
  const kinds = Object.entries(s.checked).map(([k, n]) => `${n} ${k}`).join(', ')
  const unchecked = Object.entries(s.unchecked).map(([lang, n]) => `${n} ${lang}`).join(', ')
  const total = Object.values(s.unchecked).reduce((a, b) => a + b, 0)
  return `${label}: ${s.blocks} code blocks, ${checkedCount(s)} checked${kinds ? ` (${kinds})` : ''}, ${s.optedOut} opted out, ${total} unchecked${unchecked ? ` (${unchecked})` : ''}; ${s.celExpressions} CEL expressions: ${(s.share * 100).toFixed(1)} % checked (target ≥ ${CHECKED_TARGET * 100} %)`
}

/** The code check as findings of the script lint's `code` rule, the share below target among them. */
export async function codeLintFindings(deck: Deck): Promise<LintFinding[]> {
  const entry = relative(ROOT, deck.entry)
  let report
  try {
    report = await checkCode(deck)
  }
  catch (error) {
    if (error instanceof ShellCheckMissing)
      return [{ rule: 'code', where: entry, message: error.message }]
    throw error
  }
  const findings: LintFinding[] = report.findings.map(f => ({ rule: 'code', where: whereOf(f), slide: f.slide, message: `${blockOf(f)}: ${f.message}` }))
  if (report.summary.share < CHECKED_TARGET)
    findings.push({ rule: 'code', where: entry, message: `only ${(report.summary.share * 100).toFixed(1)} % of the code blocks are checked (target ≥ ${CHECKED_TARGET * 100} %): ${report.summary.optedOut} opted out, ${Object.values(report.summary.unchecked).reduce((a, b) => a + b, 0)} in languages the check does not read` })
  return findings
}

/** The summary line of a deck, for the lint's output. */
export async function codeSummaryLine(deck: Deck, label: string): Promise<string> {
  try {
    return formatSummary(label, (await checkCode(deck)).summary)
  }
  catch (error) {
    return `${label}: code check did not run: ${(error as Error).message}`
  }
}
