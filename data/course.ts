/**
 * The course in one place: lessons, layers and extension points.
 *
 * Every other part of the project reads this module — the layer diagram,
 * the build and export scripts, the render and PDF tests — so a lesson or an
 * extension point is added here once and appears everywhere.
 * Facts (interfaces, versions) are taken from ../shared/course/facts.md.
 */

export type LayerId = 'config' | 'client' | 'api' | 'control-plane' | 'infrastructure'
export type LessonNumber = 1 | 2 | 3

/**
 * The course's one taxonomy: how an extension is wired into Kubernetes, from
 * the point of view of whoever writes it. Lesson 1 teaches it, the map's
 * legend and every point use it.
 */
export type Interface = 'api-object' | 'config-file' | 'exec' | 'webhook' | 'grpc' | 'controller' | 'in-process'

/** The three families the seven interface kinds fall into. */
export type InterfaceFamily = 'declare' | 'called' | 'program'

export interface Layer {
  id: LayerId
  /** Chinese name as it appears on the slides. */
  zh: string
  en: string
  /** Okabe–Ito colour, identical in every diagram of the course. */
  color: string
  /** One line: what lives in this layer. */
  summary: string
  /** The config layer is horizontal: it cuts across the four vertical layers. */
  horizontal?: boolean
}

export interface ExtensionPoint {
  id: string
  /** The name the slides use (English technical term). */
  name: string
  zh: string
  layer: LayerId
  interface: Interface
  /** One line, in Chinese: what it does. */
  summary: string
  /** The lesson that presents it in depth. */
  lesson: LessonNumber
  /**
   * Not in the classic list of 21 points that blog posts and talks about
   * "Kubernetes extension points" repeat (the list the course started from):
   * the course adds it. It says nothing about age: the Audit Webhook (GA
   * v1.12) is added, the Device Plugin is not. The map marks it "补".
   */
  added?: boolean
  /** A mechanism that no longer exists (kept on the map for history). */
  removed?: boolean
}

/** The Kubernetes release every slide, YAML and command of the course is valid for. */
export const KUBERNETES_VERSION = 'v1.34'

/**
 * The local cluster every lab runs on: the newest kind release with a node
 * image for the baseline, pinned by digest as kind's release notes publish it
 * (kind v0.33.0 release notes: kindest/node:v1.34.11). Node images are only
 * supported with the kind release they were built for.
 */
export const KIND_VERSION = 'v0.33.0'
export const KIND_NODE_IMAGE = 'kindest/node:v1.34.11@sha256:44e222ee2132dab25ff87301682f89eb82c7880ea3a1bf543bfe9708fd08d67d'

/**
 * How fast the instructor speaks, for the spoken-time budget of each section
 * (slide guide: Chinese at about 230 characters a minute, Latin words at 130),
 * and what a click step adds (the pause while the diagram moves).
 */
export const speakingRates = {
  hanPerMinute: 230,
  latinWordsPerMinute: 130,
  secondsPerClick: 3,
} as const

/** A lesson's speech, clicks included, must fit this (the rest is demos and questions). */
export const speechBudgetMinutes = { min: 30, max: 40 } as const

export interface Lesson {
  number: LessonNumber
  /** Slug used for the entry file, the site path and the PDF name. */
  slug: `lesson-${LessonNumber}`
  title: string
  subtitle: string
  /** Minutes of speaking. */
  duration: number
  /** Layers the lesson covers in depth (the map is lit on these). */
  layers: LayerId[]
  goals: string[]
}

export const layers: Layer[] = [
  {
    id: 'config',
    zh: '横向层',
    en: 'Config File',
    color: '#999999',
    summary: '组件的版本化配置文件，贯穿其余四层',
    horizontal: true,
  },
  {
    id: 'client',
    zh: '客户端层',
    en: 'Client',
    color: '#0072B2',
    summary: '请求发出之前，在用户的机器上',
  },
  {
    id: 'api',
    zh: 'API 层',
    en: 'API',
    color: '#E69F00',
    summary: 'kube-apiserver 处理请求与新增 API',
  },
  {
    id: 'control-plane',
    zh: '控制面层',
    en: 'Control Plane',
    color: '#009E73',
    summary: '写入 etcd 之时与之后：加密、控制器与调度',
  },
  {
    id: 'infrastructure',
    zh: '基础设施层',
    en: 'Infrastructure',
    color: '#CC79A7',
    summary: '节点上：运行时、网络、存储与设备',
  },
]

