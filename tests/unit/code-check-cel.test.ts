/**
 * CEL as the code check reads it, on expressions a lesson would write: each
 * place's environment as it is first built (the first test builds all of
 * them: environments are cached per module, so later tests reuse them), the
 * object construction of a MutatingAdmissionPolicy with strings, lists and
 * ternaries inside, and the optional fields a CRD rule reads.
 */
import type { CelContext } from '../../scripts/checks/code-check/cel'
import { expect, describe as group, it } from 'vitest'
import { checkCel, constructionAsMaps } from '../../scripts/checks/code-check/cel'

const check = (expression: string, context: CelContext) => checkCel({ path: ['x'], expression, context }).map(p => p.message)

group('a place\'s CEL environment, as first built', () => {
  it('declares the libraries called on a name, optional types, and lets a list mix a field with a literal', () => {
    const contexts: CelContext[] = ['admission-policy', 'mutating-policy', 'webhook-match', 'crd-rule', 'authn-claims', 'authn-user', 'authz-match', 'dra-device']
    const library = 'ip.isCanonical(\'10.0.0.1\') && sets.contains([1, 2], [1]) && strings.quote(\'a\') != \'\' && base64.encode(base64.decode(\'YQ==\')) == \'YQ==\''
    for (const context of contexts)
      expect(check(library, context)).toEqual([])
    expect(check('self.?maxReplicas.orValue(3) > 0', 'crd-rule')).toEqual([])
    // Kubernetes checks literals for one element type, but a dyn field joins any type (cel-go); cel-js would refuse it.
    expect(check('object.spec.type in [\'LoadBalancer\', params.allowedType]', 'admission-policy')).toEqual([])
    expect(check('unknownName == 1', 'authz-match')).toEqual(['CEL: Unknown variable: unknownName'])
  })
})

group('object construction, with what a value may hold', () => {
  it('leaves keys inside a string alone, however it is quoted and escaped', () => {
    expect(constructionAsMaps('JSONPatch{op: "add", value: "a, b: c"}')).toBe('{"op": "add", "value": "a, b: c"}')
    expect(constructionAsMaps('JSONPatch{value: \'a, b: c\'}')).toBe('{"value": \'a, b: c\'}')
    expect(constructionAsMaps('JSONPatch{value: "say \\"x, y: z\\""}')).toBe('{"value": "say \\"x, y: z\\""}')
    expect(constructionAsMaps('JSONPatch{value: """x, y: 1"""}')).toBe('{"value": """x, y: 1"""}')
    expect(constructionAsMaps('JSONPatch{value: """a "b, c: d"""}')).toBe('{"value": """a "b, c: d"""}')
    expect(constructionAsMaps('JSONPatch{value: \'\'\'a \'b, c: d\'\'\'}')).toBe('{"value": \'\'\'a \'b, c: d\'\'\'}')
    // An unterminated triple quote runs to the end.
    expect(constructionAsMaps('Object{a: """x, b: 1')).toBe('{"a": """x, b: 1')
  })

  it('quotes each field after a list, a map or a space before its colon, and nothing in a ternary', () => {
    expect(constructionAsMaps('Object{spec: Object.spec{ports: [1, 2], replicas: 3}}')).toBe('{"spec": {"ports": [1, 2], "replicas": 3}}')
    expect(constructionAsMaps('Object{spec: {"a": 1}, status: 2}')).toBe('{"spec": {"a": 1}, "status": 2}')
    expect(constructionAsMaps('JSONPatch{op : "add"}')).toBe('{"op" : "add"}')
    expect(constructionAsMaps('Object{spec: Object.spec{replicas: params.enabled ? params.replicas : 1}}')).toBe('{"spec": {"replicas": params.enabled ? params.replicas : 1}}')
  })
})

group('optional fields a CRD rule reads', () => {
  const schema = { type: 'object', required: ['replicas'], properties: { replicas: { type: 'integer' }, mode: { type: 'string' }, limits: { type: 'object', properties: { max: { type: 'integer' } } } } }
  const rule = (expression: string) => checkCel({ path: ['rule'], expression, context: 'crd-rule', schema }).map(p => p.message)
  const warning = (field: string) => `CEL reads the optional field self.${field} without has(self.${field}): the rule fails on every object without it`

  it('names the first optional step of a path, not the whole path', () => {
    expect(rule('self.limits.max >= self.replicas')).toEqual([warning('limits')])
    expect(rule('has(self.limits) && self.limits.max >= self.replicas')).toEqual([warning('limits.max')])
  })

  it('wants has() of the parent for a has() of a child: the parent is read', () => {
    expect(rule('!has(self.limits.max) || self.replicas > 0')).toEqual([warning('limits')])
    expect(rule('!has(self.limits) || !has(self.limits.max) || self.limits.max >= self.replicas')).toEqual([])
  })

  it('reads only self\'s fields: not oldSelf\'s, not a macro variable\'s', () => {
    expect(rule('has(oldSelf.mode) || self.replicas > 0')).toEqual([])
    expect(rule('[{\'mode\': 1}].all(m, m.mode > 0) && self.replicas > 0')).toEqual([])
  })
})
