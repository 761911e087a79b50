/**
 * The code check's parts on their own, each with the input a lesson gives it:
 * the wording of a finding (what a value is, "did you mean"), the paths and
 * lines of YAML documents, fence options and included files, console blocks
 * and ShellCheck, the deck's own CRDs, kubeadm patches in a kind config, CEL.
 */
import type { ErrorObject } from 'ajv'
import type { CelContext } from '../../scripts/checks/code-check/cel'
import type { ConfigSchema } from '../../scripts/checks/code-check/component-config'
import type { DeckCrd } from '../../scripts/checks/code-check/crd'
import type { Deck, DeckSlide } from '../../scripts/shared/deck'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import process from 'node:process'
import { beforeAll, expect, describe as group, it } from 'vitest'
import { apiObjectProblems, fragmentVersion, servedProblems } from '../../scripts/checks/code-check/api-objects'
import { hasKindSchema, kindSchemaRef, validateAgainst } from '../../scripts/checks/code-check/api-schemas'
import { checkCel, constructionAsMaps } from '../../scripts/checks/code-check/cel'
import { configSchemaByName, configSchemaFor, configSubSchema, problemsOf, validateConfig } from '../../scripts/checks/code-check/component-config'
import { crdOf, crdSubSchema, validateCustomResource } from '../../scripts/checks/code-check/crd'
import { formatPath, jsonError, parseDocuments, splitPath } from '../../scripts/checks/code-check/documents'
import { parseInfo, snippetsOf } from '../../scripts/checks/code-check/extract'
import { checkCode } from '../../scripts/checks/code-check/index'
import { kindClusterPatches, kubeadmDocumentProblems, kubeadmVersions } from '../../scripts/checks/code-check/nested-configs'
import { closest, describe } from '../../scripts/checks/code-check/problems'
import { checkedCount, codeLintFindings, codeSummaryLine, formatCodeFinding, formatSummary } from '../../scripts/checks/code-check/report'
import { courseRules, shellRules } from '../../scripts/checks/code-check/rules'
import { consoleCommands, hasShellCheck, SHELL_LANGS, shellcheck, ShellCheckMissing } from '../../scripts/checks/code-check/shell'
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
    // Of two as near, the first.
    expect(closest('rep', ['red', 'rap'])).toBe('red')
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
    expect(pod.lineOf(['metadata', 'name', 0])).toBe(4)
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
    // A separator at the end, or two in a row, opens an empty document, which kubectl skips.
    expect(parseDocuments('---\n---\na: 1\n---\nb: 1\n---\n').documents.map(d => [d.index, d.line, d.value])).toEqual([[1, 3, { a: 1 }], [2, 5, { b: 1 }]])
    expect(parseDocuments('a: 1\n---\n# the end\n').documents).toHaveLength(1)
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
    expect(splitPath('profiles.[]')).toEqual(['profiles', '[]'])
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

group('console blocks and ShellCheck', () => {
  it('keep a tab-indented here-document to its end word, and a lone prompt as an empty command', () => {
    expect(consoleCommands('$ cat <<-"END" > /tmp/x\n\tline $HOME\n\tEND\nafter\n$\n$ echo a \\\n  b \\\n  c\nout\n')).toBe(
      'cat <<-"END" > /tmp/x\n\tline $HOME\n\tEND\n\n\necho a \\\n  b \\\n  c\n\n',
    )
    expect(consoleCommands('$ kubectl apply -f - <<\'EOF\'\nkind: Pod\nEOF\nout\n#$ not\n $ not\n')).toBe('kubectl apply -f - <<\'EOF\'\nkind: Pod\nEOF\n\n\n\n')
  })

  it('runs each script in its dialect, returning its problems in order with their lines', () => {
    // eslint-disable-next-line no-template-curly-in-string -- shell, not a template
    const arrays = 'a=(1 2)\necho "${a[0]}"\n'
    expect(shellcheck([])).toEqual([])
    expect(shellcheck([
      { code: 'echo $1\n', dialect: 'bash' },
      { code: 'echo "ok"\n', dialect: 'sh' },
      { code: arrays, dialect: 'sh' },
      { code: arrays, dialect: 'bash' },
    ])).toEqual([
      [{ line: 1, code: 'SC2086', level: 'info', message: 'Double quote to prevent globbing and word splitting.' }],
      [],
      [
        { line: 1, code: 'SC3030', level: 'warning', message: 'In POSIX sh, arrays are undefined.' },
        { line: 2, code: 'SC3054', level: 'warning', message: 'In POSIX sh, array references are undefined.' },
      ],
      [],
    ])
  })

  it('leaves out style, the companion of a syntax error and sourced files', () => {
    // SC2006 (backticks) is style; SC1091 a sourced file not on this machine; SC1009 accompanies SC1073.
    expect(shellcheck([{ code: 'x=`date`\necho "$x"\n. /etc/os-release\n', dialect: 'bash' }])).toEqual([[]])
    expect(shellcheck([{ code: 'echo "a\n', dialect: 'bash' }])[0].map(p => p.code)).toEqual(['SC1073', 'SC1072'])
  })
})

group('etcdctl in a shell block', () => {
  it('is found after a separator or in a subshell, not in a comment or another word', () => {
    const all = 'etcdctl without --endpoints, --cacert, --cert, --key: etcd serves clients over mutual TLS only'
    expect(shellRules('(etcdctl member list)')).toEqual([{ line: 1, message: all }])
    expect(shellRules('kubectl get pods;etcdctl get /a --endpoints=https://127.0.0.1:2379')).toEqual([{ line: 1, message: 'etcdctl without --cacert, --cert, --key: etcd serves clients over mutual TLS only' }])
    expect(shellRules('true && etcdctl get /a')).toHaveLength(1)
    expect(shellRules('# etcdctl get /a\nkubectl get pods # etcdctl get /a\nmyetcdctl get /a\n')).toEqual([])
  })

  it('reads a command with its continuation lines, and names the line it starts on', () => {
    expect(shellRules('echo a \\\n  b\netcdctl \\\n  --endpoints=x \\\n  get /a\netcdctl --cacert=a --cert=b --key=c --endpoints=d get /\n')).toEqual([
      { line: 3, message: 'etcdctl without --cacert, --cert, --key: etcd serves clients over mutual TLS only' },
    ])
  })

  it('counts the ETCDCTL_ variables set anywhere in the block', () => {
    expect(shellRules('export ETCDCTL_CACERT=/ca ETCDCTL_CERT=/c ETCDCTL_KEY=/k\netcdctl --endpoints=x get /a\n')).toEqual([])
    expect(shellRules('export ETCDCTL_CACERT=/ca\netcdctl --endpoints=x get /a\n')).toEqual([{ line: 2, message: 'etcdctl without --cert, --key: etcd serves clients over mutual TLS only' }])
  })
})

