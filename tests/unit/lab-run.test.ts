/**
 * The lab runner's decisions, in this process: which steps run and in what
 * order, when the cluster is recreated or cleaned, what the preflight says,
 * and the bounded waits. The tools are the stand-ins of
 * tests/support/lab-standins/ on PATH; the labs are small folders made here,
 * laid out as labs/lesson-N/ is. (tests/unit/lab-runner.test.ts runs
 * `npm run lab` itself, with the real labs, as a subprocess.)
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import process from 'node:process'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import * as course from '../../data/course'
import { labDirOf, labFiles, LABS_DIR, readLab } from '../../scripts/labs/folder'
import { capture } from '../../scripts/labs/process'
import { DEFAULT_STEP_TIMEOUT, LOOK_AT, parseLabArgs, runLab, USAGE, versionLines } from '../../scripts/labs/runner'
import { INSTALL, kindVersionProblem, kubectlVersion, kubectlVersionProblem, missingTools, preflight, which } from '../../scripts/labs/tools'

const STANDINS = fileURLToPath(new URL('../support/lab-standins', import.meta.url))
const KUBECTL = `${course.KUBECTL_VERSION}.0`
const FOUND = [`kind ${course.KIND_VERSION}`, `kubectl ${course.KUBECTL_VERSION}`, 'docker 28.2.2']

let state: string
let saved: NodeJS.ProcessEnv
beforeEach(() => {
  state = mkdtempSync(join(tmpdir(), 'lab-run-'))
  saved = { ...process.env }
  Object.assign(process.env, {
    PATH: `${STANDINS}:/usr/bin:/bin`,
    STANDIN_LOG: join(state, 'calls.log'),
    STANDIN_STATE: state,
    STANDIN_KUBECTL_VERSION: KUBECTL,
  })
  writeFileSync(join(state, 'calls.log'), '')
})
afterEach(() => {
  process.env = saved
  rmSync(state, { recursive: true, force: true })
})

const calls = () => readFileSync(join(state, 'calls.log'), 'utf8').split('\n').filter(Boolean)
const clusters = (names: string) => writeFileSync(join(state, 'clusters'), names)

function write(file: string, text: string, mode = 0o644) {
  writeFileSync(file, text)
  chmodSync(file, mode)
}

/** A lab folder labs/lesson-N/ in a fresh root: kind-config.yaml, the given files and a cleanup.sh. */
function labRoot(files: Record<string, string>, lesson = 2, config = `kind: Cluster\napiVersion: kind.x-k8s.io/v1alpha4\nname: lesson-${lesson}\n`): string {
  const root = join(state, 'labs')
  const dir = labDirOf(lesson, root)
  mkdirSync(dir, { recursive: true })
  if (config)
    write(join(dir, 'kind-config.yaml'), config)
  for (const [name, text] of Object.entries({ 'cleanup.sh': `kind delete cluster --name lesson-${lesson}\n`, ...files }))
    write(join(dir, name), `#!/usr/bin/env bash\nset -euo pipefail\n${text}`, 0o755)
  return root
}

/** A directory put first on PATH, holding stand-ins made for one test. */
function binWith(tools: Record<string, string>): string {
  const bin = join(state, 'bin')
  mkdirSync(bin, { recursive: true })
  for (const [name, text] of Object.entries(tools))
    write(join(bin, name), `#!/usr/bin/env bash\n${text}`, 0o755)
  process.env.PATH = `${bin}:${process.env.PATH}`
  return bin
}

const TWO_STEPS = {
  '01-cluster.sh': 'kind create cluster --config kind-config.yaml\n',
  '02-look.sh': 'kubectl get nodes\n',
}

