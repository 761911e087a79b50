/**
 * The code check's parts on their own, each with the input a lesson gives it:
 * the wording of a finding (what a value is, "did you mean"), the paths and
 * lines of YAML documents, fence options and included files, console blocks
 * and ShellCheck, the deck's own CRDs, kubeadm patches in a kind config, CEL.
 */
import type { CelContext } from '../../scripts/checks/code-check/cel'
import type { DeckSlide } from '../../scripts/shared/deck'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, describe as group, it } from 'vitest'
import { checkCel } from '../../scripts/checks/code-check/cel'
import { formatPath, jsonError, parseDocuments, splitPath } from '../../scripts/checks/code-check/documents'
import { parseInfo, snippetsOf } from '../../scripts/checks/code-check/extract'
import { closest, describe } from '../../scripts/checks/code-check/problems'
import { ROOT } from '../../scripts/shared/project'

group('a finding\'s words', () => {
  it('say what a value is', () => {
    expect(describe(null)).toBe('null')
    expect(describe([1])).toBe('a list')
    expect(describe({ a: 1 })).toBe('an object')
    expect(describe('IfNotPresent')).toBe('the string "IfNotPresent"')
    expect(describe('a'.repeat(30))).toBe(`the string "${'a'.repeat(30)}"`)
    expect(describe('registry.k8s.io/pause:3.10-and-more-tags')).toBe('the string "registry.k8s.io/pause:3.10-and…"')
    expect(describe(3)).toBe('number 3')
    expect(describe(true)).toBe('boolean true')
    expect(describe(undefined)).toBe('undefined undefined')
  })

  it('suggest the nearest name within a third of the word, case aside', () => {
    expect(closest('replica', ['revisionHistoryLimit', 'replicas', 'selector'])).toBe('replicas')
    expect(closest('NodeSelectr', ['affinity', 'nodeSelector'])).toBe('nodeSelector')
    // One edit is always allowed, even in a short word.
    expect(closest('ab', ['ac', 'xyz'])).toBe('ac')
    // Two edits: too many for a four-letter word (one allowed per three letters).
    expect(closest('imag', ['images'])).toBeUndefined()
    expect(closest('wieght', ['weight', 'name'])).toBe('weight')
    expect(closest('zzzzzz', ['weight'])).toBeUndefined()
    expect(closest('x', [])).toBeUndefined()
  })
})