export const extensionPoints: ExtensionPoint[] = [
  // 横向层
  { id: 'config-file', name: 'Config File', zh: '组件配置文件', layer: 'config', interface: 'config-file', lesson: 2, summary: 'KubeletConfiguration、KubeSchedulerConfiguration 等带 apiVersion/kind 的配置文件' },

  // 客户端层
  { id: 'kubectl-plugin', name: 'kubectl plugin', zh: 'kubectl 插件', layer: 'client', interface: 'exec', lesson: 2, summary: 'PATH 中名为 kubectl-* 的可执行文件成为 kubectl 子命令' },
  { id: 'credential-plugin', name: 'client-go credential plugin', zh: '凭据插件', layer: 'client', interface: 'exec', lesson: 2, summary: 'client-go 执行外部命令，取回 ExecCredential（token 或证书）' },

  // API 层
  { id: 'authenticating-proxy', name: 'Authenticating Proxy', zh: '认证代理', layer: 'api', interface: 'webhook', lesson: 2, added: true, summary: '前置代理认证用户，以 X-Remote-User 等请求头转交身份（--requestheader-*）' },
  { id: 'authn-webhook', name: 'Authentication Webhook', zh: '认证 webhook', layer: 'api', interface: 'webhook', lesson: 2, summary: '把 Bearer token 以 TokenReview 交给远端服务验证' },
  { id: 'structured-authn', name: 'Structured Authentication Configuration', zh: '结构化认证配置', layer: 'api', interface: 'config-file', lesson: 2, added: true, summary: 'AuthenticationConfiguration 声明多个 JWT 认证器与 CEL 规则' },
  { id: 'audit-webhook', name: 'Audit Webhook', zh: '审计 webhook', layer: 'api', interface: 'webhook', lesson: 2, added: true, summary: '按审计策略把请求事件批量 POST 给外部后端' },
  { id: 'apf', name: 'API Priority and Fairness', zh: 'API 优先级与公平性', layer: 'api', interface: 'api-object', lesson: 2, added: true, summary: 'FlowSchema 分类、PriorityLevelConfiguration 排队限流' },
  { id: 'authz-webhook', name: 'Authorization Webhook', zh: '鉴权 webhook', layer: 'api', interface: 'webhook', lesson: 2, summary: '以 SubjectAccessReview 把鉴权决定交给远端服务' },
  { id: 'structured-authz', name: 'Structured Authorization Configuration', zh: '结构化鉴权配置', layer: 'api', interface: 'config-file', lesson: 2, added: true, summary: 'AuthorizationConfiguration 声明鉴权器链、多个 webhook 与 CEL 预过滤' },
  { id: 'admission-webhook', name: 'Admission Webhook', zh: '动态准入 webhook', layer: 'api', interface: 'webhook', lesson: 2, summary: 'Mutating / Validating webhook 以 AdmissionReview 修改或拒绝写请求' },
  { id: 'admission-policy', name: 'Admission Policy (CEL)', zh: 'CEL 准入策略', layer: 'api', interface: 'api-object', lesson: 2, added: true, summary: '以 API 对象声明的 ValidatingAdmissionPolicy / MutatingAdmissionPolicy，在 apiserver 进程内用 CEL 求值' },
  { id: 'image-policy-webhook', name: 'ImagePolicyWebhook', zh: '镜像策略 webhook', layer: 'api', interface: 'webhook', lesson: 2, added: true, summary: '内置准入插件（默认关），以 ImageReview 问远端能否用这个镜像' },
  { id: 'crd', name: 'CRD', zh: '自定义资源定义', layer: 'api', interface: 'api-object', lesson: 2, summary: '声明新的 API 类型，由 kube-apiserver 负责服务与存储' },
  { id: 'conversion-webhook', name: 'CRD Conversion Webhook', zh: 'CRD 版本转换 webhook', layer: 'api', interface: 'webhook', lesson: 2, added: true, summary: 'CRD 多版本时，以 ConversionReview 请远端转换对象' },
  { id: 'aggregated-apiserver', name: 'Aggregated APIServer', zh: '聚合 API 服务器', layer: 'api', interface: 'webhook', lesson: 2, summary: 'APIService 认领 URL 路径，kube-apiserver 把请求代理给扩展 API server' },
  { id: 'metrics-api', name: 'Custom / External Metrics API', zh: '指标 API', layer: 'api', interface: 'webhook', lesson: 2, summary: '经聚合层给 HPA 的 metrics / custom / external 指标' },
  { id: 'initializers', name: 'Initializers', zh: '初始化器', layer: 'api', interface: 'api-object', lesson: 2, removed: true, summary: '历史 alpha 功能，v1.14 移除，由准入 webhook 取代' },
  { id: 'gateway-api', name: 'Gateway API', zh: '网关 API', layer: 'api', interface: 'controller', lesson: 3, added: true, summary: 'CRD + 控制器的网络范例：GatewayClass / Gateway / HTTPRoute，由各实现的控制器落地' },
  { id: 'annotations', name: 'Annotations', zh: '注解', layer: 'api', interface: 'api-object', lesson: 2, summary: '非标识元数据，常用来给实现方下指令' },

  // 控制面层
  { id: 'custom-controller', name: 'Custom Controller / Operator', zh: '自定义控制器', layer: 'control-plane', interface: 'controller', lesson: 3, summary: '作为 API 客户端 watch 对象，读 .spec、写 .status 的控制循环' },
  { id: 'finalizers', name: 'Finalizers', zh: '删除处理（finalizer）', layer: 'control-plane', interface: 'api-object', lesson: 3, added: true, summary: 'metadata.finalizers 的键挡住删除，控制器清理完再去掉' },
  { id: 'scheduler', name: 'Scheduler Extension', zh: '调度器扩展', layer: 'control-plane', interface: 'in-process', lesson: 3, summary: 'framework 插件编译进调度器；另有 profile、多调度器与 HTTP extender' },
  { id: 'cloud-provider', name: 'Cloud Provider Interface', zh: '云提供商接口', layer: 'control-plane', interface: 'in-process', lesson: 3, summary: '厂商实现 cloudprovider.Interface，编译进 cloud-controller-manager' },
  { id: 'kms', name: 'KMS Provider', zh: 'KMS 加密插件', layer: 'control-plane', interface: 'grpc', lesson: 3, summary: 'kube-apiserver 写入 etcd 时按 EncryptionConfiguration 做信封加密，经 gRPC 请 KMS 插件加解密密钥' },

  // 基础设施层
  { id: 'image-credential-provider', name: 'Image Credential Provider', zh: '镜像凭据插件', layer: 'infrastructure', interface: 'exec', lesson: 3, added: true, summary: 'kubelet 拉镜像前 exec 插件取回仓库凭据' },
  { id: 'cri', name: 'CRI', zh: '容器运行时接口', layer: 'infrastructure', interface: 'grpc', lesson: 3, summary: 'kubelet 作为 gRPC 客户端驱动 containerd、CRI-O' },
  { id: 'runtime-class', name: 'RuntimeClass', zh: '运行时类', layer: 'infrastructure', interface: 'api-object', lesson: 3, added: true, summary: 'Pod 通过 runtimeClassName 选择运行时 handler' },
  { id: 'nri', name: 'NRI', zh: '节点资源接口', layer: 'infrastructure', interface: 'grpc', lesson: 3, added: true, summary: '容器运行时内部的插件框架（ttrpc over Unix socket），可有限修改容器配置' },
  { id: 'cni', name: 'CNI', zh: '容器网络接口', layer: 'infrastructure', interface: 'exec', lesson: 3, summary: '容器运行时执行 CNI 插件，stdin 传入 JSON 配置' },
  { id: 'csi', name: 'CSI', zh: '容器存储接口', layer: 'infrastructure', interface: 'grpc', lesson: 3, summary: 'Identity / Controller / Node 三组 gRPC 服务' },
  { id: 'extended-resources', name: 'Extended Resources', zh: '扩展资源', layer: 'infrastructure', interface: 'api-object', lesson: 3, summary: '节点上报的非内置可计数资源，如 example.com/dongle' },
  { id: 'device-plugin', name: 'Device Plugin', zh: '设备插件', layer: 'infrastructure', interface: 'grpc', lesson: 3, summary: '经 Unix socket 向 kubelet 注册并上报 GPU 等设备' },
  { id: 'dra', name: 'DRA', zh: '动态资源分配', layer: 'infrastructure', interface: 'grpc', lesson: 3, added: true, summary: 'ResourceClaim / DeviceClass 按属性请求设备；驱动以 kubelet gRPC 插件准备设备' },
  { id: 'cdi', name: 'CDI', zh: '容器设备接口', layer: 'infrastructure', interface: 'config-file', lesson: 3, added: true, summary: 'JSON 规格描述运行时如何把设备注入容器' },
  { id: 'virtual-kubelet', name: 'Virtual Kubelet', zh: '虚拟 Kubelet', layer: 'infrastructure', interface: 'controller', lesson: 3, summary: '独立项目：伪装成 kubelet，把 Pod 交给 Serverless 后端' },
]

