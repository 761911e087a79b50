/**
 * `npm run check [-- N ...]`: the render check of the built sites, every slide at every click step,
 * light and dark (scripts/checks/check-sites.ts, scripts/checks/render-check.ts).
 */
import { main } from './checks/check-sites'
import { failCommand } from './shared/exit'

main().catch(error => failCommand('Check failed', error))
