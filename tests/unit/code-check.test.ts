/**
 * The code check: the fixture deck's planted errors are each reported at
 * their exact file line, slide, block and document, and nothing else; the
 * parts (fence options, console prompts, the served-versions table, the
 * component-config schemas, CEL) are tested on their own.
 */
import type { Deck } from '../../scripts/shared/deck'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import process from 'node:process'
import { describe, expect, it } from 'vitest'
import { KUBERNETES_VERSION } from '../../data/course'
import { apiSchemas } from '../../scripts/checks/code-check/api-schemas'
import { checkCel } from '../../scripts/checks/code-check/cel'
import { configSchemas } from '../../scripts/checks/code-check/component-config'
import { parseInfo, partLines } from '../../scripts/checks/code-check/extract'
import { checkCode, CHECKED_TARGET, embeddedConfigs } from '../../scripts/checks/code-check/index'
import { codeLintFindings, formatCodeFinding } from '../../scripts/checks/code-check/report'
import { courseRules, shellRules } from '../../scripts/checks/code-check/rules'
import { consoleCommands } from '../../scripts/checks/code-check/shell'
import { availability } from '../../scripts/schemas/served'
import { loadDeck } from '../../scripts/shared/deck'
import { ROOT } from '../../scripts/shared/project'

const fixture = join(ROOT, 'tests', 'fixtures', 'code', 'slides.md')
const F = 'tests/fixtures/code/slides.md'
// One deck for the tests that read it: checkCode checks a deck object once, and the fixture takes a second.
let deck: Promise<Deck> | undefined
const fixtureDeck = () => deck ??= loadDeck(fixture)

describe('the code fixture', () => {
  it('reports every planted error at its exact location, and nothing on the clean blocks', async () => {
    const report = await checkCode(await fixtureDeck())
    expect(report.findings.map(formatCodeFinding)).toEqual([
      `${F}:45 (slide 2 «Deployment 里的未知字段») block 1, document 1: $.spec.replica: unknown field "replica" (did you mean "replicas"?)`,
      `${F}:63 (slide 3 «v1.37 不再提供的 apiVersion») block 1, document 1: $.apiVersion: extensions/v1beta1 Ingress is not served by v1.37: removed in v1.22; use networking.k8s.io/v1 Ingress`,
      `${F}:89 (slide 4 «拼错字段的调度器配置») block 1, document 1: $.profiles[0].plugins.score.enabled[0].wieght: unknown field "wieght" (did you mean "weight"?)`,
      `${F}:109 (slide 5 «CEL 语法错误») block 1, document 1: $.spec.validations[0].expression: CEL: Unexpected token: EOF`,
      `${F}:122 (slide 6 «Shell 引号没有闭合») block 1: ShellCheck SC1073 (error): Couldn't parse this double quoted string. Fix to allow more checks.`,
      `${F}:123 (slide 6 «Shell 引号没有闭合») block 1: ShellCheck SC1072 (error): Expected end of double quoted string. Fix any mentioned problems and try again.`,
      `${F}:135 (slide 7 «不认识的 kind») block 1, document 1: $.kind: unknown apiVersion/kind widgets.example.com/v1 Widget: not a built-in kind of v1.37, not a component config with a schema in schemas/, and no CRD in this lesson defines it (mark the block {unchecked:'why'} if it cannot be checked)`,
      `${F}:152 (slide 8 «片段里的错字段») block 1, document 1: $.nodeSelectr: unknown field "nodeSelectr" (did you mean "nodeSelector"?)`,
      `${F}:163 (slide 9 «没有理由的跳过») block 1: an unchecked block must say why: {unchecked:'reason'}`,
      `${F}:224 (slide 11 «CRD 与它的自定义资源») block 1, document 1: $.spec.versions[0].schema.openAPIV3Schema.properties.spec["x-kubernetes-validations"][1].rule: CEL reads the optional field self.minReplicas without has(self.minReplicas): the rule fails on every object without it`,
      `${F}:234 (slide 11 «CRD 与它的自定义资源») block 1, document 2: $.spec.image: unknown field "image" (not in the CRD's schema)`,
      // A block in the speaker notes, located in the file like any other.
      `${F}:245 (slide 11 «CRD 与它的自定义资源») block 2, document 1: $.imagePullPolicy: must be one of "Always", "Never", "IfNotPresent", got the string "Sometimes"`,
    ])
  })

  it('counts the blocks by what checked them', async () => {
    const { summary } = await checkCode(await fixtureDeck())
    expect(summary).toEqual({
      blocks: 15,
      checked: { kubernetes: 9, config: 2, shell: 2 },
      optedOut: 2,
      unchecked: {},
      share: 13 / 15,
      celExpressions: 3,
    })
  })

  it('names the line each finding points at, as the file has it', async () => {
    const lines = readFileSync(join(ROOT, F), 'utf8').split('\n')
    const report = await checkCode(await fixtureDeck())
    const at = (n: number) => lines[n - 1].trim()
    expect(report.findings.map(f => at(f.line))).toEqual([
      'replica: 2',
      'apiVersion: extensions/v1beta1',
      '- {name: NodeResourcesFit, wieght: 2}',
      '- expression: "object.spec.replicas <= "',
      'kubectl logs deploy/web -c "web',
      '```',
      'kind: Widget',
      'nodeSelectr: {disktype: ssd}',
      '```text {unchecked:\'\'}',
      '- rule: "self.minReplicas <= self.replicas"',
      'spec: {replicas: 2, image: nginx}',
      'imagePullPolicy: Sometimes',
    ])
  })
})

