/**
 * `npm run lab -- N`, end to end, against stand-in docker, kind and kubectl
 * (tests/support/lab-standins/): small bash scripts that record every call in
 * a log and answer as the real tools do against a new kind cluster. The lab's
 * own step scripts run unchanged; only the tools are stand-ins.
 */
import { spawn } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import process from 'node:process'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as course from '../../data/course'
import { kindVersionProblem, kubectlVersion, kubectlVersionProblem, missingTools } from '../../scripts/labs/tools'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const STANDINS = join(ROOT, 'tests', 'support', 'lab-standins')
const TSX = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs')
/** The stand-in kubectl's version: the one the course names, as a patch release. */
const KUBECTL = `${kubectlVersion().replace(/^(v\d+\.\d+)$/, '$1.0')}`
/** The node image lesson 2's first step pins (the transcript names it). */
const IMAGE = /^IMAGE=(\S+)$/m.exec(readFileSync(join(ROOT, 'labs', 'lesson-2', '01-cluster.sh'), 'utf8'))![1]
const CREATE = `kind create cluster --config kind-config.yaml --image ${IMAGE}`

interface Run { code: number | null, out: string, calls: string[], ms: number }

let state: string
beforeEach(() => {
  state = mkdtempSync(join(tmpdir(), 'lab-runner-'))
})
afterEach(() => rmSync(state, { recursive: true, force: true }))

/** Runs `npm run lab -- ...args` as npm would (tsx on scripts/lab.ts), with PATH and the stand-ins' settings. */
function lab(args: string[], env: Record<string, string> = {}, path = `${STANDINS}:/usr/bin:/bin`): Promise<Run> {
  const log = join(state, 'calls.log')
  writeFileSync(log, '')
  const started = Date.now()
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [TSX, join(ROOT, 'scripts', 'lab.ts'), ...args], {
      cwd: ROOT,
      env: { HOME: state, PATH: path, STANDIN_LOG: log, STANDIN_STATE: state, STANDIN_KUBECTL_VERSION: KUBECTL, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    child.stdout.setEncoding('utf8')
    child.stderr.setEncoding('utf8')
    let out = ''
    child.stdout.on('data', (chunk: string) => (out += chunk))
    child.stderr.on('data', (chunk: string) => (out += chunk))
    child.on('close', code => resolve({
      code,
      out,
      calls: readFileSync(log, 'utf8').split('\n').filter(Boolean),
      ms: Date.now() - started,
    }))
  })
}

const PREFLIGHT = [
  'kind version',
  'kubectl version --client -o json',
  'docker info --format {{.ServerVersion}}',
]

describe('npm run lab: tools first', () => {
  it('a missing tool ends the run at once, naming what to install, before anything runs', async () => {
    // A PATH with bash and nothing else of the lab's tools.
    const bin = join(state, 'bin')
    mkdirSync(bin)
    symlinkSync('/bin/bash', join(bin, 'bash'))
    const run = await lab(['2'], {}, bin)
    expect(run.code).toBe(1)
    // tsx starts in a second or two; more when the machine is busy.
    expect(run.ms).toBeLessThan(20_000)
    expect(run.out).toContain('missing: kind, kubectl, docker')
    expect(run.out).toContain(`kind ${course.KIND_VERSION} (https://kind.sigs.k8s.io/`)
    expect(run.out).toContain(`kubectl ${kubectlVersion()} (https://kubernetes.io/docs/tasks/tools/)`)
    expect(run.out).toContain('Docker (https://docs.docker.com/engine/install/)')
    expect(run.calls).toEqual([])
  })

  it('kind of another release, kubectl too far from the cluster, Docker down: all three said at once', async () => {
    const run = await lab(['2'], { STANDIN_KIND_VERSION: 'v0.31.0', STANDIN_KUBECTL_VERSION: 'v1.30.2', STANDIN_DOCKER: 'down' })
    expect(run.code).toBe(1)
    expect(run.out).toContain(`kind v0.31.0 is installed; the labs need kind ${course.KIND_VERSION}`)
    expect(run.out).toContain('kubectl v1.30.2 is installed')
    expect(run.out).toContain('Cannot connect to the Docker daemon')
    expect(run.calls).toEqual(PREFLIGHT)
  })

  it('the version rules', () => {
    expect(kindVersionProblem(`kind ${course.KIND_VERSION} go1.25.1 linux/amd64`)).toBeUndefined()
    expect(kindVersionProblem('kind v0.32.0 go1.24 linux/amd64')).toContain('kind v0.32.0 is installed')
    const minor = Number(/^v1\.(\d+)/.exec(kubectlVersion())![1])
    const client = (m: number) => JSON.stringify({ clientVersion: { gitVersion: `v1.${m}.3` } })
    expect(kubectlVersionProblem(client(minor))).toEqual({})
    expect(kubectlVersionProblem(client(minor + 1)).note).toContain('one minor apart')
    expect(kubectlVersionProblem(client(minor - 1)).problem).toBeUndefined()
    expect(kubectlVersionProblem(client(minor - 2)).problem).toContain('within one minor')
    expect(kubectlVersionProblem('not json').problem).toContain('could not read')
    expect(missingTools(['bash', 'kind'], STANDINS)).toEqual(['bash'])
  })
})

