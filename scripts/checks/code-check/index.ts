/**
 * The code check: every fenced block of every slide and speaker note, checked
 * by what it is (see docs/code-check.md).
 *
 *   const report = await checkCode(deck)   // findings and the per-lesson summary
 */
import type { Deck } from '../../shared/deck'
import type { CelExpression } from './cel'
import type { DeckCrd } from './crd'
import type { Path } from './documents'
import type { CodeBlock } from './extract'
import type { Problem } from './problems'
import { KUBERNETES_VERSION } from '../../../data/course'
import { apiObjectProblems, fragmentVersion } from './api-objects'
import { apiSchemas, kindSchemaRef, validateAgainst } from './api-schemas'
import { checkCel } from './cel'
import { configSchemaByName, configSchemaFor, configSchemas, configSubSchema, validateConfig } from './component-config'
import { crdOf, crdSubSchema, validateCustomResource } from './crd'
import { formatPath, jsonError, parseDocuments, splitPath } from './documents'
import { blocksOfDeck, FENCE_OPTIONS } from './extract'
import { kindClusterPatches, kubeadmDocumentProblems } from './nested-configs'
import { courseRules, shellRules } from './rules'
import { consoleCommands, SHELL_LANGS, shellcheck } from './shell'

/** At least this share of a lesson's code blocks must be checked (opt-outs and unchecked languages count against it). */
export const CHECKED_TARGET = 0.95

export type Category = 'kubernetes' | 'config' | 'custom resource' | 'shell' | 'json'

export interface CodeFinding {
  file: string
  line: number
  slide: number
  title: string
  block: number
  document?: number
  path?: Path
  message: string
}

export interface CodeSummary {
  blocks: number
  checked: Partial<Record<Category, number>>
  optedOut: number
  unchecked: Record<string, number>
  /** Share of blocks checked, 0–1 (1 when there are none). */
  share: number
  /** CEL expressions parsed and type-checked inside the checked blocks. */
  celExpressions: number
}

export interface CodeReport {
  findings: CodeFinding[]
  summary: CodeSummary
}

if (apiSchemas().index.release !== KUBERNETES_VERSION)
  throw new Error(`schemas/kubernetes/ describes ${apiSchemas().index.release}, but data/course.ts teaches ${KUBERNETES_VERSION}: run npm run schemas -- ${KUBERNETES_VERSION}.0 (docs/code-check.md)`)

const YAML_LANGS = new Set(['yaml', 'yml', 'json', 'jsonc'])
const NOT_COUNTED = new Set(['mermaid'])
/** Kinds that are request or response bodies, not stored objects: they need no name. */
const NAMELESS = /Review$|^TokenRequest$|^Eviction$|^Binding$|^Scale$/

function isObject(v: unknown): v is Record<string, any> {
  return !!v && typeof v === 'object' && !Array.isArray(v)
}

/** Where Kubernetes evaluates CEL, per kind: path patterns (`*` any list item) → the variables there. */
const CEL_PLACES: Record<string, [string, CelExpression['context']][]> = {
  ValidatingAdmissionPolicy: [
    ['spec.validations.*.expression', 'admission-policy'],
    ['spec.validations.*.messageExpression', 'admission-policy'],
    ['spec.matchConditions.*.expression', 'admission-policy'],
    ['spec.variables.*.expression', 'admission-policy'],
    ['spec.auditAnnotations.*.valueExpression', 'admission-policy'],
  ],
  MutatingAdmissionPolicy: [
    ['spec.matchConditions.*.expression', 'mutating-policy'],
    ['spec.variables.*.expression', 'mutating-policy'],
    ['spec.mutations.*.applyConfiguration.expression', 'mutating-policy'],
    ['spec.mutations.*.jsonPatch.expression', 'mutating-policy'],
  ],
  ValidatingWebhookConfiguration: [['webhooks.*.matchConditions.*.expression', 'webhook-match']],
  MutatingWebhookConfiguration: [['webhooks.*.matchConditions.*.expression', 'webhook-match']],
  AuthenticationConfiguration: [
    ['jwt.*.claimValidationRules.*.expression', 'authn-claims'],
    ['jwt.*.claimMappings.username.expression', 'authn-claims'],
    ['jwt.*.claimMappings.groups.expression', 'authn-claims'],
    ['jwt.*.claimMappings.uid.expression', 'authn-claims'],
    ['jwt.*.claimMappings.extra.*.valueExpression', 'authn-claims'],
    ['jwt.*.userValidationRules.*.expression', 'authn-user'],
  ],
  AuthorizationConfiguration: [['authorizers.*.webhook.matchConditions.*.expression', 'authz-match']],
  DeviceClass: [['spec.selectors.*.cel.expression', 'dra-device']],
  ResourceClaim: [
    ['spec.devices.requests.*.exactly.selectors.*.cel.expression', 'dra-device'],
    ['spec.devices.requests.*.firstAvailable.*.selectors.*.cel.expression', 'dra-device'],
  ],
  ResourceClaimTemplate: [
    ['spec.spec.devices.requests.*.exactly.selectors.*.cel.expression', 'dra-device'],
    ['spec.spec.devices.requests.*.firstAvailable.*.selectors.*.cel.expression', 'dra-device'],
  ],
}

