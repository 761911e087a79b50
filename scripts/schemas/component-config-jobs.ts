/**
 * The component configurations the code check knows, and what their Go types
 * do not say: for each, the schema file, the root type, the packages, and the
 * required fields and enums that the upstream validation code enforces
 * (written by hand from its validation.go at the same release).
 */
import type { Mirror } from './git-source'

export interface GoSource { mirror: Mirror, path: string, upstream: string }

const STAGING = 'kubernetes/kubernetes staging/src/k8s.io'

/** The Go files the jobs read, at the tags the mirrors were given. */
export function packagesOf(mirrorOf: (repo: string) => Mirror, release: string) {
  const root = mirrorOf('kubernetes/api').root
  const staging = (repo: string, path: string): GoSource => ({ mirror: mirrorOf(`kubernetes/${repo}`), path, upstream: `${STAGING}/${repo}/${path} @ ${release}` })
  const other = (repo: string, tag: string, path: string): GoSource => ({ mirror: { root, repo, tag }, path, upstream: `${repo} ${path} @ ${tag}` })
  return {
    kubeletConfig: staging('kubelet', 'config/v1beta1/types.go'),
    kubeletConfigV1: staging('kubelet', 'config/v1/types.go'),
    credentialProvider: staging('kubelet', 'pkg/apis/credentialprovider/v1/types.go'),
    scheduler: staging('kube-scheduler', 'config/v1/types.go'),
    schedulerArgs: staging('kube-scheduler', 'config/v1/types_pluginargs.go'),
    apiserver: staging('apiserver', 'pkg/apis/apiserver/v1/types.go'),
    encryption: staging('apiserver', 'pkg/apis/apiserver/v1/types_encryption.go'),
    audit: staging('apiserver', 'pkg/apis/audit/v1/types.go'),
    webhookAdmission: staging('apiserver', 'pkg/admission/plugin/webhook/config/apis/webhookadmission/v1/types.go'),
    policyConfig: staging('apiserver', 'pkg/admission/plugin/policy/config/apis/policyconfig/v1/types.go'),
    kubeconfig: staging('client-go', 'tools/clientcmd/api/v1/types.go'),
    execCredential: staging('client-go', 'pkg/apis/clientauthentication/v1/types.go'),
    componentBase: staging('component-base', 'config/v1alpha1/types.go'),
    logs: staging('component-base', 'logs/api/v1/types.go'),
    tracing: staging('component-base', 'tracing/api/v1/types.go'),
    core: staging('api', 'core/v1/types.go'),
    authnV1: staging('api', 'authentication/v1/types.go'),
    admission: staging('api', 'admission/v1/types.go'),
    // The course's kind is v0.33.0 (KIND_VERSION in data/course.ts); the newest tag the mirror has is
    // v0.33.0-alpha, and the v1alpha4 types are the same (comments aside) from v0.30.0 to main of 2026-08-21.
    kind: other('kubernetes-sigs/kind', 'v0.33.0-alpha', 'pkg/apis/config/v1alpha4/types.go'),
    // What the lab's runtime reads: kind v0.33.0's node images carry containerd v2.3.x, which
    // reads CDI specs with tags.cncf.io/container-device-interface v1.1.0.
    cdi: other('cncf-tags/container-device-interface', 'v1.1.0', 'specs-go/config.go'),
  }
}

export type Packages = ReturnType<typeof packagesOf>

export interface Job {
  file: string
  apiVersion?: string
  kind?: string
  root: string
  files: GoSource[]
  /** Typed string constants that are not a closed set. */
  openEnums?: string[]
  /** Go structs without Kubernetes markers: a field without omitempty is required. */
  requiredByTag?: boolean
  /**
   * What the upstream validation code (not the types) requires, written by
   * hand from its validation.go at the same tag: definition → required
   * fields, enums, and conditional requirements.
   */
  patch?: Record<string, Patch>
  extra?: (schema: Record<string, any>) => void
}