describe('parseLabArgs', () => {
  it('reads a lesson, as N or lesson-N, --clean and --step-timeout', () => {
    expect(parseLabArgs(['2'])).toEqual({ lesson: 2, clean: false, stepTimeout: DEFAULT_STEP_TIMEOUT })
    expect(parseLabArgs(['--clean', 'lesson-3'])).toEqual({ lesson: 3, clean: true, stepTimeout: DEFAULT_STEP_TIMEOUT })
    expect(parseLabArgs(['1', '--step-timeout', '60'])).toEqual({ lesson: 1, clean: false, stepTimeout: 60 })
    expect(DEFAULT_STEP_TIMEOUT).toBe(900)
  })

  it('refuses a time limit that is not a whole positive number of seconds', () => {
    for (const bad of [['0'], ['-5'], ['1.5'], ['soon'], []])
      expect(() => parseLabArgs(['2', '--step-timeout', ...bad])).toThrow(`--step-timeout takes a whole number of seconds. ${USAGE}`)
  })

  it('refuses a second lesson, an unknown option, no lesson, a lesson the course does not have', () => {
    expect(() => parseLabArgs(['2', '3'])).toThrow(`unknown argument "3". ${USAGE}`)
    expect(() => parseLabArgs(['2', '--reuse'])).toThrow('unknown argument "--reuse"')
    expect(() => parseLabArgs(['lesson-2x'])).toThrow('unknown argument "lesson-2x"')
    expect(() => parseLabArgs(['x2'])).toThrow('unknown argument "x2"')
    expect(() => parseLabArgs(['--clean'])).toThrow(`which lesson? ${USAGE}`)
    expect(() => parseLabArgs(['7'])).toThrow('there is no lesson 7 (lessons: 1, 2, 3)')
  })

  it('--versions prints the pinned tools for CI', () => {
    expect(versionLines()).toBe(`kind=${course.KIND_VERSION}\nkubectl=${course.KUBECTL_VERSION}\nnode-image=${course.KIND_NODE_IMAGE}\n`)
    expect(kubectlVersion({ KUBERNETES_VERSION: 'v1.36' })).toBe('v1.36')
    expect(kubectlVersion({ KUBECTL_VERSION: 'v1.35', KUBERNETES_VERSION: 'v1.36' })).toBe('v1.35')
  })
})

describe('readLab', () => {
  it('reads the cluster name and the steps in order; other files, folders and dot files are not steps', () => {
    const root = labRoot({ '02-b.sh': '', '01-a.sh': '', '10-last.sh': '', '3-short.sh': '', '04-notes.md': '', 'vap.yaml': '' })
    mkdirSync(join(labDirOf(2, root), '05-dir.sh'))
    write(join(labDirOf(2, root), '.06-hidden.sh'), '')
    expect(readLab(2, root)).toEqual({ lesson: 2, dir: join(root, 'lesson-2'), cluster: 'lesson-2', steps: ['01-a.sh', '02-b.sh', '10-last.sh'], cleanup: 'cleanup.sh' })
    expect(labFiles(labDirOf(2, root))).toEqual(['01-a.sh', '02-b.sh', '04-notes.md', '10-last.sh', '3-short.sh', 'cleanup.sh', 'kind-config.yaml', 'vap.yaml'])
    expect(labDirOf(1)).toBe(join(LABS_DIR, 'lesson-1'))
  })

  it('names what is missing: the folder, kind-config.yaml, a usable cluster name, steps, cleanup.sh', () => {
    const root = join(state, 'labs')
    const dir = join(root, 'lesson-2')
    expect(() => readLab(2, root)).toThrow(`lesson 2 has no lab: ${dir} does not exist`)
    labRoot({ '01-a.sh': '' }, 2, '')
    expect(() => readLab(2, root)).toThrow(`${dir}/kind-config.yaml is missing: every lab names its kind cluster there`)
    for (const config of ['', 'kind: Cluster\n', 'name: 42\n', 'name: Lesson-2\n', 'name: -lesson\n', 'name: lesson 2\n', 'name: lesson_2\n']) {
      write(join(dir, 'kind-config.yaml'), config)
      expect(() => readLab(2, root), config).toThrow(`${dir}/kind-config.yaml needs a cluster name (name: lesson-2)`)
    }
    write(join(dir, 'kind-config.yaml'), 'name: 2.lesson-b\n')
    expect(readLab(2, root).cluster).toBe('2.lesson-b')
    rmSync(join(dir, '01-a.sh'))
    expect(() => readLab(2, root)).toThrow(`${dir} has no step scripts (01-….sh)`)
    write(join(dir, '01-a.sh'), '')
    rmSync(join(dir, 'cleanup.sh'))
    expect(() => readLab(2, root)).toThrow(`${dir} has no cleanup.sh`)
  })
})