describe('the lint rule', () => {
  it('reports the share of checked blocks below the target, on the deck entry', async () => {
    const findings = await codeLintFindings(await fixtureDeck())
    expect(CHECKED_TARGET).toBe(0.95)
    expect(findings.at(-1)).toEqual({ rule: 'code', where: F, message: 'only 86.7 % of the code blocks are checked (target ≥ 95 %): 2 opted out, 0 in languages the check does not read' })
    expect(findings.filter(f => f.slide !== undefined)).toHaveLength(12)
  })

  it('fails naming the install command when ShellCheck is missing', async () => {
    const path = process.env.PATH
    process.env.PATH = '/nonexistent'
    try {
      const findings = await codeLintFindings({ ...(await fixtureDeck()) } as Deck)
      expect(findings).toEqual([{ rule: 'code', where: F, message: expect.stringContaining('apt-get install shellcheck') }])
    }
    finally {
      process.env.PATH = path
    }
  })
})

describe('fence options', () => {
  it('reads ranges and the options object as Slidev does', () => {
    expect(parseInfo('yaml {1-3|all} {fragment:\'Pod.spec\'}')).toEqual({ lang: 'yaml', ranges: '1-3|all', options: { fragment: 'Pod.spec' }, error: undefined })
    expect(parseInfo('yaml {fragment: "Deployment.spec.template.spec"}')).toMatchObject({ lang: 'yaml', ranges: undefined, options: { fragment: 'Deployment.spec.template.spec' } })
    expect(parseInfo('go {unchecked:\'Go interface excerpt\'}').options).toEqual({ unchecked: 'Go interface excerpt' })
    expect(parseInfo('mermaid {scale: 0.6}').options).toEqual({ scale: 0.6 })
    expect(parseInfo('yaml {fragment: Pod.spec}').error).toMatch(/do not parse/)
  })

  it('finds where a slide\'s content and notes start in its file', async () => {
    const deck = await fixtureDeck()
    const lines = readFileSync(join(ROOT, F), 'utf8').split('\n')
    for (const slide of deck.slides) {
      const { content, notes } = partLines(slide)
      expect(lines[content - 1]).toBe(slide.content.split('\n')[0])
      expect(lines[notes - 1]).toBe(slide.note.split('\n')[0])
    }
  })
})

describe('console blocks', () => {
  it('keep the commands after "$ " with their continuations and here-documents, and blank the output', () => {
    expect(consoleCommands('$ kubectl get nodes\nNAME STATUS\nnode-1 Ready\n$ cat <<EOF | kubectl apply -f -\nkind: Pod\nEOF\n$ kubectl logs \\\n  web\nhello\n')).toBe(
      'kubectl get nodes\n\n\ncat <<EOF | kubectl apply -f -\nkind: Pod\nEOF\nkubectl logs \\\n  web\n\n',
    )
  })
})