export interface Patch {
  required?: string[]
  /** Fields the generator marked required from a comment that the validation does not require. */
  optional?: string[]
  enum?: Record<string, string[]>
  allOf?: unknown[]
}

const when = (field: string, value: string, required: string[]) => ({ if: { properties: { [field]: { const: value } }, required: [field] }, then: { required } })

export function jobsOf(PKG: Packages, schedulerArgs: (schema: Record<string, any>) => void): Job[] {
  return [
    { file: 'kubelet.config.k8s.io_v1beta1_KubeletConfiguration.json', apiVersion: 'kubelet.config.k8s.io/v1beta1', kind: 'KubeletConfiguration', root: 'KubeletConfiguration', files: [PKG.kubeletConfig], openEnums: ['ResourceChangeDetectionStrategy'] },
    {
      file: 'kubelet.config.k8s.io_v1_CredentialProviderConfig.json',
      apiVersion: 'kubelet.config.k8s.io/v1',
      kind: 'CredentialProviderConfig',
      root: 'CredentialProviderConfig',
      files: [PKG.kubeletConfigV1],
      // pkg/kubelet/kuberuntime/../credentialprovider/plugin/config.go validateCredentialProviderConfig
      patch: {
        $root: { required: ['providers'] },
        CredentialProvider: { required: ['name', 'matchImages', 'defaultCacheDuration', 'apiVersion'], enum: { apiVersion: ['credentialprovider.kubelet.k8s.io/v1', 'credentialprovider.kubelet.k8s.io/v1beta1', 'credentialprovider.kubelet.k8s.io/v1alpha1'] } },
        ExecEnvVar: { required: ['name', 'value'] },
      },
    },
    {
      file: 'kubescheduler.config.k8s.io_v1_KubeSchedulerConfiguration.json',
      apiVersion: 'kubescheduler.config.k8s.io/v1',
      kind: 'KubeSchedulerConfiguration',
      root: 'KubeSchedulerConfiguration',
      files: [PKG.scheduler, PKG.schedulerArgs],
      extra: schedulerArgs,
      // pkg/scheduler/apis/config/validation/validation.go
      patch: { Plugin: { required: ['name'] }, PluginConfig: { required: ['name'] }, Extender: { required: ['urlPrefix'] } },
    },
    {
      file: 'apiserver.config.k8s.io_v1_AdmissionConfiguration.json',
      apiVersion: 'apiserver.config.k8s.io/v1',
      kind: 'AdmissionConfiguration',
      root: 'AdmissionConfiguration',
      files: [PKG.apiserver],
      patch: { AdmissionPluginConfiguration: { required: ['name'] } },
    },
    {
      file: 'apiserver.config.k8s.io_v1_AuthenticationConfiguration.json',
      apiVersion: 'apiserver.config.k8s.io/v1',
      kind: 'AuthenticationConfiguration',
      root: 'AuthenticationConfiguration',
      files: [PKG.apiserver],
      // staging/src/k8s.io/apiserver/pkg/apis/apiserver/validation/validation.go
      patch: {
        Issuer: { required: ['url', 'audiences'], enum: { audienceMatchPolicy: ['MatchAny'] } },
        JWTAuthenticator: { required: ['issuer', 'claimMappings'] },
        ClaimMappings: { required: ['username'] },
        PrefixedClaimOrExpression: { allOf: [{ if: { required: ['claim'] }, then: { required: ['prefix'] } }] },
        ExtraMapping: { required: ['key', 'valueExpression'] },
        UserValidationRule: { required: ['expression'] },
        AnonymousAuthConfig: { required: ['enabled'] },
      },
    },
    {
      file: 'apiserver.config.k8s.io_v1_AuthorizationConfiguration.json',
      apiVersion: 'apiserver.config.k8s.io/v1',
      kind: 'AuthorizationConfiguration',
      root: 'AuthorizationConfiguration',
      files: [PKG.apiserver],
      // staging/src/k8s.io/apiserver/pkg/apis/apiserver/validation/validation.go ValidateAuthorizationConfiguration, ValidateWebhookConfiguration
      patch: {
        $root: { required: ['authorizers'] },
        AuthorizerConfiguration: { required: ['type', 'name'], allOf: [when('type', 'Webhook', ['webhook'])] },
        WebhookConfiguration: {
          required: ['timeout', 'authorizedTTL', 'unauthorizedTTL', 'subjectAccessReviewVersion', 'failurePolicy', 'connectionInfo'],
          optional: ['matchConditionSubjectAccessReviewVersion'],
          enum: { subjectAccessReviewVersion: ['v1', 'v1beta1'], matchConditionSubjectAccessReviewVersion: ['v1'], failurePolicy: ['NoOpinion', 'Deny'] },
          allOf: [{ if: { properties: { matchConditions: { minItems: 1 } }, required: ['matchConditions'] }, then: { required: ['matchConditionSubjectAccessReviewVersion'] } }],
        },
        WebhookConnectionInfo: { required: ['type'], optional: ['kubeConfigFile'], enum: { type: ['InClusterConfig', 'KubeConfigFile'] }, allOf: [when('type', 'KubeConfigFile', ['kubeConfigFile'])] },
        WebhookMatchCondition: { required: ['expression'] },
      },
    },
    {
      file: 'apiserver.config.k8s.io_v1_EncryptionConfiguration.json',
      apiVersion: 'apiserver.config.k8s.io/v1',
      kind: 'EncryptionConfiguration',
      root: 'EncryptionConfiguration',
      files: [PKG.encryption],
      // staging/src/k8s.io/apiserver/pkg/apis/apiserver/validation/validation.go ValidateEncryptionConfiguration
      patch: {
        $root: { required: ['resources'] },
        ResourceConfiguration: { required: ['resources', 'providers'] },
        KMSConfiguration: { required: ['name', 'endpoint'], enum: { apiVersion: ['v1', 'v2'] } },
        AESConfiguration: { required: ['keys'] },
        SecretboxConfiguration: { required: ['keys'] },
        Key: { required: ['name', 'secret'] },
      },
    },
    // New in v1.36: static policies loaded from files at startup (ManifestBasedAdmissionControlConfig, beta in v1.37).
    { file: 'apiserver.config.k8s.io_v1_ValidatingAdmissionPolicyConfiguration.json', apiVersion: 'apiserver.config.k8s.io/v1', kind: 'ValidatingAdmissionPolicyConfiguration', root: 'ValidatingAdmissionPolicyConfiguration', files: [PKG.policyConfig] },
    { file: 'apiserver.config.k8s.io_v1_MutatingAdmissionPolicyConfiguration.json', apiVersion: 'apiserver.config.k8s.io/v1', kind: 'MutatingAdmissionPolicyConfiguration', root: 'MutatingAdmissionPolicyConfiguration', files: [PKG.policyConfig] },
    { file: 'apiserver.config.k8s.io_v1_WebhookAdmissionConfiguration.json', apiVersion: 'apiserver.config.k8s.io/v1', kind: 'WebhookAdmissionConfiguration', root: 'WebhookAdmission', files: [PKG.webhookAdmission] },
    {
      file: 'audit.k8s.io_v1_Policy.json',
      apiVersion: 'audit.k8s.io/v1',
      kind: 'Policy',
      root: 'Policy',
      files: [PKG.audit],
      // staging/src/k8s.io/apiserver/pkg/apis/audit/validation/validation.go validateLevel
      patch: { PolicyRule: { required: ['level'] } },
    },
    {
      file: 'v1_Config.json',
      apiVersion: 'v1',
      kind: 'Config',
      root: 'Config',
      files: [PKG.kubeconfig],
      // staging/src/k8s.io/client-go/tools/clientcmd/validation.go validateAuthInfo (exec), validateContext
      patch: {
        NamedCluster: { required: ['name', 'cluster'] },
        NamedContext: { required: ['name', 'context'] },
        NamedAuthInfo: { required: ['name', 'user'] },
        Cluster: { required: ['server'] },
        Context: { required: ['cluster', 'user'] },
        ExecConfig: {
          required: ['command', 'apiVersion'],
          enum: { interactiveMode: ['Never', 'IfAvailable', 'Always'], apiVersion: ['client.authentication.k8s.io/v1', 'client.authentication.k8s.io/v1beta1'] },
          allOf: [when('apiVersion', 'client.authentication.k8s.io/v1', ['interactiveMode'])],
        },
        ExecEnvVar: { required: ['name', 'value'] },
      },
    },
    {
      file: 'admission.k8s.io_v1_AdmissionReview.json',
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      root: 'AdmissionReview',
      files: [PKG.admission],
      // What the API server sends and expects back (admission webhook docs; apiserver's webhook response checks).
      patch: { AdmissionRequest: { required: ['uid', 'kind', 'resource', 'operation', 'userInfo'] }, AdmissionResponse: { required: ['uid', 'allowed'] } },
    },
    {
      file: 'credentialprovider.kubelet.k8s.io_v1_CredentialProviderRequest.json',
      apiVersion: 'credentialprovider.kubelet.k8s.io/v1',
      kind: 'CredentialProviderRequest',
      root: 'CredentialProviderRequest',
      files: [PKG.credentialProvider],
      requiredByTag: true,
    },
    {
      file: 'credentialprovider.kubelet.k8s.io_v1_CredentialProviderResponse.json',
      apiVersion: 'credentialprovider.kubelet.k8s.io/v1',
      kind: 'CredentialProviderResponse',
      root: 'CredentialProviderResponse',
      files: [PKG.credentialProvider],
      requiredByTag: true,
    },
    { file: 'client.authentication.k8s.io_v1_ExecCredential.json', apiVersion: 'client.authentication.k8s.io/v1', kind: 'ExecCredential', root: 'ExecCredential', files: [PKG.execCredential] },
    {
      file: 'kind.x-k8s.io_v1alpha4_Cluster.json',
      apiVersion: 'kind.x-k8s.io/v1alpha4',
      kind: 'Cluster',
      root: 'Cluster',
      files: [PKG.kind],
      patch: { Node: { enum: { role: ['control-plane', 'worker'] } }, Mount: { required: ['hostPath', 'containerPath'] }, PortMapping: { required: ['containerPort'] } },
    },
    {
      file: 'cdi_Spec.json',
      root: 'Spec',
      files: [PKG.cdi],
      requiredByTag: true,
      // specs-go/version.go validSpecVersions; pkg/parser ValidateQualifiedName for kind (vendor/class)
      patch: { $root: { enum: { cdiVersion: ['0.3.0', '0.4.0', '0.5.0', '0.6.0', '0.7.0', '0.8.0', '1.0.0', '1.1.0'] } } },
      extra: (schema) => {
        schema.title = 'CDI spec'
        schema.description = 'What the runtime of the course\'s lab cluster reads: kind v0.33.0 (node image v1.37.0) ships containerd v2.3.x, which reads CDI specs with tags.cncf.io/container-device-interface v1.1.0, i.e. spec versions up to 1.1.0. (kind v0.30.0\'s v1.34.0 image had containerd v2.1.4 with CDI v1.0.1: up to 1.0.0.)'
        schema['x-detect'] = 'an object with cdiVersion and devices'
        schema.properties.kind = { type: 'string', pattern: '^[a-zA-Z0-9][a-zA-Z0-9._-]*/[a-zA-Z0-9][a-zA-Z0-9._-]*$' }
      },
    },
  ]
}
