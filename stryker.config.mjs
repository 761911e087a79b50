// @ts-check
/**
 * Mutation testing of the modules that hold logic without a browser:
 * `npm run test:mutation` (StrykerJS with the Vitest runner over tests/unit/).
 * Each module's score goes to bench/results.json (scripts/checks/mutation-score.ts).
 *
 * Whole functions are chosen by their text, not by line numbers, so the lists
 * below follow the files as they change:
 * - the CLI `main()` and the `import.meta.url === …` blocks are left out: they
 *   only read argv and print (their failure paths are run as subprocesses by
 *   tests/failure-paths.spec.ts);
 * - data/course.ts: its helper functions only; mutating the data itself (a
 *   colour, a summary) says nothing about the tests.
 *
 * Narrowing `mutate`? Delete reports/stryker-incremental.json first: an
 * incremental run keeps the old results of a file's mutants outside the new
 * ranges. A run that only changed tests can miss kills too: `--force`.
 *
 * Mutants that survive, and why (last full run: bench/results.json `mutation`;
 * each one listed in reports/mutation/mutation.html):
 *
 * Equivalent — the code behaves the same, no test can tell:
 * - lint-slides.ts, deck.ts `flatten`: `[]` → `["Stryker was here"]`; a string
 *   among the tokens has no `type` and every rule skips it. The same for
 *   componentNames' `[]` (a component named "Stryker was here" cannot be a tag)
 *   and `lintAllow ?? []` (waiving a rule that does not exist).
 * - `t.type === 'fence'` / `token.type === 'image'` → `true` (deckProblems,
 *   declaredClicks, mermaidProblems, mermaidBlocksIn, the remote-resource
 *   rule): other tokens have an empty info string and no src, which the next
 *   test rejects. `attrGet('src') ?? ''` (no coverage): markdown-it's images
 *   always have a src.
 * - mermaidProblems `!fences.length` → `false`: Mermaid is loaded for a slide
 *   without diagrams; the findings are the same.
 * - notes length `/\s+/g` → `/\s/g`: whitespace removed in runs or one by one.
 *   A <link>'s rel split on `/\s+/` → `/\s/`: the empty words match no rel.
 * - code-length `fence.info.trim()` → `fence.info`: markdown-it trims it
 *   already. Line count `/\n$/` → `/\n/`, `''` → text: a fence's content ends
 *   in a newline; removing any one newline, or replacing it, counts the same.
 * - spelling: addresses replaced by "Stryker was here!" instead of '': it holds
 *   no misspelling.
 * - deck.ts `roots: [userRoot, ROOT]` → `[]`: Slidev's parser uses roots only
 *   to load a preparser, which loadDeck does not ask for (it reads every
 *   slide, appendix included). componentNames `/\.\w+$/` → `/\.\w+/`: differs
 *   only for a file name with two dots, and neither result is a usable tag.
 * - landing.ts sizeOf's `catch {}` → `{}` returns undefined all the same; the
 *   '\n      ' between links → '' is whitespace. The size span's `''` (no
 *   coverage) runs only when dist/pdf/ is missing: the test checks the branch
 *   the machine is in (npm test runs the unit tests before the build).
 * - browser.ts onPath: `stdio: ['ignore', 'pipe', 'ignore']` → `[]` only lets
 *   `which` print its own complaint; the `catch {}` blocks → `{}` return
 *   undefined all the same.
 * - inputs.ts combine: `.join('\n')` → `.join('')`; each entry is a path, a
 *   NUL and a 64-hex hash, each extra starts with `\0extra\0`, so the text
 *   splits into the same parts without a separator: equal inputs still hash
 *   equal, different ones differently. hashFiles' `.sort()` of the paths:
 *   combine sorts them itself, and `files` is filled in the order the reads
 *   finish either way. moduleGraph's `stopAt = []` → `["Stryker was here"]`:
 *   no module has that name. courseInputs' `'no pdf'` → `''`: a lesson's PDF
 *   state is its stamp's 64-hex hash, which differs from either. readStamp's
 *   `catch { return undefined }` → `{}` returns undefined all the same.
 *
 * Timing, search and the labs (last run of these modules: the four pure modules against
 * timing, pace, search and lab-cluster tests; the four lab modules against lab-run.test.ts):
 * Equivalent:
 * - timing.ts measureDeck `!section.first || …announcedMinutes === undefined` → `false` / `&&`: a
 *   section has `first` exactly when it has minutes; the one before any announcement would give NaN,
 *   and `NaN > SECTION_TOLERANCE` is false. The budget's wording `<` → `<=`, signedPercent `> 0` →
 *   `>= 0`: at the boundary nothing is printed. The table's `.trimEnd()`: the last column is
 *   right-aligned and never empty.
 * - search-index.ts: `textContent ?? ''` (elements and text nodes always have text); `<v-click>`
 *   without `at` → "Stryker was here!" is not a number, the next step as '' is; `t.type ===
 *   'heading_open'` → `true` (the first h1-tagged token is the heading's opening); `t.type === 'fence'`
 *   → `true`, `t.info.trim()` → `t.info` (other tokens have no info, markdown-it trims it);
 *   `parentElement?.` (an <li> has a parent); `v.slice(1)` → `v` (Number('+2') is 2);
 *   `!text.trim()` → `false` and the final `.filter(p => p.text)`: whitespace squeezes to nothing;
 *   `el !== box` → `true` (box is detached and never a click element); the self-closing rewrite's ''
 *   replacement (a component's tag holds no slide text).
 * - engine.ts queryTerms `/\s+/` → `/\s/` (empty terms are filtered); `if (!terms.length)` → `false`
 *   (MiniSearch finds nothing for an empty query). The segmenter's locale or granularity → '': Intl
 *   throws at import, Vitest cannot collect search.test.ts, and the runner counts that as survived.
 * - lab-cluster.ts `^kindest\/node:` without `^` (the constant starts with it); the kubectl patch
 *   `(?:\.\d+)?` → `\d` / `\D+`: outside the capture, and `\b` holds after the minor either way.
 * - tools.ts `results = []` → `["Stryker was here"]` (a string has no problem or found);
 *   kubectlVersionProblem's `?.clientVersion` → `.`: the throw is caught, found stays undefined;
 *   which's `if (!dir)` → `false` (an empty entry joins to a name relative to the working folder,
 *   which holds no tool). process.ts `setEncoding('')` (utf8 all the same); capture's stdio `[]`
 *   (pipes all the same, stdin unused); runScript's `'error'` handler (bash is checked by the
 *   preflight before any step).
 * Data or wiring, checked elsewhere: SEARCH_INDEX_PATH (tests/search.spec.ts loads the built
 * index), LABS_DIR (labs.test.ts reads the real labs; not in the lab-run-only measurement),
 * USAGE and INSTALL's wording, the default `say` (console.log, the CLI), `kind get clusters`' 30 s
 * limit (no coverage), runScript's stdio `[]` (the step's output reaches the learner's terminal,
 * which only the subprocess tests in lab-runner.test.ts see), SIGKILL after the grace (every
 * stand-in ends on SIGTERM).
 * Not killed yet (tests to write): search ranking — the title boost, kind order at one step (the
 * score decides the same), the snippet shown for a non-title first piece, `every` → `some` in
 * contains and the 0.3 penalty for several words, full-width text vs lowercased source; the index's
 * `(value ?? '').trim()` (' 7 ' lands on step 7 anyway), named steps of two digits below the
 * counter, `/^\d+/`-style partial values, a <v-clicks> inside a list item, a component without
 * attributes; lab-cluster's release address with a patch of two digits; tools' two-digit majors,
 * two missing tools' separator, a missing kind among present tools, docker output starting with a
 * newline; runner's two-digit lesson; folder's STEP without `^`/`$`, labFiles' sort; process.ts
 * SIGTERM → '' (the SIGKILL two seconds later still ends it inside Stryker's limit).
 * The code check (scripts/checks/code-check/), equivalent:
 * - documents.ts formatPath `typeof p === 'number'` → false, 'number' → '':
 *   a number fails the identifier test and JSON.stringify writes it `[0]` all
 *   the same. nodeLine: `?.range` → `.range` (every node and key the parser
 *   returns has a range); `isSeq(node) && …` → true and the `else { return }`
 *   → `{}` (a step into a scalar finds nothing; the line stays its parent's);
 *   `nodeLine(doc, counter, [])` → `["Stryker was here"]` (no such key: the
 *   root's line). `toJS({ maxAliasCount: 100 })` → `{}`: 100 is yaml's
 *   default. `[docs]` (no coverage): parseAllDocuments always returns a list.
 * - documents.ts jsonError: the `(line N column M)` replace and the `$` of the
 *   position pattern: Node 20 ends the message with `in JSON at position N
 *   (line …)`, which the first replace removes whole; the second is for other
 *   Node versions' wording.
 * - rules.ts shellRules: `j + 1 < lines.length` → `<=` / `j - 1` / true: a
 *   backslash on the last line appends "undefined", which holds no flag and
 *   ends the loop. The comment pattern `#.*$` without its `$`, and its `''` →
 *   "Stryker was here!": the joined command holds no newline, and the
 *   replacement no etcdctl.
 * - shell.ts consoleCommands: `command === undefined` → false / `{}` (pushing
 *   undefined joins as '' like the blank, and neither pattern matches it); a
 *   lone `$` → false (an empty command or a blanked line, the same text);
 *   `^\t+` → `\t+` (differs only for a terminator followed by tabs).
 * - shell.ts shellcheck: spawnSync options `{}` / 'utf8' → '' (the status is
 *   the same; JSON.parse reads a Buffer as text); `!scripts.length` and
 *   `!mine.length` → false (ShellCheck with no file prints no comment, only
 *   slower); the temp dir's prefix, `finally` → `{}` and `force: false`
 *   (a temp dir left behind, the findings the same); `if (run.error)` →
 *   false (a spawn fails only without ShellCheck, which hasShellCheck checks
 *   first); `results[index]?.push` → `.push` (each comment names a file given).
 * - crd.ts strict: keeping the `x-kubernetes-*`, nullable, example and
 *   externalDocs keys (Ajv, strict: false, ignores keywords it does not know
 *   and reads nullable itself); `typeof value === 'boolean'` → false and
 *   `!isObject(schema)` → false (strict() returns a boolean or a string
 *   unchanged anyway; a structural schema has no other); leaving
 *   additionalProperties or not un-closed (a `{type}` leaf, and a `not` that
 *   matches an empty object either way), `key === 'items' || …` → true
 *   (strict of a `{type}` leaf or of a list is the same value); the nullable
 *   test's `typeof out.type === 'string'` → true (a nullable field has one
 *   type). `[]` → `["Stryker was here"]` for versions that are no list (a
 *   string is no version object); isObject's `||`/true (crdOf then reads
 *   undefined fields of a string and returns undefined all the same).
 *   `if (!validate)` → true (compiles again: no cache), `v?.[k]` and
 *   `parentSchema?.properties` (an error's path exists in the value, and
 *   `verbose` gives every error its parentSchema), `errors ?? []` (no
 *   coverage: a failed validation has errors).
 * The other eight code-check modules (measured with `--ignoreStatic`: the
 * module-level tables — cel.ts VARIABLES and NAMESPACES, index.ts CEL_PLACES,
 * FENCE_OPTIONS, the formats — run at import, so Stryker would run every test
 * for each of their mutants; they are excluded from those scores, not killed):
 * - api-objects.ts, what v1.37's index cannot hold: `v()`'s 'an earlier
 *   release' (only a 'newer' entry without `introduced`, which stateOf never
 *   writes); `groupVersions[gv]?.kinds` → `.kinds` (every replacement the
 *   index names is in a group/version it has); the unknown version's `''`
 *   when nothing of the group is served (no coverage in the last run; a test
 *   with internal.apiserver.k8s.io/v9 added after it). code-check-served.test.ts plants the other cases (a newer kind, a
 *   replacement of another kind, a served kind without a schema) in the index.
 * - nested-configs.ts, one kubeadm version: `configs` holds only
 *   kubeadm.k8s.io/ versions, so filtering by the group (or by '') keeps the
 *   same list, and `versions.join(', ')` → `join('')` of one name is the same;
 *   `configs[versions[0]]?.kinds` → `.kinds` (there is always a version); the
 *   kinds of that version all have a schema, so `typeof ref !== 'string'` → false
 *   and its return (no coverage) cannot be reached.
 * - cel.ts: `!env` → true (no cache: the same environment, built again); the
 *   `none` body and its 'not evaluated' (no coverage: nothing is evaluated); the
 *   `catch` of env.check and `?? 'does not check'` / `error?.` (no coverage:
 *   cel-js reports parse and type errors in its result, with an error); the
 *   namespace prefix `/^(\w+)\./` without `^` (every signature's first `name.`
 *   is at its start); `stack = []` → `["Stryker was here"]` (outside any brace a
 *   valid expression has no `, name:`); the field separator `[{,]\s*$` →
 *   `[{,]\S*$` (the spaces after a comma are read as the field's own `^(\s*)`,
 *   so `out` never ends in one); a string's `j <= length` (an unterminated
 *   string runs to the end either way) and `end > i` → `>=` (equal only for
 *   an unclosed triple quote at offset 2); the crd-rule test `context ===
 *   'crd-rule' && schema` → true / `||` (index.ts gives a schema to CRD rules
 *   only, and without one nothing is optional); firstLine's `.trim()` and
 *   `/\s+/` → `/\s/` (cel-js's first lines have no runs of spaces at either
 *   end or inside); selfChain's `current.op === 'id'` → true (only an id has the
 *   args 'self'); walk: the type guards (`!node || typeof …`, `typeof n.op`,
 *   `Array.isArray(args)` either way, `parents = ["Stryker was here"]`: the AST
 *   holds no null, and a primitive or a string has no `op`); the "longest chain
 *   only" tests (`n.op === '.'` → true, `parent?.op`, `at(-1)` → `at(+1)`,
 *   `[...parents, n]` → []): an inner chain is a prefix of the longest, and the
 *   loop checks every prefix of it anyway; `n.op === 'call'` → true (no other
 *   node has 'has' as its first arg); the schema walk's `i <= steps.length` and
 *   `node?.properties` (undefined is no key of props; a node on the path exists).
 * - extract.ts: parseInfo's `^[\w'-]*` without `^` or its `?.[0]` (a `*`
 *   pattern matches at 0, maybe empty), the ranges pattern without `$` (a group
 *   ends at its first `}`; without `^` it differs only for a group holding a
 *   second `{`, which no fence writes — not killed), the object test of a parsed group → true and its
 *   'are not an object' (no coverage: a `{…}` group parses to an object or
 *   throws), `^JSON5: ` without `^`; source()'s cache `=== undefined` → true (read
 *   again) and the CRLF `'\n'` → '' (no file of the course or the fixtures has
 *   CRLF); lineAt's `i <= offset` (a part starts on a non-newline); partLines'
 *   `i <= slide.line` (one line later still finds a part that does not start on
 *   the slide's first line, and one that does falls back to that same line),
 *   `from >= 0` → true (from is never -1 before the file's end), `>= 0` → `> 0`
 *   (a part at offset 0 is on line 1 either way), and the notes' start `contentAt
 *   >= 0` → true (differs only for content missing from its file with notes
 *   found — not killed); blocksOf's `!text` → false
 *   (markdown-it finds no fence in '') and `token.map?.` (a fence has a map);
 *   snippetsOf's `path = ''` default (no coverage: the pattern always captures
 *   a path) and `lang.trim()` (the pattern's language has no spaces);
 *   langOfFile's `ext === 'yaml'`, `ext === 'json'` and `ext === 'sh'` → false
 *   (the extension is returned as it is; 'json' at no coverage), the words' `[]` →
 *   `["Stryker was here"]` (no shell is named so), `text.slice(2)` → text (the
 *   interpreter's last path step is the same); blocksOfDeck's `.sort()` of the
 *   folder and `startsWith('.')` → `endsWith` (the lab folders list sorted and
 *   hold no dot-file), `included`'s line filter (a fenced block's file is the
 *   slide file, never a lab file, also in the labs/ test `b.line === 0` → true).
 *   Not killed yet: `'#!'` → '' (a first line like `# bash notes` read as a
 *   shebang; the test's comment had a comma — fixed after the last run).
 * - api-schemas.ts, with the schemas as generated: the declared formats
 *   int32, int64, ipv4, ipv6 (each name → '', the list → [], `true` → false):
 *   Ajv with `strict: false` lets a format it does not know pass, which is what
 *   declaring them does (it only keeps Ajv's warnings out); the loader's `.sort()`
 *   and `.json` filter (the folders hold only .json files; the order of
 *   addSchema does not matter), `!index` → false and its message (no coverage:
 *   index.json is generated with the schemas), the CRD sets' `join(', ')` (one
 *   set); `?.definitions` (every file has them), deref's `n?.$ref`, `at?.[…]`
 *   and its guard `< 50` → true / `<=` / `--` (no cycle of bare $refs), the
 *   `~0`/`~1` escapes (no definition or property name holds / or ~), the list
 *   test `||` → `&&` and `type !== 'array'` → false (a node is an array
 *   exactly when it has items); `errors ?? []` (no coverage).
 * - component-config.ts, with the schemas as generated: load's `.sort()` and
 *   'utf8' → '' (JSON.parse reads the Buffer as text); configSchemaFor's
 *   `typeof value.apiVersion === 'string'` → true (a CNI or CDI file has no
 *   kind); configSchemaByName's `s.kind === name` → false and the file pattern's
 *   `^`, `$` and optional prefix (each file is `<group_version_>Kind.json`);
 *   deref's '#/' → '' and `n?.[k]` (only local refs, all resolving); the list
 *   test and the `~0`/`~1` escapes (as in api-schemas.ts); `/^\d+$/` →
 *   `/^\d+/` (a pointer step is an index or a name not starting with a digit);
 *   valueAt's `v && typeof v === 'object'` → `||` / true (an error's path never
 *   runs through a string); `parentSchema?.` (verbose: every error has one);
 *   `errors ?? []` (no coverage).
 * - index.ts: `CEL_PLACES[kind] ?? []`, `lintAllow ?? []` → `["Stryker was
 *   here"]` (no place or rule has that name); `kind === 'CustomResourceDefinition'`
 *   → true (only a CRD has x-kubernetes-validations under openAPIV3Schema); the
 *   AdmissionConfiguration test → false / `&&` (the one other kind with a
 *   top-level plugins list, a CNI NetworkConfigList, has no `configuration` in
 *   them); the core group's `''` → "Stryker was here!" (no CRD or config in the
 *   core group); `', '` between config versions (one version per kind); the
 *   `block.lang === 'json'` fallbacks at the end of documents() (no coverage or
 *   unreachable: a JSON block with no document fails jsonError first); the
 *   release check's message at import (no coverage: the schemas match).
 *   In the last run, before the tests of "what a document is counted as"
 *   (code-check-decks.test.ts), also: the embedded-config guards, the
 *   categories of failing fragments, the base of a whole config's CEL, a whole
 *   kubeadm document's `partial`, a non-string kind, `!api.validated`, the
 *   list step's '*'; those tests were added after it, not re-measured.
 * - report.ts: none.
 *
 * Data, checked where it has an effect: SYSTEM_CANDIDATES beyond the one this
 * machine has (/usr/bin/chromium; the unit test asserts the found name is one
 * of the four) and CHROMIUM_ARGS (the flags Chromium runs with as root and
 * offline: every Playwright spec and the export launch it with them).
 *
 * Other people's modules (scripts/present/guard/, scripts/present/args.ts) are in
 * the run because their unit tests exist; their survivors are listed in the
 * report for their owners. tests/unit/remote-guard.test.ts sets its gates up
 * in `beforeAll`, not in `describe` bodies: a mutant that breaks the cookie
 * then fails the tests (a kill), where before it failed Vitest's collection
 * of the file, which the Vitest runner counts as survived (70.9 % → 80.8 %
 * from that change alone).
 */