export type JourneyId = 'request' | 'pod'

/**
 * Where a failure at a stage shows: the client's own error, the answer
 * kubectl gets (HTTP status and reason), an Event, a condition of an object
 * (APIService, ReplicaSet, Pod, Node), the Pod's status.reason, a
 * container's waiting reason, or only a metric.
 */
export type FailureWhere = 'client' | 'response' | 'event' | 'condition' | 'pod-status' | 'container-status' | 'metric'

export const failureWhereLabels: Record<FailureWhere, string> = {
  'client': 'kubectl 本地报错',
  'response': 'HTTP 状态与 reason',
  'event': '事件',
  'condition': '对象的 condition',
  'pod-status': 'Pod 的 status.reason',
  'container-status': '容器的等待原因',
  'metric': '指标',
}

export interface FailureSignal {
  /** As kubectl or the API shows it, short: '403 Forbidden', 'FailedScheduling'. */
  text: string
  where: FailureWhere
}

/** What a stage looks like when it fails: what people debug with. */
export interface StageFailure {
  /** The signals, most common first. */
  signals: FailureSignal[]
  /** One or two sentences in Chinese: what failing here looks like and where to look. */
  zh: string
  /** Where the signals are defined (source path@ref or documentation), for the instructor. */
  source: string
}

/**
 * A stage whose own work is a write request: it goes through the request
 * journey again, as another user, and meets admission that the first write
 * never met.
 */
export interface JourneyJoin {
  /** The journey the write goes through. */
  journey: JourneyId
  /** Who writes, and what. */
  actor: string
  writes: string
  /** The user it authenticates as (on a kubeadm or kind cluster). */
  identity: string
  /** Stages (ids) of `journey` where something acts on this write that the first write did not meet. */
  actsAt: string[]
  /** One line, in Chinese: what acts there. */
  zh: string
}

export interface JourneyStage {
  id: string
  zh: string
  en: string
  /** The layer whose colour the stage takes. */
  layer: LayerId
  /** Extension points that act at this stage (ids). */
  points: string[]
  failure: StageFailure
  join?: JourneyJoin
}

export interface Journey {
  id: JourneyId
  title: string
  stages: JourneyStage[]
}

const APISERVER = 'k8s.io/apiserver@v0.37.0-beta.0'
const KUBELET_SRC = 'kubernetes/kubernetes pkg/kubelet'

