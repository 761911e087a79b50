/**
 * The code check over small decks written in the test: the report of its
 * findings, each kind of block a slide holds, and whole documents checked
 * by what they are.
 */
import type { Deck } from '../../scripts/shared/deck'
import { join } from 'node:path'
import { expect, describe as group, it } from 'vitest'
import { parseInfo } from '../../scripts/checks/code-check/extract'
import { checkCode } from '../../scripts/checks/code-check/index'
import { checkedCount, codeLintFindings, codeSummaryLine, formatCodeFinding, formatSummary } from '../../scripts/checks/code-check/report'
import { ROOT } from '../../scripts/shared/project'

import { deckOf, fence } from './support/code-check-deck'

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

  it('holds a lesson at exactly the target share to be on target', async () => {
    const configMap = fence('yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n')
    const deck = deckOf({ content: `${configMap.repeat(19)}${fence('go', 'package main\n')}` })
    expect((await checkCode(deck)).summary.share).toBe(0.95)
    expect(await codeLintFindings(deck)).toEqual([])
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

group('what a document is counted as, and what is checked inside it', () => {
  const report = async (...blocks: string[]) => {
    const { findings, summary } = await checkCode(deckOf({ content: blocks.join('') }))
    return { findings: findings.map(f => `${f.line} b${f.block}: ${f.message}`), checked: summary.checked, cel: summary.celExpressions }
  }

  it('counts fragments that fail by what they are fragments of', async () => {
    expect(await report(
      fence('yaml {fragment: \'KubeSchedulerConfiguration.profilez\'}', 'a: 1\n'),
      fence('yaml {fragment: \'ClusterConfiguration.nope\'}', 'a: 1\n'),
      fence('yaml {fragment: \'Gadget.spec\'}', 'a: 1\n'),
      fence('yaml {fragment: \'Pod.spec..x\'}', 'a: 1\n'),
      fence('yaml {fragment: \'Pod.spex\'}', 'a: 1\n'),
      fence('yaml {fragment: \'ValidatingAdmissionPolicy.spec.validations[]\'}', 'expression: "self == 1"\n'),
    )).toEqual({
      checked: { config: 2, kubernetes: 4 },
      cel: 1,
      findings: [
        '2 b1: $: fragment KubeSchedulerConfiguration.profilez: profilez is not a field of KubeSchedulerConfiguration (did you mean "profiles"?)',
        '5 b2: $: fragment ClusterConfiguration.nope: nope is not a field of ClusterConfiguration',
        '8 b3: $: fragment Gadget.spec: unknown kind Gadget (not a kind v1.37 serves by default, a component config in schemas/, a Gateway API kind, or a CRD of this lesson)',
        '11 b4: $: fragment Pod.spec..x: spec.x is not a field of Pod',
        '14 b5: $: fragment Pod.spex: spex is not a field of Pod (did you mean "spec"?)',
        // One item of a list: its CEL is found through the list step.
        '17 b6: $.expression: CEL: Unknown variable: self',
      ],
    })
  })

  it('counts whole configurations as config, checking a whole kubeadm document for its required fields and an unknown kind by the kinds its group has', async () => {
    const { findings, checked } = await report(
      fence('yaml', 'apiVersion: kubeadm.k8s.io/v1beta4\nkind: JoinConfiguration\n'),
      fence('yaml', 'apiVersion: apiserver.config.k8s.io/v1\nkind: Gadget\n'),
    )
    expect(checked).toEqual({ config: 2 })
    expect(findings[0]).toBe('2 b1: $: missing required field "discovery"')
    expect(findings[1]).toMatch(/^7 b2: \$\.kind: apiserver\.config\.k8s\.io\/v1 Gadget: no schema in schemas\/ for this configuration kind \(the check knows apiserver\.config\.k8s\.io\/v1 AdmissionConfiguration, apiserver\.config\.k8s\.io\/v1 AuthenticationConfiguration, /)
  })

  it('reads the CEL of a whole AuthenticationConfiguration, and the embedded configurations of an AdmissionConfiguration that has them', async () => {
    const authn = 'apiVersion: apiserver.config.k8s.io/v1\nkind: AuthenticationConfiguration\njwt:\n- issuer: {url: "https://issuer.example.com", audiences: [a]}\n  claimMappings: {username: {claim: sub, prefix: ""}}\n  claimValidationRules:\n  - {expression: "claims.iss == 1 +", message: m}\n'
    const admission = 'apiVersion: apiserver.config.k8s.io/v1\nkind: AdmissionConfiguration\nplugins:\n- {name: ValidatingAdmissionPolicy, path: /etc/kubernetes/vap.yaml}\n- {name: Other, configuration: {setting: 1}}\n'
    expect(await report(fence('yaml', authn), fence('yaml', admission))).toEqual({
      findings: ['8 b1: $.jwt[0].claimValidationRules[0].expression: CEL: Unexpected token: EOF'],
      checked: { config: 2 },
      cel: 1,
    })
  })

  it('stops at what v1.37 does not serve, and reads kind and apiVersion as strings only', async () => {
    expect((await report(
      fence('yaml', 'apiVersion: extensions/v1beta1\nkind: Ingress\n'),
      fence('yaml', 'apiVersion: v1\nkind: 3\n'),
    )).findings).toEqual([
      '2 b1: $.apiVersion: extensions/v1beta1 Ingress is not served by v1.37: removed in v1.22; use networking.k8s.io/v1 Ingress',
      '6 b2: $: no apiVersion and kind: a complete object needs both; a deliberate excerpt says what it is part of, e.g. {fragment:\'Deployment.spec.template.spec\'}',
    ])
  })
})
