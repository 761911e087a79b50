/**
 * Writes the component-config JSON Schemas in schemas/ from the upstream Go
 * types, at the release the course teaches (Kubernetes v1.34). Run by hand
 * when the baseline moves; the schemas are committed, the Go sources are not:
 *
 *   tsx scripts/checks/code-check/gen-schemas.ts <dir with one git mirror per repo>
 *
 * The directory holds `kubernetes+kubelet/repo`, `kubernetes+apiserver/repo`
 * … (bare clones named owner+name). Each schema names its upstream source:
 * repository, path and tag, and the commit the tag points at.
 *
 * The Go reading is line-based and made for these files (gofmt'ed API types):
 * `type X struct {…}`, fields with json tags, embedded structs, typed string
 * constants. A field is required when its comment carries `+required` or
 * says it is required; every object is closed (additionalProperties: false).
 */
import { execFileSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import process from 'node:process'
import { ROOT } from '../../shared/project'

interface GoSource { mirror: string, repo: string, tag: string, path: string, upstream: string }
interface GoField { name: string, json?: string, type: string, inline: boolean, comment: string, omitempty: boolean }
interface GoStruct { name: string, fields: GoField[], pkg: string }

const K8S_TAG = 'v0.34.0'
const src = (mirror: string, path: string, upstream: string, tag = K8S_TAG): GoSource => ({ mirror, repo: mirror.replace('+', '/'), tag, path, upstream })

const PKG = {
  kubeletConfig: src('kubernetes+kubelet', 'config/v1beta1/types.go', 'kubernetes/kubernetes staging/src/k8s.io/kubelet/config/v1beta1/types.go @ v1.34.0'),
  credentialProvider: src('kubernetes+kubelet', 'pkg/apis/credentialprovider/v1/types.go', 'kubernetes/kubernetes staging/src/k8s.io/kubelet/pkg/apis/credentialprovider/v1/types.go @ v1.34.0'),
  scheduler: src('kubernetes+kube-scheduler', 'config/v1/types.go', 'kubernetes/kubernetes staging/src/k8s.io/kube-scheduler/config/v1/types.go @ v1.34.0'),
  schedulerArgs: src('kubernetes+kube-scheduler', 'config/v1/types_pluginargs.go', 'kubernetes/kubernetes staging/src/k8s.io/kube-scheduler/config/v1/types_pluginargs.go @ v1.34.0'),
  apiserver: src('kubernetes+apiserver', 'pkg/apis/apiserver/v1/types.go', 'kubernetes/kubernetes staging/src/k8s.io/apiserver/pkg/apis/apiserver/v1/types.go @ v1.34.0'),
  encryption: src('kubernetes+apiserver', 'pkg/apis/apiserver/v1/types_encryption.go', 'kubernetes/kubernetes staging/src/k8s.io/apiserver/pkg/apis/apiserver/v1/types_encryption.go @ v1.34.0'),
  audit: src('kubernetes+apiserver', 'pkg/apis/audit/v1/types.go', 'kubernetes/kubernetes staging/src/k8s.io/apiserver/pkg/apis/audit/v1/types.go @ v1.34.0'),
  webhookAdmission: src('kubernetes+apiserver', 'pkg/admission/plugin/webhook/config/apis/webhookadmission/v1/types.go', 'kubernetes/kubernetes staging/src/k8s.io/apiserver/pkg/admission/plugin/webhook/config/apis/webhookadmission/v1/types.go @ v1.34.0'),
  kubeconfig: src('kubernetes+client-go', 'tools/clientcmd/api/v1/types.go', 'kubernetes/kubernetes staging/src/k8s.io/client-go/tools/clientcmd/api/v1/types.go @ v1.34.0'),
  execCredential: src('kubernetes+client-go', 'pkg/apis/clientauthentication/v1/types.go', 'kubernetes/kubernetes staging/src/k8s.io/client-go/pkg/apis/clientauthentication/v1/types.go @ v1.34.0'),
  componentBase: src('kubernetes+component-base', 'config/v1alpha1/types.go', 'kubernetes/kubernetes staging/src/k8s.io/component-base/config/v1alpha1/types.go @ v1.34.0'),
  logs: src('kubernetes+component-base', 'logs/api/v1/types.go', 'kubernetes/kubernetes staging/src/k8s.io/component-base/logs/api/v1/types.go @ v1.34.0'),
  tracing: src('kubernetes+component-base', 'tracing/api/v1/types.go', 'kubernetes/kubernetes staging/src/k8s.io/component-base/tracing/api/v1/types.go @ v1.34.0'),
  core: src('kubernetes+api', 'core/v1/types.go', 'kubernetes/kubernetes staging/src/k8s.io/api/core/v1/types.go @ v1.34.0'),
  authnV1: src('kubernetes+api', 'authentication/v1/types.go', 'kubernetes/kubernetes staging/src/k8s.io/api/authentication/v1/types.go @ v1.34.0'),
  admission: src('kubernetes+api', 'admission/v1/types.go', 'kubernetes/kubernetes staging/src/k8s.io/api/admission/v1/types.go @ v1.34.0'),
  // The course's kind is v0.33.0 (KIND_VERSION in data/course.ts); the newest tag the mirror has is
  // v0.33.0-alpha, and the v1alpha4 types are the same (comments aside) from v0.30.0 to main of 2026-08-21.
  kind: src('kubernetes-sigs+kind', 'pkg/apis/config/v1alpha4/types.go', 'kubernetes-sigs/kind pkg/apis/config/v1alpha4/types.go @ v0.33.0-alpha', 'v0.33.0-alpha'),
  // What the lab's runtime reads: kind v0.33.0's node images carry containerd v2.3.x, which
  // reads CDI specs with tags.cncf.io/container-device-interface v1.1.0.
  cdi: src('cncf-tags+container-device-interface', 'specs-go/config.go', 'cncf-tags/container-device-interface specs-go/config.go @ v1.1.0', 'v1.1.0'),
}

/** Import aliases of the Go files → the package they name. */
const ALIASES: Record<string, GoSource | 'any' | Record<string, unknown>> = {
  componentbaseconfigv1alpha1: PKG.componentBase,
  logsapi: PKG.logs,
  tracingapi: PKG.tracing,
  v1: PKG.core,
  corev1: PKG.core,
  authnv1: PKG.authnV1,
  authenticationv1: PKG.authnV1,
  runtime: 'any',
}

/** Well-known types that are not structs in these files. */
const BUILT_IN: Record<string, Record<string, unknown>> = {
  'metav1.Duration': { type: 'string', pattern: '^(-?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(ns|us|µs|ms|s|m|h))+$|^0$', description: 'a Go duration, e.g. 30s, 5m, 1h30m' },
  'metav1.Time': { type: 'string' },
  'metav1.MicroTime': { type: 'string' },
  'metav1.ObjectMeta': { type: 'object' },
  'metav1.LabelSelector': { type: 'object' },
  'metav1.GroupVersionKind': { type: 'object', properties: { group: { type: 'string' }, version: { type: 'string' }, kind: { type: 'string' } }, required: ['group', 'version', 'kind'], additionalProperties: false },
  'metav1.GroupVersionResource': { type: 'object', properties: { group: { type: 'string' }, version: { type: 'string' }, resource: { type: 'string' } }, required: ['group', 'version', 'resource'], additionalProperties: false },
  'metav1.Status': { type: 'object' },
  'types.UID': { type: 'string' },
  'resource.Quantity': { type: ['string', 'number'] },
  'intstr.IntOrString': { type: ['string', 'integer'] },
  'runtime.RawExtension': {},
  'runtime.Unknown': {},
  'runtime.Object': {},
  'json.RawMessage': {},
  'interface{}': {},
  'any': {},
  'v1.ResourceList': { type: 'object', additionalProperties: { type: ['string', 'number'] } },
  'v1.NodeConfigSource': { type: 'object' },
  'corev1.TopologySpreadConstraint': { type: 'object' },
  'featuregate.Feature': { type: 'string' },
  'logsapi.TimeOrMetaDuration': { type: 'string' },
}

const INTEGER = new Set(['int', 'int8', 'int16', 'int32', 'int64', 'uint', 'uint8', 'uint16', 'uint32', 'uint64'])

interface Parsed { structs: Map<string, GoStruct>, aliases: Map<string, string>, enums: Map<string, string[]> }
const parsedFiles = new Map<string, Parsed>()

function read(mirrors: string, s: GoSource): string {
  return execFileSync('git', ['--git-dir', join(mirrors, s.mirror, 'repo'), 'show', `${s.tag}:${s.path}`], { encoding: 'utf8', maxBuffer: 64 << 20 })
}

function commitOf(mirrors: string, s: GoSource): string {
  return execFileSync('git', ['--git-dir', join(mirrors, s.mirror, 'repo'), 'rev-parse', `${s.tag}^{commit}`], { encoding: 'utf8' }).trim()
}

function parseGo(mirrors: string, s: GoSource): Parsed {
  const key = `${s.mirror}:${s.tag}:${s.path}`
  const cached = parsedFiles.get(key)
  if (cached)
    return cached
  const text = read(mirrors, s)
  const lines = text.split('\n')
  const structs = new Map<string, GoStruct>()
  const aliases = new Map<string, string>()
  const enums = new Map<string, string[]>()
  for (let i = 0; i < lines.length; i++) {
    const empty = /^type (\w+) struct ?\{\}/.exec(lines[i])
    if (empty) {
      structs.set(empty[1], { name: empty[1], fields: [], pkg: key })
      continue
    }
    const start = /^type (\w+) struct \{\s*$/.exec(lines[i])
    if (start) {
      const fields: GoField[] = []
      let comment: string[] = []
      for (i++; i < lines.length && lines[i] !== '}'; i++) {
        const line = lines[i]
        const c = /^\t\/\/ ?(.*)$/.exec(line)
        if (c) {
          comment.push(c[1])
          continue
        }
        if (!line.trim()) {
          comment = []
          continue
        }
        const field = /^\t(\w+)\s+([^\s`]+)\s*(?:`([^`]*)`)?/.exec(line)
        const embedded = /^\t([\w.*]+)\s*(?:`([^`]*)`\s*)?(?:\/\/.*)?$/.exec(line)
        if (embedded && !field) {
          const tag = /json:"([^"]*)"/.exec(embedded[2] ?? '')?.[1]
          if (tag !== '-')
            fields.push({ name: embedded[1], type: embedded[1].replace(/^\*/, ''), inline: !tag || tag.startsWith(','), json: tag?.split(',')[0] || undefined, comment: comment.join('\n'), omitempty: !!tag?.includes('omitempty') })
        }
        else if (field) {
          const tag = /json:"([^"]*)"/.exec(field[3] ?? '')?.[1]
          if (tag === '-')
            continue
          const jsonName = tag?.split(',')[0]
          fields.push({ name: field[1], type: field[2], inline: !!tag?.split(',').includes('inline') && !jsonName, json: jsonName || field[1], comment: comment.join('\n'), omitempty: !!tag?.includes('omitempty') })
        }
        comment = []
      }
      structs.set(start[1], { name: start[1], fields, pkg: key })
      continue
    }
    const alias = /^type (\w+) ([^\s{][^{/]*)/.exec(lines[i])
    if (alias && !alias[2].startsWith('struct') && !alias[2].startsWith('interface'))
      aliases.set(alias[1], alias[2].trim())
    const constant = /^\t\w+\s+(\w+)\s*=\s*"([^"]*)"/.exec(lines[i])
    if (constant)
      enums.set(constant[1], [...enums.get(constant[1]) ?? [], constant[2]])
  }
  const parsed = { structs, aliases, enums }
  parsedFiles.set(key, parsed)
  return parsed
}

function isRequired(field: GoField, byTag = false): boolean {
  if (byTag)
    return !field.omitempty && !field.type.startsWith('*')
  if (/\+optional/.test(field.comment))
    return false
  if (/\+required/.test(field.comment))
    return true
  return /(?:^|\n|\. )(?:\w+ )?(?:is )?required\b(?! (?:if|when|for|only))/i.test(field.comment) && !/not required|optional/i.test(field.comment)
}

interface Context { mirrors: string, defs: Record<string, unknown>, sources: Set<GoSource>, files: GoSource[], enumsOff: Set<string>, byTag: boolean }

/** JSON Schema of a Go type written in a file of `files[0]`'s package (the first file that declares it). */
function schemaOf(ctx: Context, type: string, files: GoSource[]): Record<string, unknown> {
  if (type.startsWith('*'))
    return schemaOf(ctx, type.slice(1), files)
  if (type === '[]byte')
    return { type: 'string', pattern: '^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$', description: 'base64 (a Go []byte)' }
  if (type.startsWith('[]'))
    return { type: 'array', items: schemaOf(ctx, type.slice(2), files) }
  const map = /^map\[\w+\](.+)$/.exec(type)
  if (map)
    return { type: 'object', additionalProperties: schemaOf(ctx, map[1], files) }
  if (type === 'string')
    return { type: 'string' }
  if (type === 'bool')
    return { type: 'boolean' }
  if (INTEGER.has(type))
    return { type: 'integer' }
  if (type === 'float32' || type === 'float64')
    return { type: 'number' }
  if (BUILT_IN[type])
    return BUILT_IN[type]
  const qualified = /^(\w+)\.(\w+)$/.exec(type)
  if (qualified) {
    const target = ALIASES[qualified[1]]
    if (target === 'any' || target === undefined)
      return {}
    if ('mirror' in target)
      return schemaOf(ctx, qualified[2], [target as GoSource])
    return target
  }
  for (const file of files) {
    const parsed = parseGo(ctx.mirrors, file)
    const struct = parsed.structs.get(type)
    if (struct) {
      const name = type
      if (!(name in ctx.defs)) {
        ctx.defs[name] = {}
        ctx.sources.add(file)
        ctx.defs[name] = objectSchema(ctx, struct, files)
      }
      return { $ref: `#/definitions/${name}` }
    }
    const alias = parsed.aliases.get(type)
    if (alias) {
      const base = schemaOf(ctx, alias, files)
      const values = parsed.enums.get(type)
      if (values && alias === 'string' && !ctx.enumsOff.has(type))
        return { ...base, enum: values }
      return base
    }
  }
  throw new Error(`unknown Go type ${type} in ${files.map(f => f.path).join(', ')}`)
}

function objectSchema(ctx: Context, struct: GoStruct, files: GoSource[]): Record<string, unknown> {
  const properties: Record<string, unknown> = {}
  const required: string[] = []
  const add = (s: GoStruct, scope: GoSource[]) => {
    for (const field of s.fields) {
      if (field.inline) {
        if (/(?:^|\.)TypeMeta$/.test(field.type)) {
          properties.apiVersion = { type: 'string' }
          properties.kind = { type: 'string' }
          continue
        }
        const qualified = /^(\w+)\.(\w+)$/.exec(field.type)
        const scopeFiles = qualified ? [ALIASES[qualified[1]] as GoSource] : scope
        const name = qualified ? qualified[2] : field.type
        const inner = scopeFiles.map(f => parseGo(ctx.mirrors, f).structs.get(name)).find(Boolean)
        if (!inner)
          throw new Error(`cannot inline ${field.type}`)
        add(inner, scopeFiles)
        continue
      }
      properties[field.json!] = schemaOf(ctx, field.type, scope)
      if (isRequired(field, ctx.byTag))
        required.push(field.json!)
    }
  }
  add(struct, files)
  return { type: 'object', properties, ...required.length ? { required } : {}, additionalProperties: false }
}

let currentContext: Context | undefined

interface Job {
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

interface Patch {
  required?: string[]
  /** Fields the generator marked required from a comment that the validation does not require. */
  optional?: string[]
  enum?: Record<string, string[]>
  allOf?: unknown[]
}

const when = (field: string, value: string, required: string[]) => ({ if: { properties: { [field]: { const: value } }, required: [field] }, then: { required } })

const JOBS: Job[] = [
  { file: 'kubelet.config.k8s.io_v1beta1_KubeletConfiguration.json', apiVersion: 'kubelet.config.k8s.io/v1beta1', kind: 'KubeletConfiguration', root: 'KubeletConfiguration', files: [PKG.kubeletConfig], openEnums: ['ResourceChangeDetectionStrategy'] },
  {
    file: 'kubelet.config.k8s.io_v1_CredentialProviderConfig.json',
    apiVersion: 'kubelet.config.k8s.io/v1',
    kind: 'CredentialProviderConfig',
    root: 'CredentialProviderConfig',
    files: [src('kubernetes+kubelet', 'config/v1/types.go', 'kubernetes/kubernetes staging/src/k8s.io/kubelet/config/v1/types.go @ v1.34.0')],
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
      schema.description = 'What the runtime of the course\'s lab cluster reads: kind v0.33.0 (node image v1.34.11) ships containerd v2.3.x, which reads CDI specs with tags.cncf.io/container-device-interface v1.1.0, i.e. spec versions up to 1.1.0. (kind v0.30.0\'s v1.34.0 image had containerd v2.1.4 with CDI v1.0.1: up to 1.0.0.)'
      schema['x-detect'] = 'an object with cdiVersion and devices'
      schema.properties.kind = { type: 'string', pattern: '^[a-zA-Z0-9][a-zA-Z0-9._-]*/[a-zA-Z0-9][a-zA-Z0-9._-]*$' }
    },
  },
]

/** Plugin args: `pluginConfig[].args` is decoded as `<name>Args` for the in-tree plugins. */
function schedulerArgs(schema: Record<string, any>) {
  const ctx = currentContext!
  const args = [...parseGo(ctx.mirrors, PKG.schedulerArgs).structs.keys()].filter(n => n.endsWith('Args'))
  schema.definitions.PluginConfig.allOf = args.map(name => ({
    if: { properties: { name: { const: name.replace(/Args$/, '') } }, required: ['name'] },
    then: { properties: { args: schemaOf(ctx, name, [PKG.schedulerArgs, PKG.scheduler]) } },
  }))
}

function main() {
  const mirrors = process.argv[2]
  if (!mirrors)
    throw new Error('usage: tsx scripts/checks/code-check/gen-schemas.ts <mirrors dir>')
  for (const job of JOBS) {
    const ctx: Context = { mirrors, defs: {}, sources: new Set(), files: job.files, enumsOff: new Set(job.openEnums), byTag: !!job.requiredByTag }
    currentContext = ctx
    const rootRef = schemaOf(ctx, job.root, job.files) as { $ref: string }
    const root = ctx.defs[job.root] as Record<string, any>
    delete ctx.defs[job.root]
    const schema: Record<string, any> = {
      $schema: 'http://json-schema.org/draft-07/schema#',
      $id: `https://course.invalid/schemas/${job.file}`,
      title: job.kind ?? job.root,
    }
    if (job.apiVersion) {
      schema['x-apiVersion'] = job.apiVersion
      schema['x-kind'] = job.kind
    }
    schema['x-source'] = [...new Set([...job.files, ...ctx.sources])].map(s => ({ repository: s.upstream.split(' ')[0], path: s.upstream.split(' ')[1], release: s.upstream.split('@ ')[1], mirror: s.repo, tag: s.tag, commit: commitOf(mirrors, s) }))
    Object.assign(schema, root)
    if (job.apiVersion) {
      schema.properties.apiVersion = { const: job.apiVersion }
      schema.properties.kind = { const: job.kind }
      schema.required = [...new Set(['apiVersion', 'kind', ...schema.required ?? []])]
    }
    schema.definitions = ctx.defs
    void rootRef
    job.extra?.(schema)
    for (const [name, patch] of Object.entries(job.patch ?? {})) {
      const def = name === '$root' ? schema : schema.definitions[name]
      if (!def)
        throw new Error(`${job.file}: no definition ${name} to patch`)
      const required = new Set<string>([...def.required ?? [], ...patch.required ?? []])
      for (const field of patch.optional ?? [])
        required.delete(field)
      for (const field of required) {
        if (!def.properties?.[field])
          throw new Error(`${job.file}: ${name} has no field ${field}`)
      }
      def.required = [...required]
      if (!def.required.length)
        delete def.required
      for (const [field, values] of Object.entries(patch.enum ?? {})) {
        if (!def.properties?.[field])
          throw new Error(`${job.file}: ${name} has no field ${field}`)
        if (values.length)
          def.properties[field] = { ...def.properties[field], enum: values }
      }
      if (patch.allOf)
        def.allOf = [...def.allOf ?? [], ...patch.allOf]
    }
    if (!Object.keys(schema.definitions).length)
      delete schema.definitions
    writeFileSync(join(ROOT, 'schemas', job.file), `${JSON.stringify(schema, null, 2)}\n`)
    console.log(`schemas/${job.file}: ${Object.keys(ctx.defs).length} definitions`)
  }
}

main()