/** The CEL of a document (or of a fragment mounted at `base`). */
function celOf(kind: string, value: unknown, base: string[]): CelExpression[] {
  const found: CelExpression[] = []
  const places = CEL_PLACES[kind] ?? []
  const visit = (node: unknown, path: Path) => {
    const full = [...base, ...path.map(p => typeof p === 'number' ? '*' : p)]
    if (typeof node === 'string') {
      const place = places.find(([pattern]) => pattern === full.join('.'))
      if (place)
        found.push({ path, expression: node, context: place[1] })
      return
    }
    if (Array.isArray(node)) {
      node.forEach((item, i) => visit(item, [...path, i]))
      return
    }
    if (!isObject(node))
      return
    if (kind === 'CustomResourceDefinition' && Array.isArray(node['x-kubernetes-validations']) && full.includes('openAPIV3Schema')) {
      node['x-kubernetes-validations'].forEach((rule: unknown, i: number) => {
        for (const key of ['rule', 'messageExpression']) {
          if (isObject(rule) && typeof rule[key] === 'string')
            found.push({ path: [...path, 'x-kubernetes-validations', i, key], expression: rule[key], context: 'crd-rule', schema: node })
        }
      })
    }
    for (const [key, child] of Object.entries(node))
      visit(child, [...path, key])
  }
  visit(value, [])
  return found
}

/** AdmissionConfiguration embeds each plugin's configuration: checked against its own schema when it names one. */
export function embeddedConfigs(kind: string, value: unknown): Problem[] {
  if (kind === 'Cluster')
    return kindClusterPatches(value)
  if (kind !== 'AdmissionConfiguration' || !isObject(value) || !Array.isArray(value.plugins))
    return []
  return value.plugins.flatMap((plugin: unknown, i: number) => {
    const embedded = isObject(plugin) ? plugin.configuration : undefined
    const config = configSchemaFor(embedded)
    if (!isObject(embedded))
      return []
    if (!config) {
      return typeof embedded.apiVersion === 'string'
        ? [{ path: ['plugins', i, 'configuration', 'kind'], message: `unknown configuration ${embedded.apiVersion} ${String(embedded.kind)} (no schema in schemas/)` }]
        : []
    }
    return validateConfig(config, embedded).map(p => ({ path: ['plugins', i, 'configuration', ...p.path], message: p.message }))
  })
}

interface Resolved {
  category: Category
  problems: Problem[]
}

/** Groups of the component configurations the check knows (a version it has no schema for is one the release does not read). */
function configVersions(group: string, kind: string): string[] {
  const versions = configSchemas().filter(c => c.apiVersion?.split('/')[0] === group && (!kind || c.kind === kind)).map(c => c.apiVersion!)
  const kubeadm = Object.keys(apiSchemas().configs).filter(v => v.split('/')[0] === group)
  return [...new Set([...versions, ...kubeadm])]
}

class Checker {
  findings: CodeFinding[] = []
  summary: CodeSummary = { blocks: 0, checked: {}, optedOut: 0, unchecked: {}, share: 1, celExpressions: 0 }
  crds = new Map<string, DeckCrd>()

  constructor(readonly blocks: CodeBlock[]) {}

  add(block: CodeBlock, codeLine: number, message: string, document?: number, path?: Path) {
    this.findings.push({
      file: block.file,
      line: block.line + codeLine,
      slide: block.slide.no,
      title: block.slide.title,
      block: block.index,
      document,
      path,
      message,
    })
  }

