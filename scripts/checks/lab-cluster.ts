/**
 * Every lab runs on the one kind cluster the course names in data/course.ts:
 * a slide or note that names another kind release or node image would send a
 * learner to a cluster the labs were not checked against; and the labs ask
 * for the kubectl of the baseline (KUBECTL_VERSION).
 */
import { KIND_NODE_IMAGE, KIND_VERSION, KUBECTL_VERSION } from '../../data/course'

const [courseTag, courseDigest] = KIND_NODE_IMAGE.replace(/^kindest\/node:/, '').split('@')

const NODE_IMAGE = /kindest\/node:(v[\w.-]+)(?:@(sha256:[0-9a-f]+))?/g
/** "kind v0.33.0" in prose and kind's release-notes address. */
const KIND_RELEASE = /\bkind\s+(v\d+\.\d+\.\d+)\b|kubernetes-sigs\/kind\/releases\/tag\/(v\d+\.\d+\.\d+)/g

/** "kubectl v1.37" (or v1.37.2) in prose. */
const KUBECTL_RELEASE = /\bkubectl\s+(v\d+\.\d+)(?:\.\d+)?\b/g

/** What in `text` names a kind release or node image other than the course's. */
export function labClusterProblems(text: string): string[] {
  const problems = new Set<string>()
  for (const [image, tag, digest] of text.matchAll(NODE_IMAGE)) {
    if (tag !== courseTag)
      problems.add(`names the node image ${image}; the labs run on ${KIND_NODE_IMAGE} (KIND_NODE_IMAGE in data/course.ts)`)
    else if (digest && digest !== courseDigest)
      problems.add(`pins ${image} to another digest than ${KIND_NODE_IMAGE}`)
  }
  for (const [, prose, address] of text.matchAll(KIND_RELEASE)) {
    const version = prose ?? address
    if (version !== KIND_VERSION)
      problems.add(`names kind ${version}; the labs run on kind ${KIND_VERSION} (KIND_VERSION in data/course.ts)`)
  }
  for (const [, version] of text.matchAll(KUBECTL_RELEASE)) {
    if (version !== KUBECTL_VERSION)
      problems.add(`names kubectl ${version}; the labs ask for kubectl ${KUBECTL_VERSION} (KUBECTL_VERSION in data/course.ts)`)
  }
  return [...problems]
}