import { readFileSync } from 'node:fs'

/** `file:start-end` ranges of the top-level functions (or one-line arrow constants) whose names match. */
function functions(file, names) {
  const lines = readFileSync(new URL(file, import.meta.url), 'utf8').split('\n')
  const ranges = []
  lines.forEach((line, i) => {
    const fn = /^export (?:async )?function (\w+)/.exec(line)
    const arrow = /^export const (\w+) = \(.*=>.*[^{]$/.exec(line)
    if (fn && names.test(fn[1]))
      ranges.push(`${file}:${i + 1}-${lines.findIndex((l, j) => j > i && l === '}') + 1}`)
    else if (arrow && names.test(arrow[1]))
      ranges.push(`${file}:${i + 1}-${i + 1}`)
  })
  if (!ranges.length)
    throw new Error(`stryker.config.mjs: no function of ${file} matches ${names}`)
  return ranges
}

/** `file:1-N`: everything above the first line matching `stop` (the CLI part). */
function above(file, stop) {
  const lines = readFileSync(new URL(file, import.meta.url), 'utf8').split('\n')
  const at = lines.findIndex(l => stop.test(l))
  if (at < 1)
    throw new Error(`stryker.config.mjs: ${stop} not found in ${file}`)
  return `${file}:1-${at}`
}

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.stryker.config.ts', related: false },
  mutate: [
    above('scripts/checks/lint.ts', /^export async function main\(\)/),
    'scripts/checks/findings.ts',
    'scripts/shared/deck.ts',
    'scripts/export/notes.ts',
    'scripts/export/pdf-outline.ts',
    'scripts/shared/project.ts',
    'scripts/shared/browser.ts',
    above('scripts/checks/mutation-score.ts', /^export async function main\(\)/),
    // The lesson cards; the map, search and fonts of the page are tested in the browser (tests/landing.spec.ts, tests/search.spec.ts).
    ...functions('scripts/build/landing.ts', /^(?:escape|sizeOf|lessonCard)$/),
    // The remote guard's decisions and present's command line (tests/unit/remote-guard.test.ts,
    // guard-boundary.test.ts, present-args.test.ts). The guard's wiring into Vite's server
    // (guard/plugin.ts, takeBody) runs only in a real dev server, which tests/present-remote.spec.ts,
    // present-local.spec.ts and present-guard.spec.ts drive from another network namespace.
    ...['addresses', 'target', 'origin', 'allow-list', 'password', 'gate'].map(part => `scripts/present/guard/${part}.ts`),
    above('scripts/present/guard/sync-body.ts', /^export function takeBody\(/),
    ...functions('scripts/present/args.ts', /^(?:generatePassword|parsePresentArgs|slidevArgs|slidevEnv)$/),
    // What `npm run build` rebuilds: the inputs, stamps and skip logic (tests/unit/build-plan.test.ts).
    'scripts/build/plan.ts',
    ...functions('data/course.ts', /^(?:lessonByNumber|layerById|journeyById|pointsOfLayer|pointsOfLesson|parseLesson)$/),
    // Timing, search and the labs
    // The timing model (tests/unit/timing.test.ts, pace.test.ts); the search index's build side up to
    // loadCourseDecks and the engine the browser runs (search.test.ts): building the index of the three
    // lessons takes seconds, tests/search.spec.ts runs it with the built site; the lab rule
    // (lab-cluster.test.ts); the lab runner in-process against the stand-in tools (lab-run.test.ts;
    // lab-runner.test.ts drives `npm run lab` as a subprocess, which the mutation run cannot see into).
    'scripts/checks/timing.ts',
    above('scripts/build/search-index.ts', /^export async function loadCourseDecks\(/),
    'search/engine.ts',
    'scripts/checks/lab-cluster.ts',
    'scripts/labs/folder.ts',
    'scripts/labs/process.ts',
    'scripts/labs/runner.ts',
    'scripts/labs/tools.ts',
    // The code check
    // (tests/unit/code-check.test.ts, code-check-baseline.test.ts, code-check-parts, -decks and -kinds.test.ts, labs.test.ts).
    // cli.ts is left out: only its command line (argv, printing, the exit code) around checkCode and report.ts.
    ...['problems', 'rules', 'report', 'documents', 'extract', 'shell', 'crd', 'nested-configs', 'cel', 'api-objects', 'api-schemas', 'component-config', 'index']
      .map(module => `scripts/checks/code-check/${module}.ts`),
  ],
  coverageAnalysis: 'perTest',
  // Two cores, shared with everything else on the machine.
  concurrency: 1,
  incremental: true,
  incrementalFile: 'reports/stryker-incremental.json',
  reporters: ['clear-text', 'progress-append-only', 'json', 'html'],
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  // scripts/checks/mutation-score.ts holds every module to 80 % after recording the score.
  thresholds: { high: 90, low: 80, break: null },
  // Mermaid's parser takes a second or two to load in a fresh worker.
  timeoutMS: 10_000,
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
}