describe('the tools', () => {
  it('finds a tool on PATH only as an executable file, skipping empty entries', () => {
    const bin = binWith({ kind: '' })
    write(join(bin, 'docker'), '', 0o644)
    mkdirSync(join(bin, 'kubectl'))
    expect(which('kind', `::${bin}`)).toBe(join(bin, 'kind'))
    expect(which('docker', bin)).toBeUndefined()
    expect(which('kubectl', bin)).toBeUndefined()
    expect(which('kubectl', `${bin}:${STANDINS}`)).toBe(join(STANDINS, 'kubectl'))
    expect(which('kind', '')).toBeUndefined()
    expect(missingTools(['bash', 'kind', 'kubectl', 'docker'], STANDINS)).toEqual(['bash'])
  })

  it('kind must be the course\'s release', () => {
    expect(kindVersionProblem(`kind ${course.KIND_VERSION} go1.25.1 linux/amd64`)).toBeUndefined()
    expect(kindVersionProblem('kind v0.32.0 go1.24 linux/amd64')).toBe(`kind v0.32.0 is installed; the labs need kind ${course.KIND_VERSION}: its node image ${course.KIND_NODE_IMAGE} is built for that release. Install ${INSTALL.kind}`)
    expect(kindVersionProblem('kind v0.33.0-alpha go1.25', 'v0.33.0')).toContain('kind v0.33.0-alpha is installed')
    expect(kindVersionProblem('  command not found \n')).toContain(`kind of unknown version (kind version said: command not found) is installed; the labs need kind ${course.KIND_VERSION}`)
    expect(kindVersionProblem('')).toContain('(kind version said: nothing)')
  })

  it('kubectl must be within one minor of the cluster; one apart is said', () => {
    const client = (version: string) => JSON.stringify({ clientVersion: { gitVersion: version } })
    expect(kubectlVersionProblem(client('v1.37.3'), 'v1.37')).toEqual({})
    expect(kubectlVersionProblem(client('v1.38.0'), 'v1.37')).toEqual({ note: 'kubectl v1.38.0 (the course uses v1.37; one minor apart is supported)' })
    expect(kubectlVersionProblem(client('v1.36.9'), 'v1.37')).toEqual({ note: 'kubectl v1.36.9 (the course uses v1.37; one minor apart is supported)' })
    expect(kubectlVersionProblem(client('v1.35.0'), 'v1.37')).toEqual({ problem: `kubectl v1.35.0 is installed; the cluster runs Kubernetes ${course.KUBERNETES_VERSION} and kubectl must be within one minor of it. Install ${INSTALL.kubectl}` })
    expect(kubectlVersionProblem(client('v1.39.0'), 'v1.37').problem).toContain('kubectl v1.39.0 is installed')
    expect(kubectlVersionProblem(client('v2.37.0'), 'v1.37').problem).toContain('kubectl v2.37.0 is installed')
    expect(kubectlVersionProblem(client('1.37.1'), 'v1.37')).toEqual({})
    expect(kubectlVersionProblem(client('v1.37.0'))).toEqual({})
  })

  it('an unreadable kubectl version is a problem, quoting at most 200 characters of what it said', () => {
    const unreadable = (said: string) => `could not read kubectl's version (kubectl version --client -o json said: ${said}). Install ${INSTALL.kubectl}`
    expect(kubectlVersionProblem(' error: unknown flag \n')).toEqual({ problem: unreadable('error: unknown flag') })
    expect(kubectlVersionProblem('')).toEqual({ problem: unreadable('nothing') })
    expect(kubectlVersionProblem(JSON.stringify({ serverVersion: { gitVersion: 'v1.37.0' } })).problem).toContain('could not read')
    expect(kubectlVersionProblem(JSON.stringify({ clientVersion: { gitVersion: 'latest' } })).problem).toContain('could not read')
    expect(kubectlVersionProblem(JSON.stringify({ clientVersion: { gitVersion: 'v1.37.0' } }), 'latest').problem).toContain('could not read')
    expect(kubectlVersionProblem('x'.repeat(300))).toEqual({ problem: unreadable('x'.repeat(200)) })
  })

  it('what to install names the pinned versions', () => {
    expect(INSTALL.kind).toBe(`kind ${course.KIND_VERSION} (https://kind.sigs.k8s.io/docs/user/quick-start/#installation, e.g. go install sigs.k8s.io/kind@${course.KIND_VERSION})`)
    expect(INSTALL.kubectl).toBe(`kubectl ${course.KUBECTL_VERSION} (https://kubernetes.io/docs/tasks/tools/)`)
  })
})

