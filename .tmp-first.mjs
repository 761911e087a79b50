import { spawn } from 'node:child_process'
import { chromium } from 'playwright-chromium'
const port = 43877
const t0 = performance.now()
const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/present.ts', '1', '--port', String(port)], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
let out = ''
await new Promise((resolve) => { const h = d => { out += d; if (/^Ready: /m.test(out)) resolve() }; child.stdout.on('data', h); child.stderr.on('data', h) })
const ready = (performance.now() - t0) / 1000
console.log(out.split('\n')[0])
const t1 = performance.now()
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] })
const page = await browser.newPage({ viewport: { width: 980, height: 552 } })
await page.goto(`http://localhost:${port}/lesson-1/?live`)
await page.locator('.slidev-page-1 h1').waitFor({ state: 'visible' })
await page.evaluate(() => document.fonts.ready)
const slide1 = (performance.now() - t1) / 1000
await browser.close()
console.log(`command to Ready ${ready.toFixed(2)} s; cold browser (launch included) to slide 1 ${slide1.toFixed(2)} s; total ${(ready + slide1).toFixed(2)} s`)
process.kill(-child.pid, 'SIGTERM')