/**
 * The two paths the course follows: a write request through kube-apiserver
 * (lesson 2) and a Pod after it is stored (lesson 3). Both are in the order
 * things really happen (facts.md §1): the request's stages follow
 * kube-apiserver's handler chain and admission order; the Pod's node-side
 * stages follow the kubelet's SyncPod (admit → volumes → DRA prepare →
 * sandbox → per container: image pull → create and start). Virtual Kubelet
 * stands at the node agent because it replaces everything after it.
 *
 * They join: the request journey ends in etcd, where the Pod journey's
 * controllers see the object; and the ReplicaSet controller's create of a
 * Pod is itself a write request through stations 2–11 (`join`), which is
 * where Pod admission acts (kubernetes.io Pod Security Admission, "Workload
 * resources and Pod templates").
 */
export const journeys: Journey[] = [
  {
    id: 'request',
    title: '一次写请求的旅程',
    stages: [
      {
        id: 'client',
        zh: '客户端',
        en: 'kubectl / client-go',
        layer: 'client',
        points: ['kubectl-plugin', 'credential-plugin'],
        failure: {
          signals: [{ text: 'getting credentials: …', where: 'client' }, { text: 'unknown command', where: 'client' }],
          zh: '请求还没发出，kubectl 自己报错：exec 凭据插件找不到或出错是 getting credentials；PATH 里没有 kubectl-<名字> 是 unknown command。',
          source: 'k8s.io/client-go plugin/pkg/client/auth/exec/exec.go (roundTripper); kubernetes.io/docs/tasks/extend-kubectl/kubectl-plugins/',
        },
      },
      {
        id: 'authentication',
        zh: '认证',
        en: 'Authentication',
        layer: 'api',
        points: ['authn-webhook', 'structured-authn', 'authenticating-proxy'],
        failure: {
          signals: [{ text: '401 Unauthorized', where: 'response' }],
          zh: '带来的凭据没有认证器认得：kubectl 显示 You must be logged in to the server (Unauthorized)。什么凭据都没带的请求不会 401：匿名访问默认开着，它以 system:anonymous 进入鉴权。',
          source: `${APISERVER} pkg/endpoints/filters/authentication.go (Unauthorized)`,
        },
      },
      {
        id: 'audit',
        zh: '审计',
        en: 'Audit',
        layer: 'api',
        points: ['audit-webhook'],
        failure: {
          signals: [{ text: 'apiserver_audit_error_total', where: 'metric' }],
          zh: '审计后端出错一般不挡请求：batch 模式丢掉事件，这个计数增加；只有 blocking-strict 模式在 RequestReceived 阶段记录失败时，整个请求失败。',
          source: `${APISERVER} pkg/audit/metrics.go (error_total), pkg/server/options/audit.go (ModeBlockingStrict)`,
        },
      },
      {
        id: 'impersonation',
        zh: '模拟',
        en: 'Impersonation',
        layer: 'api',
        points: [],
        failure: {
          signals: [{ text: '403 Forbidden', where: 'response' }],
          zh: '请求带了 Impersonate-User 等请求头，而调用者没有模拟的权限：消息里是 cannot impersonate。',
          source: `${APISERVER} pkg/endpoints/filters/impersonation/`,
        },
      },
      {
        id: 'priority-fairness',
        zh: '优先级与公平性',
        en: 'APF',
        layer: 'api',
        points: ['apf'],
        failure: {
          signals: [{ text: '429 TooManyRequests', where: 'response' }, { text: 'apiserver_flowcontrol_rejected_requests_total', where: 'metric' }],
          zh: '请求在它的优先级里排不上队或等待超时：429 带 Retry-After 头，client-go 按它重试；拒绝计数按 FlowSchema 和优先级记下。',
          source: `${APISERVER} pkg/server/filters/priority-and-fairness.go, pkg/util/flowcontrol/metrics/metrics.go`,
        },
      },
      {
        id: 'authorization',
        zh: '鉴权',
        en: 'Authorization',
        layer: 'api',
        points: ['authz-webhook', 'structured-authz'],
        failure: {
          signals: [{ text: '403 Forbidden', where: 'response' }],
          zh: '没有一个鉴权器允许：User "…" cannot create resource "…" in API group "…"。kubectl auth can-i 可以事先问。',
          source: `${APISERVER} pkg/endpoints/handlers/responsewriters/errors.go (forbiddenMessage)`,
        },
      },
      {
        id: 'aggregation',
        zh: '聚合层',
        en: 'Aggregation',
        layer: 'api',
        points: ['aggregated-apiserver', 'metrics-api'],
        failure: {
          signals: [{ text: '503 ServiceUnavailable', where: 'response' }, { text: 'APIService Available=False', where: 'condition' }],
          zh: '扩展 API server 不可用：请求得到 503，kubectl 还会提示 unable to retrieve the complete list of server APIs；kubectl get apiservice 的 AVAILABLE 一列给出原因。',
          source: 'k8s.io/kube-aggregator pkg/apiserver/handler_proxy.go, pkg/controllers/status (Available condition)',
        },
      },
      {
        id: 'mutating-admission',
        zh: '变更准入',
        en: 'Mutating Admission',
        layer: 'api',
        points: ['admission-policy', 'admission-webhook'],
        failure: {
          signals: [{ text: 'denied the request', where: 'response' }, { text: '500 failed calling webhook', where: 'response' }],
          zh: 'webhook 拒绝：admission webhook "…" denied the request，状态码由 webhook 给（至少 400）。webhook 调不通且 failurePolicy 为 Fail：500 InternalError，failed calling webhook "…"。',
          source: `${APISERVER} pkg/admission/plugin/webhook/errors/statuserror.go, pkg/admission/plugin/webhook/mutating/dispatcher.go (failing closed)`,
        },
      },
      {
        // The id predates the label (lesson 2 signposts it): the station is
        // 对象校验, built-in types by Go code, CRDs by OpenAPI schema + CEL.
        id: 'schema-validation',
        zh: '对象校验',
        en: 'Validation',
        layer: 'api',
        points: ['crd'],
        failure: {
          signals: [{ text: '422 Invalid', where: 'response' }],
          zh: '对象本身不合法：The Deployment "…" is invalid，后面列出字段路径。内置类型由 Go 代码校验，CRD 由 OpenAPI schema 和 CEL 规则校验，不过也是 422。',
          source: 'k8s.io/apimachinery pkg/api/errors (NewInvalid); kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#validation',
        },
      },
      {
        id: 'validating-admission',
        zh: '校验准入',
        en: 'Validating Admission',
        layer: 'api',
        points: ['admission-policy', 'admission-webhook', 'image-policy-webhook'],
        failure: {
          signals: [{ text: '403 Forbidden', where: 'response' }, { text: '422 Invalid', where: 'response' }],
          zh: '内置插件多是 403：PodSecurity 的 violates PodSecurity，ResourceQuota 的 exceeded quota。ValidatingAdmissionPolicy 拒绝默认是 422 Invalid（validation 的 reason 可改），消息以 ValidatingAdmissionPolicy \'…\' 开头。',
          source: `${APISERVER} pkg/admission/plugin/policy/validating/dispatcher.go, policy_decision.go (reasonToCode)`,
        },
      },
      {
        id: 'etcd',
        zh: '写入 etcd',
        en: 'Storage',
        layer: 'control-plane',
        points: ['kms', 'conversion-webhook'],
        failure: {
          signals: [{ text: '409 Conflict', where: 'response' }, { text: '500 InternalError', where: 'response' }],
          zh: 'resourceVersion 过时：409 Conflict（the object has been modified），控制器重读再写。KMS 插件不可用：/readyz 的 kms-provider 检查失败，本地缓存的密钥不够用时，加密资源的读写报 500。',
          source: `k8s.io/apimachinery pkg/api/errors (NewConflict); ${APISERVER} pkg/server/options/encryptionconfig/config.go (kms-provider health checks), pkg/storage/value/encrypt/envelope/kmsv2/envelope.go`,
        },
      },
    ],
  },
  {
    id: 'pod',
    title: '一个 Pod 的旅程',
    stages: [
      {
        id: 'controllers',
        zh: '控制器',
        en: 'Controllers',
        layer: 'control-plane',
        points: ['custom-controller', 'finalizers'],
        failure: {
          signals: [{ text: 'FailedCreate', where: 'event' }, { text: 'ReplicaFailure', where: 'condition' }],
          zh: 'Deployment 已被接受，Pod 却一个没有：kubectl describe rs 里的 FailedCreate 事件带着创建 Pod 那次写请求被拒的原因（PodSecurity、exceeded quota、webhook 拒绝……）。',
          source: 'kubernetes/kubernetes pkg/controller/controller_utils.go (FailedCreatePodReason), pkg/controller/replicaset/replica_set_utils.go (ReplicaFailure)',
        },
        join: {
          journey: 'request',
          actor: 'ReplicaSet 控制器',
          writes: 'POST 一个 Pod',
          identity: 'system:serviceaccount:kube-system:replicaset-controller',
          actsAt: ['mutating-admission', 'validating-admission'],
          zh: 'sidecar 注入 webhook、LimitRanger、PodSecurity 的 enforce 都在这次写请求里作用于 Pod，而不是在 kubectl apply Deployment 的时候。',
        },
      },
      {
        id: 'scheduler',
        zh: '调度器',
        en: 'Scheduler',
        layer: 'control-plane',
        points: ['scheduler', 'dra'],
        failure: {
          signals: [{ text: 'FailedScheduling', where: 'event' }, { text: 'PodScheduled=False', where: 'condition' }],
          zh: 'Pod 停在 Pending：FailedScheduling 事件写明 0/N nodes are available，和各类节点被筛掉的原因。',
          source: 'kubernetes/kubernetes pkg/scheduler/schedule_one.go (FailedScheduling); kubernetes.io/docs/concepts/scheduling-eviction/',
        },
      },
      {
        id: 'kubelet',
        zh: '节点代理',
        en: 'kubelet',
        layer: 'infrastructure',
        points: ['virtual-kubelet'],
        failure: {
          signals: [{ text: 'NodeNotReady', where: 'event' }, { text: 'Ready=Unknown', where: 'condition' }],
          zh: 'Pod 已绑定节点却没有下文：看 Node 的 Ready 状况；节点失联时控制面给它打上 not-ready 或 unreachable 污点。Virtual Kubelet 出错看它 provider 的日志。',
          source: `${KUBELET_SRC}/events/event.go (NodeNotReady); kubernetes.io/docs/concepts/architecture/nodes/#condition`,
        },
      },
      {
        id: 'admission',
        zh: 'Pod 准入',
        en: 'Admit',
        layer: 'infrastructure',
        points: ['device-plugin', 'extended-resources'],
        failure: {
          signals: [{ text: 'OutOf<资源名>', where: 'pod-status' }, { text: 'UnexpectedAdmissionError', where: 'pod-status' }],
          zh: 'kubelet 拒绝接纳：Pod 直接变成 Failed，status.reason 是 OutOfcpu、OutOfnvidia.com/gpu 这类；device plugin 的 Allocate 出错是 UnexpectedAdmissionError。这样的 Pod 不会重试，由控制器另建。',
          source: `${KUBELET_SRC}/lifecycle/predicate.go (OutOf…, UnexpectedAdmissionError)`,
        },
      },
      {
        id: 'volumes',
        zh: '卷挂载',
        en: 'Volumes',
        layer: 'infrastructure',
        points: ['csi'],
        failure: {
          signals: [{ text: 'FailedAttachVolume', where: 'event' }, { text: 'FailedMount', where: 'event' }],
          zh: 'Pod 停在 ContainerCreating：FailedAttachVolume 来自挂接（VolumeAttachment、CSI Controller 部分），FailedMount 来自节点上的挂载（CSI Node 部分）。',
          source: `${KUBELET_SRC}/events/event.go (FailedAttachVolume, FailedMount)`,
        },
      },
      {
        id: 'dra-prepare',
        zh: '设备准备',
        en: 'DRA prepare',
        layer: 'infrastructure',
        points: ['dra'],
        failure: {
          signals: [{ text: 'FailedPrepareDynamicResources', where: 'event' }],
          zh: 'DRA 驱动没有准备好设备：事件消息里是驱动 NodePrepareResources 的 gRPC 错误，或驱动没有在这个节点上注册。',
          source: `${KUBELET_SRC}/events/event.go (FailedPrepareDynamicResources)`,
        },
      },
      {
        id: 'sandbox',
        zh: 'Pod 沙箱',
        en: 'Sandbox',
        layer: 'infrastructure',
        points: ['cri', 'runtime-class', 'cni'],
        failure: {
          signals: [{ text: 'FailedCreatePodSandBox', where: 'event' }],
          zh: '沙箱建不起来：消息里常见 CNI 插件的错误（failed to setup network for sandbox），或 RuntimeClass 的 handler 没有在运行时里配置。',
          source: `${KUBELET_SRC}/events/event.go (FailedCreatePodSandBox); ${KUBELET_SRC}/kuberuntime/kuberuntime_manager.go`,
        },
      },
      {
        id: 'image',
        zh: '拉取镜像',
        en: 'CRI PullImage',
        layer: 'infrastructure',
        points: ['cri', 'image-credential-provider'],
        failure: {
          signals: [{ text: 'ErrImagePull', where: 'container-status' }, { text: 'ImagePullBackOff', where: 'container-status' }],
          zh: '拉取失败先是 ErrImagePull，随后退避重试时是 ImagePullBackOff；Failed 事件里是仓库给的原因，如 not found、unauthorized（有的仓库对没权限也答 not found）。',
          source: `${KUBELET_SRC}/images/types.go (ErrImagePull, ImagePullBackOff); CRI ImageService.PullImage (k8s.io/cri-api pkg/apis/runtime/v1/api.proto)`,
        },
      },
      {
        id: 'containers',
        zh: '创建并启动容器',
        en: 'Containers',
        layer: 'infrastructure',
        points: ['cri', 'cdi', 'nri'],
        failure: {
          signals: [{ text: 'CreateContainerConfigError', where: 'container-status' }, { text: 'CreateContainerError', where: 'container-status' }, { text: 'RunContainerError', where: 'container-status' }, { text: 'CrashLoopBackOff', where: 'container-status' }],
          zh: '缺 ConfigMap 或 Secret：CreateContainerConfigError；运行时创建或启动失败：CreateContainerError、RunContainerError；启动后反复退出：CrashLoopBackOff。',
          source: `${KUBELET_SRC}/container/sync_result.go (RunContainerError, CrashLoopBackOff); ${KUBELET_SRC}/kuberuntime/kuberuntime_container.go (CreateContainerConfigError, CreateContainerError)`,
        },
      },
    ],
  },
]