group('the deck\'s own CRDs', () => {
  const spec = {
    type: 'object',
    required: ['replicas'],
    properties: {
      'replicas': { type: 'integer', minimum: 1, example: 3, externalDocs: { url: 'https://example.com' } },
      'port': { 'x-kubernetes-int-or-string': true },
      'image': { type: 'string', nullable: true },
      'env': { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } } },
      'labels': { type: 'object', additionalProperties: { type: 'string' } },
      'extra': { 'type': 'object', 'x-kubernetes-preserve-unknown-fields': true },
      'template': { 'type': 'object', 'x-kubernetes-embedded-resource': true, 'properties': { kind: { type: 'string' } } },
      'mode': { type: 'string', enum: ['a', 'b'] },
      'a/b~c': { type: 'object', properties: { x: { type: 'string' } } },
      'choice': { anyOf: [{ type: 'object', properties: { p: { type: 'string' } } }, { type: 'string' }] },
      'pick': { oneOf: [{ type: 'object', properties: { p: { type: 'string' } } }, { type: 'string' }] },
      'both': { allOf: [{ type: 'object', properties: { q: { type: 'string' } } }] },
      'never': { not: { type: 'object', properties: { r: { type: 'string' } } } },
      'any': { type: 'array', items: true },
    },
  }
  const definition = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'webapps.demo.example.com' },
    spec: {
      group: 'demo.example.com',
      names: { kind: 'WebApp', plural: 'webapps' },
      scope: 'Namespaced',
      versions: [
        { name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { spec } } } },
        { name: 'v1beta1', served: true, storage: false },
        { name: 7 },
      ],
    },
  }
  // Read in beforeAll, not while Vitest collects the tests: a mutant that breaks crdOf then fails a test.
  let crd: DeckCrd
  let schema: Record<string, any>
  beforeAll(() => {
    crd = crdOf(definition)!
    schema = crd.versions.get('v1')!
  })
  // A copy each time: validateCustomResource compiles a schema once, and each test must run that compilation itself.
  const webApp = (body: unknown, more = {}) => validateCustomResource(structuredClone(schema), { apiVersion: 'demo.example.com/v1', kind: 'WebApp', metadata: { name: 'w' }, spec: body, ...more })

  it('define a kind with its versions; a version without a schema keeps every field', () => {
    expect(crd).toMatchObject({ group: 'demo.example.com', kind: 'WebApp', plural: 'webapps' })
    expect([...crd.versions.keys()]).toEqual(['v1', 'v1beta1'])
    expect(crd.versions.get('v1beta1')).toEqual({ 'type': 'object', 'x-kubernetes-preserve-unknown-fields': true })
    expect(crdOf({ ...definition, kind: 'CustomResource' })).toBeUndefined()
    expect(crdOf({ kind: 'CustomResourceDefinition' })).toBeUndefined()
    expect(crdOf({ kind: 'CustomResourceDefinition', spec: { group: 'g', names: {} } })).toBeUndefined()
    expect(crdOf({ kind: 'CustomResourceDefinition', spec: { names: { kind: 'K' } } })).toBeUndefined()
    expect(crdOf({ kind: 'CustomResourceDefinition', spec: { group: 'g' } })).toBeUndefined()
    expect(crdOf({ kind: 'CustomResourceDefinition', spec: { group: 'g', names: { kind: 'K' }, versions: {} } })).toEqual({ group: 'g', kind: 'K', plural: '', versions: new Map() })
    expect(crdOf([definition])).toBeUndefined()
  })

  it('accept what the schema allows, as the API server reads it', () => {
    expect(webApp({ 'replicas': 2, 'port': 'http', 'image': null, 'env': [{ name: 'A' }], 'labels': { a: 'b' }, 'extra': { anything: 1 }, 'template': { kind: 'Pod', more: 1 }, 'mode': 'a', 'a/b~c': { x: 'y' }, 'both': { q: 'x' }, 'any': [1, 'a'] })).toEqual([])
    expect(webApp({ replicas: 1, port: 8080, choice: 'x' })).toEqual([])
  })

  it('name unknown fields at any depth, types, enums and missing fields at their path', () => {
    expect(webApp({ 'replica': 2, 'port': 1.5, 'image': 3, 'env': [{ nam: 'A' }], 'labels': { a: 1 }, 'mode': 'c', 'a/b~c': { z: 1 } }, { status: {} })).toEqual([
      { path: ['status'], message: 'unknown field "status" (not in the CRD\'s schema)' },
      { path: ['spec'], message: 'missing required field "replicas"' },
      { path: ['spec', 'replica'], message: 'unknown field "replica" (not in the CRD\'s schema) (did you mean "replicas"?)' },
      { path: ['spec', 'port'], message: 'expected integer, got number 1.5' },
      { path: ['spec', 'port'], message: 'expected string, got number 1.5' },
      { path: ['spec', 'port'], message: 'must match a schema in anyOf' },
      { path: ['spec', 'image'], message: 'expected string or null, got number 3' },
      { path: ['spec', 'env', 0, 'nam'], message: 'unknown field "nam" (not in the CRD\'s schema) (did you mean "name"?)' },
      { path: ['spec', 'labels', 'a'], message: 'expected string, got number 1' },
      { path: ['spec', 'mode'], message: 'must be equal to one of the allowed values' },
      { path: ['spec', 'a/b~c', 'z'], message: 'unknown field "z" (not in the CRD\'s schema) (did you mean "x"?)' },
    ])
    expect(webApp({ replicas: 0 })).toEqual([{ path: ['spec', 'replicas'], message: 'must be >= 1' }])
    // The branches of anyOf and oneOf are closed too.
    expect(webApp({ replicas: 1, choice: { q: 1 }, pick: { q: 1 } }).filter(p => p.message.startsWith('unknown field'))).toEqual([
      { path: ['spec', 'choice', 'q'], message: 'unknown field "q" (not in the CRD\'s schema) (did you mean "p"?)' },
      { path: ['spec', 'pick', 'q'], message: 'unknown field "q" (not in the CRD\'s schema) (did you mean "p"?)' },
    ])
    // The branches of allOf are closed too; apiVersion, kind and metadata have their types.
    expect(webApp({ replicas: 1, both: { q: 'x', other: 1 } })).toEqual([{ path: ['spec', 'both', 'other'], message: 'unknown field "other" (not in the CRD\'s schema)' }])
    expect(webApp({ replicas: 1 }, { apiVersion: 1, kind: 2, metadata: 'w' })).toEqual([
      { path: ['apiVersion'], message: 'expected string, got number 1' },
      { path: ['kind'], message: 'expected string, got number 2' },
      { path: ['metadata'], message: 'expected object, got the string "w"' },
    ])
    expect(webApp({ replicas: 1, never: {} })).toEqual([{ path: ['spec', 'never'], message: 'must NOT be valid' }])
    expect(validateCustomResource(schema, 'web')).toEqual([{ path: [], message: 'expected object, got the string "web"' }])
  })

  it('give the schema at a fragment path, or say where the path leaves it', () => {
    expect(crdSubSchema(schema, ['spec', 'env', '[]'])).toEqual({ type: 'object', properties: { name: { type: 'string' } } })
    expect(crdSubSchema(schema, ['spec', 'replicas', '[]'])).toBe('[] is not a list in the CRD\'s schema')
    expect(crdSubSchema(schema, ['spec', 'nope'])).toBe('nope is not a field of the CRD\'s schema')
    expect(crdSubSchema(schema, ['spec', 'replicas', 'x'])).toBe('x is not a field of the CRD\'s schema')
    const item = crdSubSchema(schema, ['spec', 'env', '[]']) as Record<string, any>
    // A fragment is closed as the whole object is, without the apiVersion, kind and metadata of a whole object.
    expect(validateCustomResource(item, { name: 'x', value: 'y' }, 'fragment')).toEqual([{ path: ['value'], message: 'unknown field "value" (not in the CRD\'s schema)' }])
    expect(validateCustomResource(item, { name: 'x', kind: 'y' }, 'fragment')).toEqual([{ path: ['kind'], message: 'unknown field "kind" (not in the CRD\'s schema)' }])
    expect(validateCustomResource(spec, { replicas: 1, metadata: {} }, 'fragment')).toEqual([{ path: ['metadata'], message: 'unknown field "metadata" (not in the CRD\'s schema)' }])
    // The same schema as a whole object's: compiled apart.
    expect(validateCustomResource(item, { name: 'x', kind: 'y' })).toEqual([])
  })
})

