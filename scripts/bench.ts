/**
 * `npm run bench [-- part ...]`: measures the pipeline and writes bench/results.json (scripts/bench/).
 */
import { main } from './bench/main'
import { failCommand } from './shared/exit'

main().catch(error => failCommand('Benchmark failed', error))