group('cEL: the Kubernetes libraries', () => {
  // One expression per library function the environment declares, as a policy would write it.
  const uses = [
    'authorizer.group(\'apps\').resource(\'deployments\').subresource(\'scale\').namespace(\'default\').name(\'web\').check(\'update\').allowed()',
    'authorizer.path(\'/healthz\').check(\'get\').denied()',
    'authorizer.serviceAccount(\'kube-system\', \'admin\').group(\'\').resource(\'pods\').check(\'get\').reason() == \'\'',
    'authorizer.group(\'\').resource(\'pods\').fieldSelector(\'spec.nodeName=n1\').labelSelector(\'a=b\').check(\'list\').errored()',
    'authorizer.group(\'\').resource(\'pods\').check(\'list\').error() == \'\'',
    'isQuantity(\'1Gi\') && quantity(\'1Gi\').isInteger() && quantity(\'1Gi\').asInteger() > 0',
    'quantity(\'1.5\').asApproximateFloat() > 1.0 && quantity(\'1\').sign() == 1',
    'quantity(\'1Gi\').add(quantity(\'1Mi\')).sub(quantity(\'1Mi\')).isGreaterThan(quantity(\'1\'))',
    'quantity(\'1\').add(1).sub(1).compareTo(quantity(\'2\')) < 0 && quantity(\'1\').isLessThan(quantity(\'2\'))',
    'isURL(\'https://a\') && url(\'https://a:8443/p?q=1\').getScheme() == \'https\'',
    'url(\'https://a\').getHost() == url(\'https://a\').getHostname() && url(\'https://a\').getPort() == \'\'',
    'url(\'https://a/p\').getEscapedPath() == \'/p\' && size(url(\'https://a?q=1\').getQuery()) == 1',
    'isIP(\'10.0.0.1\') && ip(\'10.0.0.1\').family() == 4 && ip.isCanonical(\'10.0.0.1\')',
    'ip(\'::\').isUnspecified() || ip(\'127.0.0.1\').isLoopback() || ip(\'ff02::1\').isLinkLocalMulticast()',
    'ip(\'fe80::1\').isLinkLocalUnicast() || ip(\'8.8.8.8\').isGlobalUnicast()',
    'isCIDR(\'10.0.0.0/8\') && cidr(\'10.0.0.0/8\').containsIP(ip(\'10.1.1.1\')) && cidr(\'10.0.0.0/8\').containsIP(\'10.1.1.1\')',
    'cidr(\'10.0.0.0/8\').containsCIDR(cidr(\'10.1.0.0/16\')) && cidr(\'10.0.0.0/8\').containsCIDR(\'10.1.0.0/16\')',
    'cidr(\'10.0.0.0/8\').ip().family() == 4 && cidr(\'10.0.0.1/8\').masked().prefixLength() == 8',
    'isSemver(\'1.2.3\') && semver(\'1.2.3\').major() == 1 && semver(\'1.2.3\').minor() == 2 && semver(\'1.2.3\').patch() == 3',
    'semver(\'1.2.3\').isLessThan(semver(\'1.3.0\')) || semver(\'1.2.3\').isGreaterThan(semver(\'1.0.0\'))',
    'semver(\'1.2.3\').compareTo(semver(\'1.2.3\')) == 0',
    '[1, 2].isSorted() && [1, 2].sum() == 3 && [1, 2].min() == 1 && [1, 2].max() == 2',
    '[1, 2].indexOf(2) == 1 && [1, 2].lastIndexOf(2) == 1',
    '\'abc\'.find(\'b\') == \'b\' && size(\'abc\'.findAll(\'[a-c]\')) == 3 && size(\'abc\'.findAll(\'[a-c]\', 2)) == 2',
    // Called on a name: cel-js reads these as methods of a variable (before the fix they were not declared at all).
    'sets.contains([1, 2], [1]) && sets.equivalent([1], [1]) && sets.intersects([1], [1, 2])',
    'strings.quote(\'a\') != \'\' && \'a %s\'.format([\'b\']) == \'a b\' && \'ab\'.reverse() == \'ba\'',
    'base64.encode(base64.decode(\'YQ==\')) == \'YQ==\'',
  ]
  it.each(uses)('accepts %s', (expression) => {
    expect(checkCel({ path: ['spec', 'validations', 0, 'expression'], expression, context: 'admission-policy' })).toEqual([])
  })

  it('checks the types the libraries return', () => {
    expect(checkCel({ path: [], expression: 'quantity(\'1Gi\').isLessThan(\'2Gi\')', context: 'admission-policy' })[0].message).toMatch(/^CEL: found no matching overload for 'Quantity\.isLessThan\(string\)'/)
    expect(checkCel({ path: [], expression: 'sets.contains([1], 1)', context: 'admission-policy' })).toHaveLength(1)
    expect(checkCel({ path: [], expression: 'url(\'https://a\').getPort() == 443', context: 'admission-policy' })).toHaveLength(1)
  })
})

group('cEL: the variables of each place', () => {
  const places: [CelContext, string, string][] = [
    ['admission-policy', 'object.spec.replicas <= params.max && oldObject == null && request.operation == \'CREATE\' && namespaceObject.metadata.name != \'\' && variables.x', 'self'],
    ['mutating-policy', 'object.spec.replicas <= params.max && oldObject == null && request.operation == \'CREATE\' && namespaceObject.metadata.name != \'\' && variables.x && authorizer.path(\'/\').check(\'get\').allowed()', 'claims'],
    ['webhook-match', 'object.metadata.name != \'\' && oldObject == null && request.operation == \'CREATE\' && authorizer.path(\'/\').check(\'get\').allowed()', 'params'],
    ['crd-rule', 'self.replicas <= oldSelf.replicas', 'object'],
    ['authn-claims', 'claims.email.endsWith(\'@example.com\')', 'user'],
    ['authn-user', 'user.username.startsWith(\'system:\')', 'claims'],
    ['authz-match', 'request.resourceAttributes.namespace == \'kube-system\'', 'object'],
    ['dra-device', 'device.driver == \'gpu.example.com\' && device.attributes[\'gpu.example.com\'].model == \'a100\'', 'request'],
  ]
  it.each(places)('%s: knows its variables, and no other place\'s', (context, known, foreign) => {
    expect(checkCel({ path: [], expression: known, context })).toEqual([])
    expect(checkCel({ path: ['x'], expression: `${foreign} == null`, context })).toEqual([{ path: ['x'], message: `CEL: Unknown variable: ${foreign}` }])
  })

  it('reads claims as a map of dyn', () => {
    expect(checkCel({ path: [], expression: 'claims.groups.exists(g, g == \'admins\') && claims[\'sub\'] != \'\'', context: 'authn-claims' })).toEqual([])
  })
})

