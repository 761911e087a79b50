/**
 * The pace plan where Slidev runs: a Vite plugin that serves the plan of the
 * deck being served or built (scripts/present/pace.ts, from the script lint's
 * timing model) as `virtual:course-pace`. Node only; the browser imports the
 * plan, never this module.
 */
import type { Plugin } from 'vite'
import type { PacePlan } from './pace'
import { pacePlan } from './pace'

/** The plan of a lesson's entry, from the same modules the script lint uses. */
export async function planOfEntry(entry: string): Promise<PacePlan> {
  const [{ loadDeck }, { measureDeck }, { declaredClicks }] = await Promise.all([
    import('../shared/deck'),
    import('../checks/timing'),
    import('../checks/clicks'),
  ])
  return pacePlan(measureDeck(await loadDeck(entry), declaredClicks))
}

export const PACE_MODULE = 'virtual:course-pace'
const RESOLVED = `\0${PACE_MODULE}`

/**
 * Serves the plan of `entry` (the deck Slidev runs) as `virtual:course-pace`.
 * In the dev server a changed markdown file makes it again (on the next
 * load of the page). A deck the project's loader refuses gets an empty plan.
 */
export function pacePlugin(entry: string): Plugin {
  return {
    name: 'course:pace-plan',
    resolveId(id) {
      return id === PACE_MODULE ? RESOLVED : undefined
    },
    async load(id) {
      if (id !== RESOLVED)
        return undefined
      let plan: PacePlan
      try {
        plan = await planOfEntry(entry)
      }
      catch (error) {
        // A deck the project cannot read (a fixture with a deliberate defect)
        // still builds as Slidev would; it just has no pace.
        this.warn(`no pace plan for ${entry}: ${error instanceof Error ? error.message : error}`)
        plan = { starts: {}, sectionOf: {}, sections: [], total: 0, appendix: [] }
      }
      return `export const plan = ${JSON.stringify(plan)}\nexport default plan\n`
    },
    handleHotUpdate({ file, server }) {
      if (!file.endsWith('.md'))
        return
      const module = server.moduleGraph.getModuleById(RESOLVED)
      if (module)
        server.moduleGraph.invalidateModule(module)
    },
  }
}
