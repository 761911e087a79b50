/**
 * The code check on what Kubernetes v1.37 defines: CEL in CRD rules and
 * in a MutatingAdmissionPolicy's object construction, the components'
 * configuration files, what the release serves and its kinds' schemas.
 */
import type { ErrorObject } from 'ajv'
import type { ConfigSchema } from '../../scripts/checks/code-check/component-config'
import process from 'node:process'
import { beforeAll, expect, describe as group, it } from 'vitest'
import { apiObjectProblems, fragmentVersion, servedProblems } from '../../scripts/checks/code-check/api-objects'
import { hasKindSchema, kindSchemaRef, validateAgainst } from '../../scripts/checks/code-check/api-schemas'
import { checkCel, constructionAsMaps } from '../../scripts/checks/code-check/cel'
import { configSchemaByName, configSchemaFor, configSubSchema, problemsOf, validateConfig } from '../../scripts/checks/code-check/component-config'
import { validateCustomResource } from '../../scripts/checks/code-check/crd'
import { checkCode } from '../../scripts/checks/code-check/index'
import { courseRules, shellRules } from '../../scripts/checks/code-check/rules'
import { consoleCommands, hasShellCheck, SHELL_LANGS, shellcheck, ShellCheckMissing } from '../../scripts/checks/code-check/shell'

import { deckOf, fence } from './support/code-check-deck'

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
    // A list index past 9 stays a number; a field of two types names both.
    const plugins = { plugins: Array.from({ length: 11 }, () => ({ type: 'bridge' })) }
    expect(problemsOf([error('type', { type: ['integer', 'string'] }, { instancePath: '/plugins/10/type' })], plugins)).toEqual([{ path: ['plugins', 10, 'type'], message: 'expected integer or string, got the string "bridge"' }])
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