describe('what the baseline serves (schemas/kubernetes/index.json)', () => {
  const index = () => apiSchemas().index

  it('is generated for the course baseline', () => {
    expect(index().release).toBe(KUBERNETES_VERSION)
  })

  it('knows what v1.37 serves by default, only when enabled, and no longer', () => {
    expect(availability(index(), 'apps/v1', 'Deployment').state).toBe('default')
    expect(availability(index(), 'resource.k8s.io/v1', 'ResourceClaim').state).toBe('default')
    expect(availability(index(), 'admissionregistration.k8s.io/v1', 'MutatingAdmissionPolicy').state).toBe('default')
    expect(availability(index(), 'admissionregistration.k8s.io/v1beta1', 'MutatingAdmissionPolicy')).toMatchObject({ state: 'when-enabled', entry: { deprecated: '1.37', removed: '1.40' } })
    expect(availability(index(), 'admissionregistration.k8s.io/v1beta1', 'ValidatingWebhookConfiguration')).toMatchObject({ state: 'removed', entry: { removed: '1.22' } })
    expect(availability(index(), 'flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema')).toMatchObject({ state: 'removed', entry: { removed: '1.32' } })
    expect(availability(index(), 'rbac.authorization.k8s.io/v1alpha1', 'Role').state).toBe('removed')
    expect(availability(index(), 'apps/v1', 'Widget')).toMatchObject({ state: 'unknown-kind' })
    expect(availability(index(), 'apps/v2', 'Deployment')).toEqual({ state: 'unknown-version', served: ['apps/v1'] })
    expect(availability(index(), 'gateway.networking.k8s.io/v1', 'HTTPRoute').state).toBe('default')
  })
})

describe('the component-config schemas', () => {
  it('each name their upstream source: repository, path, release and commit', () => {
    const files = readdirSync(join(ROOT, 'schemas')).filter(f => f.endsWith('.json'))
    expect(files).toHaveLength(configSchemas().length)
    for (const schema of configSchemas()) {
      for (const source of schema.schema['x-source'])
        expect(source, schema.file).toMatchObject({ repository: expect.stringMatching(/^[\w-]+\/[\w-]+$/), path: expect.any(String), release: expect.any(String), commit: expect.stringMatching(/^[0-9a-f]{40}$/) })
    }
    expect(configSchemas().map(s => s.kind ?? s.title).sort()).toEqual([
      'AdmissionConfiguration',
      'AdmissionReview',
      'AuthenticationConfiguration',
      'AuthorizationConfiguration',
      'CDI spec',
      'CNI network configuration (list)',
      'Cluster',
      'Config',
      'CredentialProviderConfig',
      'CredentialProviderRequest',
      'CredentialProviderResponse',
      'EncryptionConfiguration',
      'ExecCredential',
      'KubeSchedulerConfiguration',
      'KubeletConfiguration',
      'MutatingAdmissionPolicyConfiguration',
      'Policy',
      'ValidatingAdmissionPolicyConfiguration',
      'WebhookAdmissionConfiguration',
    ])
  })
})

describe('cEL', () => {
  it('knows the variables of each place and the Kubernetes libraries', () => {
    expect(checkCel({ path: [], expression: 'authorizer.group(\'apps\').resource(\'deployments\').check(\'delete\').allowed()', context: 'admission-policy' })).toEqual([])
    expect(checkCel({ path: [], expression: 'quantity(object.spec.size).isLessThan(quantity(\'1Gi\'))', context: 'admission-policy' })).toEqual([])
    expect(checkCel({ path: [], expression: 'claims.email.endsWith(\'@example.com\')', context: 'authn-claims' })).toEqual([])
    expect(checkCel({ path: [], expression: 'self.replicas > 0', context: 'admission-policy' })).toEqual([{ path: [], message: 'CEL: Unknown variable: self' }])
  })

  it('reads object construction in a MutatingAdmissionPolicy', () => {
    expect(checkCel({ path: [], expression: 'Object{spec: Object.spec{replicas: 3}}', context: 'mutating-policy' })).toEqual([])
    expect(checkCel({ path: [], expression: '[JSONPatch{op: "add", path: "/metadata/labels/team", value: "a"}]', context: 'mutating-policy' })).toEqual([])
  })

  it('accepts an optional field guarded by has() or read with ?', () => {
    const schema = { type: 'object', required: ['replicas'], properties: { replicas: { type: 'integer' }, maxReplicas: { type: 'integer' } } }
    expect(checkCel({ path: [], expression: '!has(self.maxReplicas) || self.replicas <= self.maxReplicas', context: 'crd-rule', schema })).toEqual([])
    expect(checkCel({ path: [], expression: 'self.replicas <= self.?maxReplicas.orValue(10)', context: 'crd-rule', schema })).toEqual([])
    expect(checkCel({ path: [], expression: 'self.replicas <= self.maxReplicas', context: 'crd-rule', schema })).toHaveLength(1)
  })
})

