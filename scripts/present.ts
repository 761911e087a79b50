/**
 * `npm run present -- <lesson> [options]`: presents one lesson live, from its built live deck or
 * Slidev's dev server, behind the remote guard (scripts/present/).
 */
import { main } from './present/session'
import { failCommand } from './shared/exit'

main().catch(error => failCommand('Present failed', error))
