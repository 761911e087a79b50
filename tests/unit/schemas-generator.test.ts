import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { closeSchema } from '../../scripts/schemas/crds'
import { hasMarker, isRequiredField, parseGoFile, parseImports, parseLifecycle, registeredKinds } from '../../scripts/schemas/go-parse'
import { availability, levelOf, minorOf, stateOf, versionsOf } from '../../scripts/schemas/served'
import { compareTags, minorRelease, pickTag, stagingTag } from '../../scripts/schemas/tags'

const ROOT = join(import.meta.dirname, '..', '..')

const GO = `package v1

import (
\tcorev1 "k8s.io/api/core/v1"
\tmetav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
\t"k8s.io/apimachinery/pkg/util/intstr"
)

const GroupName = "example.k8s.io"

// Widget is a thing.
type Widget struct {
\tmetav1.TypeMeta \`json:",inline"\`
\t// +optional
\tmetav1.ObjectMeta \`json:"metadata,omitempty"\`

\t// Spec is required.
\tSpec WidgetSpec \`json:"spec"\`
\t// +optional
\tPort intstr.IntOrString \`json:"port,omitempty"\`
\tInternal string \`json:"-"\`
}

type WidgetSpec struct {
\t// +required
\tMode Mode \`json:"mode,omitempty"\`
\tTaints []corev1.Taint \`json:"taints,omitempty"\`
\t// +k8s:optional
\tSize int32 \`json:"size"\`
}

// Mode is how a widget works.
// +enum
type Mode string

const (
\t// ModeFast is fast.
\tModeFast Mode = "Fast"
\tModeSlow Mode = "Slow"
)

type Alias = corev1.Taint

type ResourceList map[ResourceName]string
`

describe('the Go reader', () => {
  const pkg = parseGoFile(GO)

  it('reads structs, their JSON fields and markers', () => {
    const widget = pkg.structs.get('Widget')!
    expect(widget.fields.map(f => f.json)).toEqual([undefined, 'metadata', 'spec', 'port'])
    expect(widget.fields[0]).toMatchObject({ inline: true, type: 'metav1.TypeMeta' })
    expect(widget.imports.get('intstr')).toBe('k8s.io/apimachinery/pkg/util/intstr')
    expect(widget.imports.get('corev1')).toBe('k8s.io/api/core/v1')
  })

  it('decides required fields as kube-openapi does', () => {
    const [, metadata, spec, port] = pkg.structs.get('Widget')!.fields
    const [mode, taints, size] = pkg.structs.get('WidgetSpec')!.fields
    expect([metadata, spec, port].map(isRequiredField)).toEqual([false, true, false])
    expect([mode, taints, size].map(isRequiredField)).toEqual([true, false, false])
  })

  it('reads enums, named types, aliases and the group name', () => {
    expect(pkg.constants.get('Mode')).toEqual(['Fast', 'Slow'])
    expect(hasMarker(pkg.named.get('Mode')!.comment, 'enum')).toBe(true)
    expect(pkg.named.get('Alias')!.type).toBe('corev1.Taint')
    expect(pkg.named.get('ResourceList')!.type).toBe('map[ResourceName]string')
    expect(pkg.strings.get('GroupName')).toBe('example.k8s.io')
  })

  it('reads single-line imports and default aliases', () => {
    expect(parseImports('import "k8s.io/api/core/v1"\n')).toEqual(new Map([['v1', 'k8s.io/api/core/v1']]))
  })

  it('reads the kinds a register.go adds, in either layout', () => {
    expect(registeredKinds('\tscheme.AddKnownTypes(SchemeGroupVersion,\n\t\t&Pod{},\n\t\t&PodList{},\n\t)\n')).toEqual(['Pod', 'PodList'])
    expect(registeredKinds('\tscheme.AddKnownTypes(\n\t\tSchemeGroupVersion,\n\t\t&Workload{},\n\t)\n')).toEqual(['Workload'])
  })

  it('reads prerelease lifecycle data', () => {
    const text = `func (in *MutatingAdmissionPolicy) APILifecycleIntroduced() (major, minor int) {
\treturn 1, 34
}
func (in *MutatingAdmissionPolicy) APILifecycleDeprecated() (major, minor int) {
\treturn 1, 37
}
func (in *MutatingAdmissionPolicy) APILifecycleReplacement() schema.GroupVersionKind {
\treturn schema.GroupVersionKind{Group: "admissionregistration.k8s.io", Version: "v1", Kind: "MutatingAdmissionPolicy"}
}
func (in *MutatingAdmissionPolicy) APILifecycleRemoved() (major, minor int) {
\treturn 1, 40
}
`
    expect(parseLifecycle(text).get('MutatingAdmissionPolicy')).toEqual({
      introduced: '1.34',
      deprecated: '1.37',
      removed: '1.40',
      replacement: { group: 'admissionregistration.k8s.io', version: 'v1', kind: 'MutatingAdmissionPolicy' },
    })
  })
})

