import { describe, expect, it } from 'vitest'
import { KIND_NODE_IMAGE, KIND_VERSION, KUBECTL_VERSION } from '../../data/course'
import { labClusterProblems } from '../../scripts/checks/lab-cluster'

const tag = KIND_NODE_IMAGE.split('@')[0]

describe('the lab cluster named on a slide', () => {
  it('accepts the course\'s kind release and node image, with or without its digest', () => {
    expect(labClusterProblems(`kind ${KIND_VERSION}\nkind create cluster --image ${KIND_NODE_IMAGE}\n--image ${tag}`)).toEqual([])
    expect(labClusterProblems(`https://github.com/kubernetes-sigs/kind/releases/tag/${KIND_VERSION}`)).toEqual([])
  })

  it('names another node image tag', () => {
    expect(labClusterProblems('kind create cluster --image kindest/node:v1.34.0')).toEqual([
      `names the node image kindest/node:v1.34.0; the labs run on ${KIND_NODE_IMAGE} (KIND_NODE_IMAGE in data/course.ts)`,
    ])
  })

  it('names the right tag pinned to another digest', () => {
    const other = `${tag}@sha256:${'0'.repeat(64)}`
    expect(labClusterProblems(other)).toEqual([`pins ${other} to another digest than ${KIND_NODE_IMAGE}`])
  })

  it('names another kind release, in prose or in the release-notes address', () => {
    expect(labClusterProblems('准备 Docker、kind v0.30.0 与 kubectl')).toEqual([
      `names kind v0.30.0; the labs run on kind ${KIND_VERSION} (KIND_VERSION in data/course.ts)`,
    ])
    expect(labClusterProblems('https://github.com/kubernetes-sigs/kind/releases/tag/v0.29.0')).toHaveLength(1)
  })

  it('names another kubectl than the baseline\'s', () => {
    expect(labClusterProblems(`先装 Docker、kind ${KIND_VERSION}、kubectl ${KUBECTL_VERSION}`)).toEqual([])
    expect(labClusterProblems(`kubectl ${KUBECTL_VERSION}.1`)).toEqual([])
    expect(labClusterProblems('先装 kubectl v1.34')).toEqual([`names kubectl v1.34; the labs ask for kubectl ${KUBECTL_VERSION} (KUBECTL_VERSION in data/course.ts)`])
  })

  it('names each wrong release once, however often it is named, and all the wrong ones together', () => {
    const wrong = 'kindest/node:v1.34.0'
    expect(labClusterProblems(`${wrong}\n${wrong}\nkind v0.30.0 与 kind  v0.30.0\nkubectl v1.34.1、kubectl\tv1.34`)).toEqual([
      `names the node image ${wrong}; the labs run on ${KIND_NODE_IMAGE} (KIND_NODE_IMAGE in data/course.ts)`,
      `names kind v0.30.0; the labs run on kind ${KIND_VERSION} (KIND_VERSION in data/course.ts)`,
      `names kubectl v1.34; the labs ask for kubectl ${KUBECTL_VERSION} (KUBECTL_VERSION in data/course.ts)`,
    ])
  })

  it('reads only whole names: another word ending in kind or kubectl, a version that is not one', () => {
    expect(labClusterProblems('mykind v0.1.0, xkubectl v1.20, kind v0.30, kubectl v1')).toEqual([])
    expect(labClusterProblems('kubectl v1.34x')).toEqual([])
  })

  it('reads a node image\'s tag and digest whole', () => {
    expect(labClusterProblems(`${tag}-rc.1`)).toEqual([`names the node image ${tag}-rc.1; the labs run on ${KIND_NODE_IMAGE} (KIND_NODE_IMAGE in data/course.ts)`])
    const digest = KIND_NODE_IMAGE.split('@')[1]
    expect(labClusterProblems(`${tag}@${digest.slice(0, -1)}0`)).toHaveLength(1)
    expect(labClusterProblems(`${tag}@${digest}f`)).toHaveLength(1)
  })

  it('reads versions of any number of digits, and more than one space after the name', () => {
    for (const text of ['kind  v0.30.0', 'kind v10.0.0', 'kind v0.30.10', 'kubernetes-sigs/kind/releases/tag/v10.0.0', 'kubernetes-sigs/kind/releases/tag/v0.30.10', 'kubectl  v1.34', 'kubectl v10.1'])
      expect(labClusterProblems(text), text).toHaveLength(1)
  })
})
