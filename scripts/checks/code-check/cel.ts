/**
 * CEL wherever Kubernetes evaluates it: parsed and type-checked with
 * @marcbachmann/cel-js, in an environment with the variables of each place
 * (`object`, `request`, `self`, `claims` …, as dyn where their type comes from
 * a schema) and the Kubernetes CEL libraries (authorizer, quantity, url, ip,
 * cidr, lists, regex, format, semver …; k8s.io/apiserver/pkg/cel/library).
 */
import type { ASTNode } from '@marcbachmann/cel-js'
import type { Path } from './documents'
import { Environment } from '@marcbachmann/cel-js'

export type CelContext = 'admission-policy' | 'mutating-policy' | 'webhook-match' | 'crd-rule' | 'authn-claims' | 'authn-user' | 'authz-match' | 'dra-device'

/** The variables each place declares (k8s.io/apiserver/pkg/admission/plugin/cel, apiextensions-apiserver/pkg/apiserver/schema/cel, apiserver/pkg/authentication/cel, authorization/cel, dynamic-resource-allocation/cel). */
const VARIABLES: Record<CelContext, Record<string, string>> = {
  'admission-policy': { object: 'dyn', oldObject: 'dyn', request: 'dyn', params: 'dyn', namespaceObject: 'dyn', authorizer: 'Authorizer', variables: 'dyn' },
  'mutating-policy': { object: 'dyn', oldObject: 'dyn', request: 'dyn', params: 'dyn', namespaceObject: 'dyn', authorizer: 'Authorizer', variables: 'dyn' },
  'webhook-match': { object: 'dyn', oldObject: 'dyn', request: 'dyn', authorizer: 'Authorizer' },
  'crd-rule': { self: 'dyn', oldSelf: 'dyn' },
  'authn-claims': { claims: 'map<string, dyn>' },
  'authn-user': { user: 'dyn' },
  'authz-match': { request: 'dyn' },
  // DRA device selectors (k8s.io/dynamic-resource-allocation/cel): device.driver, device.attributes, device.capacity, device.allowMultipleAllocations
  'dra-device': { device: 'dyn' },
}

class Authorizer {}
class PathCheck {}
class ResourceCheck {}
class Decision {}
class Quantity {}
class URL {}
class IP {}
class CIDR {}
class Semver {}
class ObjectValue {}

/**
 * Libraries called on a name (`sets.contains(…)`, `ip.isCanonical(…)`,
 * `strings.quote(…)`, `base64.decode(…)`): cel-js declares only global and
 * receiver functions, so each name is a variable of a type of its own and
 * its functions are that type's methods.
 */
const NAMESPACES: Record<string, string> = { ip: 'IpLibrary', sets: 'SetsLibrary', strings: 'StringsLibrary', base64: 'Base64Library' }