describe('npm run lab: a whole lab', () => {
  it('lesson 2 runs every step against a new cluster (the transcript)', async () => {
    const run = await lab(['2'])
    expect(run.out).toContain('lab 2: done')
    expect(run.code).toBe(0)
    expect(run.calls).toEqual([
      ...PREFLIGHT,
      'kind get clusters',
      // 01-cluster.sh
      CREATE,
      'kubectl wait --for=condition=Ready nodes --all --timeout=180s',
      // 02-request.sh
      'kubectl get pods -v=6',
      'docker exec lesson-2-control-plane grep -E admission|authorization /etc/kubernetes/manifests/kube-apiserver.yaml',
      'kubectl hello world',
      'kubectl plugin list',
      'kubectl auth whoami --as alice --as-group dev',
      'kubectl auth can-i create deployments -n default --as alice',
      // 03-aggregation.sh
      'kubectl get flowschemas,prioritylevelconfigurations',
      'kubectl apply -f https://github.com/kubernetes-sigs/metrics-server/releases/download/v0.9.0/components.yaml',
      'kubectl -n kube-system patch deployment metrics-server --type=json -p [{"op":"add","path":"/spec/template/spec/containers/0/args/-","value":"--kubelet-insecure-tls"}]',
      'kubectl -n kube-system rollout status deployment/metrics-server --timeout=180s',
      'kubectl wait --for=condition=Available apiservice/v1beta1.metrics.k8s.io --timeout=120s',
      'kubectl get apiservices',
      // 04-vap.sh
      'kubectl create namespace test',
      'kubectl label namespace test environment=test',
      'kubectl apply -f vap.yaml',
      'kubectl wait --for=jsonpath={.status.observedGeneration}=1 --timeout=60s validatingadmissionpolicy/replica-limit.example.com',
      'kubectl create deployment web --image=nginx:1.28.0 --replicas=6 -n test --dry-run=server',
      'kubectl create deployment web --image=nginx:1.28.0 --replicas=3 -n test',
    ])
    expect(run.out).toContain('hello from a plugin: world')
    expect(run.out).toContain('denied request: replicas 不能超过 5')
    expect(run.out).toMatch(/==> lesson 2, step 1\/4: 01-cluster\.sh[\s\S]*step 4\/4: 04-vap\.sh/)
  })

  it.each([1, 3])('lesson %i runs every step against the stand-ins', async (lesson) => {
    const run = await lab([String(lesson)])
    expect(run.code, run.out).toBe(0)
    expect(run.calls.some(call => call.startsWith('kind create cluster --config kind-config.yaml --image kindest/node:'))).toBe(true)
    expect(run.calls.filter(call => call.startsWith('kubectl wait')).every(call => /--timeout=\d+s/.test(call))).toBe(true)
  })

  it('a second run recreates the cluster, and says so', async () => {
    writeFileSync(join(state, 'clusters'), 'lesson-2\n')
    const run = await lab(['2'])
    expect(run.code).toBe(0)
    expect(run.out).toContain('kind cluster lesson-2 exists from an earlier run: recreating it')
    expect(run.calls.slice(3, 6)).toEqual([
      'kind get clusters',
      'kind delete cluster --name lesson-2',
      CREATE,
    ])
  })

  it('a wait that times out ends the run, saying what to look at', async () => {
    const run = await lab(['2'], { STANDIN_WAIT: 'timeout' })
    expect(run.code).toBe(1)
    expect(run.out).toContain('error: timed out waiting for the condition on nodes')
    expect(run.out).toContain('看：kubectl describe nodes')
    expect(run.out).toContain('lab: 01-cluster.sh failed (exit 1)')
    expect(run.calls.at(-1)).toBe('kubectl wait --for=condition=Ready nodes --all --timeout=180s')
  })

  it('a step that hangs is stopped at its time limit with everything it started', async () => {
    const run = await lab(['2', '--step-timeout', '2'], { STANDIN_HANG: 'kind-create' })
    expect(run.code).toBe(1)
    expect(run.ms).toBeLessThan(15_000)
    expect(run.out).toContain('01-cluster.sh did not finish within 2 s and was stopped. Look at:')
    expect(run.out).toContain('kubectl get events -A')
    // The stand-in's `sleep 3017` (a length nothing else on the machine sleeps) went with the step's process group.
    const left = await new Promise<string>((resolve) => {
      const ps = spawn('pgrep', ['-x', '-f', 'sleep 3017'], { stdio: ['ignore', 'pipe', 'ignore'] })
      ps.stdout.setEncoding('utf8')
      let out = ''
      ps.stdout.on('data', (chunk: string) => (out += chunk))
      ps.on('close', () => resolve(out))
    })
    expect(left).toBe('')
  })
})

describe('npm run lab -- N --clean', () => {
  it('deletes the lab\'s cluster', async () => {
    writeFileSync(join(state, 'clusters'), 'other\nlesson-3\n')
    const run = await lab(['3', '--clean'])
    expect(run.code).toBe(0)
    expect(run.calls).toEqual([
      'kind version',
      'docker info --format {{.ServerVersion}}',
      'kind get clusters',
      'kind delete cluster --name lesson-3',
    ])
    expect(readFileSync(join(state, 'clusters'), 'utf8')).toBe('other\n')
  })

  it('says when there is nothing to clean', async () => {
    const run = await lab(['3', '--clean'])
    expect(run.code).toBe(0)
    expect(run.out).toContain('no kind cluster lesson-3: nothing to clean')
    expect(run.calls.at(-1)).toBe('kind get clusters')
  })

  it('refuses an unknown lesson or option', async () => {
    expect((await lab(['7'])).out).toContain('there is no lesson 7')
    expect((await lab(['2', '--reuse'])).out).toContain('unknown argument "--reuse"')
  })
})
