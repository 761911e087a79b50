/**
 * Presents one lesson live with Slidev's dev server (presenter view at
 * /presenter/, speaker notes, hot reload).
 *
 *   npm run dev -- 1               lesson 1 on http://localhost:3030/
 *   npm run dev -- 2 --port 4000   anything after the number goes to Slidev
 */
import { spawn } from 'node:child_process'
import { createRequire } from 'node:module'
import process from 'node:process'
import { parseLesson } from '../data/course'
import { entryOf } from './project'

const [lessonArg, ...slidevArgs] = process.argv.slice(2)
let entry: string
try {
  entry = entryOf(parseLesson(lessonArg))
}
catch (error) {
  console.error(`${(error as Error).message}\nUsage: npm run dev -- <lesson> [slidev options]`)
  process.exit(1)
}

const slidev = createRequire(import.meta.url).resolve('@slidev/cli/bin/slidev.mjs')
const child = spawn(process.execPath, [slidev, entry, ...slidevArgs], { stdio: 'inherit' })
child.on('exit', code => process.exit(code ?? 0))
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => child.kill(signal))
