/**
 * What the code check says about an object's apiVersion and kind when the
 * release's index holds a case v1.37's own data does not: a kind newer than
 * the release, a replacement that is another kind, an index entry without a
 * schema. Each test plants its entries in the loaded index and takes them out
 * again; the rest is v1.37's data as generated. The schemas load once per
 * module, so the first tests here check what loading them gives.
 */
import type { GroupVersionEntry } from '../../scripts/schemas/served'
import { expect, describe as group, it } from 'vitest'
import { apiObjectProblems, servedProblems } from '../../scripts/checks/code-check/api-objects'
import { apiSchemas, kindSchemaRef, validateAgainst } from '../../scripts/checks/code-check/api-schemas'
import { configSchemaByName, configSubSchema, validateConfig } from '../../scripts/checks/code-check/component-config'

/** Runs `check` with `entries` added to the index the check reads, then removes them. */
function withServed<T>(entries: Record<string, GroupVersionEntry>, check: () => T): T {
  const { groupVersions } = apiSchemas().index
  const before = new Map(Object.keys(entries).map(gv => [gv, groupVersions[gv]]))
  Object.assign(groupVersions, entries)
  try {
    return check()
  }
  finally {
    for (const [gv, entry] of before) {
      if (entry)
        groupVersions[gv] = entry
      else
        delete groupVersions[gv]
    }
  }
}

group('the schemas, as loaded', () => {
  it('hold v1.37\'s kinds and Gateway API\'s CRDs, validated with every error, formats and near spellings', () => {
    const { index, crdVersions, configs, files } = apiSchemas()
    expect(index.release).toBe('v1.37')
    expect(crdVersions.get('gateway.networking.k8s.io/v1')).toBe('Gateway API v1.6.1 (standard channel)')
    expect(Object.keys(configs)).toEqual(['kubeadm.k8s.io/v1beta4'])
    expect(files.has('core_v1.json') && !files.has('index.json')).toBe(true)
    const route = { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name: 'r' }, spec: { parentRefs: [{ name: 'gw' }], rules: [{ backendRefs: [{ name: 'web', port: 80 }] }] } }
    expect(apiObjectProblems('gateway.networking.k8s.io/v1', 'HTTPRoute', route, undefined)).toEqual({ known: true, validated: true, problems: [] })
    const webhook = { apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingWebhookConfiguration', metadata: { name: 'w' }, webhooks: [{ name: 'w.example.com', sideEffects: 'None', admissionReviewVersions: ['v1'], clientConfig: { caBundle: 'not base64!', url: 'https://x' } }] }
    expect(apiObjectProblems('admissionregistration.k8s.io/v1', 'ValidatingWebhookConfiguration', webhook, undefined).problems).toEqual([
      { path: ['webhooks', 0, 'clientConfig', 'caBundle'], message: 'not valid base64 (format byte)' },
    ])
    const container = { name: 'web', image: 'nginx', ports: [{ containerPort: 80 }], resources: { limits: { cpu: true } } }
    const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', creationTimestamp: 'yesterday' }, spec: { replica: 2, replicas: 'x', selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [container] } } } }
    expect(apiObjectProblems('apps/v1', 'Deployment', deployment, undefined).problems).toEqual([
      { path: ['metadata', 'creationTimestamp'], message: 'not an RFC 3339 date-time' },
      { path: ['spec', 'replica'], message: 'unknown field "replica" (did you mean "replicas"?)' },
      { path: ['spec', 'replicas'], message: 'expected integer, got the string "x"' },
      // A quantity is an integer or a string: one problem for the union, not one per branch.
      { path: ['spec', 'template', 'spec', 'containers', 0, 'resources', 'limits', 'cpu'], message: 'expected string or number, got boolean true' },
    ])
  })

  it('hold the component configurations, found by kind or by file name', () => {
    const cni = configSchemaByName('NetworkConfigList')!
    expect(cni.file).toBe('schemas/cni_NetworkConfigList.json')
    expect(configSubSchema(cni, ['plugins', '[]', '[]'])).toEqual({ error: 'plugins.[] is not a list' })
    const kubelet = configSchemaByName('KubeletConfiguration')!
    expect(validateConfig(kubelet, { apiVersion: 'kubelet.config.k8s.io/v1beta1', kind: 'KubeletConfiguration', maxPods: 'x', cgroupDriver: 5 }).map(p => p.path.join('.'))).toEqual(['cgroupDriver', 'maxPods'])
  })

  it('keep only the summary of a union\'s branches', () => {
    // additionalProperties is a boolean or a schema: the boolean branch's own complaint is left out.
    const openAPIV3Schema = kindSchemaRef('apiextensions.k8s.io/v1', 'CustomResourceDefinition', ['spec', 'versions', '[]', 'schema', 'openAPIV3Schema']) as string
    expect(validateAgainst(openAPIV3Schema, { type: 'object', additionalProperties: 'yes' })).toEqual([
      { path: ['additionalProperties'], message: 'expected object, got the string "yes"' },
      { path: ['additionalProperties'], message: 'must match a schema in anyOf' },
    ])
  })

  it('follow references into other files, and name each list step of a path', () => {
    expect(kindSchemaRef('apps/v1', 'Deployment', ['metadata', 'labels'])).toBe('https://course.invalid/schemas/kubernetes/meta.k8s.io_v1.json#/definitions/ObjectMeta/properties/labels')
    expect(kindSchemaRef('v1', 'Pod', ['spec', 'containers', '[]', 'args', '[]'])).toBe('https://course.invalid/schemas/kubernetes/core_v1.json#/definitions/Container/properties/args/items')
    expect(kindSchemaRef('v1', 'Pod', ['spec', 'containers', '[]', '[]'])).toEqual({ error: 'spec.containers.[] is not a list' })
  })
})

