/**
 * Which slide teaches an extension point: the first live slide of its lesson
 * whose title names the point, by its `name` or its `zh`. One rule for the
 * script lint's coverage check (a point no title names is a finding) and for
 * the landing page's map (each point links to this slide).
 */
import type { ExtensionPoint } from '../../data/course'
import type { Deck, DeckSlide } from './deck'
import { extensionPoints } from '../../data/course'
import { isLive } from './appendix'

/** True when the slide's title names the point (its English name or its Chinese name). */
export function titleNames(title: string, point: ExtensionPoint): boolean {
  return title.includes(point.name) || title.includes(point.zh)
}

/** The slide that teaches `point` in `deck` (the deck of `point.lesson`), or undefined. */
export function teachingSlide(deck: Deck, point: ExtensionPoint): DeckSlide | undefined {
  return deck.slides.find(s => isLive(s.frontmatter) && titleNames(s.title, point))
}

/** Every extension point of the course with the slide that teaches it, from the lessons' decks (by lesson number). */
export function teachingSlides(decks: ReadonlyMap<number, Deck>): { point: ExtensionPoint, slide: DeckSlide | undefined }[] {
  return extensionPoints.map((point) => {
    const deck = decks.get(point.lesson)
    return { point, slide: deck && teachingSlide(deck, point) }
  })
}