group('yAML documents and their lines', () => {
  it('write a path as JSONPath, quoting keys that are not identifiers', () => {
    expect(formatPath([])).toBe('$')
    expect(formatPath(['spec', 'profiles', 0, 'plugins', 'x-kubernetes-validations', 'a.b', '_x', 'A1'])).toBe('$.spec.profiles[0].plugins["x-kubernetes-validations"]["a.b"]._x.A1')
  })

  it('find each document and the line of any path in it, or of its closest parent', () => {
    const code = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n  - name: web\n    image: nginx\n---\n# comment\n\nkind: ConfigMap\ndata: {a: "1"}\n'
    const { documents, errors } = parseDocuments(code)
    expect(errors).toEqual([])
    expect(documents.map(d => [d.index, d.line])).toEqual([[1, 1], [2, 12]])
    const [pod, configMap] = documents
    expect(pod.value).toEqual({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web' }, spec: { containers: [{ name: 'web', image: 'nginx' }] } })
    expect(pod.lineOf([])).toBe(1)
    expect(pod.lineOf(['metadata', 'name'])).toBe(4)
    expect(pod.lineOf(['spec', 'containers', 0])).toBe(7)
    expect(pod.lineOf(['spec', 'containers', 0, 'image'])).toBe(8)
    // Past the end of what is written: the closest parent.
    expect(pod.lineOf(['spec', 'containers', 5])).toBe(6)
    expect(pod.lineOf(['spec', 'nope', 'x'])).toBe(5)
    expect(pod.lineOf(['metadata', 'name', 'deeper'])).toBe(4)
    expect(pod.lineOf(['spec', 'containers', 'name'])).toBe(6)
    expect(configMap.lineOf(['data', 'a'])).toBe(13)
  })

  it('report duplicate keys and syntax errors at their line, with no document', () => {
    expect(parseDocuments('a: 1\na: 2\n')).toEqual({ documents: [], errors: [{ line: 2, message: 'Map keys must be unique' }] })
    const broken = parseDocuments('kind: Pod\nspec: [\n')
    expect(broken.documents).toEqual([])
    expect(broken.errors).toHaveLength(1)
    expect(broken.errors[0].line).toBe(3)
    expect(broken.errors[0].message).not.toContain('\n')
  })

  it('skip empty documents and read merge keys as Kubernetes does', () => {
    expect(parseDocuments('').documents).toEqual([])
    expect(parseDocuments('# only a comment\n').documents).toEqual([])
    expect(parseDocuments('---\nb: 1\n').documents.map(d => [d.index, d.line, d.value])).toEqual([[1, 2, { b: 1 }]])
    expect(parseDocuments('base: &b {x: 1}\nd:\n  <<: *b\n  y: 2\n').documents[0].value).toEqual({ base: { x: 1 }, d: { x: 1, y: 2 } })
  })

  it('name the line and the reason of a JSON error', () => {
    expect(jsonError('{"a": 1}')).toBeUndefined()
    expect(jsonError('{\n  "a": 1,\n}\n')).toEqual({ line: 3, message: 'JSON does not parse: Expected double-quoted property name' })
    expect(jsonError('{\n"a" 1}')).toEqual({ line: 2, message: 'JSON does not parse: Expected \':\' after property name' })
    expect(jsonError('')).toEqual({ line: 1, message: 'JSON does not parse: Unexpected end of JSON input' })
  })

  it('split a fragment path into fields and list steps', () => {
    expect(splitPath('spec.template.spec')).toEqual(['spec', 'template', 'spec'])
    expect(splitPath('webhooks[]')).toEqual(['webhooks', '[]'])
    expect(splitPath('a[][].b')).toEqual(['a', '[]', '[]', 'b'])
    expect(() => splitPath('containers[0]')).toThrow('"containers[0]" is not a path like spec.template.spec or profiles[]')
  })
})

group('fence info strings', () => {
  it('read the language, the line ranges and the options, as Slidev does', () => {
    expect(parseInfo('  YAML  ')).toEqual({ lang: 'yaml', ranges: undefined, options: {}, error: undefined })
    expect(parseInfo('ts {*}{lines:true}')).toEqual({ lang: 'ts', ranges: '*', options: { lines: true }, error: undefined })
    expect(parseInfo('yaml [title] {1,3}')).toMatchObject({ lang: 'yaml', ranges: '1,3', options: {} })
    expect(parseInfo('shell-session')).toMatchObject({ lang: 'shell-session' })
    // Two option groups merge; ranges only come first.
    expect(parseInfo('bash {unchecked: \'a\'} {fragment: \'b\'}')).toMatchObject({ ranges: undefined, options: { unchecked: 'a', fragment: 'b' }, error: undefined })
    expect(parseInfo('yaml {a:1} {b:2}').options).toEqual({ a: 1, b: 2 })
  })

  it('name options that do not parse, and ranges written after the options', () => {
    expect(parseInfo('json {lines: true} {2}')).toEqual({ lang: 'json', ranges: undefined, options: { lines: true }, error: 'the fence options {2} do not parse (invalid character \'2\' at 1:2); write them as {fragment:\'Pod.spec\'}' })
    expect(parseInfo('yaml {1} {2}')).toMatchObject({ ranges: '1', error: expect.stringMatching(/^the fence options \{2\} do not parse/) })
    expect(parseInfo('yaml {"x"}').error).toBe('the fence options {"x"} do not parse (invalid character \'}\' at 1:5); write them as {fragment:\'Pod.spec\'}')
  })
})

group('included files', () => {
  const slide = (content: string): DeckSlide => ({ no: 3, title: 'Lab', file: 'tests/fixtures/labs/slides.md', line: 1, note: '', frontmatter: {}, content })
  const bad = readFileSync(join(ROOT, 'tests/fixtures/labs/bad.sh'), 'utf8')

  it('are blocks of the included file, numbered after the slide\'s fences, in the file\'s own lines', () => {
    const blocks = snippetsOf(slide('# Lab\n\n<<< ./bad.sh bash {4|all}\ntext <<< ./bad.sh\n'), 2)
    expect(blocks).toEqual([{ slide: expect.anything(), index: 2, part: 'content', lang: 'bash', info: 'bash {4|all}', options: {}, optionsError: undefined, code: bad, file: 'tests/fixtures/labs/bad.sh', line: 0 }])
  })

  it('take their language from the extension when the line names none', () => {
    const [block] = snippetsOf(slide('  <<< ./bad.sh {fragment:\'Pod.spec\'}'), 1)
    expect(block).toMatchObject({ lang: 'sh', info: 'sh {fragment:\'Pod.spec\'}', options: { fragment: 'Pod.spec' }, optionsError: undefined })
  })

  it('say that a region is checked as the whole file', () => {
    const [block] = snippetsOf(slide('<<< ./bad.sh#setup bash'), 1)
    expect(block).toMatchObject({ code: bad, optionsError: 'a region (#setup) of tests/fixtures/labs/bad.sh is checked as the whole file' })
  })

  it('name a missing file once, and do not check it', () => {
    const [block] = snippetsOf(slide('<<< ./missing.yaml {fragment:\'Pod.spec\'}'), 1)
    expect(block).toMatchObject({ lang: 'yaml', code: '', options: { fragment: 'Pod.spec', unchecked: 'the file does not exist' }, optionsError: 'the included file tests/fixtures/labs/missing.yaml does not exist' })
  })
})