describe('an AdmissionConfiguration', () => {
  it('has each plugin\'s embedded configuration checked against its own schema', () => {
    const config = (configuration: unknown) => ({ plugins: [{ name: 'ValidatingAdmissionWebhook', configuration }] })
    expect(embeddedConfigs('AdmissionConfiguration', config({ apiVersion: 'apiserver.config.k8s.io/v1', kind: 'WebhookAdmissionConfiguration', kubeConfigFile: '/etc/kubernetes/w.yaml' }))).toEqual([])
    expect(embeddedConfigs('AdmissionConfiguration', config({ apiVersion: 'apiserver.config.k8s.io/v1', kind: 'WebhookAdmissionConfiguration', kubeconfigFile: '/etc/kubernetes/w.yaml' }))).toEqual([
      { path: ['plugins', 0, 'configuration', 'kubeconfigFile'], message: 'unknown field "kubeconfigFile" (did you mean "kubeConfigFile"?)' },
    ])
    expect(embeddedConfigs('AdmissionConfiguration', config({ apiVersion: 'apiserver.config.k8s.io/v1alpha1', kind: 'WebhookAdmission' }))).toEqual([
      { path: ['plugins', 0, 'configuration', 'kind'], message: 'unknown configuration apiserver.config.k8s.io/v1alpha1 WebhookAdmission (no schema in schemas/)' },
    ])
  })
})

describe('the course rules', () => {
  it('want clientConnection.kubeconfig in a whole KubeSchedulerConfiguration', () => {
    expect(courseRules('KubeSchedulerConfiguration', { profiles: [] })).toEqual([{ path: ['clientConnection'], message: expect.stringContaining('ignores --kubeconfig') }])
    expect(courseRules('KubeSchedulerConfiguration', { clientConnection: { kubeconfig: '/etc/kubernetes/scheduler.conf' } })).toEqual([])
  })

  it('keep Node and RBAC in an AuthorizationConfiguration', () => {
    expect(courseRules('AuthorizationConfiguration', { authorizers: [{ type: 'Webhook' }, { type: 'RBAC' }] })).toEqual([{ path: ['authorizers'], message: expect.stringMatching(/^no Node authorizer/) }])
    expect(courseRules('AuthorizationConfiguration', { authorizers: [{ type: 'Node' }, { type: 'Webhook' }, { type: 'RBAC' }] })).toEqual([])
  })

  it('want status in the schema of a CRD with the status subresource', () => {
    const crd = (properties: Record<string, unknown>) => ({ spec: { versions: [{ subresources: { status: {} }, schema: { openAPIV3Schema: { type: 'object', properties } } }] } })
    expect(courseRules('CustomResourceDefinition', crd({ spec: { type: 'object' } }))).toEqual([{ path: ['spec', 'versions', 0, 'subresources', 'status'], message: expect.stringContaining('prunes') }])
    expect(courseRules('CustomResourceDefinition', crd({ status: { type: 'object' } }))).toEqual([])
  })

  it('want endpoints and mutual TLS on etcdctl', () => {
    expect(shellRules('etcdctl get /registry/secrets/default/s1 | hexdump -C')).toEqual([{ line: 1, message: 'etcdctl without --endpoints, --cacert, --cert, --key: etcd serves clients over mutual TLS only' }])
    expect(shellRules('ETCDCTL_API=3 etcdctl --endpoints=https://127.0.0.1:2379 \\\n  --cacert=ca.crt --cert=server.crt --key=server.key \\\n  get /registry/secrets/default/s1')).toEqual([])
  })
})