  async run(): Promise<CodeReport> {
    // CRDs first: a lesson's custom resources are checked against its own CRDs.
    for (const block of this.blocks) {
      if (!YAML_LANGS.has(block.lang) || block.options.unchecked !== undefined)
        continue
      for (const doc of parseDocuments(block.code).documents) {
        const crd = crdOf(doc.value)
        if (crd)
          this.crds.set(`${crd.group}:${crd.kind}`, crd)
      }
    }
    const shellBlocks: CodeBlock[] = []
    for (const block of this.blocks) {
      if (NOT_COUNTED.has(block.lang) || [block.slide.frontmatter.lintAllow ?? []].flat().includes('code'))
        continue
      this.summary.blocks++
      if (block.optionsError)
        this.add(block, 0, block.optionsError)
      for (const key of Object.keys(block.options)) {
        if (!FENCE_OPTIONS.has(key))
          this.add(block, 0, `unknown fence option "${key}" (the code check reads fragment, unchecked and requires)`)
      }
      if ('unchecked' in block.options) {
        this.summary.optedOut++
        if (typeof block.options.unchecked !== 'string' || !block.options.unchecked.trim())
          this.add(block, 0, 'an unchecked block must say why: {unchecked:\'reason\'}')
        continue
      }
      if (YAML_LANGS.has(block.lang)) {
        const category = await this.documents(block)
        this.count(category)
      }
      else if (SHELL_LANGS.has(block.lang)) {
        shellBlocks.push(block)
        this.count('shell')
      }
      else {
        const lang = block.lang || 'plain text'
        this.summary.unchecked[lang] = (this.summary.unchecked[lang] ?? 0) + 1
      }
    }
    const scripts = shellBlocks.map(b => ({
      code: b.lang === 'console' || b.lang === 'shell-session' ? consoleCommands(b.code) : b.code,
      dialect: b.lang === 'sh' ? 'sh' as const : 'bash' as const,
    }))
    shellcheck(scripts).forEach((problems, i) => {
      for (const p of problems)
        this.add(shellBlocks[i], p.line, `ShellCheck ${p.code} (${p.level}): ${p.message}`)
      for (const p of shellRules(scripts[i].code))
        this.add(shellBlocks[i], p.line, p.message)
    })
    const checked = Object.values(this.summary.checked).reduce((a, b) => a + (b ?? 0), 0)
    this.summary.share = this.summary.blocks ? checked / this.summary.blocks : 1
    this.findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.block - b.block)
    return { findings: this.findings, summary: this.summary }
  }

  count(category: Category) {
    this.summary.checked[category] = (this.summary.checked[category] ?? 0) + 1
  }

  /** A YAML or JSON block: each document by what it is. Returns the block's category (its first document's). */
  async documents(block: CodeBlock): Promise<Category> {
    if (block.lang === 'json') {
      const error = jsonError(block.code)
      if (error) {
        this.add(block, error.line, error.message)
        return 'json'
      }
    }
    const { documents, errors } = parseDocuments(block.code)
    for (const error of errors)
      this.add(block, error.line, `YAML does not parse: ${error.message}`)
    if (!documents.length && !errors.length)
      this.add(block, 1, 'the block holds no document')
    let category: Category | undefined
    const fragment = block.options.fragment
    for (const doc of documents) {
      const report = (problems: Problem[], base: Path = []) => {
        for (const p of problems)
          this.add(block, doc.lineOf(p.path) + (p.line ?? 0), `${formatPath([...base, ...p.path])}: ${p.message}`, doc.index)
      }
      let resolved: Resolved
      if (fragment !== undefined) {
        if (typeof fragment !== 'string' || !fragment.includes('.')) {
          this.add(block, 0, `fragment must name a kind and a path, e.g. {fragment:'Pod.spec'}, not ${JSON.stringify(fragment)}`)
          return 'kubernetes'
        }
        resolved = await this.fragment(block, doc.value, fragment)
        // An excerpt may leave out what the whole object requires.
        resolved.problems = resolved.problems.filter(p => !p.message.startsWith('missing required field'))
      }
      else {
        resolved = await this.whole(block, doc.value, doc.index, doc.lineOf)
      }
      category ??= resolved.category
      report(resolved.problems)
    }
    return category ?? (block.lang === 'json' ? 'json' : 'kubernetes')
  }

  cel(kind: string, value: unknown, base: string[]): Problem[] {
    const expressions = celOf(kind, value, base)
    this.summary.celExpressions += expressions.length
    return expressions.flatMap(checkCel)
  }

  /** A complete document: a built-in or Gateway API object, a component config, a custom resource of the deck's CRDs. */
  async whole(block: CodeBlock, value: unknown, _index: number, _lineOf: (p: Path) => number): Promise<Resolved> {
    const config = configSchemaFor(value)
    if (config) {
      const kind = config.kind ?? config.title
      return { category: 'config', problems: [...validateConfig(config, value), ...embeddedConfigs(kind, value), ...courseRules(kind, value), ...this.cel(kind, value, [])] }
    }
    if (!isObject(value) || typeof value.apiVersion !== 'string' || typeof value.kind !== 'string') {
      return {
        category: block.lang === 'json' ? 'json' : 'kubernetes',
        problems: [{ path: [], message: isObject(value)
          ? `no apiVersion and kind: a complete object needs both; a deliberate excerpt says what it is part of, e.g. {fragment:'Deployment.spec.template.spec'}`
          : `not an object: a fragment of a list says so, e.g. {fragment:'Pod.spec.containers'}` }],
      }
    }
    const { apiVersion, kind } = value as { apiVersion: string, kind: string }
    const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : ''
    if (apiVersion in apiSchemas().configs)
      return { category: 'config', problems: kubeadmDocumentProblems(value, false) }
    if (group && configVersions(group, '').length) {
      const versions = configVersions(group, kind)
      if (!versions.length)
        return { category: 'config', problems: [{ path: ['kind'], message: `${apiVersion} ${kind}: no schema in schemas/ for this configuration kind (the check knows ${configSchemas().filter(c => c.apiVersion?.split('/')[0] === group).map(c => `${c.apiVersion} ${c.kind}`).join(', ')})` }] }
      return { category: 'config', problems: [{ path: ['apiVersion'], message: `${apiVersion} ${kind} is not a configuration ${KUBERNETES_VERSION} reads (it reads ${versions.join(', ')})` }] }
    }
    const api = apiObjectProblems(apiVersion, kind, value, block.options.requires)
    if (!api.known) {
      const crd = this.crds.get(`${group}:${kind}`)
      if (crd) {
        const schema = crd.versions.get(apiVersion.split('/')[1])
        if (!schema)
          return { category: 'custom resource', problems: [{ path: ['apiVersion'], message: `the lesson's CRD for ${kind} does not define version ${apiVersion.split('/')[1]} (it has ${[...crd.versions.keys()].join(', ')})` }] }
        return { category: 'custom resource', problems: validateCustomResource(schema, value) }
      }
      return { category: 'kubernetes', problems: [{ path: ['kind'], message: `unknown apiVersion/kind ${apiVersion} ${kind}: not a built-in kind of ${KUBERNETES_VERSION}, not a component config with a schema in schemas/, and no CRD in this lesson defines it (mark the block {unchecked:'why'} if it cannot be checked)` }] }
    }
    const problems = api.problems
    if (!api.validated)
      return { category: 'kubernetes', problems }
    if (!NAMELESS.test(kind) && !(isObject(value.metadata) && (value.metadata.name || value.metadata.generateName)))
      problems.push({ path: ['metadata'], message: 'missing metadata.name: the API server rejects an object without a name' })
    problems.push(...courseRules(kind, value), ...this.cel(kind, value, []))
    return { category: 'kubernetes', problems }
  }

  /** A declared fragment: `Kind.path`, validated against the schema at that path. */
  async fragment(block: CodeBlock, value: unknown, fragment: string): Promise<Resolved> {
    const [kind, ...rest] = fragment.split('.')
    let steps: string[]
    try {
      steps = splitPath(rest.join('.'))
    }
    catch (error) {
      return { category: 'kubernetes', problems: [{ path: [], message: (error as Error).message }] }
    }
    const base = steps.map(s => s === '[]' ? '*' : s)
    const config = configSchemaByName(kind)
    if (config) {
      const pointer = configSubSchema(config, steps)
      if (typeof pointer !== 'string')
        return { category: 'config', problems: [{ path: [], message: `fragment ${fragment}: ${pointer.error}` }] }
      return { category: 'config', problems: [...validateConfig(config, value, pointer), ...this.cel(config.kind ?? config.title, value, base)] }
    }
    const crd = [...this.crds.values()].find(c => c.kind === kind)
    if (crd) {
      const schema = crdSubSchema([...crd.versions.values()][0], steps)
      if (typeof schema === 'string')
        return { category: 'custom resource', problems: [{ path: [], message: `fragment ${fragment}: ${schema}` }] }
      return { category: 'custom resource', problems: validateCustomResource(schema, value, 'fragment') }
    }
    const kubeadm = Object.entries(apiSchemas().configs).find(([, c]) => c.kinds.includes(kind))?.[0]
    const apiVersion = kubeadm ?? fragmentVersion(kind)
    if (!apiVersion)
      return { category: 'kubernetes', problems: [{ path: [], message: `fragment ${fragment}: unknown kind ${kind} (not a kind ${KUBERNETES_VERSION} serves by default, a component config in schemas/, a Gateway API kind, or a CRD of this lesson)` }] }
    const ref = kindSchemaRef(apiVersion, kind, steps)
    if (typeof ref !== 'string')
      return { category: kubeadm ? 'config' : 'kubernetes', problems: [{ path: [], message: `fragment ${fragment}: ${ref.error}` }] }
    return { category: kubeadm ? 'config' : 'kubernetes', problems: [...validateAgainst(ref, value), ...this.cel(kind, value, base)] }
  }
}

const reports = new WeakMap<Deck, Promise<CodeReport>>()

/** Checks every code block of a deck (once per deck object). */
export function checkCode(deck: Deck): Promise<CodeReport> {
  let report = reports.get(deck)
  if (!report) {
    report = new Checker(blocksOfDeck(deck)).run()
    reports.set(deck, report)
  }
  return report
}
