/**
 * The build's figures: a clean build against plain `slidev export`, the export
 * alone, an incremental build; and whether the warm build's output is identical.
 */
import { mkdtemp, rename, rm } from 'node:fs/promises'
import os from 'node:os'
import { join } from 'node:path'
import process from 'node:process'
import { lessons } from '../../data/course'
import { compareDist } from '../build/compare-dist'
import { CLI_BUILDS_ENV } from '../build/sites'
import { resolveBrowser } from '../shared/browser'
import { copyProject } from '../shared/project-copy'
import { EDITED, expectBuilt, load, median, round, runProcess, RUNS, SLIDEV, TSX, withEditedSlide } from './measure'

export async function benchBuild() {
  const browser = resolveBrowser().executablePath
  const copy = await copyProject('bench-build-')
  const out = await mkdtemp(join(os.tmpdir(), 'plain-export-'))
  const rounds: Record<string, number | string>[] = []
  try {
    // Each part of a round, as a process in the copy.
    const clean = async () => {
      await rm(join(copy.root, 'dist'), { recursive: true, force: true })
      const run = await runProcess([TSX, 'scripts/build.ts'], copy.root)
      expectBuilt(copy.root)
      return run.seconds
    }
    const plain = async () => {
      const perLesson: Record<string, number> = {}
      for (const lesson of lessons)
        perLesson[lesson.slug] = (await runProcess([SLIDEV, 'export', join('slides', `${lesson.slug}.md`), '--output', join(out, `${lesson.slug}.pdf`), '--executable-path', browser], copy.root)).seconds
      return perLesson
    }
    for (let i = 0; i < RUNS; i++) {
      const loadBefore = load()
      // Clean, plain, clean: both sides see the same machine on average, however its load drifts.
      const before = await clean()
      const p = await plain()
      const after = await clean()
      const exportOnly = (await runProcess([TSX, 'scripts/export.ts'], copy.root)).seconds
      const incremental = await withEditedSlide(copy.root, i, () => runProcess([TSX, 'scripts/build.ts'], copy.root))
      if (!/^lesson-2: site and PDFs: changed: slides\/lesson-2\/05-authn\.md$/m.test(incremental.stdout) || !/^lesson-1: up to date, skipped/m.test(incremental.stdout))
        throw new Error(`the incremental build did not rebuild lesson 2 alone:\n${incremental.stdout}`)
      // Where the incremental build's time goes, from its own log: the one
      // lesson's site build and its print, which no skipping can avoid.
      const logged = (pattern: RegExp) => Number(pattern.exec(incremental.stdout)?.[1] ?? Number.NaN)
      const incrementalSite = logged(/^built dist\/lesson-2\/ in ([\d.]+) s$/m)
      const incrementalPrint = logged(/^printed dist\/pdf\/lesson-2\.pdf, dist\/pdf\/lesson-2-handout\.pdf in ([\d.]+) s$/m)
      if (Number.isNaN(incrementalSite) || Number.isNaN(incrementalPrint))
        throw new Error(`the incremental build's log does not say how long lesson 2's site and print took:\n${incremental.stdout}`)
      const plainTotal = Object.values(p).reduce((a, b) => a + b, 0)
      const cleanMean = (before + after) / 2
      const row = {
        cleanBuild: round(cleanMean),
        cleanBuildBeforePlain: round(before),
        cleanBuildAfterPlain: round(after),
        exportOnly: round(exportOnly),
        incrementalBuild: round(incremental.seconds),
        plainExport: round(plainTotal),
        ...Object.fromEntries(Object.entries(p).map(([k, v]) => [`plainExport ${k}`, round(v)])),
        cleanVsPlain: round(cleanMean / plainTotal, 3),
        exportOnlyVsPlain: round(exportOnly / plainTotal, 3),
        // Against the clean build just before it.
        incrementalVsClean: round(incremental.seconds / after, 3),
        incrementalSiteBuild: incrementalSite,
        incrementalPrint,
        incrementalSitePlusPrintVsClean: round((incrementalSite + incrementalPrint) / after, 3),
        loadAverageBefore: loadBefore,
        loadAverageAfter: load(),
      }
      rounds.push(row)
      console.log(`build round ${i + 1}/${RUNS}: clean ${row.cleanBuildBeforePlain} / ${row.cleanBuildAfterPlain} s around plain export ${row.plainExport} s (${row.cleanVsPlain}); export only ${row.exportOnly} s (${row.exportOnlyVsPlain}); after one edit ${row.incrementalBuild} s (${row.incrementalVsClean} of the clean build before it; its site ${incrementalSite} s + print ${incrementalPrint} s = ${row.incrementalSitePlusPrintVsClean}); load ${loadBefore} → ${row.loadAverageAfter}`)
    }
  }
  finally {
    await copy.remove()
    await rm(out, { recursive: true, force: true })
  }
  const m = (key: string) => round(median(rounds.map(r => r[key] as number)), key.includes('Vs') ? 3 : 2)
  return {
    what: {
      cleanBuild: 'npm run build from an empty dist/: three sites, six PDFs (slides and handout per lesson), the landing page and the search index; the build script as a process (tsx), without npm\'s own start-up',
      plainExport: 'the baseline: plain `slidev export slides/lesson-N.md` (a dev server, then the slides PDF only, appendix included), the three lessons one after another',
      exportOnly: 'npm run export alone: the six PDFs printed from already built sites (no site build); not comparable to a build',
      incrementalBuild: `npm run build after editing one slide (the title in ${EDITED}): lesson 2's site and PDFs, the landing page and the search index; lessons 1 and 3 skipped`,
      incrementalSiteBuild: 'of the incremental build: lesson 2\'s `slidev build` alone (from the build\'s log)',
      incrementalPrint: 'of the incremental build: printing lesson 2\'s two PDFs alone (from the build\'s log)',
      incrementalSitePlusPrintVsClean: 'those two over the clean build: the least an incremental build can take while it rebuilds a changed lesson\'s site and PDFs whole, as Slidev 52 and Chromium\'s printing do',
      where: 'a scratch copy of the project (its sources, node_modules shared by a symlink), so the working tree and its dist/ are not touched',
    },
    rounds: RUNS,
    order: 'each round: clean build, plain export (three lessons), clean build again, export only, incremental; the clean figure is the mean of the two around the plain export, so both see the same machine on average',
    cleanBuildSeconds: m('cleanBuild'),
    plainExportSeconds: m('plainExport'),
    cleanVsPlain: m('cleanVsPlain'),
    exportOnlySeconds: m('exportOnly'),
    exportOnlyVsPlain: m('exportOnlyVsPlain'),
    incrementalBuildSeconds: m('incrementalBuild'),
    incrementalVsClean: m('incrementalVsClean'),
    incrementalSiteBuildSeconds: m('incrementalSiteBuild'),
    incrementalPrintSeconds: m('incrementalPrint'),
    incrementalSitePlusPrintVsClean: m('incrementalSitePlusPrintVsClean'),
    targets: {
      cleanVsPlainAtMost0_6: m('cleanVsPlain') <= 0.6,
      incrementalVsCleanAtMost0_25: m('incrementalVsClean') <= 0.25,
    },
    samples: rounds,
  }
}