function kubernetesEnvironment(): Environment {
  // Kubernetes checks that a literal's elements share a type, but there a dyn field joins any type
  // (`['a', params.x]`); cel-js would refuse that, so the check is off here.
  const env = new Environment({ enableOptionalTypes: true, homogeneousAggregateLiterals: false, unlistedVariablesAreDyn: false })
  for (const [name, ctor] of Object.entries({ Authorizer, PathCheck, ResourceCheck, Decision, Quantity, URL, IP, CIDR, Semver }))
    env.registerType(name, ctor)
  for (const [name, type] of Object.entries(NAMESPACES)) {
    env.registerType(type, class {})
    env.registerVariable(name, type)
  }
  const none = () => {
    throw new Error('not evaluated')
  }
  const functions = [
    // authorizer library
    'Authorizer.group(string): PathCheck',
    'Authorizer.path(string): PathCheck',
    'Authorizer.serviceAccount(string, string): Authorizer',
    'PathCheck.resource(string): ResourceCheck',
    'PathCheck.check(string): Decision',
    'ResourceCheck.subresource(string): ResourceCheck',
    'ResourceCheck.namespace(string): ResourceCheck',
    'ResourceCheck.name(string): ResourceCheck',
    'ResourceCheck.check(string): Decision',
    'ResourceCheck.fieldSelector(string): ResourceCheck',
    'ResourceCheck.labelSelector(string): ResourceCheck',
    'Decision.allowed(): bool',
    'Decision.denied(): bool',
    'Decision.reason(): string',
    'Decision.errored(): bool',
    'Decision.error(): string',
    // quantity library
    'quantity(string): Quantity',
    'isQuantity(string): bool',
    'Quantity.isInteger(): bool',
    'Quantity.asInteger(): int',
    'Quantity.asApproximateFloat(): double',
    'Quantity.sign(): int',
    'Quantity.add(Quantity): Quantity',
    'Quantity.add(int): Quantity',
    'Quantity.sub(Quantity): Quantity',
    'Quantity.sub(int): Quantity',
    'Quantity.isLessThan(Quantity): bool',
    'Quantity.isGreaterThan(Quantity): bool',
    'Quantity.compareTo(Quantity): int',
    // url library
    'url(string): URL',
    'isURL(string): bool',
    'URL.getScheme(): string',
    'URL.getHost(): string',
    'URL.getHostname(): string',
    'URL.getPort(): string',
    'URL.getEscapedPath(): string',
    'URL.getQuery(): map<string, list<string>>',
    // ip and cidr libraries
    'ip(string): IP',
    'isIP(string): bool',
    'ip.isCanonical(string): bool',
    'IP.family(): int',
    'IP.isUnspecified(): bool',
    'IP.isLoopback(): bool',
    'IP.isLinkLocalMulticast(): bool',
    'IP.isLinkLocalUnicast(): bool',
    'IP.isGlobalUnicast(): bool',
    'cidr(string): CIDR',
    'isCIDR(string): bool',
    'CIDR.containsIP(IP): bool',
    'CIDR.containsIP(string): bool',
    'CIDR.containsCIDR(CIDR): bool',
    'CIDR.containsCIDR(string): bool',
    'CIDR.ip(): IP',
    'CIDR.masked(): CIDR',
    'CIDR.prefixLength(): int',
    // semver library
    'semver(string): Semver',
    'isSemver(string): bool',
    'Semver.major(): int',
    'Semver.minor(): int',
    'Semver.patch(): int',
    'Semver.isLessThan(Semver): bool',
    'Semver.isGreaterThan(Semver): bool',
    'Semver.compareTo(Semver): int',
    // lists library
    'list.isSorted(): bool',
    'list.sum(): dyn',
    'list.min(): dyn',
    'list.max(): dyn',
    'list.indexOf(dyn): int',
    'list.lastIndexOf(dyn): int',
    // regex library
    'string.find(string): string',
    'string.findAll(string): list<string>',
    'string.findAll(string, int): list<string>',
    // sets extension
    'sets.contains(list, list): bool',
    'sets.equivalent(list, list): bool',
    'sets.intersects(list, list): bool',
    // strings extension (what cel-js does not ship)
    'strings.quote(string): string',
    'string.format(list): string',
    'string.reverse(): string',
    // base64 (encoders extension)
    'base64.decode(string): bytes',
    'base64.encode(bytes): string',
  ]
  // None of these ships with cel-js 8 (one that did would throw here, naming the overlap).
  for (const signature of functions)
    env.registerFunction(signature.replace(/^(\w+)\./, (prefix, name: string) => NAMESPACES[name] ? `${NAMESPACES[name]}.` : prefix), none)
  void ObjectValue
  return env
}

const environments = new Map<CelContext, Environment>()
function environment(context: CelContext): Environment {
  let env = environments.get(context)
  if (!env) {
    env = kubernetesEnvironment()
    for (const [name, type] of Object.entries(VARIABLES[context]))
      env.registerVariable(name, type)
    environments.set(context, env)
  }
  return env
}

export interface CelExpression {
  /** Where the expression is, in the document. */
  path: Path
  expression: string
  context: CelContext
  /** For a CRD rule: the schema the rule sits on, to see which fields are optional. */
  schema?: Record<string, any>
  /** Kubernetes builds these from object construction: `Object{spec: Object.spec{…}}`. */
  construction?: boolean
}

