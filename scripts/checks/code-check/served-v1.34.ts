/**
 * What the Kubernetes API server of the course's baseline (v1.34) serves:
 * every built-in group/version, its kinds, and whether v1.34 serves it by
 * default, only when enabled, or no longer.
 *
 * Written once, from:
 * - the kinds of each group/version: the API types of v1.34.0
 *   (kubernetes/kubernetes staging/src/k8s.io/api/<group>/<version>/register.go,
 *   published as kubernetes/api tag v0.34.0), which match the v1.34 API
 *   reference (kubernetes/website content/en/docs/reference/kubernetes-api/,
 *   https://kubernetes.io/docs/reference/generated/kubernetes-api/v1.34/);
 * - the deprecated API migration guide (kubernetes/website,
 *   content/en/docs/reference/using-api/deprecation-guide.md): the release
 *   that stopped serving each old group/version and what replaces it;
 * - "Enabling or disabling API groups" (content/en/docs/reference/using-api/_index.md)
 *   and KEP-3136 (beta APIs off by default): a beta group/version introduced
 *   after v1.24 is served only when `--runtime-config` enables it;
 * - for the disabled ones: the Mutating Admission Policy page ("FEATURE STATE:
 *   Kubernetes v1.34 [beta]": enable the MutatingAdmissionPolicy feature gate
 *   and --runtime-config=admissionregistration.k8s.io/v1beta1=true; KEP-3962:
 *   beta v1.34, stable v1.36), the blog "Kubernetes v1.34: DRA has graduated
 *   to GA" (2025-09-01: the default DRA API is resource.k8s.io/v1; v1beta1 and
 *   v1beta2 need explicit opt-in), and the feature-gate reference
 *   (content/en/docs/reference/command-line-tools-reference/feature-gates/).
 *
 * `kubernetes-models` (5.1.0) ships schemas generated from a newer release and
 * keeps removed group/versions; this table decides which of them v1.34 serves.
 */

export const TABLE_VERSION = 'v1.34'

/** Served by default: group/version → its kinds in v1.34. */
export const SERVED_BY_DEFAULT: Record<string, string[]> = {
  'v1': ['Binding', 'ComponentStatus', 'ConfigMap', 'Endpoints', 'Event', 'LimitRange', 'Namespace', 'Node', 'PersistentVolume', 'PersistentVolumeClaim', 'Pod', 'PodTemplate', 'ReplicationController', 'ResourceQuota', 'Secret', 'Service', 'ServiceAccount'],
  'admissionregistration.k8s.io/v1': ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding'],
  'apiextensions.k8s.io/v1': ['CustomResourceDefinition'],
  'apiregistration.k8s.io/v1': ['APIService'],
  'apps/v1': ['ControllerRevision', 'DaemonSet', 'Deployment', 'ReplicaSet', 'StatefulSet'],
  'authentication.k8s.io/v1': ['SelfSubjectReview', 'TokenRequest', 'TokenReview'],
  'authorization.k8s.io/v1': ['LocalSubjectAccessReview', 'SelfSubjectAccessReview', 'SelfSubjectRulesReview', 'SubjectAccessReview'],
  'autoscaling/v1': ['HorizontalPodAutoscaler', 'Scale'],
  'autoscaling/v2': ['HorizontalPodAutoscaler'],
  'batch/v1': ['CronJob', 'Job'],
  'certificates.k8s.io/v1': ['CertificateSigningRequest'],
  'coordination.k8s.io/v1': ['Lease'],
  'discovery.k8s.io/v1': ['EndpointSlice'],
  'events.k8s.io/v1': ['Event'],
  'flowcontrol.apiserver.k8s.io/v1': ['FlowSchema', 'PriorityLevelConfiguration'],
  'networking.k8s.io/v1': ['IPAddress', 'Ingress', 'IngressClass', 'NetworkPolicy', 'ServiceCIDR'],
  'node.k8s.io/v1': ['RuntimeClass'],
  'policy/v1': ['Eviction', 'PodDisruptionBudget'],
  'rbac.authorization.k8s.io/v1': ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'],
  'resource.k8s.io/v1': ['DeviceClass', 'ResourceClaim', 'ResourceClaimTemplate', 'ResourceSlice'],
  'scheduling.k8s.io/v1': ['PriorityClass'],
  'storage.k8s.io/v1': ['CSIDriver', 'CSINode', 'CSIStorageCapacity', 'StorageClass', 'VolumeAttachment', 'VolumeAttributesClass'],
}

