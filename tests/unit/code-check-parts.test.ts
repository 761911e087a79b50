/**
 * The code check's parts on their own, each with the input a lesson gives it:
 * the wording of a finding (what a value is, "did you mean"), the paths and
 * lines of YAML documents, fence options and included files, console blocks
 * and ShellCheck, the deck's own CRDs, kubeadm patches in a kind config, CEL.
 */
import type { CelContext } from '../../scripts/checks/code-check/cel'
import type { DeckCrd } from '../../scripts/checks/code-check/crd'
import type { DeckSlide } from '../../scripts/shared/deck'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, expect, describe as group, it } from 'vitest'
import { checkCel } from '../../scripts/checks/code-check/cel'
import { crdOf, crdSubSchema, validateCustomResource } from '../../scripts/checks/code-check/crd'
import { formatPath, jsonError, parseDocuments, splitPath } from '../../scripts/checks/code-check/documents'
import { parseInfo, snippetsOf } from '../../scripts/checks/code-check/extract'
import { kindClusterPatches, kubeadmDocumentProblems, kubeadmVersions } from '../../scripts/checks/code-check/nested-configs'
import { closest, describe } from '../../scripts/checks/code-check/problems'
import { shellRules } from '../../scripts/checks/code-check/rules'
import { consoleCommands, shellcheck } from '../../scripts/checks/code-check/shell'
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
    // An empty document, and an empty list item under nodes (`nodes:\n- `), are null.
    expect(kindClusterPatches(null)).toEqual([])
    expect(kindClusterPatches({ nodes: [null, { role: 'worker' }] })).toEqual([])
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
