import { failCommand } from './shared/exit'
/**
 * `npm run serve [-- --port <n>] [--root <dir>]`: serves dist/ on 127.0.0.1 (scripts/shared/static-server.ts).
 */
import { main } from './shared/static-server'

main().catch(error => failCommand('Serve failed', error))