/**
 * The clean build gives the same output as building each lesson with
 * Slidev's CLI (`slidev build`, one process each), one after another, then
 * printing them, then the landing page: how npm run build worked before it
 * built the sites in one warm process and printed while building. Both in a
 * scratch copy, compared by scripts/compare-dist.ts.
 */
export async function benchIdentical() {
  const copy = await copyProject('bench-identical-')
  try {
    const dist = join(copy.root, 'dist')
    const sequential = performance.now()
    // Slidev's own CLI, one `slidev build` process per lesson.
    const cli = { ...process.env, [CLI_BUILDS_ENV]: '1' }
    for (const lesson of lessons)
      await runProcess([TSX, 'scripts/build.ts', String(lesson.number), '--no-pdf'], copy.root, cli)
    await runProcess([TSX, 'scripts/export.ts'], copy.root)
    await runProcess([TSX, 'scripts/build/landing.ts'], copy.root)
    const sequentialSeconds = (performance.now() - sequential) / 1000
    await rename(dist, `${dist}-sequential`)
    const pipelined = await runProcess([TSX, 'scripts/build.ts'], copy.root)
    const { files, pdfs, differences } = await compareDist(`${dist}-sequential`, dist)
    return {
      what: 'a clean npm run build (the sites in one warm Slidev process, each lesson printed as soon as its site is built) against each lesson built by Slidev\'s CLI (a slidev build process each, COURSE_BUILD_WITH_CLI=1), one after another, then printed, then the landing page: every file byte for byte, the PDFs object by object apart from their dates and Chromium\'s DOM node ids',
      identical: differences.length === 0,
      files,
      pdfs,
      differences: differences.slice(0, 20),
      sequentialSeconds: round(sequentialSeconds),
      pipelinedSeconds: round(pipelined.seconds),
    }
  }
  finally {
    await copy.remove()
  }
}

// ------------------------------------------------------------------ present