describe('preflight', () => {
  it('with every tool right, lists what it found, one check after another', async () => {
    expect(await preflight(['bash', 'kind', 'kubectl', 'docker'])).toEqual({ ok: true, lines: FOUND })
    expect(calls()).toEqual(['kind version', 'kubectl version --client -o json', 'docker info --format {{.ServerVersion}}'])
  })

  it('says a kubectl one minor apart among what it found', async () => {
    process.env.STANDIN_KUBECTL_VERSION = 'v1.38.1'
    expect((await preflight(['kubectl'])).lines).toEqual([`kubectl v1.38.1 (the course uses ${course.KUBECTL_VERSION}; one minor apart is supported)`])
  })

  it('reports every problem together: missing tools first, with what to install, then the others', async () => {
    process.env.PATH = `${STANDINS}`
    process.env.STANDIN_KIND_VERSION = 'v0.31.0'
    // bash is missing from this PATH, and the stand-ins cannot start without it: name it missing.
    const run = await preflight(['bash', 'kind', 'kubectl', 'docker'])
    expect(run.ok).toBe(false)
    expect(run.lines.slice(0, 3)).toEqual(['missing: bash. Install, then run again:', `  - ${INSTALL.bash}`, expect.stringContaining('kind of unknown version')])
    expect(run.lines).toHaveLength(5)
  })

  it('the daemon of Docker down is a problem quoting the first line docker said', async () => {
    process.env.STANDIN_DOCKER = 'down'
    process.env.STANDIN_KIND_VERSION = 'v0.31.0'
    expect(await preflight(['kind', 'docker'])).toEqual({
      ok: false,
      lines: [
        expect.stringMatching(/^kind v0\.31\.0 is installed/),
        'docker is installed but its daemon does not answer (docker info: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?). Start Docker\'s daemon, then run again.',
      ],
    })
  })

  it('a docker that fails silently is named by its exit code; only the tools asked for are checked', async () => {
    binWith({ docker: 'exit 3' })
    expect((await preflight(['docker'])).lines).toEqual(['docker is installed but its daemon does not answer (docker info: exit 3). Start Docker\'s daemon, then run again.'])
    expect(await preflight(['bash'])).toEqual({ ok: true, lines: [] })
  })

  it('a tool that does not answer is bounded by the time limit, and named', async () => {
    binWith({ kind: 'exec sleep 20', kubectl: 'exec sleep 20', docker: 'exec sleep 20' })
    const started = Date.now()
    expect(await preflight(['kind', 'kubectl', 'docker'], 200)).toEqual({
      ok: false,
      lines: [
        'kind version did not answer within 0.2 s',
        'kubectl version did not answer within 0.2 s',
        'docker is installed but its daemon does not answer (docker info: no answer within 0.2 s). Start Docker\'s daemon, then run again.',
      ],
    })
    expect(Date.now() - started).toBeLessThan(2_000)
  })
})

describe('capture', () => {
  it('keeps stdout apart and both streams together in order, with the exit code', async () => {
    const bin = binWith({ talk: 'echo one; sleep 0.05; echo two >&2; sleep 0.05; echo three; exit 4' })
    expect(await capture('talk', [], 5_000, bin)).toEqual({ code: 4, stdout: 'one\nthree\n', output: 'one\ntwo\nthree\n', timedOut: false })
  })

  it('runs in the folder it is given', async () => {
    expect((await capture('pwd', [], 5_000, state)).stdout).toBe(`${state}\n`)
  })

  it('runs with the environment it is given, else this process\'s', async () => {
    const bin = binWith({ says: 'if [ -n "$CAPTURE_WORD" ]; then echo "$CAPTURE_WORD"; else echo none; fi' })
    expect((await capture(join(bin, 'says'), [], 5_000, state, { CAPTURE_WORD: 'given' })).stdout).toBe('given\n')
    expect((await capture('says', [], 5_000, state)).stdout).toBe('none\n')
  })

  it('a command that cannot start gives no code and says why', async () => {
    const run = await capture('no-such-tool-here', [], 5_000)
    expect(run).toMatchObject({ code: null, stdout: '', timedOut: false })
    expect(run.output).toContain('ENOENT')
  })

  it('stops a command at its time limit, with what it started', async () => {
    binWith({ slow: `sleep 20 & echo $! > "${state}/child"; echo started; wait` })
    const started = Date.now()
    const run = await capture('slow', [], 300)
    expect(run).toMatchObject({ timedOut: true, stdout: 'started\n' })
    expect(Date.now() - started).toBeLessThan(2_000)
    expect(await gone(Number(readFileSync(join(state, 'child'), 'utf8')))).toBe(true)
  })
})

