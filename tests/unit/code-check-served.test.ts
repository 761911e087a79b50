/**
 * What the code check says about an object's apiVersion and kind when the
 * release's index holds a case v1.37's own data does not: a kind newer than
 * the release, a replacement that is another kind, an index entry without a
 * schema. Each test plants its entries in the loaded index and takes them out
 * again; the rest is v1.37's data as generated.
 */
import type { GroupVersionEntry } from '../../scripts/schemas/served'
import { expect, describe as group, it } from 'vitest'
import { apiObjectProblems, servedProblems } from '../../scripts/checks/code-check/api-objects'
import { apiSchemas } from '../../scripts/checks/code-check/api-schemas'

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