group('kubeadm configuration', () => {
  const KINDS = 'ClusterConfiguration, InitConfiguration, JoinConfiguration, ResetConfiguration, UpgradeConfiguration'

  it('is read at the version the release\'s kubeadm reads', () => {
    expect(kubeadmVersions()).toEqual(['kubeadm.k8s.io/v1beta4'])
    expect(kubeadmDocumentProblems({ apiVersion: 'kubeadm.k8s.io/v1beta3', kind: 'ClusterConfiguration' }, false)).toEqual([
      { path: ['apiVersion'], message: 'kubeadm.k8s.io/v1beta3 is not a kubeadm configuration version v1.37 reads (it reads kubeadm.k8s.io/v1beta4)' },
    ])
    expect(kubeadmDocumentProblems({ apiVersion: 'v1', kind: 'ClusterConfiguration' }, false)).toEqual([{ path: ['apiVersion'], message: 'not a kubeadm configuration: v1' }])
    // Only a patch may leave its apiVersion out.
    expect(kubeadmDocumentProblems({ kind: 'ClusterConfiguration' }, false)).toEqual([{ path: ['apiVersion'], message: 'not a kubeadm configuration: undefined' }])
  })

  it('names a document that is no object or has no kind', () => {
    expect(kubeadmDocumentProblems('x', true)).toEqual([{ path: [], message: 'not an object' }])
    expect(kubeadmDocumentProblems({ apiVersion: 'kubeadm.k8s.io/v1beta4' }, true)).toEqual([{ path: [], message: `a kubeadm patch names its kind (${KINDS}): kind matches patches by kind` }])
  })

  it('wants the required fields of a whole document, not of a patch', () => {
    expect(kubeadmDocumentProblems({ apiVersion: 'kubeadm.k8s.io/v1beta4', kind: 'JoinConfiguration' }, false)).toEqual([{ path: [], message: 'missing required field "discovery"' }])
    expect(kubeadmDocumentProblems({ apiVersion: 'kubeadm.k8s.io/v1beta4', kind: 'JoinConfiguration' }, true)).toEqual([])
    expect(kubeadmDocumentProblems({ apiVersion: 'kubeadm.k8s.io/v1beta4', kind: 'ClusterConfiguration', networking: { podSubnet: 1 } }, true)).toEqual([
      { path: ['networking', 'podSubnet'], message: 'expected string, got number 1' },
    ])
  })

  it('in a kind config: each patch of the cluster and of its nodes, at the line inside the patch', () => {
    expect(kindClusterPatches('x')).toEqual([])
    expect(kindClusterPatches({ kubeadmConfigPatches: 'x', kubeadmConfigPatchesJSON6902: 'y', nodes: 'z' })).toEqual([])
    expect(kindClusterPatches({ kubeadmConfigPatches: [3, 'kind: [\n', '---\nkind: ClusterConfiguration\n---\napiVersion: kubeadm.k8s.io/v1beta4\nkind: InitConfiguration\nnodeRegistration:\n  taints: 5\n'] })).toEqual([
      { path: ['kubeadmConfigPatches', 0], message: 'a kubeadmConfigPatches entry is a string holding a YAML document' },
      { path: ['kubeadmConfigPatches', 1], line: 2, message: 'the patch does not parse as YAML: Flow sequence in block collection must be sufficiently indented and end with a ]' },
      { path: ['kubeadmConfigPatches', 2], line: 7, message: 'patch kubeadm.k8s.io/v1beta4 InitConfiguration $.nodeRegistration.taints: expected array, got number 5' },
    ])
    expect(kindClusterPatches({
      kubeadmConfigPatchesJSON6902: [5, { group: 'apps', version: 'v1' }, { group: 'kubeadm.k8s.io', version: 'v1beta4' }],
      nodes: [3, { role: 'worker', kubeadmConfigPatchesJSON6902: [{ group: 'kubeadm.k8s.io' }] }, { kubeadmConfigPatches: ['kind: JoinConfiguration\nnodeRegistration:\n  kubeletExtraArgs: {a: b}\n'] }],
    })).toEqual([
      { path: ['nodes', 1, 'kubeadmConfigPatchesJSON6902', 0, 'version'], message: 'kubeadm.k8s.io/undefined is not a kubeadm configuration version v1.37 reads (it reads kubeadm.k8s.io/v1beta4): this patch would be silently ignored' },
      { path: ['nodes', 2, 'kubeadmConfigPatches', 0], line: 3, message: 'patch JoinConfiguration (matched to kubeadm.k8s.io/v1beta4) $.nodeRegistration.kubeletExtraArgs: expected array, got an object' },
    ])
  })
})

/** A deck of slides written here, located in a fixture file they are not in: each slide's content starts on its line 1. */
function deckOf(...slides: { content: string, note?: string, frontmatter?: Record<string, unknown> }[]): Deck {
  return {
    entry: join(ROOT, 'tests/fixtures/code/slides.md'),
    headmatter: {},
    slides: slides.map((s, i) => ({ no: i + 1, title: `Slide ${i + 1}`, file: 'tests/fixtures/code/slides.md', line: 1, note: s.note ?? '', frontmatter: s.frontmatter ?? {}, content: s.content })),
  }
}

const fence = (info: string, code: string) => `\`\`\`${info}\n${code}\`\`\`\n`

group('the report', () => {
  it('says where a finding is, naming an untitled slide and the document when there is one', () => {
    expect(formatCodeFinding({ file: 'a.md', line: 3, slide: 2, title: '', block: 1, message: 'm' })).toBe('a.md:3 (slide 2 «untitled») block 1: m')
    expect(formatCodeFinding({ file: 'a.md', line: 3, slide: 2, title: 'T', block: 4, document: 2, message: 'm' })).toBe('a.md:3 (slide 2 «T») block 4, document 2: m')
  })

  it('sums up a lesson: blocks by what checked them, opt-outs, languages not read, CEL and the share', () => {
    const summary = { blocks: 40, checked: { kubernetes: 30, config: 5, shell: 3 }, optedOut: 1, unchecked: { go: 1, text: 1 }, share: 38 / 40, celExpressions: 7 }
    expect(checkedCount(summary)).toBe(38)
    expect(formatSummary('lesson 2', summary)).toBe('lesson 2: 40 code blocks, 38 checked (30 kubernetes, 5 config, 3 shell), 1 opted out, 2 unchecked (1 go, 1 text); 7 CEL expressions: 95.0 % checked (target ≥ 95 %)')
    expect(formatSummary('x', { blocks: 0, checked: {}, optedOut: 0, unchecked: {}, share: 1, celExpressions: 0 })).toBe('x: 0 code blocks, 0 checked, 0 opted out, 0 unchecked; 0 CEL expressions: 100.0 % checked (target ≥ 95 %)')
  })

  it('gives the lint its findings and the share below target, naming the languages not read', async () => {
    const deck = deckOf({ content: `# Go\n\n${fence('go', 'package main\n')}\n${fence('yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n')}` })
    expect(await codeLintFindings(deck)).toEqual([
      { rule: 'code', where: 'tests/fixtures/code/slides.md', message: 'only 50.0 % of the code blocks are checked (target ≥ 95 %): 0 opted out, 1 in languages the check does not read' },
    ])
    expect(await codeSummaryLine(deck, 'lesson 9')).toBe('lesson 9: 2 code blocks, 1 checked (1 kubernetes), 0 opted out, 1 unchecked (1 go); 0 CEL expressions: 50.0 % checked (target ≥ 95 %)')
    const checked = deckOf({ content: fence('yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: 1}\n') })
    expect(await codeLintFindings(checked)).toEqual([
      { rule: 'code', where: 'tests/fixtures/code/slides.md:5 (slide 1 «Slide 1»)', slide: 1, message: 'block 1, document 1: $.data.a: expected string, got number 1' },
    ])
  })

  it('says why the summary is missing when the check cannot run', async () => {
    const broken = deckOf({ content: 'x' })
    broken.slides[0].file = 'tests/fixtures/code/missing.md'
    expect(await codeSummaryLine(broken, 'lesson 9')).toBe(`lesson 9: code check did not run: ENOENT: no such file or directory, open '${join(ROOT, 'tests/fixtures/code/missing.md')}'`)
    await expect(codeLintFindings(broken)).rejects.toThrow('ENOENT')
  })
})

