/**
 * The labs as files: every lab file is checked by the code check where it
 * lives (the slides include it, never copy it), and the site carries every
 * file byte for byte, with a ZIP of each folder and the landing page's links.
 */
import { Buffer } from 'node:buffer'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inflateRawSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { KIND_NODE_IMAGE, lessons } from '../../data/course'
import { labLinks, siteLabs, writeSiteLabs } from '../../scripts/build/labs'
import { lessonInputPaths } from '../../scripts/build/plan'
import { slideDocs } from '../../scripts/build/search-index'
import { blocksOfDeck, langOfFile } from '../../scripts/checks/code-check/extract'
import { checkCode } from '../../scripts/checks/code-check/index'
import { labClusterProblems } from '../../scripts/checks/lab-cluster'
import { labDirOf, LABS_DIR, readLab } from '../../scripts/labs/folder'
import { loadDeck, loadValidDeck } from '../../scripts/shared/deck'
import { entryOf, ROOT } from '../../scripts/shared/project'

/** Reads a ZIP back: each entry's name, bytes and Unix mode. */
function unzip(archive: Buffer): Map<string, { data: Buffer, mode: number }> {
  const entries = new Map<string, { data: Buffer, mode: number }>()
  const end = archive.lastIndexOf(Buffer.from([0x50, 0x4B, 0x05, 0x06]))
  let at = archive.readUInt32LE(end + 16)
  for (let i = 0; i < archive.readUInt16LE(end + 10); i++) {
    const nameLength = archive.readUInt16LE(at + 28)
    const name = archive.subarray(at + 46, at + 46 + nameLength).toString('utf8')
    const mode = (archive.readUInt32LE(at + 38) >>> 16) & 0o777
    const local = archive.readUInt32LE(at + 42)
    const size = archive.readUInt32LE(at + 20)
    const start = local + 30 + archive.readUInt16LE(local + 26) + archive.readUInt16LE(local + 28)
    entries.set(name, { data: inflateRawSync(archive.subarray(start, start + size)), mode })
    at += 46 + nameLength + archive.readUInt16LE(at + 30) + archive.readUInt16LE(at + 32)
  }
  return entries
}

const dist = mkdtempSync(join(tmpdir(), 'site-labs-'))
afterAll(() => rmSync(dist, { recursive: true, force: true }))

describe('every lesson has a lab folder the runner can read', () => {
  it.each(lessons.map(l => l.number))('lesson %i', (n) => {
    const lab = readLab(n)
    expect(lab.cluster).toBe(`lesson-${n}`)
    expect(lab.steps[0]).toBe('01-cluster.sh')
    expect(lab.steps.length).toBeGreaterThan(1)
  })
})

describe('the labs run on the course\'s cluster', () => {
  it.each(lessons.map(l => l.number))('lesson %i pins KIND_NODE_IMAGE, and no lab file names another kind, node image or kubectl', (n) => {
    const dir = labDirOf(n)
    expect(/^IMAGE=(\S+)$/m.exec(readFileSync(join(dir, '01-cluster.sh'), 'utf8'))?.[1]).toBe(KIND_NODE_IMAGE)
    for (const file of readdirSync(dir))
      expect(labClusterProblems(readFileSync(join(dir, file), 'utf8')), file).toEqual([])
  })
})

describe('the code check reads the lab files themselves', () => {
  it.each(lessons.map(l => l.number))('lesson %i: every file of its lab folder is a block, located in the file', async (n) => {
    const blocks = blocksOfDeck(await loadDeck(entryOf(lessons[n - 1])))
    const labBlocks = blocks.filter(b => b.file.startsWith(`labs/lesson-${n}/`))
    expect(labBlocks.map(b => b.file).sort()).toEqual(readdirSync(labDirOf(n)).map(f => `labs/lesson-${n}/${f}`).sort())
    for (const block of labBlocks) {
      expect(block.line).toBe(0)
      expect(block.code).toBe(readFileSync(join(ROOT, block.file), 'utf8'))
      expect(['yaml', 'bash', 'sh']).toContain(block.lang)
    }
  })

  it('a finding in an included file names the file\'s own line; a missing file is named', async () => {
    const report = await checkCode(await loadDeck(join(ROOT, 'tests', 'fixtures', 'labs', 'slides.md')))
    expect(report.findings.map(f => `${f.file}:${f.line} ${f.message.slice(0, 40)}`)).toEqual([
      'tests/fixtures/labs/bad.sh:4 ShellCheck SC2086 (info): Double quote t',
      'tests/fixtures/labs/missing.yaml:0 the included file tests/fixtures/labs/mi',
    ])
  })

  it('a file\'s language: its extension, else its shebang', () => {
    expect(langOfFile('a/kind-config.yaml', '')).toBe('yaml')
    expect(langOfFile('a/01-cluster.sh', '#!/usr/bin/env bash\n')).toBe('bash')
    expect(langOfFile('a/kubectl-hello', '#!/bin/sh\necho hi\n')).toBe('sh')
    expect(langOfFile('a/x.sh', 'echo\n')).toBe('sh')
  })
})

describe('the site carries the labs', () => {
  it('a lab\'s files are inputs of its lesson\'s site', async () => {
    expect(await lessonInputPaths({ slug: 'lesson-2' })).toContain('labs/lesson-2')
  })

  it('every lab file is copied byte for byte, and each folder is zipped with its modes', async () => {
    const labs = await writeSiteLabs(lessons, dist)
    expect(labs.map(l => l.slug)).toEqual(lessons.map(l => l.slug))
    for (const lab of labs) {
      const from = join(LABS_DIR, lab.slug)
      expect(readdirSync(join(dist, 'labs', lab.slug)).sort()).toEqual(readdirSync(from).sort())
      const zipped = unzip(readFileSync(join(dist, 'labs', `${lab.slug}.zip`)))
      expect([...zipped.keys()]).toEqual(lab.files.map(f => `${lab.slug}/${f}`))
      for (const file of lab.files) {
        const original = readFileSync(join(from, file))
        expect(readFileSync(join(dist, 'labs', lab.slug, file)).equals(original), file).toBe(true)
        expect(zipped.get(`${lab.slug}/${file}`)!.data.equals(original), file).toBe(true)
        expect(zipped.get(`${lab.slug}/${file}`)!.mode).toBe(statSync(join(from, file)).mode & 0o777)
      }
    }
    // The scripts stay executable in the ZIP.
    expect(unzip(readFileSync(join(dist, 'labs', 'lesson-1.zip'))).get('lesson-1/01-cluster.sh')!.mode & 0o111).not.toBe(0)
  })

  it('the landing page links each file and the ZIP', () => {
    const [lab] = siteLabs(lessons.slice(1, 2))
    const html = labLinks(lab)
    for (const file of lab.files)
      expect(html).toContain(`<a href="./labs/lesson-2/${file}"><code>${file}</code></a>`)
    expect(html).toContain('<a href="./labs/lesson-2.zip" download>')
    expect(html).toContain('npm run lab -- 2')
    expect(labLinks(undefined)).toBe('')
  })
})

describe('the search reads an included file as the slide shows it', () => {
  it('a lab slide is found by its code, and the include line is not text', async () => {
    const deck = await loadValidDeck(entryOf(lessons[1]))
    const slide = deck.slides.find(s => s.content.includes('04-vap.sh'))!
    const text = slideDocs(2, slide).map(d => d.text).join(' ')
    expect(text).toContain('validatingadmissionpolicy/replica-limit.example.com')
    expect(text).not.toContain('<<<')
  })
})