const stop = (message: string) => ({ known: true, validated: false, problems: [{ path: ['apiVersion'], message }] })

group('what to use instead of a kind v1.37 does not serve', () => {
  it('is the replacement the lifecycle names, when the release serves it by default', () => {
    // The lifecycle names another kind: nothing else would find it (no version of OldWidget is served).
    const planted = withServed({ 'widgets.k8s.io/v1beta1': { level: 'beta', kinds: { OldWidget: { state: 'removed', introduced: '1.20', removed: '1.30', replacement: 'v1 ConfigMap' } } } }, () => servedProblems('widgets.k8s.io/v1beta1', 'OldWidget', undefined))
    expect(planted).toEqual(stop('widgets.k8s.io/v1beta1 OldWidget is not served by v1.37: removed in v1.30; use v1 ConfigMap'))
  })

  it('is the kind\'s served version when the named replacement is not served (upstream names IngressClassList)', () => {
    expect(servedProblems('networking.k8s.io/v1beta1', 'IngressClass', undefined)).toEqual(stop('networking.k8s.io/v1beta1 IngressClass is not served by v1.37: removed in v1.22; use networking.k8s.io/v1 IngressClass'))
    // apps/v1 has no DeploymentRollback, and no version serves it.
    expect(servedProblems('apps/v1beta1', 'DeploymentRollback', undefined)).toEqual(stop('apps/v1beta1 DeploymentRollback is not served by v1.37: removed in v1.16'))
    // A version the group never had, in a group with nothing served by default.
    expect(servedProblems('internal.apiserver.k8s.io/v9', 'StorageVersion', undefined)).toEqual(stop('internal.apiserver.k8s.io/v9 does not exist in v1.37'))
    expect(servedProblems('node.k8s.io/v1alpha1', 'RuntimeClass', undefined)).toEqual(stop('node.k8s.io/v1alpha1 RuntimeClass is not served by v1.37: no longer served; use node.k8s.io/v1 RuntimeClass'))
  })
})

group('a kind the release does not serve yet, or serves without a schema', () => {
  it('names the release that introduces a newer kind', () => {
    const planted = withServed({ 'widgets.k8s.io/v1alpha1': { level: 'alpha', kinds: { Widget: { state: 'newer', introduced: '1.38' } } } }, () => servedProblems('widgets.k8s.io/v1alpha1', 'Widget', undefined))
    expect(planted).toEqual(stop('widgets.k8s.io/v1alpha1 Widget is newer than v1.37 (introduced in v1.38)'))
  })

  it('says an alpha kind with no GA version needs enabling, without naming a GA version', () => {
    expect(servedProblems('internal.apiserver.k8s.io/v1alpha1', 'StorageVersion', 'the StorageVersionAPI gate')).toEqual({ known: true, validated: true, problems: [] })
    expect(servedProblems('internal.apiserver.k8s.io/v1alpha1', 'StorageVersion', undefined).problems).toEqual([{
      path: ['apiVersion'],
      message: 'internal.apiserver.k8s.io/v1alpha1 StorageVersion is alpha in v1.37 and served only when enabled (--runtime-config=internal.apiserver.k8s.io/v1alpha1=true, and its feature gate if it has one); say so on the slide and in the fence: {requires:\'…\'}',
    }])
  })

  it('warns of a deprecated kind served by default, without naming itself as what to use instead', () => {
    // A beta from before v1.24 is on by default; this one is deprecated without a replacement, as
    // policy/v1beta1 PodSecurityPolicy was from v1.21 to v1.24.
    const planted = withServed({ 'widgets.k8s.io/v1beta1': { level: 'beta', kinds: { Widget: { state: 'default', introduced: '1.10', deprecated: '1.36', removed: '1.39' } } } }, () => servedProblems('widgets.k8s.io/v1beta1', 'Widget', undefined))
    expect(planted.problems).toEqual([{ path: ['apiVersion'], message: 'widgets.k8s.io/v1beta1 Widget is deprecated in v1.37 (since v1.36, removed in v1.39)' }])
  })

  it('warns of a deprecated kind with no removal planned and nothing to use instead', () => {
    const planted = withServed({ 'widgets.k8s.io/v1': { level: 'ga', kinds: { Widget: { state: 'default', deprecated: '1.36' } } } }, () => servedProblems('widgets.k8s.io/v1', 'Widget', undefined))
    expect(planted.problems).toEqual([{ path: ['apiVersion'], message: 'widgets.k8s.io/v1 Widget is deprecated in v1.37 (since v1.36)' }])
  })

  it('names a served kind its schema file does not define, after what the served check found', () => {
    const core = apiSchemas().index.groupVersions.v1
    const planted = withServed({ v1: { ...core, kinds: { ...core.kinds, Gadget: { state: 'default', deprecated: '1.36', removed: '1.40' } } } }, () => apiObjectProblems('v1', 'Gadget', { apiVersion: 'v1', kind: 'Gadget', metadata: { name: 'g' } }, undefined))
    expect(planted).toEqual({ known: true, validated: false, problems: [
      { path: ['apiVersion'], message: 'v1 Gadget is deprecated in v1.37 (since v1.36, removed in v1.40)' },
      { path: ['kind'], message: 'no schema for v1 Gadget' },
    ] })
  })
})