/** `Object{…}`, `Object.spec{…}`, `JSONPatch{…}`: object construction, which cel-js does not parse. */
const CONSTRUCTION = /\b(?:Object(?:\.\w+)*|JSONPatch)\s*\{/

/**
 * Rewrites Kubernetes object construction into map literals so the parser
 * can check the rest: `Object.spec{replicas: 3}` → `{"replicas": 3}`.
 * Field names become quoted keys; strings are left alone.
 */
export function constructionAsMaps(expression: string): string {
  let out = ''
  let i = 0
  const stack: boolean[] = []
  while (i < expression.length) {
    const ch = expression[i]
    if (ch === '"' || ch === '\'') {
      const triple = expression.startsWith(ch.repeat(3), i)
      const end = triple
        ? expression.indexOf(ch.repeat(3), i + 3) + 3
        : (() => {
            let j = i + 1
            while (j < expression.length && expression[j] !== ch) j += expression[j] === '\\' ? 2 : 1
            return j + 1
          })()
      out += expression.slice(i, end > i ? end : expression.length)
      i = end > i ? end : expression.length
      continue
    }
    const m = /^(?:Object(?:\.\w+)*|JSONPatch)\s*\{/.exec(expression.slice(i))
    if (m && !/[\w.]/.test(expression[i - 1] ?? '')) {
      out += '{'
      stack.push(true)
      i += m[0].length
      continue
    }
    if (ch === '{') {
      stack.push(false)
      out += ch
      i++
      continue
    }
    if (ch === '}') {
      stack.pop()
      out += ch
      i++
      continue
    }
    // A field name inside a construction: `name:` → `"name":`
    if (stack.at(-1)) {
      const field = /^(\s*)([A-Z_]\w*)(\s*):/i.exec(expression.slice(i))
      if (field && /[{,]\s*$/.test(out)) {
        out += `${field[1]}"${field[2]}"${field[3]}:`
        i += field[0].length
        continue
      }
    }
    out += ch
    i++
  }
  return out
}

export interface CelProblem {
  path: Path
  message: string
}

/** Checks one expression: syntax, types, and (for CRD rules) optional fields read without has(). */
export function checkCel(item: CelExpression): CelProblem[] {
  const source = CONSTRUCTION.test(item.expression) ? constructionAsMaps(item.expression) : item.expression
  const env = environment(item.context)
  let result
  try {
    result = env.check(source)
  }
  catch (error) {
    return [{ path: item.path, message: `CEL: ${firstLine((error as Error).message)}` }]
  }
  if (!result.valid)
    return [{ path: item.path, message: `CEL: ${firstLine(result.error?.message ?? 'does not check')}` }]
  if (item.context === 'crd-rule' && item.schema) {
    const ast = env.parse(source).ast
    return unguardedOptionalReads(ast, item.schema).map(field => ({
      path: item.path,
      message: `CEL reads the optional field self.${field} without has(self.${field}): the rule fails on every object without it`,
    }))
  }
  return []
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/\s+/g, ' ').trim()
}

/** `self.a.b` as ['a', 'b'] when the node is such a chain. */
function selfChain(node: ASTNode): string[] | undefined {
  const chain: string[] = []
  let current: ASTNode = node
  while (current.op === '.') {
    const [inner, name] = current.args as [ASTNode, string]
    chain.unshift(name)
    current = inner
  }
  return current.op === 'id' && current.args === 'self' && chain.length ? chain : undefined
}

function walk(node: unknown, visit: (n: ASTNode, parents: ASTNode[]) => void, parents: ASTNode[] = []) {
  if (!node || typeof node !== 'object')
    return
  if (Array.isArray(node)) {
    for (const child of node) walk(child, visit, parents)
    return
  }
  const n = node as ASTNode
  if (typeof n.op !== 'string')
    return
  visit(n, parents)
  const args = n.args as unknown
  if (Array.isArray(args))
    walk(args, visit, [...parents, n])
  else if (args && typeof args === 'object')
    walk(args, visit, [...parents, n])
}

/** Fields the rule reads through `self.x` whose schema says optional, with no `has(self.x)` anywhere in the rule. */
function unguardedOptionalReads(ast: ASTNode, schema: Record<string, any>): string[] {
  const guarded = new Set<string>()
  const reads = new Set<string>()
  walk(ast, (n, parents) => {
    if (n.op === 'call' && (n.args as [string, ASTNode[]])[0] === 'has') {
      const chain = selfChain((n.args as [string, ASTNode[]])[1][0])
      if (chain)
        guarded.add(chain.join('.'))
      return
    }
    if (n.op === '.') {
      const chain = selfChain(n)
      const parent = parents.at(-1)
      // Only the longest chain: `self.a.b` reads a and a.b. A has() reads all but its last step:
      // `has(self.a.b)` fails without a.
      if (chain && !(parent?.op === '.' && selfChain(parent)))
        reads.add(chain.join('.'))
    }
  })
  const optional: string[] = []
  for (const read of reads) {
    const steps = read.split('.')
    let node = schema
    for (let i = 0; i < steps.length; i++) {
      const props = node?.properties
      if (!props || !(steps[i] in props))
        break
      const prefix = steps.slice(0, i + 1).join('.')
      const required = (node.required ?? []) as string[]
      if (!required.includes(steps[i]) && props[steps[i]].default === undefined && !guarded.has(prefix)) {
        optional.push(prefix)
        break
      }
      node = props[steps[i]]
    }
  }
  return [...new Set(optional)]
}