group('the check of a deck\'s blocks', () => {
  const findings = async (deck: Deck) => (await checkCode(deck)).findings.map(f => `${f.line} s${f.slide} b${f.block}${f.document ? ` d${f.document}` : ''}: ${f.message}`)

  it('skips diagrams and slides that waive the rule, and counts the rest by what checked them', async () => {
    const deck = deckOf(
      { content: fence('mermaid', 'graph TD\n') + fence('yaml', 'a: 1\n'), frontmatter: { lintAllow: 'code' } },
      { content: fence('yaml', 'a: 1\n'), frontmatter: { lintAllow: ['spelling', 'code'] } },
      { content: fence('mermaid', 'graph TD\n') + fence('', 'plain\n') + fence('go', 'package main\n') + fence('go', 'package x\n') + fence('text {unchecked: \'output\'}', 'x\n') },
    )
    const report = await checkCode(deck)
    expect(report.findings).toEqual([])
    expect(report.summary).toEqual({ blocks: 4, checked: {}, optedOut: 1, unchecked: { 'plain text': 1, 'go': 2 }, share: 0, celExpressions: 0 })
    expect((await checkCode(deckOf())).summary).toEqual({ blocks: 0, checked: {}, optedOut: 0, unchecked: {}, share: 1, celExpressions: 0 })
  })

  it('names unknown fence options, options that do not parse, and opt-outs without a reason', async () => {
    const deck = deckOf({ content: fence('yaml {foo: 1}', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n') + fence('yaml {fragment: Pod.spec}', 'x\n') + fence('text {unchecked: 3}', 'x\n') + fence('text {unchecked: \'  \'}', 'x\n') })
    expect(await findings(deck)).toEqual([
      '1 s1 b1: unknown fence option "foo" (the code check reads fragment, unchecked and requires)',
      `6 s1 b2: ${parseInfo('yaml {fragment: Pod.spec}').error}`,
      // The block is still read, as a whole object.
      '7 s1 b2 d1: $: not an object: a fragment of a list says so, e.g. {fragment:\'Pod.spec.containers\'}',
      '9 s1 b3: an unchecked block must say why: {unchecked:\'reason\'}',
      '12 s1 b4: an unchecked block must say why: {unchecked:\'reason\'}',
    ])
    expect((await checkCode(deck)).summary).toMatchObject({ blocks: 4, checked: { kubernetes: 2 }, optedOut: 2, share: 0.5 })
  })

  it('reads JSON strictly, and YAML documents one by one', async () => {
    const deck = deckOf({ content: fence('json', '{\n  "a": 1,\n}\n') + fence('json', '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}}\n') + fence('json', '[1]\n') + fence('yaml', '# nothing\n') + fence('yaml', 'a: [\n') + fence('yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {}\n') })
    expect(await findings(deck)).toEqual([
      '4 s1 b1: JSON does not parse: Expected double-quoted property name',
      '10 s1 b3 d1: $: not an object: a fragment of a list says so, e.g. {fragment:\'Pod.spec.containers\'}',
      '13 s1 b4: the block holds no document',
      '17 s1 b5: YAML does not parse: Flow sequence in block collection must be sufficiently indented and end with a ]',
      '25 s1 b6 d2: $.metadata: missing metadata.name: the API server rejects an object without a name',
    ])
    expect((await checkCode(deck)).summary.checked).toEqual({ json: 2, kubernetes: 4 })
  })

  it('checks a declared fragment against the schema at its path, without its required fields', async () => {
    const deck = deckOf({ content: [
      fence('yaml {fragment: \'Pod\'}', 'a: 1\n'),
      fence('yaml {fragment: 3}', 'a: 1\n'),
      fence('yaml {fragment: \'Pod.spec\'}', 'nodeSelectr: {}\n'),
      fence('yaml {fragment: \'Pod.spec.containers[0]\'}', 'a: 1\n'),
      fence('yaml {fragment: \'Pod.spec.containers[]\'}', 'image: nginx\n'),
      fence('yaml {fragment: \'Pod.spek\'}', 'a: 1\n'),
      fence('yaml {fragment: \'Gadget.spec\'}', 'a: 1\n'),
    ].join('') })
    expect(await findings(deck)).toEqual([
      '1 s1 b1: fragment must name a kind and a path, e.g. {fragment:\'Pod.spec\'}, not "Pod"',
      '4 s1 b2: fragment must name a kind and a path, e.g. {fragment:\'Pod.spec\'}, not 3',
      '8 s1 b3 d1: $.nodeSelectr: unknown field "nodeSelectr" (did you mean "nodeSelector"?)',
      '11 s1 b4 d1: $: "spec.containers[0]" is not a path like spec.template.spec or profiles[]',
      '17 s1 b6 d1: $: fragment Pod.spek: spek is not a field of Pod (did you mean "spec"?)',
      '20 s1 b7 d1: $: fragment Gadget.spec: unknown kind Gadget (not a kind v1.37 serves by default, a component config in schemas/, a Gateway API kind, or a CRD of this lesson)',
    ])
  })

  it('sends shell blocks to ShellCheck in their dialect, console blocks as their commands, with the course\'s rules', async () => {
    const deck = deckOf({ content: fence('console', '$ etcdctl get /a\nout $1\n$ echo $1\n') + fence('sh', 'a=(1)\necho "$a"\n') + fence('bash', 'a=(1)\necho "$a"\netcdctl get /\n') + fence('shell-session', '$ echo $2\n') })
    expect(await findings(deck)).toEqual([
      '2 s1 b1: etcdctl without --endpoints, --cacert, --cert, --key: etcd serves clients over mutual TLS only',
      '4 s1 b1: ShellCheck SC2086 (info): Double quote to prevent globbing and word splitting.',
      '7 s1 b2: ShellCheck SC3030 (warning): In POSIX sh, arrays are undefined.',
      '8 s1 b2: ShellCheck SC2128 (warning): Expanding an array without an index only gives the first element.',
      '12 s1 b3: ShellCheck SC2128 (warning): Expanding an array without an index only gives the first element.',
      '13 s1 b3: etcdctl without --endpoints, --cacert, --cert, --key: etcd serves clients over mutual TLS only',
      '16 s1 b4: ShellCheck SC2086 (info): Double quote to prevent globbing and word splitting.',
    ])
    expect((await checkCode(deck)).summary).toMatchObject({ blocks: 4, checked: { shell: 4 }, share: 1 })
  })

  it('orders findings by file, line and block, and checks a deck once', async () => {
    const deck = deckOf({ content: fence('yaml', 'a: 1\n') }, { content: fence('yaml', 'b: 1\n'), note: fence('yaml', 'c: 1\n') })
    const first = checkCode(deck)
    expect(checkCode(deck)).toBe(first)
    expect((await first).findings.map(f => [f.file, f.line, f.slide, f.block, f.title])).toEqual([
      ['tests/fixtures/code/slides.md', 2, 1, 1, 'Slide 1'],
      ['tests/fixtures/code/slides.md', 2, 2, 1, 'Slide 2'],
      ['tests/fixtures/code/slides.md', 2, 2, 2, 'Slide 2'],
    ])
    expect((await first).findings[0]).toMatchObject({ document: 1, path: undefined })
  })
})

group('a whole document, by what it is', () => {
  const findings = async (...blocks: string[]) => (await checkCode(deckOf({ content: blocks.join('') }))).findings.map(f => `${f.line} b${f.block}: ${f.message}`)
  const crd = 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: webapps.demo.example.com}\nspec:\n  group: demo.example.com\n  names: {kind: WebApp, plural: webapps, singular: webapp, listKind: WebAppList}\n  scope: Namespaced\n  versions:\n  - name: v1\n    served: true\n    storage: true\n    schema:\n      openAPIV3Schema:\n        type: object\n        properties:\n          spec:\n            type: object\n            x-kubernetes-validations:\n            - rule: "self.replicas >= 0"\n              messageExpression: "\'bad \' + string(self.replicas)"\n            properties:\n              replicas: {type: integer}\n'

  it('a custom resource of a CRD anywhere in the deck, whole or as a fragment', async () => {
    const deck = deckOf(
      { content: fence('yaml', 'apiVersion: demo.example.com/v1\nkind: WebApp\nmetadata: {name: w}\nspec: {replicas: 1, image: x}\n') + fence('yaml', 'apiVersion: demo.example.com/v2\nkind: WebApp\nmetadata: {name: w}\n') + fence('yaml {fragment: \'WebApp.spec\'}', 'replicas: 1\nimage: x\n') + fence('yaml {fragment: \'WebApp.status\'}', 'a: 1\n') },
      // Read first, though it comes later; a CRD opted out of the check defines nothing.
      { content: fence('yaml', crd) + fence('yaml {unchecked: \'other\'}', crd.replace(/WebApp/g, 'Gadget').replace('webapps.', 'gadgets.')) },
      { content: fence('yaml', 'apiVersion: demo.example.com/v1\nkind: Gadget\nmetadata: {name: g}\n') },
    )
    const report = await checkCode(deck)
    expect(report.findings.map(f => `s${f.slide} ${f.line} b${f.block}: ${f.message}`)).toEqual([
      's1 5 b1: $.spec.image: unknown field "image" (not in the CRD\'s schema)',
      's1 8 b2: $.apiVersion: the lesson\'s CRD for WebApp does not define version v2 (it has v1)',
      's1 14 b3: $.image: unknown field "image" (not in the CRD\'s schema)',
      's1 17 b4: $: fragment WebApp.status: status is not a field of the CRD\'s schema',
      's3 3 b1: $.kind: unknown apiVersion/kind demo.example.com/v1 Gadget: not a built-in kind of v1.37, not a component config with a schema in schemas/, and no CRD in this lesson defines it (mark the block {unchecked:\'why\'} if it cannot be checked)',
      's2 20 b1: $.spec.versions[0].schema.openAPIV3Schema.properties.spec["x-kubernetes-validations"][0].rule: CEL reads the optional field self.replicas without has(self.replicas): the rule fails on every object without it',
      's2 21 b1: $.spec.versions[0].schema.openAPIV3Schema.properties.spec["x-kubernetes-validations"][0].messageExpression: CEL reads the optional field self.replicas without has(self.replicas): the rule fails on every object without it',
    ].sort((a, b) => Number(a.split(' ')[1]) - Number(b.split(' ')[1])))
    expect(report.summary).toMatchObject({ checked: { 'custom resource': 4, 'kubernetes': 2 }, optedOut: 1, celExpressions: 2 })
  })

  it('a component configuration: its schema, its version, the course\'s rules, and kubeadm\'s', async () => {
    expect(await findings(
      fence('yaml', 'apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\nprofiles: []\n'),
      fence('yaml', 'apiVersion: kubescheduler.config.k8s.io/v1\nkind: Gadget\n'),
      fence('yaml', 'apiVersion: kubeadm.k8s.io/v1beta4\nkind: ClusterConfiguration\nnetworking: {podSubnet: 1}\n'),
      fence('yaml', 'apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\n'),
      fence('yaml', 'apiVersion: kubescheduler.config.k8s.io/v1beta3\nkind: KubeSchedulerConfiguration\n'),
    )).toEqual([
      '2 b1: $.clientConnection: kube-scheduler started with --config ignores --kubeconfig: set clientConnection.kubeconfig, or it cannot reach the API server',
      '8 b2: $.kind: kubescheduler.config.k8s.io/v1 Gadget: no schema in schemas/ for this configuration kind (the check knows kubescheduler.config.k8s.io/v1 KubeSchedulerConfiguration)',
      '13 b3: $.networking.podSubnet: expected string, got number 1',
      '16 b4: $.apiVersion: kubeadm.k8s.io/v1beta3 ClusterConfiguration is not a configuration v1.37 reads (it reads kubeadm.k8s.io/v1beta4)',
      '20 b5: $.apiVersion: kubescheduler.config.k8s.io/v1beta3 KubeSchedulerConfiguration is not a configuration v1.37 reads (it reads kubescheduler.config.k8s.io/v1)',
    ])
  })

  it('a built-in object: served, named unless it is a request body, its CEL checked', async () => {
    expect(await findings(
      fence('yaml', 'apiVersion: authentication.k8s.io/v1\nkind: TokenReview\nspec: {token: x}\n'),
      fence('yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {generateName: c-}\n'),
      fence('yaml {requires: \'x\'}', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n'),
      fence('yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ""}\n'),
      fence('yaml', 'apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata: {name: c}\n'),
      fence('yaml', 'apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicy\nmetadata: {name: p}\nspec:\n  validations:\n  - expression: "object.spec.replicas <= "\n    messageExpression: "\'x\'"\n  matchConditions:\n  - {name: a, expression: "self == 1"}\n'),
      fence('yaml', 'apiVersion: 1\nkind: ConfigMap\n'),
    )).toEqual([
      '12 b3: $.apiVersion: v1 ConfigMap is served by default in v1.37: the fence\'s {requires:\'…\'} says otherwise',
      '19 b4: $.metadata: missing metadata.name: the API server rejects an object without a name',
      '22 b5: $.apiVersion: extensions/v1beta1 Ingress is not served by v1.37: removed in v1.22; use networking.k8s.io/v1 Ingress',
      '32 b6: $.spec.validations[0].expression: CEL: Unexpected token: EOF',
      '35 b6: $.spec.matchConditions[0].expression: CEL: Unknown variable: self',
      '38 b7: $: no apiVersion and kind: a complete object needs both; a deliberate excerpt says what it is part of, e.g. {fragment:\'Deployment.spec.template.spec\'}',
    ])
  })

  it('a fragment of a component configuration, of kubeadm\'s, or with CEL', async () => {
    expect(await findings(
      fence('yaml {fragment: \'KubeSchedulerConfiguration.profiles[]\'}', 'schedulerName: x\nplugins: {score: {enabled: [{name: A, wieght: 1}]}}\n'),
      fence('yaml {fragment: \'KubeSchedulerConfiguration.profilez\'}', 'a: 1\n'),
      fence('yaml {fragment: \'ClusterConfiguration.networking\'}', 'podSubnet: 1\n'),
      fence('yaml {fragment: \'ClusterConfiguration.nope\'}', 'a: 1\n'),
      fence('yaml {fragment: \'ValidatingAdmissionPolicy.spec.validations\'}', '- expression: "self == 1"\n'),
    )).toEqual([
      '3 b1: $.plugins.score.enabled[0].wieght: unknown field "wieght" (did you mean "weight"?)',
      '6 b2: $: fragment KubeSchedulerConfiguration.profilez: profilez is not a field of KubeSchedulerConfiguration (did you mean "profiles"?)',
      '9 b3: $.podSubnet: expected string, got number 1',
      '12 b4: $: fragment ClusterConfiguration.nope: nope is not a field of ClusterConfiguration',
      '15 b5: $[0].expression: CEL: Unknown variable: self',
    ])
  })
})

group('cEL in a CRD rule', () => {
  const schema = { type: 'object', required: ['replicas', 'spec'], properties: { replicas: { type: 'integer' }, maxReplicas: { type: 'integer' }, mode: { type: 'string', default: 'a' }, spec: { type: 'object', required: ['a'], properties: { a: { type: 'object', properties: { b: { type: 'string' } } }, c: { type: 'string' } } } } }
  const unguarded = (expression: string) => checkCel({ path: ['rule'], expression, context: 'crd-rule', schema }).map(p => p.message)
  const warning = (field: string) => `CEL reads the optional field self.${field} without has(self.${field}): the rule fails on every object without it`

  it('names each optional field read without has(), once, at its first optional step', () => {
    expect(unguarded('self.maxReplicas > 0 && self.maxReplicas < 10')).toEqual([warning('maxReplicas')])
    expect(unguarded('self.spec.a.b == "x"')).toEqual([warning('spec.a.b')])
    expect(unguarded('self.spec.c == "x" && self.spec.a == self.spec.a')).toEqual([warning('spec.c')])
    expect(unguarded('[1].all(x, self.maxReplicas > x)')).toEqual([warning('maxReplicas')])
    // has() of the parent does not guard the child.
    expect(unguarded('has(self.spec) && self.spec.c == ""')).toEqual([warning('spec.c')])
    expect(checkCel({ path: ['rule'], expression: 'self.maxReplicas > 0', context: 'crd-rule', schema })).toEqual([{ path: ['rule'], message: warning('maxReplicas') }])
  })

  it('accepts required fields, defaulted ones, guarded ones and fields the schema does not know', () => {
    expect(unguarded('self.replicas > 0 && self.mode == "a" && self.unknown == 1 && self == oldSelf')).toEqual([])
    expect(unguarded('has(self.spec.a.b) && self.spec.a.b == "x"')).toEqual([])
    expect(unguarded('has(self.maxReplicas) ? self.maxReplicas > 0 : true')).toEqual([])
    // Without a schema, or outside a CRD, there is nothing to say about optional fields.
    expect(checkCel({ path: [], expression: 'self.maxReplicas > 0', context: 'crd-rule' })).toEqual([])
  })

  it('reports type errors and syntax errors on one line', () => {
    expect(checkCel({ path: ['r'], expression: '1 + "a"', context: 'crd-rule' })).toEqual([{ path: ['r'], message: 'CEL: no such overload: int + string' }])
    expect(checkCel({ path: ['r'], expression: 'a\n  b', context: 'crd-rule' })).toEqual([{ path: ['r'], message: 'CEL: Unexpected character: \'b\'' }])
  })
})

group('object construction in a MutatingAdmissionPolicy', () => {
  it('becomes map literals the parser reads, leaving strings alone', () => {
    expect(constructionAsMaps('Object{spec: Object.spec{replicas: 3}}')).toBe('{"spec": {"replicas": 3}}')
    expect(constructionAsMaps('Object{metadata: Object.metadata{labels: {"team": "a"}}}')).toBe('{"metadata": {"labels": {"team": "a"}}}')
    expect(constructionAsMaps('[JSONPatch{op: "add", path: "/metadata/labels/x{y}", value: "Object{a: 1}"}]')).toBe('[{"op": "add", "path": "/metadata/labels/x{y}", "value": "Object{a: 1}"}]')
    expect(constructionAsMaps('JSONPatch{op: \'replace\', value: \'it\\\'s\'}')).toBe('{"op": \'replace\', "value": \'it\\\'s\'}')
    expect(constructionAsMaps('JSONPatch{op: """add""", value: 1}')).toBe('{"op": """add""", "value": 1}')
    expect(constructionAsMaps('Object {spec: Object.spec {replicas: object.spec.replicas > 3 ? 3 : 1}}')).toBe('{"spec": {"replicas": object.spec.replicas > 3 ? 3 : 1}}')
    // A map inside keeps its own keys; a name ending in Object is not a construction.
    expect(constructionAsMaps('Object{spec: {"a": 1, b: 2}}')).toBe('{"spec": {"a": 1, b: 2}}')
    expect(constructionAsMaps('myObject{a: 1}')).toBe('myObject{a: 1}')
    expect(constructionAsMaps('x.Object{a: 1}')).toBe('x.Object{a: 1}')
    expect(constructionAsMaps('"unterminated')).toBe('"unterminated')
  })

  it('is checked as the maps it builds', () => {
    expect(checkCel({ path: [], expression: 'Object{spec: Object.spec{replicas: 1 + "x"}}', context: 'mutating-policy' })).toEqual([{ path: [], message: 'CEL: no such overload: int + string' }])
    expect(checkCel({ path: [], expression: 'Object{spec: Object.spec{replicas: replicas}}', context: 'mutating-policy' })).toEqual([{ path: [], message: 'CEL: Unknown variable: replicas' }])
  })
})

group('component configurations', () => {
  let kubelet: ConfigSchema
  beforeAll(() => {
    kubelet = configSchemaByName('KubeletConfiguration')!
  })

  it('are found by apiVersion and kind, or by the shape of a CNI or CDI file', () => {
    expect(configSchemaFor({ apiVersion: 'v1', kind: 'Config' })?.file).toBe('schemas/v1_Config.json')
    expect(configSchemaFor({ apiVersion: 'kubelet.config.k8s.io/v1beta1', kind: 'KubeletConfiguration' })).toBe(kubelet)
    expect(configSchemaFor({ cniVersion: '1.0.0', name: 'bridge' })?.file).toBe('schemas/cni_NetworkConfigList.json')
    expect(configSchemaFor({ cniVersion: '1.0.0', plugins: [] })?.file).toBe('schemas/cni_NetworkConfigList.json')
    expect(configSchemaFor({ cniVersion: '1.0.0' })).toBeUndefined()
    expect(configSchemaFor({ cdiVersion: '0.6.0' })?.file).toBe('schemas/cdi_Spec.json')
    expect(configSchemaFor({ apiVersion: 'v1', kind: 'ConfigMap' })).toBeUndefined()
    expect(configSchemaFor({ apiVersion: 'v1', kind: 1, cdiVersion: '0.6.0' })?.file).toBe('schemas/cdi_Spec.json')
    expect(configSchemaFor([{ cdiVersion: '0.6.0' }])).toBeUndefined()
    expect(configSchemaByName('NetworkConfigList')?.file).toBe('schemas/cni_NetworkConfigList.json')
    expect(configSchemaByName('Spec')?.file).toBe('schemas/cdi_Spec.json')
    expect(configSchemaByName('KubeletConfiguration')?.file).toBe('schemas/kubelet.config.k8s.io_v1beta1_KubeletConfiguration.json')
    expect(configSchemaByName('Kubelet')).toBeUndefined()
  })

  it('give the pointer of a fragment path, or say where the path leaves the schema', () => {
    expect(configSubSchema(kubelet, [])).toBe('')
    expect(configSubSchema(kubelet, ['authentication', 'webhook'])).toBe('/definitions/KubeletWebhookAuthentication')
    expect(configSubSchema(kubelet, ['tlsCipherSuites', '[]'])).toBe('/properties/tlsCipherSuites/items')
    expect(configSubSchema(kubelet, ['[]'])).toEqual({ error: 'KubeletConfiguration is not a list' })
    expect(configSubSchema(kubelet, ['authentication', '[]'])).toEqual({ error: 'authentication is not a list' })
    expect(configSubSchema(kubelet, ['authentication', 'webhok'])).toEqual({ error: 'authentication.webhok is not a field of KubeletConfiguration (did you mean "webhook"?)' })
    expect(configSubSchema(kubelet, ['zzz'])).toEqual({ error: 'zzz is not a field of KubeletConfiguration' })
  })

  it('name each problem in the words of the schema', () => {
    expect(validateConfig(kubelet, { apiVersion: 'kubelet.config.k8s.io/v1beta1', kind: 'KubeletConfiguration', cgroupDriver: 3, authentication: { x509: { clientCAFile: 1 } }, evictionHard: { 'memory.available': 100 } })).toEqual([
      { path: ['authentication', 'x509', 'clientCAFile'], message: 'expected string, got number 1' },
      { path: ['cgroupDriver'], message: 'expected string, got number 3' },
      { path: ['evictionHard', 'memory.available'], message: 'expected string, got number 100' },
    ])
    expect(validateConfig(kubelet, { apiVersion: 'kubelet.config.k8s.io/v1', kind: 'KubeletConfiguration', syncFrequency: '10 seconds' })).toEqual([
      { path: ['apiVersion'], message: 'must be "kubelet.config.k8s.io/v1beta1"' },
      { path: ['syncFrequency'], message: 'the string "10 seconds" does not match a Go duration, e.g. 30s, 5m, 1h30m' },
    ])
    const cni = configSchemaByName('NetworkConfigList')!
    expect(validateConfig(cni, { cniVersion: '1.0.0', name: '-bad', plugins: [{ type: 'bridge', runtimeConfig: {} }] })).toEqual([
      { path: ['name'], message: 'the string "-bad" does not match ^[a-zA-Z0-9][a-zA-Z0-9_.\\-]*$' },
      { path: ['plugins', 0], message: 'uses a field reserved for the runtime' },
    ])
    // A conditional requirement names the missing field, not the condition.
    const authz = configSchemaByName('AuthorizationConfiguration')!
    expect(validateConfig(authz, { apiVersion: 'apiserver.config.k8s.io/v1', kind: 'AuthorizationConfiguration', authorizers: [{ type: 'Webhook', name: 'w' }] })).toEqual([
      { path: ['authorizers', 0], message: 'missing required field "webhook"' },
    ])
    const kubeconfig = configSchemaByName('Config')!
    expect(validateConfig(kubeconfig, { apiVersion: 'v1', kind: 'Config', clusters: [{ name: 'c', cluster: { 'server': 'https://x', 'certificate-authority-data': 'not base64!' } }] })).toEqual([
      { path: ['clusters', 0, 'cluster', 'certificate-authority-data'], message: 'the string "not base64!" does not match base64 (a Go []byte)' },
    ])
  })

  it('validate a fragment at its pointer, and fail clearly on a pointer with no schema', () => {
    expect(validateConfig(kubelet, { cgroupDriver: 'systemd' }, '/properties/authentication')).toEqual([{ path: ['cgroupDriver'], message: 'unknown field "cgroupDriver"' }])
    expect(() => validateConfig(kubelet, {}, '/nope')).toThrow('no schema at https://course.invalid/schemas/kubelet.config.k8s.io_v1beta1_KubeletConfiguration.json#/nope')
  })

  it('word the errors of other validators too: formats, constants, anything else', () => {
    const error = (keyword: string, params: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({ keyword, params, instancePath: '/spec/a~1b/0', schemaPath: '#', message: `${keyword} failed`, ...extra }) as unknown as ErrorObject
    const value = { spec: { 'a/b': ['x'] } }
    expect(problemsOf([
      error('format', { format: 'date-time' }),
      error('format', { format: 'byte' }),
      error('format', { format: 'uri' }),
      error('const', { allowedValue: 'v1' }),
      error('minimum', {}),
      error('if', {}),
      error('allOf', {}),
      error('enum', { allowedValues: ['A', 'B'] }),
      error('pattern', { pattern: '^x$' }, { parentSchema: {} }),
    ], value)).toEqual([
      { path: ['spec', 'a/b', 0], message: 'not an RFC 3339 date-time' },
      { path: ['spec', 'a/b', 0], message: 'not valid base64 (format byte)' },
      { path: ['spec', 'a/b', 0], message: 'not a valid uri' },
      { path: ['spec', 'a/b', 0], message: 'must be "v1"' },
      { path: ['spec', 'a/b', 0], message: 'minimum failed' },
      { path: ['spec', 'a/b', 0], message: 'must be one of "A", "B", got the string "x"' },
      { path: ['spec', 'a/b', 0], message: 'the string "x" does not match ^x$' },
    ])
    expect(problemsOf([error('required', { missingProperty: 'name' }, { instancePath: '' })], value)).toEqual([{ path: [], message: 'missing required field "name"' }])
    expect(problemsOf([error('type', { type: 'string' }, { instancePath: '/spec/x/y' })], value)).toEqual([{ path: ['spec', 'x', 'y'], message: 'expected string, got undefined undefined' }])
    expect(problemsOf([error('uniqueItems', {}, { message: undefined })], value)).toEqual([{ path: ['spec', 'a/b', 0], message: 'uniqueItems' }])
    expect(problemsOf([error('additionalProperties', { additionalProperty: 'a~b' }, { instancePath: '/x~0y' })], {})).toEqual([{ path: ['x~y', 'a~b'], message: 'unknown field "a~b"' }])
  })
})

group('what v1.37 serves, and the schemas of its kinds', () => {
  const stop = (path: string, message: string) => ({ known: true, validated: false, problems: [{ path: [path], message }] })

  it('passes a kind served by default, and warns of a {requires} it does not need', () => {
    expect(servedProblems('apps/v1', 'Deployment', undefined)).toEqual({ known: true, validated: true, problems: [] })
    expect(servedProblems('apps/v1', 'Deployment', '  ').problems).toEqual([{ path: ['apiVersion'], message: 'apps/v1 Deployment is served by default in v1.37: the fence\'s {requires:\'…\'} says otherwise' }])
  })

  it('accepts a kind served when enabled only if the fence says what enables it', () => {
    expect(servedProblems('resource.k8s.io/v1beta2', 'DeviceTaintRule', 'the DRADeviceTaints gate')).toEqual({ known: true, validated: true, problems: [] })
    expect(servedProblems('resource.k8s.io/v1beta2', 'DeviceTaintRule', ' ').problems).toHaveLength(1)
  })

  it('stops at what v1.37 does not serve, naming what to use', () => {
    expect(servedProblems('example.com/v1', 'Gadget', undefined)).toEqual({ known: false, validated: false, problems: [] })
    expect(servedProblems('apps/v1', 'Widget', undefined)).toEqual(stop('kind', 'apps/v1 has no kind Widget in v1.37 (it has ControllerRevision, DaemonSet, Deployment, ReplicaSet, StatefulSet)'))
    expect(servedProblems('apps/v9', 'Deployment', undefined)).toEqual(stop('apiVersion', 'apps/v9 does not exist in v1.37 (served: apps/v1)'))
    expect(servedProblems('gateway.networking.k8s.io/v9', 'HTTPRoute', undefined)).toEqual(stop('apiVersion', 'gateway.networking.k8s.io/v9 does not exist in v1.37 (served: gateway.networking.k8s.io/v1, gateway.networking.k8s.io/v1beta1)'))
    expect(servedProblems('gateway.networking.k8s.io/v1', 'Widget', undefined).problems[0].message).toMatch(/^gateway\.networking\.k8s\.io\/v1 has no kind Widget in the CRDs of Gateway API v1\.6\.1 \(standard channel\) \(it has BackendTLSPolicy, /)
    expect(servedProblems('flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema', undefined)).toEqual(stop('apiVersion', 'flowcontrol.apiserver.k8s.io/v1beta3 FlowSchema is not served by v1.37: removed in v1.32; use flowcontrol.apiserver.k8s.io/v1 FlowSchema'))
  })

  it('validates the fields of what it serves, and names a kind it has no schema for', () => {
    expect(apiObjectProblems('v1', 'ConfigMap', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 1 } }, 'x')).toEqual({ known: true, validated: true, problems: [
      { path: ['apiVersion'], message: 'v1 ConfigMap is served by default in v1.37: the fence\'s {requires:\'…\'} says otherwise' },
      { path: ['data', 'a'], message: 'expected string, got number 1' },
    ] })
    expect(apiObjectProblems('apps/v9', 'Deployment', {}, undefined)).toEqual(servedProblems('apps/v9', 'Deployment', undefined))
    expect(fragmentVersion('Pod')).toBe('v1')
    expect(fragmentVersion('HTTPRoute')).toBe('gateway.networking.k8s.io/v1')
    expect(fragmentVersion('Gadget')).toBeUndefined()
  })

  it('finds the schema of a kind and of a path inside it, through references', () => {
    expect(hasKindSchema('v1', 'Pod')).toBe(true)
    expect(hasKindSchema('v1', 'Gadget')).toBe(false)
    expect(hasKindSchema('v9', 'Pod')).toBe(false)
    expect(hasKindSchema('kubeadm.k8s.io/v1beta4', 'ClusterConfiguration')).toBe(true)
    expect(kindSchemaRef('v1', 'Pod', ['spec', 'containers', '[]', 'ports'])).toBe('https://course.invalid/schemas/kubernetes/core_v1.json#/definitions/Container/properties/ports')
    expect(kindSchemaRef('admissionregistration.k8s.io/v1', 'ValidatingWebhookConfiguration', ['webhooks', '[]', 'clientConfig'])).toBe('https://course.invalid/schemas/kubernetes/admissionregistration.k8s.io_v1.json#/definitions/WebhookClientConfig')
    expect(kindSchemaRef('v1', 'Pod', ['spec', 'containers', 'x'])).toEqual({ error: 'spec.containers.x is not a field of Pod' })
    expect(kindSchemaRef('v1', 'Pod', ['spec', 'nodeSelectr'])).toEqual({ error: 'spec.nodeSelectr is not a field of Pod (did you mean "nodeSelector"?)' })
    expect(kindSchemaRef('v1', 'Pod', ['[]'])).toEqual({ error: 'Pod is not a list' })
    expect(kindSchemaRef('v1', 'Pod', ['spec', '[]'])).toEqual({ error: 'spec is not a list' })
    expect(kindSchemaRef('v1', 'Gadget')).toEqual({ error: 'no schema for v1 Gadget' })
  })

  it('validates against a path, keeping the summary of a union, and fails clearly without a schema', () => {
    const podSpec = kindSchemaRef('v1', 'Pod', ['spec']) as string
    expect(validateAgainst(podSpec, { containers: [{ name: 'a', image: 'b', ports: [{ containerPort: 'x' }] }], restartPolicy: 'Sometimes' })).toEqual([
      { path: ['containers', 0, 'ports', 0, 'containerPort'], message: 'expected integer, got the string "x"' },
      { path: ['restartPolicy'], message: 'must be one of "Always", "OnFailure", "Never", got the string "Sometimes"' },
    ])
    const container = kindSchemaRef('v1', 'Pod', ['spec', 'containers', '[]']) as string
    expect(validateAgainst(container, { name: 'a', resources: { limits: { cpu: true } } })).toEqual([{ path: ['resources', 'limits', 'cpu'], message: expect.stringMatching(/^must match a schema in anyOf|^expected/) }])
    expect(() => validateAgainst('https://course.invalid/schemas/kubernetes/nope.json#/x', {})).toThrow('no schema at https://course.invalid/schemas/kubernetes/nope.json#/x')
  })
})

group('more of what the parts must get right', () => {
  it('a trailing document separator adds no document to check', async () => {
    const report = await checkCode(deckOf({ content: fence('yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n') + fence('yaml', '---\n') }))
    expect(report.findings.map(f => `${f.line}: ${f.message}`)).toEqual(['8: the block holds no document'])
  })

  it('the course\'s rules for whole objects', () => {
    expect(courseRules('KubeSchedulerConfiguration', 'x')).toEqual([])
    expect(courseRules('KubeSchedulerConfiguration', { clientConnection: { kubeconfig: '' } })).toHaveLength(1)
    expect(courseRules('KubeletConfiguration', { profiles: [] })).toEqual([])
    expect(courseRules('AuthorizationConfiguration', { authorizers: [null, { type: 'Webhook' }] }).map(p => p.message.slice(0, 18))).toEqual(['no Node authorizer', 'no RBAC authorizer'])
    expect(courseRules('AuthorizationConfiguration', { authorizers: {} })).toEqual([])
    expect(courseRules('KubeSchedulerConfiguration', { authorizers: [] })).toHaveLength(1)
    const crd = (version: Record<string, unknown>) => ({ spec: { versions: [{ name: 'v1' }, version] } })
    const noStatus = { subresources: { status: {} }, schema: { openAPIV3Schema: { type: 'object', properties: { spec: {} } } } }
    expect(courseRules('CustomResourceDefinition', crd(noStatus))).toEqual([{ path: ['spec', 'versions', 1, 'subresources', 'status'], message: 'the status subresource is on, but the schema has no status: the API server prunes every status the controller writes' }])
    expect(courseRules('CustomResourceDefinition', crd({ ...noStatus, subresources: { scale: {} } }))).toEqual([])
    expect(courseRules('CustomResourceDefinition', crd({ ...noStatus, schema: { openAPIV3Schema: { 'type': 'object', 'x-kubernetes-preserve-unknown-fields': true } } }))).toEqual([])
    expect(courseRules('CustomResourceDefinition', crd({ ...noStatus, schema: {} }))).toEqual([])
    expect(courseRules('CustomResourceDefinition', crd({ ...noStatus, schema: { openAPIV3Schema: { type: 'object', properties: { status: true } } } }))).toHaveLength(1)
    expect(courseRules('Deployment', crd(noStatus))).toEqual([])
    expect(courseRules('CustomResourceDefinition', { spec: {} })).toEqual([])
    // Whatever is missing or null, the rule reads on without failing.
    expect(courseRules('CustomResourceDefinition', {})).toEqual([])
    expect(courseRules('CustomResourceDefinition', { spec: { versions: [null, { subresources: { status: {} }, schema: { openAPIV3Schema: { type: 'object' } } }] } })).toEqual([
      { path: ['spec', 'versions', 1, 'subresources', 'status'], message: expect.stringContaining('prunes every status') },
    ])
    expect(courseRules('AuthorizationConfiguration', { authorizers: [{ type: 'Node' }, { type: 'Webhook' }] })).toEqual([
      { path: ['authorizers'], message: 'no RBAC authorizer: a cluster\'s kubelets and RBAC rules stop working; keep Node and RBAC beside the webhook' },
    ])
    expect(courseRules('AuthorizationConfiguration', { authorizers: [{ type: 'RBAC' }, { type: 'Node' }] })).toEqual([])
  })

  it('etcdctl: a continuation is a backslash at the end of a line only', () => {
    expect(shellRules('etcdctl --endpoints=x get \'a\\b\' --cacert=c --cert=c --key=k\netcdctl get /\n')).toEqual([{ line: 2, message: expect.stringContaining('etcdctl without --endpoints') }])
    expect(shellRules('etcdctl\\\n  get /a')).toEqual([{ line: 1, message: expect.stringContaining('etcdctl without --endpoints') }])
  })

  it('console blocks: the last command, here-documents without quotes or with several tabs, a backslash inside a line', () => {
    expect(consoleCommands('$ ls')).toBe('ls\n')
    expect(consoleCommands('$ ls\n')).toBe('ls\n')
    expect(consoleCommands('$ cat <<EOF\nkind: Pod\nEOF\nout\n')).toBe('cat <<EOF\nkind: Pod\nEOF\n\n')
    expect(consoleCommands('$ cat <<-END\n\t\tx\n\t\tEND\nout\n')).toBe('cat <<-END\n\t\tx\n\t\tEND\n\n')
    expect(consoleCommands('$ printf \'a\\tb\'\nout\n')).toBe('printf \'a\\tb\'\n\n')
  })

  it('fails naming the install command when ShellCheck is missing', () => {
    const path = process.env.PATH
    process.env.PATH = '/nonexistent'
    try {
      expect(hasShellCheck()).toBe(false)
      expect(() => shellcheck([{ code: 'echo\n', dialect: 'bash' }])).toThrow(new ShellCheckMissing())
      expect(new ShellCheckMissing()).toMatchObject({ name: 'ShellCheckMissing', message: 'ShellCheck is not installed: apt-get install shellcheck (the code check runs it on every bash/sh/shell/console block)' })
    }
    finally {
      process.env.PATH = path
    }
    expect(hasShellCheck()).toBe(true)
  })

  it('every shell language goes to ShellCheck', async () => {
    const langs = ['bash', 'sh', 'shell', 'zsh', 'console', 'shell-session']
    expect([...SHELL_LANGS]).toEqual(langs)
    const report = await checkCode(deckOf({ content: langs.map(lang => fence(lang, lang.includes('s') && lang !== 'sh' && lang !== 'bash' && lang !== 'shell' ? '$ echo $1\n' : 'echo $1\n')).join('') }))
    expect(report.findings.map(f => f.block)).toEqual([1, 2, 3, 4, 5, 6])
    expect(report.summary.checked).toEqual({ shell: 6 })
  })

  it('cRD paths: keys that look like numbers, indexes past 9, nested objects closed like the root, Kubernetes formats', () => {
    const schema = { type: 'object', properties: { spec: { type: 'object', properties: {
      replicas: { type: 'integer', format: 'int32' },
      labels: { type: 'object', additionalProperties: { type: 'string' } },
      env: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } } },
    } } } }
    const check = (spec: unknown) => validateCustomResource(schema, { apiVersion: 'demo.example.com/v1', kind: 'WebApp', metadata: { name: 'w' }, spec })
    expect(check({ replicas: 3, labels: { 'k8s1': 1, '1a': 2 } })).toEqual([
      { path: ['spec', 'labels', 'k8s1'], message: 'expected string, got number 1' },
      { path: ['spec', 'labels', '1a'], message: 'expected string, got number 2' },
    ])
    const env = Array.from({ length: 11 }, (_, i) => ({ name: `E${i}` }))
    env[10] = { name: 'E10', kind: 'x' } as any
    expect(check({ env })).toEqual([{ path: ['spec', 'env', 10, 'kind'], message: 'unknown field "kind" (not in the CRD\'s schema)' }])
  })
})