/** The stage of a journey that re-enters another journey, if any. */
export function joinOf(id: JourneyId): { stage: JourneyStage, join: JourneyJoin } | undefined {
  const stage = journeyById(id).stages.find(s => s.join)
  return stage?.join ? { stage, join: stage.join } : undefined
}

export function journeyById(id: JourneyId): Journey {
  const journey = journeys.find(j => j.id === id)
  if (!journey)
    throw new Error(`Unknown journey "${id}"`)
  return journey
}

/** The two phases of admission: a plugin that implements Admit runs in the first, Validate in the second. */
export type AdmissionPhase = 'mutating' | 'validating'

export interface AdmissionPlugin {
  /** The name --enable-admission-plugins uses. */
  name: string
  /**
   * The phases it runs in, read from the plugin's source: `Admit`
   * (admission.MutationInterface) puts it in the mutating phase, `Validate`
   * (admission.ValidationInterface) in the validating one; some do both.
   */
  phases: AdmissionPhase[]
  /** One line, in Chinese: what it does. */
  zh: string
  /** The extension point (id in extensionPoints) this plugin is, for the four that are one. */
  point?: string
  /** Who turns it on: kube-apiserver's defaults, or kubeadm (and so kind) on top of them. */
  enabledBy: 'default' | 'kubeadm'
  /** Present on v1.34 but inert until a feature gate is turned on. */
  gate?: string
}