describe('what a release serves', () => {
  it('classifies by level and lifecycle', () => {
    expect(levelOf('v1')).toBe('ga')
    expect(levelOf('v2beta2')).toBe('beta')
    expect(levelOf('v1alpha3')).toBe('alpha')
    expect(minorOf('v1.37')).toBe(37)
    expect(stateOf('v1.37', 'v1', { introduced: '1.36' }).state).toBe('default')
    expect(stateOf('v1.35', 'v1', { introduced: '1.36' }).state).toBe('newer')
    expect(stateOf('v1.37', 'v1beta1', { introduced: '1.34', deprecated: '1.37', removed: '1.40' })).toMatchObject({ state: 'when-enabled', deprecated: '1.37' })
    expect(stateOf('v1.36', 'v1beta1', { introduced: '1.34', deprecated: '1.37', removed: '1.40' }).deprecated).toBeUndefined()
    expect(stateOf('v1.37', 'v1beta1', { introduced: '1.31', removed: '1.37', replacement: { group: 'networking.k8s.io', version: 'v1', kind: 'IPAddress' } })).toMatchObject({ state: 'removed', replacement: 'networking.k8s.io/v1 IPAddress' })
    // KEP-3136: only betas introduced from v1.24 on are off by default.
    expect(stateOf('v1.23', 'v1beta1', { introduced: '1.20' }).state).toBe('default')
    expect(stateOf('v1.37', 'v1alpha1').state).toBe('when-enabled')
  })

  const index = {
    release: 'v1.37',
    groupVersions: {
      'apps/v1': { level: 'ga' as const, file: 'apps_v1.json', kinds: { Deployment: { state: 'default' as const } } },
      'apps/v1beta1': { level: 'beta' as const, kinds: { Deployment: { state: 'removed' as const, removed: '1.16' } } },
      'resource.k8s.io/v1beta2': { level: 'beta' as const, file: 'r.json', kinds: { DeviceClass: { state: 'when-enabled' as const } } },
    },
  }

  it('answers for apiVersion and kind', () => {
    expect(availability(index, 'apps/v1', 'Deployment').state).toBe('default')
    expect(availability(index, 'apps/v1beta1', 'Deployment').state).toBe('removed')
    expect(availability(index, 'apps/v1', 'Deploymnet')).toEqual({ state: 'unknown-kind', kinds: ['Deployment'] })
    expect(availability(index, 'apps/v2', 'Deployment')).toEqual({ state: 'unknown-version', served: ['apps/v1'] })
    expect(availability(index, 'example.com/v1', 'Widget').state).toBe('unknown-group')
    expect(versionsOf(index, 'Deployment')).toEqual(['apps/v1'])
  })
})

describe('release tags', () => {
  it('maps a release to the staging tag, falling back to the newest prerelease of the minor', () => {
    expect(stagingTag('v1.37.0')).toBe('v0.37.0')
    expect(minorRelease('v1.37.0')).toBe('v1.37')
    expect(() => stagingTag('1.37')).toThrow(/not a Kubernetes release/)
    const tags = ['v0.36.3', 'v0.37.0-alpha.3', 'v0.37.0-beta.0', 'v0.37.0-alpha.10', 'v0.38.0-alpha.0']
    expect(pickTag(tags, 'v0.37.0')).toBe('v0.37.0-beta.0')
    expect(pickTag([...tags, 'v0.37.0'], 'v0.37.0')).toBe('v0.37.0')
    expect(pickTag(tags, 'v0.39.0')).toBeUndefined()
    expect(compareTags('v0.37.0-rc.1', 'v0.37.0')).toBeLessThan(0)
    expect(compareTags('v0.37.0-alpha.10', 'v0.37.0-alpha.3')).toBeGreaterThan(0)
  })
})

describe('cRD schemas', () => {
  it('close objects unless they preserve unknown fields, and drop descriptions', () => {
    const closed = closeSchema({
      type: 'object',
      description: 'x',
      properties: {
        a: { 'type': 'object', 'x-kubernetes-preserve-unknown-fields': true },
        b: { 'x-kubernetes-int-or-string': true },
        c: { type: 'string', nullable: true },
      },
    })
    expect(closed).toEqual({
      type: 'object',
      properties: { a: { type: 'object' }, b: { type: ['integer', 'string'] }, c: { type: ['string', 'null'] } },
      additionalProperties: false,
    })
  })
})

describe('the generated schemas', () => {
  const dir = join(ROOT, 'schemas', 'kubernetes')
  const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8'))

  it('are for the course\'s release and name their source and ref in every file', () => {
    expect(index.release).toBe('v1.37')
    for (const name of readdirSync(dir)) {
      const file = JSON.parse(readFileSync(join(dir, name), 'utf8'))
      const sources = [file['x-source']].flat()
      expect(sources.length, name).toBeGreaterThan(0)
      for (const s of sources)
        expect(s.ref, name).toMatch(/^(v0\.37\.|[0-9a-f]{40})/)
    }
  })

  it('say what v1.37 serves, from the release\'s lifecycle data', () => {
    const gv = index.groupVersions
    expect(gv['admissionregistration.k8s.io/v1'].kinds.MutatingAdmissionPolicy.state).toBe('default')
    expect(gv['admissionregistration.k8s.io/v1beta1'].kinds.MutatingAdmissionPolicy).toMatchObject({ state: 'when-enabled', deprecated: '1.37' })
    expect(gv['networking.k8s.io/v1beta1'].kinds.ServiceCIDR.state).toBe('removed')
    expect(gv['certificates.k8s.io/v1'].kinds.ClusterTrustBundle.state).toBe('default')
    expect(gv['resource.k8s.io/v1'].kinds.DeviceTaintRule.state).toBe('default')
    expect(gv['extensions/v1beta1'].kinds.Ingress.state).toBe('removed')
    expect(index.configs['kubeadm.k8s.io/v1beta4'].kinds).toContain('ClusterConfiguration')
    for (const entry of Object.values<any>(gv)) {
      if (entry.file)
        expect(existsSync(join(dir, entry.file)), entry.file).toBe(true)
    }
  })
})