export interface Disabled {
  level: 'beta' | 'alpha'
  kinds: string[]
  /** What a cluster needs before it serves the kinds. */
  enable: string
  /** A served group/version whose schema these kinds share, to validate against. */
  schemaFrom?: string
}

/** Served by v1.34 only when enabled: group/version → what it holds and needs. */
export const SERVED_WHEN_ENABLED: Record<string, Disabled> = {
  'admissionregistration.k8s.io/v1beta1': {
    level: 'beta',
    kinds: ['MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding'],
    enable: 'kube-apiserver --feature-gates=MutatingAdmissionPolicy=true --runtime-config=admissionregistration.k8s.io/v1beta1=true (ValidatingAdmissionPolicy is GA in admissionregistration.k8s.io/v1)',
    schemaFrom: 'admissionregistration.k8s.io/v1',
  },
  'admissionregistration.k8s.io/v1alpha1': {
    level: 'alpha',
    kinds: ['MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding'],
    enable: 'kube-apiserver --feature-gates=MutatingAdmissionPolicy=true --runtime-config=admissionregistration.k8s.io/v1alpha1=true',
  },
  'authentication.k8s.io/v1beta1': { level: 'beta', kinds: ['SelfSubjectReview'], enable: '--runtime-config=authentication.k8s.io/v1beta1=true (GA in authentication.k8s.io/v1)' },
  'authentication.k8s.io/v1alpha1': { level: 'alpha', kinds: ['SelfSubjectReview'], enable: '--runtime-config=authentication.k8s.io/v1alpha1=true' },
  'certificates.k8s.io/v1beta1': { level: 'beta', kinds: ['ClusterTrustBundle'], enable: 'the ClusterTrustBundle feature gate and --runtime-config=certificates.k8s.io/v1beta1=true' },
  'certificates.k8s.io/v1alpha1': { level: 'alpha', kinds: ['ClusterTrustBundle', 'PodCertificateRequest'], enable: 'the ClusterTrustBundle / PodCertificateRequest feature gates and --runtime-config=certificates.k8s.io/v1alpha1=true' },
  'coordination.k8s.io/v1beta1': { level: 'beta', kinds: ['LeaseCandidate'], enable: 'the CoordinatedLeaderElection feature gate and --runtime-config=coordination.k8s.io/v1beta1=true' },
  'coordination.k8s.io/v1alpha2': { level: 'alpha', kinds: ['LeaseCandidate'], enable: 'the CoordinatedLeaderElection feature gate and --runtime-config=coordination.k8s.io/v1alpha2=true' },
  'internal.apiserver.k8s.io/v1alpha1': { level: 'alpha', kinds: ['StorageVersion'], enable: 'the StorageVersionAPI feature gate and --runtime-config=internal.apiserver.k8s.io/v1alpha1=true' },
  'networking.k8s.io/v1beta1': { level: 'beta', kinds: ['IPAddress', 'ServiceCIDR'], enable: '--runtime-config=networking.k8s.io/v1beta1=true (GA in networking.k8s.io/v1)', schemaFrom: 'networking.k8s.io/v1' },
  'resource.k8s.io/v1beta1': { level: 'beta', kinds: ['DeviceClass', 'ResourceClaim', 'ResourceClaimTemplate', 'ResourceSlice'], enable: '--runtime-config=resource.k8s.io/v1beta1=true (GA in resource.k8s.io/v1)' },
  'resource.k8s.io/v1beta2': { level: 'beta', kinds: ['DeviceClass', 'ResourceClaim', 'ResourceClaimTemplate', 'ResourceSlice'], enable: '--runtime-config=resource.k8s.io/v1beta2=true (GA in resource.k8s.io/v1)', schemaFrom: 'resource.k8s.io/v1' },
  'resource.k8s.io/v1alpha3': { level: 'alpha', kinds: ['DeviceTaintRule'], enable: 'the DRADeviceTaints feature gate and --runtime-config=resource.k8s.io/v1alpha3=true' },
  'storage.k8s.io/v1beta1': { level: 'beta', kinds: ['VolumeAttributesClass'], enable: '--runtime-config=storage.k8s.io/v1beta1=true (GA in storage.k8s.io/v1)', schemaFrom: 'storage.k8s.io/v1' },
  'storage.k8s.io/v1alpha1': { level: 'alpha', kinds: ['VolumeAttributesClass'], enable: '--runtime-config=storage.k8s.io/v1alpha1=true' },
  'storagemigration.k8s.io/v1alpha1': { level: 'alpha', kinds: ['StorageVersionMigration'], enable: 'the StorageVersionMigrator feature gate and --runtime-config=storagemigration.k8s.io/v1alpha1=true' },
}

