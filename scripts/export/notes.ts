/**
 * Renders each slide's speaker notes to HTML with markdown-it, for the
 * handout. A built site carries no raw notes, so the build writes them beside
 * the site as handout-notes.json.
 */
import type { Deck } from '../shared/deck'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import MarkdownIt from 'markdown-it'

export interface HandoutNote {
  no: number
  title: string
  html: string
}

export const HANDOUT_NOTES_FILE = 'handout-notes.json'

const md = new MarkdownIt({ html: false, linkify: true, breaks: false })

/** `[click]` markers become small marks, so a reader sees where the slide steps on. */
export function renderNote(note: string): string {
  const marked = note.replace(/\[click(?::\d+)?\]/g, '⟨▸⟩')
  return md.render(marked).replace(/⟨▸⟩/g, '<span class="click-mark" title="点击">▸</span>')
}

export function handoutNotes(deck: Deck): HandoutNote[] {
  return deck.slides.map(slide => ({ no: slide.no, title: slide.title, html: renderNote(slide.note) }))
}

export async function writeHandoutNotes(deck: Deck, siteDir: string): Promise<void> {
  await writeFile(join(siteDir, HANDOUT_NOTES_FILE), JSON.stringify(handoutNotes(deck)))
}
