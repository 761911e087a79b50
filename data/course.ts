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
  /** Added to the seed's map (a mechanism the 2024 seed did not list). */
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
  { id: 'authn-webhook', name: 'Authentication Webhook', zh: '认证 webhook', layer: 'api', interface: 'webhook', lesson: 2, summary: '把 Bearer token 以 TokenReview 交给远端服务验证' },
  { id: 'structured-authn', name: 'Structured Authentication Configuration', zh: '结构化认证配置', layer: 'api', interface: 'config-file', lesson: 2, added: true, summary: 'AuthenticationConfiguration 声明多个 JWT 认证器与 CEL 规则' },
  { id: 'audit-webhook', name: 'Audit Webhook', zh: '审计 webhook', layer: 'api', interface: 'webhook', lesson: 2, added: true, summary: '按审计策略把请求事件批量 POST 给外部后端' },
  { id: 'apf', name: 'API Priority and Fairness', zh: 'API 优先级与公平性', layer: 'api', interface: 'api-object', lesson: 2, added: true, summary: 'FlowSchema 分类、PriorityLevelConfiguration 排队限流' },
  { id: 'authz-webhook', name: 'Authorization Webhook', zh: '鉴权 webhook', layer: 'api', interface: 'webhook', lesson: 2, summary: '以 SubjectAccessReview 把鉴权决定交给远端服务' },
  { id: 'structured-authz', name: 'Structured Authorization Configuration', zh: '结构化鉴权配置', layer: 'api', interface: 'config-file', lesson: 2, added: true, summary: 'AuthorizationConfiguration 声明鉴权器链、多个 webhook 与 CEL 预过滤' },
  { id: 'admission-webhook', name: 'Admission Webhook', zh: '动态准入 webhook', layer: 'api', interface: 'webhook', lesson: 2, summary: 'Mutating / Validating webhook 以 AdmissionReview 修改或拒绝写请求' },
  { id: 'admission-policy', name: 'Admission Policy (CEL)', zh: 'CEL 准入策略', layer: 'api', interface: 'api-object', lesson: 2, added: true, summary: '以 API 对象声明的 ValidatingAdmissionPolicy / MutatingAdmissionPolicy，在 apiserver 进程内用 CEL 求值' },
  { id: 'crd', name: 'CRD', zh: '自定义资源定义', layer: 'api', interface: 'api-object', lesson: 2, summary: '声明新的 API 类型，由 kube-apiserver 负责服务与存储' },
  { id: 'aggregated-apiserver', name: 'Aggregated APIServer', zh: '聚合 API 服务器', layer: 'api', interface: 'webhook', lesson: 2, summary: 'APIService 认领 URL 路径，kube-apiserver 把请求代理给扩展 API server' },
  { id: 'metrics-api', name: 'Custom / External Metrics API', zh: '指标 API', layer: 'api', interface: 'webhook', lesson: 2, summary: '经聚合层提供给 HPA 的 metrics / custom / external 指标接口' },
  { id: 'initializers', name: 'Initializers', zh: '初始化器', layer: 'api', interface: 'api-object', lesson: 2, removed: true, summary: '历史 alpha 功能，v1.14 移除，由动态准入 webhook 取代' },
  { id: 'gateway-api', name: 'Gateway API', zh: '网关 API', layer: 'api', interface: 'controller', lesson: 3, added: true, summary: 'CRD + 控制器的网络范例：GatewayClass / Gateway / HTTPRoute，由各实现的控制器落地' },
  { id: 'annotations', name: 'Annotations', zh: '注解', layer: 'api', interface: 'api-object', lesson: 2, summary: '非标识性元数据，常作为用户给实现方下达指令的通道' },

  // 控制面层
  { id: 'custom-controller', name: 'Custom Controller / Operator', zh: '自定义控制器', layer: 'control-plane', interface: 'controller', lesson: 3, summary: '作为 API 客户端 watch 对象，读 .spec、写 .status 的控制循环' },
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

export interface JourneyStage {
  id: string
  zh: string
  en: string
  /** The layer whose colour the stage takes. */
  layer: LayerId
  /** Extension points that act at this stage (ids). */
  points: string[]
}

export interface Journey {
  id: JourneyId
  title: string
  stages: JourneyStage[]
}

/**
 * The two paths the course follows: a write request through kube-apiserver
 * (lesson 2) and a Pod after it is stored (lesson 3). Both are in the order
 * things really happen (facts.md §1): the request's stages follow
 * kube-apiserver's handler chain and admission order; the Pod's node-side
 * stages follow the kubelet's SyncPod (admit → volumes → DRA prepare →
 * sandbox → per container: image pull → create and start). Virtual Kubelet
 * stands at the node agent because it replaces everything after it.
 */
