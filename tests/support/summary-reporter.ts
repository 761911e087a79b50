import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter'
import process from 'node:process'

/**
 * Ends the run with one plain line, `tests: N passed, N failed, N skipped`,
 * which CI reads to tell a run that tested nothing from one that passed.
 */
export default class SummaryReporter implements Reporter {
  private passed = 0
  private failed = 0
  private skipped = 0

  onTestEnd(test: TestCase, result: TestResult) {
    if (result.status === 'skipped')
      this.skipped++
    // Count a test once, by its final outcome.
    else if (result.retry === test.retries || result.status === 'passed')
      test.outcome() === 'expected' || test.outcome() === 'flaky' ? this.passed++ : this.failed++
  }

  onEnd(_result: FullResult) {
    process.stdout.write(`tests: ${this.passed} passed, ${this.failed} failed, ${this.skipped} skipped\n`)
  }
}