/**
 * The admission chain of kube-apiserver v1.34, in execution order: the
 * plugins enabled by default, in the order of `AllOrderedPlugins`
 * (kubernetes/kubernetes pkg/kubeapiserver/options/plugins.go; the v1.34
 * default set as kube-apiserver --help lists it, before v1.35 added
 * NodeDeclaredFeatureValidator), plus NodeRestriction, which kubeadm and so
 * kind add with --enable-admission-plugins. The apiserver runs every
 * mutating plugin first, in this order, then validates the object, then
 * every validating plugin in this order (staging/src/k8s.io/apiserver/pkg/
 * server/options/admission.go). Phases checked against each plugin's
 * source under plugin/pkg/admission/ and staging/src/k8s.io/apiserver/pkg/
 * admission/plugin/.
 */
export const admissionChain: AdmissionPlugin[] = [
  { name: 'NamespaceLifecycle', phases: ['mutating'], enabledBy: 'default', zh: '拒绝在不存在或正在删除的命名空间里创建对象，保护 default、kube-system、kube-public' },
  { name: 'LimitRanger', phases: ['mutating', 'validating'], enabledBy: 'default', zh: '按 LimitRange 补默认 requests/limits，再检查上下限' },
  { name: 'ServiceAccount', phases: ['mutating', 'validating'], enabledBy: 'default', zh: '给 Pod 补默认 ServiceAccount 与 token 卷，并检查引用' },
  { name: 'NodeRestriction', phases: ['mutating'], enabledBy: 'kubeadm', zh: 'kubelet 只能改自己的 Node 和绑定到自己的 Pod' },
  { name: 'TaintNodesByCondition', phases: ['mutating'], enabledBy: 'default', zh: '新建的 Node 带上 not-ready 污点' },
  { name: 'PodSecurity', phases: ['validating'], enabledBy: 'default', zh: 'Pod Security Admission：按命名空间标签执行 Pod 安全标准' },
  { name: 'Priority', phases: ['mutating', 'validating'], enabledBy: 'default', zh: '按 priorityClassName 填 Pod 的 priority，校验 PriorityClass' },
  { name: 'DefaultTolerationSeconds', phases: ['mutating'], enabledBy: 'default', zh: '给 Pod 补 not-ready / unreachable 的默认容忍时间' },
  { name: 'DefaultStorageClass', phases: ['mutating'], enabledBy: 'default', zh: '没写 StorageClass 的 PVC 补上默认类' },
  { name: 'StorageObjectInUseProtection', phases: ['mutating'], enabledBy: 'default', zh: '给 PV、PVC 加保护用的 finalizer' },
  { name: 'PersistentVolumeClaimResize', phases: ['validating'], enabledBy: 'default', zh: '只允许扩容 StorageClass 允许扩容的 PVC' },
  { name: 'RuntimeClass', phases: ['mutating', 'validating'], enabledBy: 'default', zh: '按 RuntimeClass 填 Pod 的 overhead 与调度约束，并校验' },
  { name: 'CertificateApproval', phases: ['validating'], enabledBy: 'default', zh: '批准 CSR 的人须有该 signerName 的 approve 权限' },
  { name: 'CertificateSigning', phases: ['validating'], enabledBy: 'default', zh: '签发 CSR 的人须有该 signerName 的 sign 权限' },
  { name: 'ClusterTrustBundleAttest', phases: ['validating'], enabledBy: 'default', gate: 'ClusterTrustBundle（v1.34 为 beta，默认关）', zh: '写带 signerName 的 ClusterTrustBundle 须有 attest 权限' },
  { name: 'CertificateSubjectRestriction', phases: ['validating'], enabledBy: 'default', zh: '拒绝为 system:masters 组申请客户端证书' },
  { name: 'DefaultIngressClass', phases: ['mutating'], enabledBy: 'default', zh: '没写 IngressClass 的 Ingress 补上默认类' },
  { name: 'PodTopologyLabels', phases: ['mutating'], enabledBy: 'default', gate: 'PodTopologyLabelsAdmission（v1.34 为 alpha）', zh: '把节点的 zone/region 标签复制到绑定的 Pod' },
  { name: 'MutatingAdmissionPolicy', phases: ['mutating'], enabledBy: 'default', gate: 'MutatingAdmissionPolicy（v1.34 为 beta，默认关）', point: 'admission-policy', zh: '执行 MutatingAdmissionPolicy（CEL）' },
  { name: 'MutatingAdmissionWebhook', phases: ['mutating'], enabledBy: 'default', point: 'admission-webhook', zh: '调用匹配的 mutating webhook' },
  { name: 'ValidatingAdmissionPolicy', phases: ['validating'], enabledBy: 'default', point: 'admission-policy', zh: '执行 ValidatingAdmissionPolicy（CEL）' },
  { name: 'ValidatingAdmissionWebhook', phases: ['validating'], enabledBy: 'default', point: 'admission-webhook', zh: '调用匹配的 validating webhook' },
  { name: 'ResourceQuota', phases: ['validating'], enabledBy: 'default', zh: '按 ResourceQuota 检查并计入配额，排在最后' },
]