export const journeys: Journey[] = [
  {
    id: 'request',
    title: '一次写请求的旅程',
    stages: [
      { id: 'client', zh: '客户端', en: 'kubectl / client-go', layer: 'client', points: ['kubectl-plugin', 'credential-plugin'] },
      { id: 'authentication', zh: '认证', en: 'Authentication', layer: 'api', points: ['authn-webhook', 'structured-authn'] },
      { id: 'audit', zh: '审计', en: 'Audit', layer: 'api', points: ['audit-webhook'] },
      { id: 'impersonation', zh: '模拟', en: 'Impersonation', layer: 'api', points: [] },
      { id: 'priority-fairness', zh: '优先级与公平性', en: 'APF', layer: 'api', points: ['apf'] },
      { id: 'authorization', zh: '鉴权', en: 'Authorization', layer: 'api', points: ['authz-webhook', 'structured-authz'] },
      { id: 'aggregation', zh: '聚合层', en: 'Aggregation', layer: 'api', points: ['aggregated-apiserver', 'metrics-api'] },
      { id: 'mutating-admission', zh: '变更准入', en: 'Mutating Admission', layer: 'api', points: ['admission-policy', 'admission-webhook'] },
      { id: 'schema-validation', zh: 'Schema 校验', en: 'Validation', layer: 'api', points: ['crd'] },
      { id: 'validating-admission', zh: '校验准入', en: 'Validating Admission', layer: 'api', points: ['admission-policy', 'admission-webhook'] },
      { id: 'etcd', zh: '写入 etcd', en: 'Storage', layer: 'control-plane', points: ['kms'] },
    ],
  },
  {
    id: 'pod',
    title: '一个 Pod 的旅程',
    stages: [
      { id: 'controllers', zh: '控制器', en: 'Controllers', layer: 'control-plane', points: ['custom-controller'] },
      { id: 'scheduler', zh: '调度器', en: 'Scheduler', layer: 'control-plane', points: ['scheduler', 'dra'] },
      { id: 'kubelet', zh: '节点代理', en: 'kubelet', layer: 'infrastructure', points: ['virtual-kubelet'] },
      { id: 'admission', zh: 'Pod 准入', en: 'Admit', layer: 'infrastructure', points: ['device-plugin', 'extended-resources'] },
      { id: 'volumes', zh: '卷挂载', en: 'Volumes', layer: 'infrastructure', points: ['csi'] },
      { id: 'dra-prepare', zh: '设备准备', en: 'DRA prepare', layer: 'infrastructure', points: ['dra'] },
      { id: 'sandbox', zh: 'Pod 沙箱', en: 'Sandbox', layer: 'infrastructure', points: ['cri', 'runtime-class', 'cni'] },
      { id: 'image', zh: '拉取镜像', en: 'Image pull', layer: 'infrastructure', points: ['image-credential-provider'] },
      { id: 'containers', zh: '创建并启动容器', en: 'Containers', layer: 'infrastructure', points: ['cri', 'cdi', 'nri'] },
    ],
  },
]

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
  /** Enabled by default on v1.37 but inert until a feature gate that is off by default is turned on: the gate and its state. */
  gate?: string
}

