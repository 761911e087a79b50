/** The course data module is consistent with itself and with the seed's map. */
import { expect, test } from '@playwright/test'
import { extensionPoints, interfaceLabels, layers, lessons, pointsOfLayer, pointsOfLesson } from '../data/course'

test('ids are unique and every point sits on a known layer', () => {
  const ids = extensionPoints.map(p => p.id)
  expect(new Set(ids).size).toBe(ids.length)
  for (const point of extensionPoints) {
    expect(layers.map(l => l.id), point.id).toContain(point.layer)
    expect(Object.keys(interfaceLabels), point.id).toContain(point.interface)
  }
})

test('the map holds the seed\'s 21 classic points plus 11 newer mechanisms', () => {
  expect(extensionPoints.filter(p => !p.added)).toHaveLength(21)
  expect(extensionPoints.filter(p => p.added)).toHaveLength(11)
  expect(pointsOfLayer('config')).toHaveLength(1)
  expect(pointsOfLayer('client')).toHaveLength(2)
  expect(pointsOfLayer('api').filter(p => !p.added)).toHaveLength(8)
  expect(pointsOfLayer('control-plane')).toHaveLength(4)
  expect(pointsOfLayer('infrastructure').filter(p => !p.added)).toHaveLength(6)
})

test('every point is taught in depth by a lesson that covers its layer', () => {
  for (const lesson of lessons.filter(l => l.number > 1)) {
    for (const point of pointsOfLesson(lesson.number))
      expect(lesson.layers, `${point.id} in lesson ${lesson.number}`).toContain(point.layer)
  }
  expect(pointsOfLesson(2).length + pointsOfLesson(3).length).toBe(extensionPoints.length)
})

test('one horizontal layer; colours are distinct', () => {
  expect(layers.filter(l => l.horizontal)).toHaveLength(1)
  expect(new Set(layers.map(l => l.color.toLowerCase())).size).toBe(layers.length)
})

test('lessons are numbered 1..n with matching slugs', () => {
  lessons.forEach((lesson, i) => {
    expect(lesson.number).toBe(i + 1)
    expect(lesson.slug).toBe(`lesson-${i + 1}`)
  })
})