/** The plugins of one phase, in the order they run. */
export function admissionPhase(phase: AdmissionPhase): AdmissionPlugin[] {
  return admissionChain.filter(p => p.phases.includes(phase))
}

export const interfaceLabels: Record<Interface, string> = {
  'api-object': 'API 对象（声明）',
  'config-file': '本地配置文件（声明）',
  'exec': '可执行文件（exec）',
  'webhook': 'HTTPS 服务（回调或代理）',
  'grpc': 'gRPC / ttrpc（Unix socket）',
  'controller': '控制器（API 客户端）',
  'in-process': '编译进组件（Go 插件）',
}

/** Which family each kind belongs to, in the order lesson 1 teaches them. */
export const interfaceFamilies: { id: InterfaceFamily, zh: string, kinds: Interface[] }[] = [
  { id: 'declare', zh: '写声明：不写程序，交给组件执行', kinds: ['api-object', 'config-file'] },
  { id: 'called', zh: '写一个被组件调用的程序', kinds: ['exec', 'webhook', 'grpc'] },
  { id: 'program', zh: '写一个自己工作或编进组件的程序', kinds: ['controller', 'in-process'] },
]

export const lessons: Lesson[] = [
  {
    number: 1,
    slug: 'lesson-1',
    title: '为什么要扩展：扩展点全景图',
    subtitle: 'in-tree 的三个问题、七种接入方式与五层扩展点地图',
    duration: 45,
    layers: ['config', 'client', 'api', 'control-plane', 'infrastructure'],
    goals: [
      '说清 Kubernetes 为什么把功能做成扩展点',
      '区分配置与扩展，按七种接入方式给扩展点分类',
      '在五层地图上找到每一个扩展点，说出谁来实现它',
      '说出一次写请求、一个 Pod 依次经过的扩展点，两条旅程怎样相接，每站出错看什么',
      '按需求选扩展点，知道托管集群里还能用哪些',
    ],
  },
  {
    number: 2,
    slug: 'lesson-2',
    title: '请求进入集群：横向层、客户端层与 API 层',
    subtitle: '从 kubectl 到 etcd，一次写请求经过的每个扩展点',
    duration: 45,
    layers: ['config', 'client', 'api'],
    goals: [
      '写出一次写请求经过的各站，以及准入链里内置插件、策略与 webhook 的次序',
      '配置 kubectl 插件、exec 凭据插件，说清凭据由哪个认证器来验',
      '在动态准入 webhook 与 CEL 准入策略之间做选择',
      '在 CRD 与聚合 API 之间做选择',
      '说出托管集群里还能用哪些扩展点，出了问题看哪些信号',
    ],
  },
  {
    number: 3,
    slug: 'lesson-3',
    title: '对象写入之后：控制面层与基础设施层',
    subtitle: '控制器、调度器，以及 Pod 在节点上按真实顺序经过的设备、卷、沙箱、镜像与容器',
    duration: 45,
    layers: ['control-plane', 'infrastructure'],
    goals: [
      '画出控制器的调和循环，说清 finalizer、ownerReferences 与更新冲突',
      '用 profile 配置调度器，按顺序说出调度框架的扩展点',
      '按 kubelet 的真实顺序，说出节点上每个扩展点由谁调用、走什么协议',
      '在 Device Plugin 与 DRA 之间做出选择',
    ],
  },
]

