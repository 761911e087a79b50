/** The course data module: its helpers find what they are asked for and refuse the rest; the data is consistent. */
import type { Interface, LayerId } from '../../data/course'
import { describe, expect, it } from 'vitest'
import { extensionPoints, interfaceFamilies, interfaceLabels, journeyById, journeys, layerById, layers, lessonByNumber, lessons, parseLesson, pointsOfLayer, pointsOfLesson } from '../../data/course'

const ids = (points: { id: string }[]) => points.map(p => p.id)

describe('helpers', () => {
  it('lessonByNumber finds a lesson or throws', () => {
    expect(lessonByNumber(2).slug).toBe('lesson-2')
    expect(lessonByNumber(3).slug).toBe('lesson-3')
    expect(() => lessonByNumber(4 as 1)).toThrow('Unknown lesson 4')
  })

  it('layerById finds a layer or throws', () => {
    expect(layerById('api').zh).toBe('API 层')
    expect(layerById('infrastructure').en).toBe('Infrastructure')
    expect(() => layerById('kernel' as LayerId)).toThrow('Unknown layer "kernel"')
  })

  it('journeyById finds a journey or throws', () => {
    expect(journeyById('request').stages[0].id).toBe('client')
    expect(journeyById('pod').stages[0].id).toBe('controllers')
    expect(() => journeyById('node' as 'pod')).toThrow('Unknown journey "node"')
  })

  it('pointsOfLayer gives exactly the points of that layer, in map order', () => {
    expect(ids(pointsOfLayer('config'))).toEqual(['config-file'])
    expect(ids(pointsOfLayer('client'))).toEqual(['kubectl-plugin', 'credential-plugin'])
    expect(ids(pointsOfLayer('control-plane'))).toEqual(['custom-controller', 'finalizers', 'scheduler', 'cloud-provider', 'kms'])
  })

  it('pointsOfLesson gives exactly the points a lesson presents', () => {
    expect(pointsOfLesson(1)).toEqual([])
    expect(ids(pointsOfLesson(2))).toContain('crd')
    expect(ids(pointsOfLesson(2))).not.toContain('cri')
    expect(ids(pointsOfLesson(3))).toContain('cri')
    expect(ids(pointsOfLesson(3))).not.toContain('crd')
    expect(pointsOfLesson(2).length + pointsOfLesson(3).length).toBe(extensionPoints.length)
  })

  describe('parseLesson', () => {
    it.each([
      ['2', 2],
      ['lesson-3', 3],
      [' lesson-1 ', 1],
      [3, 3],
      ['01', 1],
    ])('reads %j as lesson %i', (input, expected) => {
      expect(parseLesson(input).number).toBe(expected)
    })

    const list = lessons.map(l => `${l.number} (${l.title})`).join(', ')
    it.each([
      ['7', 'Unknown lesson "7"'],
      ['lesson-', 'Unknown lesson "lesson-"'],
      ['2x', 'Unknown lesson "2x"'],
      ['x2', 'Unknown lesson "x2"'],
      ['lesson 2', 'Unknown lesson "lesson 2"'],
      ['', 'Unknown lesson ""'],
      [undefined, 'Unknown lesson ""'],
      [null, 'Unknown lesson ""'],
    ])('refuses %j, listing the lessons', (input, start) => {
      expect(() => parseLesson(input)).toThrow(`${start}. Choose one of: ${list}`)
    })
  })
})

describe('the data is consistent', () => {
  it('ids are unique and every point sits on a known layer with a known interface', () => {
    expect(new Set(ids(extensionPoints)).size).toBe(extensionPoints.length)
    for (const point of extensionPoints) {
      expect(layers.map(l => l.id), point.id).toContain(point.layer)
      expect(Object.keys(interfaceLabels), point.id).toContain(point.interface)
    }
  })

  it('the map holds the seed\'s 21 classic points plus 15 the course adds', () => {
    expect(extensionPoints.filter(p => !p.added)).toHaveLength(21)
    expect(extensionPoints.filter(p => p.added)).toHaveLength(15)
  })

  it('each interface kind is in exactly one family', () => {
    const kinds = interfaceFamilies.flatMap(f => f.kinds)
    expect([...kinds].sort()).toEqual((Object.keys(interfaceLabels) as Interface[]).sort())
  })

  it('every journey stage names known points and a known layer, once each', () => {
    for (const journey of journeys) {
      expect(new Set(journey.stages.map(s => s.id)).size, journey.id).toBe(journey.stages.length)
      for (const stage of journey.stages) {
        expect(layers.map(l => l.id), stage.id).toContain(stage.layer)
        for (const id of stage.points)
          expect(ids(extensionPoints), `${journey.id}/${stage.id}`).toContain(id)
      }
    }
  })

  it('a point is presented by a lesson that covers its layer (Gateway API: lesson 3 shows it as a CRD + controller)', () => {
    const crossLayer = ['gateway-api']
    for (const lesson of lessons.filter(l => l.number > 1)) {
      for (const point of pointsOfLesson(lesson.number).filter(p => !crossLayer.includes(p.id)))
        expect(lesson.layers, `${point.id} in lesson ${lesson.number}`).toContain(point.layer)
    }
  })

  it('one horizontal layer; colours are distinct', () => {
    expect(layers.filter(l => l.horizontal).map(l => l.id)).toEqual(['config'])
    expect(new Set(layers.map(l => l.color.toLowerCase())).size).toBe(layers.length)
  })

  it('lessons are numbered 1..n with matching slugs and known layers', () => {
    lessons.forEach((lesson, i) => {
      expect(lesson.number).toBe(i + 1)
      expect(lesson.slug).toBe(`lesson-${i + 1}`)
      for (const layer of lesson.layers)
        expect(layers.map(l => l.id)).toContain(layer)
    })
  })
})