export interface Removed {
  /** The release that stopped serving it. */
  removedIn: string
  kinds: string[]
  use: string
}

/** No longer served, from the deprecated API migration guide: group/version → when, and what replaces it. */
export const REMOVED: Record<string, Removed[]> = {
  'extensions/v1beta1': [
    { removedIn: 'v1.16', kinds: ['DaemonSet', 'Deployment', 'ReplicaSet'], use: 'apps/v1' },
    { removedIn: 'v1.16', kinds: ['NetworkPolicy'], use: 'networking.k8s.io/v1' },
    { removedIn: 'v1.16', kinds: ['PodSecurityPolicy'], use: 'policy/v1beta1 until v1.25; Pod Security Admission since' },
    { removedIn: 'v1.22', kinds: ['Ingress'], use: 'networking.k8s.io/v1' },
  ],
  'apps/v1beta1': [{ removedIn: 'v1.16', kinds: ['ControllerRevision', 'Deployment', 'StatefulSet'], use: 'apps/v1' }],
  'apps/v1beta2': [{ removedIn: 'v1.16', kinds: ['ControllerRevision', 'DaemonSet', 'Deployment', 'ReplicaSet', 'StatefulSet'], use: 'apps/v1' }],
  'admissionregistration.k8s.io/v1beta1': [{ removedIn: 'v1.22', kinds: ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'], use: 'admissionregistration.k8s.io/v1' }],
  'apiextensions.k8s.io/v1beta1': [{ removedIn: 'v1.22', kinds: ['CustomResourceDefinition'], use: 'apiextensions.k8s.io/v1' }],
  'apiregistration.k8s.io/v1beta1': [{ removedIn: 'v1.22', kinds: ['APIService'], use: 'apiregistration.k8s.io/v1' }],
  'authentication.k8s.io/v1beta1': [{ removedIn: 'v1.22', kinds: ['TokenReview'], use: 'authentication.k8s.io/v1' }],
  'authorization.k8s.io/v1beta1': [{ removedIn: 'v1.22', kinds: ['LocalSubjectAccessReview', 'SelfSubjectAccessReview', 'SelfSubjectRulesReview', 'SubjectAccessReview'], use: 'authorization.k8s.io/v1' }],
  'certificates.k8s.io/v1beta1': [{ removedIn: 'v1.22', kinds: ['CertificateSigningRequest'], use: 'certificates.k8s.io/v1' }],
  'coordination.k8s.io/v1beta1': [{ removedIn: 'v1.22', kinds: ['Lease'], use: 'coordination.k8s.io/v1' }],
  'networking.k8s.io/v1beta1': [{ removedIn: 'v1.22', kinds: ['Ingress', 'IngressClass'], use: 'networking.k8s.io/v1' }],
  'rbac.authorization.k8s.io/v1beta1': [{ removedIn: 'v1.22', kinds: ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'], use: 'rbac.authorization.k8s.io/v1' }],
  'scheduling.k8s.io/v1beta1': [{ removedIn: 'v1.22', kinds: ['PriorityClass'], use: 'scheduling.k8s.io/v1' }],
  'storage.k8s.io/v1beta1': [
    { removedIn: 'v1.22', kinds: ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment'], use: 'storage.k8s.io/v1' },
    { removedIn: 'v1.27', kinds: ['CSIStorageCapacity'], use: 'storage.k8s.io/v1' },
  ],
  'batch/v1beta1': [{ removedIn: 'v1.25', kinds: ['CronJob'], use: 'batch/v1' }],
  'discovery.k8s.io/v1beta1': [{ removedIn: 'v1.25', kinds: ['EndpointSlice'], use: 'discovery.k8s.io/v1' }],
  'events.k8s.io/v1beta1': [{ removedIn: 'v1.25', kinds: ['Event'], use: 'events.k8s.io/v1' }],
  'autoscaling/v2beta1': [{ removedIn: 'v1.25', kinds: ['HorizontalPodAutoscaler'], use: 'autoscaling/v2' }],
  'autoscaling/v2beta2': [{ removedIn: 'v1.26', kinds: ['HorizontalPodAutoscaler'], use: 'autoscaling/v2' }],
  'policy/v1beta1': [
    { removedIn: 'v1.25', kinds: ['PodDisruptionBudget', 'Eviction'], use: 'policy/v1' },
    { removedIn: 'v1.25', kinds: ['PodSecurityPolicy'], use: 'Pod Security Admission (namespace labels pod-security.kubernetes.io/*)' },
  ],
  'node.k8s.io/v1beta1': [{ removedIn: 'v1.25', kinds: ['RuntimeClass'], use: 'node.k8s.io/v1' }],
  'flowcontrol.apiserver.k8s.io/v1beta1': [{ removedIn: 'v1.26', kinds: ['FlowSchema', 'PriorityLevelConfiguration'], use: 'flowcontrol.apiserver.k8s.io/v1' }],
  'flowcontrol.apiserver.k8s.io/v1beta2': [{ removedIn: 'v1.29', kinds: ['FlowSchema', 'PriorityLevelConfiguration'], use: 'flowcontrol.apiserver.k8s.io/v1' }],
  'flowcontrol.apiserver.k8s.io/v1beta3': [{ removedIn: 'v1.32', kinds: ['FlowSchema', 'PriorityLevelConfiguration'], use: 'flowcontrol.apiserver.k8s.io/v1' }],
  'resource.k8s.io/v1alpha2': [{ removedIn: 'v1.31', kinds: ['ResourceClass', 'ResourceClaim', 'ResourceClaimTemplate', 'PodSchedulingContext', 'ResourceClaimParameters', 'ResourceClassParameters', 'ResourceSlice'], use: 'resource.k8s.io/v1' }],
}

/** Kinds that kubernetes-models ships in a served group/version but that came after v1.34. */
export const NEWER_THAN_BASELINE: Record<string, { kinds: string[], since: string, in134: string }> = {
  'admissionregistration.k8s.io/v1': { kinds: ['MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding'], since: 'v1.36 GA', in134: 'admissionregistration.k8s.io/v1beta1 (beta, served only when enabled)' },
}

/** The built-in API groups: a group here is the API server's, never a CRD's. */
export const BUILT_IN_GROUPS = new Set(
  [...Object.keys(SERVED_BY_DEFAULT), ...Object.keys(SERVED_WHEN_ENABLED), ...Object.keys(REMOVED)]
    .map(gv => gv.includes('/') ? gv.split('/')[0] : ''),
)

export type Availability
  = | { state: 'default' }
    | { state: 'when-enabled', disabled: Disabled }
    | { state: 'removed', removed: Removed }
    | { state: 'newer', since: string, in134: string }
    | { state: 'unknown-version' }
    | { state: 'unknown-kind', kinds: string[] }

/** Whether v1.34 serves apiVersion + kind, and if not, why. */
export function availability(apiVersion: string, kind: string): Availability {
  const newer = NEWER_THAN_BASELINE[apiVersion]
  if (newer?.kinds.includes(kind))
    return { state: 'newer', since: newer.since, in134: newer.in134 }
  const served = SERVED_BY_DEFAULT[apiVersion]
  if (served?.includes(kind))
    return { state: 'default' }
  const disabled = SERVED_WHEN_ENABLED[apiVersion]
  if (disabled?.kinds.includes(kind))
    return { state: 'when-enabled', disabled }
  const removed = REMOVED[apiVersion]?.find(r => r.kinds.includes(kind))
  if (removed)
    return { state: 'removed', removed }
  if (served || disabled || REMOVED[apiVersion])
    return { state: 'unknown-kind', kinds: [...served ?? [], ...disabled?.kinds ?? []] }
  return { state: 'unknown-version' }
}

/** The group/versions of v1.34 that hold a kind, served ones first (GA before beta). */
export function versionsOf(kind: string): string[] {
  const order = (gv: string) => (/v\d+$/.test(gv) ? 0 : 1)
  const found = Object.entries(SERVED_BY_DEFAULT).filter(([, kinds]) => kinds.includes(kind)).map(([gv]) => gv)
  found.sort((a, b) => order(a) - order(b) || b.localeCompare(a, 'en', { numeric: true }))
  return found
}