/**
 * Spellings the script lint refuses, with the one to use (glossary of
 * facts.md §5 and the seed's typos).
 */
export const misspellings: { wrong: string, right: string }[] = [
  { wrong: 'Kuberentes', right: 'Kubernetes' },
  { wrong: 'Kuberntes', right: 'Kubernetes' },
  { wrong: 'kube-controller-mananger', right: 'kube-controller-manager' },
  { wrong: 'Admission webhook', right: 'Admission Webhook' },
  { wrong: 'Authentication webhook', right: 'Authentication Webhook' },
  { wrong: 'Authorization webhook', right: 'Authorization Webhook' },
  { wrong: 'Audit webhook', right: 'Audit Webhook' },
  { wrong: 'Device plugin', right: 'Device Plugin' },
  { wrong: 'Custom Resource Definition', right: 'CustomResourceDefinition' },
  { wrong: 'Virtual kubelet', right: 'Virtual Kubelet' },
  { wrong: 'kubectl-plugin', right: 'kubectl plugin' },
  { wrong: '村粗', right: '存储' },
  { wrong: '授权 webhook', right: '鉴权 webhook' },
]

/**
 * Words that refer to the draft the course was written from, which the class
 * never saw: no slide, note, handout or landing text may use them (the lint's
 * `draft-reference` rule). Corrections of the draft go to the errata, outside slides/.
 */
export const draftReferences: string[] = ['原稿', '种子文稿', '种子稿', '原始讲稿', '原始脚本']

export function lessonByNumber(n: LessonNumber): Lesson {
  const lesson = lessons.find(l => l.number === n)
  if (!lesson)
    throw new Error(`Unknown lesson ${n}`)
  return lesson
}

export function layerById(id: LayerId): Layer {
  const layer = layers.find(l => l.id === id)
  if (!layer)
    throw new Error(`Unknown layer "${id}"`)
  return layer
}

export function pointsOfLayer(id: LayerId): ExtensionPoint[] {
  return extensionPoints.filter(p => p.layer === id)
}

export function pointsOfLesson(n: LessonNumber): ExtensionPoint[] {
  return extensionPoints.filter(p => p.lesson === n)
}

/**
 * Reads a lesson number from user input ("1", "lesson-2", 3) and fails with a
 * message that lists the lessons, so a typo never builds the wrong deck.
 */
export function parseLesson(input: unknown): Lesson {
  const text = String(input ?? '').trim()
  const match = /^(?:lesson-)?(\d+)$/.exec(text)
  const lesson = match ? lessons.find(l => l.number === Number(match[1])) : undefined
  if (!lesson) {
    const known = lessons.map(l => `${l.number} (${l.title})`).join(', ')
    throw new Error(`Unknown lesson "${text}". Choose one of: ${known}`)
  }
  return lesson
}
