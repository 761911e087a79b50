/**
 * The code check on the course's baseline (v1.37): the baseline fixture's
 * planted errors (a field v1.37 does not have, an apiVersion it does not
 * serve, a beta API used without saying it must be enabled, a deprecated one,
 * config kinds at versions v1.37 does not read, a kubeadm v1beta3 patch in a
 * kind config) are each named; the blocks valid only on v1.37
 * (MutatingAdmissionPolicy v1, ClusterTrustBundle v1, a kubeadm v1beta4
 * patch) pass.
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { apiObjectProblems } from '../../scripts/checks/code-check/api-objects'
import { checkCode } from '../../scripts/checks/code-check/index'
import { kindClusterPatches, kubeadmDocumentProblems } from '../../scripts/checks/code-check/nested-configs'
import { formatCodeFinding } from '../../scripts/checks/code-check/report'
import { loadDeck } from '../../scripts/shared/deck'
import { ROOT } from '../../scripts/shared/project'

const F = 'tests/fixtures/code-baseline/slides.md'

describe('the baseline fixture', () => {
  it('names each planted error, and nothing on the blocks valid on v1.37', async () => {
    const report = await checkCode(await loadDeck(join(ROOT, F)))
    expect(report.findings.map(formatCodeFinding)).toEqual([
      `${F}:89 (slide 3 «v1.37 没有的字段») block 1, document 1: $.spec.ipFamily: unknown field "ipFamily"`,
      `${F}:100 (slide 4 «v1.37 不再提供的 apiVersion») block 1, document 1: $.apiVersion: networking.k8s.io/v1beta1 ServiceCIDR is not served by v1.37: removed in v1.37; use networking.k8s.io/v1 ServiceCIDR`,
      `${F}:112 (slide 5 «没说要启用的 beta API») block 1, document 1: $.apiVersion: resource.k8s.io/v1beta2 DeviceTaintRule is beta in v1.37 and served only when enabled (--runtime-config=resource.k8s.io/v1beta2=true, and its feature gate if it has one); v1.37 serves resource.k8s.io/v1 DeviceTaintRule by default; say so on the slide and in the fence: {requires:'…'}`,
      `${F}:138 (slide 7 «v1.37 已弃用的 beta API») block 1, document 1: $.apiVersion: admissionregistration.k8s.io/v1beta1 MutatingAdmissionPolicyBinding is deprecated in v1.37 (since v1.37, removed in v1.40); use admissionregistration.k8s.io/v1 MutatingAdmissionPolicyBinding`,
      `${F}:150 (slide 8 «v1.37 不读的配置版本») block 1, document 1: $.apiVersion: kubescheduler.config.k8s.io/v1beta3 KubeSchedulerConfiguration is not a configuration v1.37 reads (it reads kubescheduler.config.k8s.io/v1)`,
      `${F}:165 (slide 9 «kind 配置里的 kubeadm v1beta3 补丁») block 1, document 1: $.kubeadmConfigPatches[0]: patch kubeadm.k8s.io/v1beta3 ClusterConfiguration $.apiVersion: kubeadm.k8s.io/v1beta3 is not a kubeadm configuration version v1.37 reads (it reads kubeadm.k8s.io/v1beta4): kind writes kubeadm.k8s.io/v1beta4 for v1.37 nodes and applies a patch only to the documents of its apiVersion, so this patch would be silently ignored`,
      `${F}:176 (slide 9 «kind 配置里的 kubeadm v1beta3 补丁») block 1, document 1: $.nodes[0].kubeadmConfigPatches[0]: patch kubeadm.k8s.io/v1beta4 ClusterConfiguration $.apiServer.extraArgs: expected array, got an object`,
    ])
    expect(report.summary).toMatchObject({ blocks: 9, checked: { kubernetes: 6, config: 3 }, optedOut: 0, celExpressions: 1 })
  })
})

describe('aPI objects on v1.37', () => {
  it('validate kinds and fields new in v1.35–v1.37 against v1.37\'s schemas', () => {
    const trustBundle = { apiVersion: 'certificates.k8s.io/v1', kind: 'ClusterTrustBundle', metadata: { name: 'ca' }, spec: { trustBundle: 'x' } }
    expect(apiObjectProblems('certificates.k8s.io/v1', 'ClusterTrustBundle', trustBundle, undefined)).toEqual({ known: true, validated: true, problems: [] })
    const taint = { apiVersion: 'resource.k8s.io/v1', kind: 'DeviceTaintRule', metadata: { name: 't' }, spec: { taint: { key: 'k', effect: 'NoExecute' } } }
    expect(apiObjectProblems('resource.k8s.io/v1', 'DeviceTaintRule', taint, undefined).problems).toEqual([])
  })

  it('say what to enable, or that nothing needs enabling', () => {
    const binding = { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'MutatingAdmissionPolicyBinding', metadata: { name: 'b' }, spec: { policyName: 'p' } }
    expect(apiObjectProblems('admissionregistration.k8s.io/v1', 'MutatingAdmissionPolicyBinding', binding, 'a gate').problems).toEqual([
      { path: ['apiVersion'], message: 'admissionregistration.k8s.io/v1 MutatingAdmissionPolicyBinding is served by default in v1.37: the fence\'s {requires:\'…\'} says otherwise' },
    ])
    expect(apiObjectProblems('scheduling.k8s.io/v1alpha3', 'Workload', { metadata: { name: 'w' } }, undefined).problems[0].message).toMatch(/^scheduling\.k8s\.io\/v1alpha3 Workload is alpha in v1\.37 and served only when enabled/)
  })

  it('check base64, enums and unknown fields at any depth', () => {
    const webhook = (caBundle: string) => ({ apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', metadata: { name: 'w' }, webhooks: [{ name: 'w.example.com', sideEffects: 'None', admissionReviewVersions: ['v1'], clientConfig: { caBundle, url: 'https://x' } }] })
    expect(apiObjectProblems('admissionregistration.k8s.io/v1', 'ValidatingWebhookConfiguration', webhook('Y2E='), undefined).problems).toEqual([])
    expect(apiObjectProblems('admissionregistration.k8s.io/v1', 'ValidatingWebhookConfiguration', webhook('not base64!'), undefined).problems).toEqual([
      { path: ['webhooks', 0, 'clientConfig', 'caBundle'], message: 'not valid base64 (format byte)' },
    ])
  })
})

describe('kubeadm configuration in a kind config', () => {
  const cluster = (patch: string) => ({ apiVersion: 'kind.x-k8s.io/v1alpha4', kind: 'Cluster', kubeadmConfigPatches: [patch] })

  it('passes a v1beta4 patch with list-form extraArgs, or one without apiVersion (matched to v1beta4)', () => {
    expect(kindClusterPatches(cluster('kind: ClusterConfiguration\napiVersion: kubeadm.k8s.io/v1beta4\napiServer:\n  extraArgs:\n  - {name: v, value: "4"}\n'))).toEqual([])
    expect(kindClusterPatches(cluster('kind: InitConfiguration\nnodeRegistration:\n  kubeletExtraArgs:\n  - {name: node-labels, value: "a=b"}\n'))).toEqual([])
  })

  it('names what v1.37 does not read, at the line inside the patch', () => {
    expect(kindClusterPatches(cluster('kind: ClusterConfiguration\napiServer:\n  extraArg: []\n'))).toEqual([
      { path: ['kubeadmConfigPatches', 0], line: 3, message: 'patch ClusterConfiguration (matched to kubeadm.k8s.io/v1beta4) $.apiServer.extraArg: unknown field "extraArg" (did you mean "extraArgs"?)' },
    ])
    expect(kindClusterPatches({ kubeadmConfigPatchesJSON6902: [{ group: 'kubeadm.k8s.io', version: 'v1beta3', kind: 'ClusterConfiguration', patch: '[]' }] })).toEqual([
      { path: ['kubeadmConfigPatchesJSON6902', 0, 'version'], message: 'kubeadm.k8s.io/v1beta3 is not a kubeadm configuration version v1.37 reads (it reads kubeadm.k8s.io/v1beta4): this patch would be silently ignored' },
    ])
    expect(kubeadmDocumentProblems({ apiVersion: 'kubeadm.k8s.io/v1beta4', kind: 'ClusterConfig' }, true)).toEqual([
      { path: ['kind'], message: 'kubeadm.k8s.io/v1beta4 has no kind ClusterConfig (it has ClusterConfiguration, InitConfiguration, JoinConfiguration, ResetConfiguration, UpgradeConfiguration)' },
    ])
  })
})
