/** Builds a fixture deck under tests/fixtures/ into its own folder, once per run. */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { buildSite } from '../../scripts/build/sites'
import { ROOT } from '../../scripts/shared/project'

export const FIXTURE_DIST = join(ROOT, '.fixture-sites')

export async function buildFixtureDeck(name: string): Promise<{ entry: string, root: string, slug: string }> {
  const entry = join(ROOT, 'tests', 'fixtures', name, 'slides.md')
  if (!existsSync(entry))
    throw new Error(`No fixture deck ${entry}`)
  // Deliberately without the deck validation: these decks carry the defects
  // the browser check must find on its own.
  await buildSite(entry, `/${name}/`, join(FIXTURE_DIST, name))
  return { entry, root: FIXTURE_DIST, slug: name }
}