/**
 * The admission chain of kube-apiserver v1.37, in execution order: the
 * plugins enabled by default, in the order of `AllOrderedPlugins`
 * (kubernetes/kubernetes pkg/kubeapiserver/options/plugins.go), plus
 * NodeRestriction, which kubeadm and so kind add with
 * --enable-admission-plugins. The apiserver runs every mutating plugin
 * first, in this order, then validates the object, then every validating
 * plugin in this order (k8s.io/apiserver pkg/server/options/admission.go,
 * unchanged at v0.37.0-beta.0). Phases checked against each plugin's
 * source under plugin/pkg/admission/ and k8s.io/apiserver
 * pkg/admission/plugin/.
 *
 * What is verified for v1.37 and what is not (facts-v1.37.md §3, rows 10,
 * 15, 34):
 * - The 22 plugins of v1.34 and their order: from plugins.go at v1.34;
 *   plugins.go at v1.37 could not be read. The tail (MutatingAdmissionPolicy,
 *   MutatingAdmissionWebhook, ValidatingAdmissionPolicy,
 *   ValidatingAdmissionWebhook, ResourceQuota) is fixed by the file's own
 *   rule ("webhook, resourcequota, and deny plugins must go at the end").
 * - MutatingAdmissionPolicy: GA in v1.36, on by default, no gate to set
 *   (k8s.io/apiserver features@v0.36.0; admissionregistration.k8s.io/v1
 *   MutatingAdmissionPolicy in k8s.io/api admissionregistration/v1
 *   register.go@v0.37.0-beta.0). Verified.
 * - PodTopologyLabels: gate PodTopologyLabelsAdmission beta and on since
 *   v1.35 (1.35-era gate file), so it acts by default. Partly verified.
 * - ClusterTrustBundleAttest: ClusterTrustBundle is GA in v1.37
 *   (certificates.k8s.io/v1 ClusterTrustBundle in k8s.io/api
 *   certificates/v1@v0.37.0-beta.0); the gate's default at v1.37 was not
 *   read, so "acts by default" is partly verified.
 * - The five plugins added in v1.35-v1.37 (NodeDeclaredFeatureValidator,
 *   PodResizeValidator, JobValidation, PodGroupWorkloadExists,
 *   PodGroupProtection): names and phases read from their sources
 *   (plugin/pkg/admission/*: PluginName, admission.MutationInterface /
 *   ValidationInterface); their positions follow the default-enabled list
 *   that kube-apiserver --help prints in AllOrderedPlugins order, as quoted
 *   by a third-party tutorial for a v1.36.1 cluster, and agree with Oracle
 *   OKE's run-order table for 1.36 (docs.oracle.com, "Supported Admission
 *   Controllers"); a third-party reading of website kube-apiserver.md at a
 *   v1.37 pin gives the same 27 names. Not read from plugins.go at v1.37.
 *   The three PodGroup/Job plugins do nothing until GenericWorkload (beta,
 *   off by default in v1.37) is on.
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
  { name: 'PodGroupProtection', phases: ['mutating', 'validating'], enabledBy: 'default', gate: 'GenericWorkload（v1.37 为 beta，默认关）', zh: '给新建的 PodGroup 加保护用的 finalizer；父对象正在删除时拒绝新建子对象' },
  { name: 'PersistentVolumeClaimResize', phases: ['validating'], enabledBy: 'default', zh: '只允许扩容 StorageClass 允许扩容的 PVC' },
  { name: 'RuntimeClass', phases: ['mutating', 'validating'], enabledBy: 'default', zh: '按 RuntimeClass 填 Pod 的 overhead 与调度约束，并校验' },
  { name: 'CertificateApproval', phases: ['validating'], enabledBy: 'default', zh: '批准 CSR 的人须有该 signerName 的 approve 权限' },
  { name: 'CertificateSigning', phases: ['validating'], enabledBy: 'default', zh: '签发 CSR 的人须有该 signerName 的 sign 权限' },
  { name: 'ClusterTrustBundleAttest', phases: ['validating'], enabledBy: 'default', zh: '写带 signerName 的 ClusterTrustBundle 须有 attest 权限' },
  { name: 'CertificateSubjectRestriction', phases: ['validating'], enabledBy: 'default', zh: '拒绝为 system:masters 组申请客户端证书' },
  { name: 'DefaultIngressClass', phases: ['mutating'], enabledBy: 'default', zh: '没写 IngressClass 的 Ingress 补上默认类' },
  { name: 'PodTopologyLabels', phases: ['mutating'], enabledBy: 'default', zh: '把节点的 zone/region 标签复制到绑定的 Pod' },
  { name: 'PodGroupWorkloadExists', phases: ['validating'], enabledBy: 'default', gate: 'GenericWorkload（v1.37 为 beta，默认关）', zh: 'PodGroup 引用的 Workload 与模板必须存在' },
  { name: 'NodeDeclaredFeatureValidator', phases: ['validating'], enabledBy: 'default', zh: '已绑定 Pod 的更新若需要节点未声明的特性，拒绝' },
  { name: 'JobValidation', phases: ['validating'], enabledBy: 'default', gate: 'GenericWorkload 与 WorkloadWithJob（v1.37 默认关）', zh: '按成组调度的 PodGroup 校验 Job 的更新' },
  { name: 'PodResizeValidator', phases: ['validating'], enabledBy: 'default', zh: '原地调整 Pod 资源时，按节点的容量与平台校验' },
  { name: 'MutatingAdmissionPolicy', phases: ['mutating'], enabledBy: 'default', point: 'admission-policy', zh: '执行 MutatingAdmissionPolicy（CEL）' },
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
      '说出一次请求、一个 Pod 依次经过哪些扩展点',
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
      '画出控制器的调和循环，说清 Finalizers（删除处理）、ownerReferences 与更新冲突',
      '用 profile 配置调度器，按顺序说出一个 Pod 经过的调度框架扩展点，分清 QueueingHint 的位置',
      '按 kubelet 的真实顺序，说出节点上每个扩展点由谁调用、走什么协议，失败时看到什么',
      '在 Device Plugin 与 DRA 之间做出选择，并说出托管集群上哪些扩展点仍可用',
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