/** Whether a process has ended: no longer in /proc, or a zombie waiting to be reaped. */
function ended(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').startsWith('Z')
  }
  catch {
    return true
  }
}

/** Whether a signalled process ends within a second: the signal is delivered asynchronously. */
async function gone(pid: number): Promise<boolean> {
  for (const deadline = Date.now() + 1_000; !ended(pid) && Date.now() < deadline;)
    await new Promise(resolve => setTimeout(resolve, 20))
  return ended(pid)
}

describe('runLab', () => {
  const lines: string[] = []
  const say = (line: string) => lines.push(line)
  beforeEach(() => {
    lines.length = 0
  })

  it('checks the tools, then runs every step in order against a new cluster', async () => {
    const root = labRoot(TWO_STEPS)
    await runLab({ lesson: 2, clean: false, stepTimeout: 30 }, say, root)
    expect(lines).toEqual([
      `lab 2: ${FOUND.join(', ')}`,
      'lab: no kind cluster lesson-2 yet: the first step makes it',
      '\n==> lesson 2, step 1/2: 01-cluster.sh',
      '\n==> lesson 2, step 2/2: 02-look.sh',
      '\nlab 2: done. The cluster lesson-2 is still running; remove it with: npm run lab -- 2 --clean',
    ])
    expect(calls().slice(3)).toEqual(['kind get clusters', 'kind create cluster --config kind-config.yaml', 'kubectl get nodes'])
  })

  it('a second run recreates the cluster first, and says so; another cluster is not this one', async () => {
    const root = labRoot(TWO_STEPS)
    clusters('lesson-22\n  lesson-2  \n')
    await runLab({ lesson: 2, clean: false, stepTimeout: 30 }, say, root)
    expect(lines.slice(1, 3)).toEqual([
      'lab 2: kind cluster lesson-2 exists from an earlier run: recreating it (the steps expect a new cluster)',
      '\n==> lesson 2, recreate: cleanup.sh',
    ])
    expect(calls().slice(3, 6)).toEqual(['kind get clusters', 'kind delete cluster --name lesson-2', 'kind create cluster --config kind-config.yaml'])

    clusters('lesson-22\n')
    lines.length = 0
    await runLab({ lesson: 2, clean: false, stepTimeout: 30 }, say, root)
    expect(lines[1]).toBe('lab: no kind cluster lesson-2 yet: the first step makes it')
  })

  it('a failing step ends the run: the steps after it do not run', async () => {
    const root = labRoot({ ...TWO_STEPS, '02-look.sh': 'exit 3\n', '03-after.sh': 'kubectl get pods\n' })
    await expect(runLab({ lesson: 2, clean: false, stepTimeout: 30 }, say, root)).rejects.toThrow('02-look.sh failed (exit 3); what to look at is printed above')
    expect(calls().at(-1)).toBe('kind create cluster --config kind-config.yaml')
    expect(lines.at(-1)).toBe('\n==> lesson 2, step 2/3: 02-look.sh')
  })

  it('a step killed by a signal is said to have failed by signal', async () => {
    const root = labRoot({ '01-cluster.sh': 'kill -KILL $$\n' })
    await expect(runLab({ lesson: 2, clean: false, stepTimeout: 30 }, say, root)).rejects.toThrow('01-cluster.sh failed (exit signal)')
  })

  it('a step that overruns its time limit is stopped with what it started, naming what to look at', async () => {
    const root = labRoot({ '01-cluster.sh': `sleep 20 & echo $! > "${state}/child"\nwait\n`, '02-look.sh': 'kubectl get nodes\n' })
    const started = Date.now()
    const run = runLab({ lesson: 2, clean: false, stepTimeout: 1 }, say, root)
    await expect(run).rejects.toThrow(`01-cluster.sh did not finish within 1 s and was stopped. Look at:\n${LOOK_AT.map(l => `  ${l}`).join('\n')}`)
    expect(Date.now() - started).toBeLessThan(2_500)
    expect(await gone(Number(readFileSync(join(state, 'child'), 'utf8')))).toBe(true)
    expect(calls()).not.toContain('kubectl get nodes')
    expect(LOOK_AT).toEqual(['kubectl get pods -A -o wide', 'kubectl get events -A --sort-by=.lastTimestamp | tail -20', 'kubectl describe <the object the step waits for>'])
  })

  it('ctrl-C on the runner stops the running step with what it started; the handler goes with the step', async () => {
    const root = labRoot({ '01-cluster.sh': `sleep 20 & echo $! > "${state}/child"\nwait\n` })
    const before = [process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')]
    const run = runLab({ lesson: 2, clean: false, stepTimeout: 30 }, say, root)
    const child = join(state, 'child')
    for (const deadline = Date.now() + 1_500; !existsSync(child) && Date.now() < deadline;)
      await new Promise(resolve => setTimeout(resolve, 20))
    expect([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')]).toEqual([before[0] + 1, before[1] + 1])
    process.emit('SIGINT')
    await expect(run).rejects.toThrow('01-cluster.sh failed (exit signal)')
    expect(await gone(Number(readFileSync(child, 'utf8')))).toBe(true)
    expect([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')]).toEqual(before)
  })

  it('stops before anything runs when the preflight finds problems, with all of them', async () => {
    const root = labRoot(TWO_STEPS)
    process.env.STANDIN_DOCKER = 'down'
    process.env.STANDIN_KUBECTL_VERSION = 'v1.30.0'
    await expect(runLab({ lesson: 2, clean: false, stepTimeout: 30 }, say, root)).rejects.toThrow(/^kubectl v1\.30\.0 is installed.*\ndocker is installed but its daemon does not answer/)
    expect(lines).toEqual([])
    expect(calls()).not.toContain('kind get clusters')
  })

  it('a kind that cannot list its clusters ends the run, saying what it said', async () => {
    const root = labRoot(TWO_STEPS)
    binWith({ kind: `if [ "$*" = "get clusters" ]; then echo 'ERROR: failed to list clusters' >&2; exit 1; fi\nexec "${STANDINS}/kind" "$@"` })
    await expect(runLab({ lesson: 2, clean: false, stepTimeout: 30 }, say, root)).rejects.toThrow('kind get clusters failed: ERROR: failed to list clusters; look at: docker ps -a')
    expect(calls()).not.toContain('kind create cluster --config kind-config.yaml')
  })

  it('a lab that cannot be read ends the run before the preflight', async () => {
    await expect(runLab({ lesson: 2, clean: false, stepTimeout: 30 }, say, join(state, 'none'))).rejects.toThrow('lesson 2 has no lab')
    expect(calls()).toEqual([])
  })

  it('--clean runs the cleanup when the cluster exists, without asking for kubectl', async () => {
    const root = labRoot(TWO_STEPS)
    clusters('other\nlesson-2\n')
    await runLab({ lesson: 2, clean: true, stepTimeout: 30 }, say, root)
    expect(calls()).toEqual(['kind version', 'docker info --format {{.ServerVersion}}', 'kind get clusters', 'kind delete cluster --name lesson-2'])
    expect(lines).toEqual([`lab 2: kind ${course.KIND_VERSION}, docker 28.2.2`, '\n==> lesson 2, clean: cleanup.sh'])
    expect(readFileSync(join(state, 'clusters'), 'utf8')).toBe('other\n')
  })

  it('--clean with no cluster says there is nothing to clean and runs nothing', async () => {
    const root = labRoot(TWO_STEPS)
    await runLab({ lesson: 2, clean: true, stepTimeout: 30 }, say, root)
    expect(lines).toEqual([`lab 2: kind ${course.KIND_VERSION}, docker 28.2.2`, 'lab 2: no kind cluster lesson-2: nothing to clean'])
    expect(calls().at(-1)).toBe('kind get clusters')
    expect(existsSync(join(state, 'clusters'))).toBe(true)
  })
})
