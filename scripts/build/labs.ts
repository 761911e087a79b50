/**
 * The labs on the site: each lesson's lab files (labs/lesson-N/) copied byte
 * for byte into dist/labs/lesson-N/, one ZIP of the folder beside them
 * (dist/labs/lesson-N.zip, the files' modes kept, so the scripts stay
 * executable), and the landing page's list of them. Written with the
 * landing page: a lab file is an input of its lesson's site (the slides
 * include it), so a changed file rebuilds the lesson and then this.
 */
import type { Lesson } from '../../data/course'
import { Buffer } from 'node:buffer'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { crc32, deflateRawSync } from 'node:zlib'
import { labDirOf, labFiles, LABS_DIR } from '../labs/folder'

export interface SiteLab {
  slug: string
  /** File names, relative to the lab's folder. */
  files: string[]
}

/** The lessons that have a lab, with its files. */
export function siteLabs(lessons: readonly Lesson[], labsDir = LABS_DIR): SiteLab[] {
  return lessons
    .filter(lesson => existsSync(labDirOf(lesson.number, labsDir)))
    .map(lesson => ({ slug: lesson.slug, files: labFiles(labDirOf(lesson.number, labsDir)) }))
}

/** A ZIP archive (deflated, UTF-8 names, Unix modes, a fixed date so equal input gives equal bytes). */
export function zip(entries: { name: string, data: Buffer, mode: number }[]): Buffer {
  const locals: Buffer[] = []
  const centrals: Buffer[] = []
  let offset = 0
  const DOS_DATE = (0 << 9) | (1 << 5) | 1 // 1980-01-01
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8')
    const packed = deflateRawSync(entry.data)
    const crc = crc32(entry.data)
    const local = Buffer.alloc(30)
    local.writeUInt32LE(0x04034B50, 0)
    local.writeUInt16LE(20, 4) // version needed: 2.0
    local.writeUInt16LE(0x0800, 6) // names are UTF-8
    local.writeUInt16LE(8, 8) // deflate
    local.writeUInt16LE(0, 10)
    local.writeUInt16LE(DOS_DATE, 12)
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(packed.length, 18)
    local.writeUInt32LE(entry.data.length, 22)
    local.writeUInt16LE(name.length, 26)
    local.writeUInt16LE(0, 28)
    locals.push(local, name, packed)
    const central = Buffer.alloc(46)
    central.writeUInt32LE(0x02014B50, 0)
    central.writeUInt16LE((3 << 8) | 20, 4) // made by: Unix, 2.0
    central.writeUInt16LE(20, 6)
    central.writeUInt16LE(0x0800, 8)
    central.writeUInt16LE(8, 10)
    central.writeUInt16LE(0, 12)
    central.writeUInt16LE(DOS_DATE, 14)
    central.writeUInt32LE(crc, 16)
    central.writeUInt32LE(packed.length, 20)
    central.writeUInt32LE(entry.data.length, 24)
    central.writeUInt16LE(name.length, 28)
    central.writeUInt32LE(((0o100000 | entry.mode) << 16) >>> 0, 38) // a regular file and its permissions
    central.writeUInt32LE(offset, 42)
    centrals.push(central, name)
    offset += local.length + name.length + packed.length
  }
  const directory = Buffer.concat(centrals)
  const end = Buffer.alloc(22)
  end.writeUInt32LE(0x06054B50, 0)
  end.writeUInt16LE(entries.length, 8)
  end.writeUInt16LE(entries.length, 10)
  end.writeUInt32LE(directory.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...locals, directory, end])
}

/** Copies every lab into `distDir`/labs/ and zips each folder; what was there before is replaced. */
export async function writeSiteLabs(lessons: readonly Lesson[], distDir: string, labsDir = LABS_DIR): Promise<SiteLab[]> {
  const out = join(distDir, 'labs')
  await rm(out, { recursive: true, force: true })
  const labs = siteLabs(lessons, labsDir)
  for (const lab of labs) {
    const from = join(labsDir, lab.slug)
    await mkdir(join(out, lab.slug), { recursive: true })
    await Promise.all(lab.files.map(file => copyFile(join(from, file), join(out, lab.slug, file))))
    const entries = lab.files.map(file => ({
      name: `${lab.slug}/${file}`,
      data: readFileSync(join(from, file)),
      mode: statSync(join(from, file)).mode & 0o777,
    }))
    await writeFile(join(out, `${lab.slug}.zip`), zip(entries))
  }
  return labs
}

const escape = (text: string) => text.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`)

/** The landing page's list of a lesson's lab files: a link to each, and to the ZIP. */
export function labLinks(lab: SiteLab | undefined): string {
  if (!lab)
    return ''
  const files = lab.files.map(file => `<li><a href="./labs/${lab.slug}/${encodeURIComponent(file)}"><code>${escape(file)}</code></a></li>`)
  return `<details class="lab">
      <summary>动手实验文件（${lab.files.length} 个）</summary>
      <p><a href="./labs/${lab.slug}.zip" download>下载整个目录（${lab.slug}.zip）</a>，解压后在目录里按编号运行；在课程仓库里：<code>npm run lab -- ${lab.slug.replace('lesson-', '')}</code></p>
      <ul>${files.join('')}</ul>
    </details>`
}
