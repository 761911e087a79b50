/**
 * What a built site gets before it is moved into place, for a phone on a
 * slow connection: the fonts of its first screen (scripts/build/first-screen-fonts.ts),
 * the site's other font faces out of the stylesheet slide 1 waits for
 * (scripts/build/deferred-font-faces.ts), preload links for what slide 1 fetches (scripts/build/first-screen-preload.ts),
 * then gzip and Brotli copies of every text file (scripts/build/compress.ts),
 * which `npm run serve` and `present`'s built mode answer with.
 */
import type { Browser } from 'playwright-chromium'
import { basename } from 'node:path'
import { chromium } from 'playwright-chromium'
import { CHROMIUM_ARGS, resolveBrowser } from '../shared/browser'
import { compressSite } from './compress'
import { deferFontFaces, FONT_FACES_STEM } from './deferred-font-faces'
import { addFirstScreenFonts } from './first-screen-fonts'
import { addFirstScreenPreloads } from './first-screen-preload'

/** Chromium for the preload recording, or undefined (said once) on a machine without one. */
async function launchBrowser(): Promise<Browser | undefined> {
  let executablePath: string
  try {
    executablePath = resolveBrowser().executablePath
  }
  catch (error) {
    console.warn(`No preload links for slide 1 (the site works, it shows slide 1 later on a slow connection): ${(error as Error).message.split('\n')[0]}`)
    return undefined
  }
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS })
}

export async function finishSite(dir: string, entry: string, base: string): Promise<void> {
  await addFirstScreenFonts(dir, entry)
  await deferFontFaces(dir, base)
  // The font faces load after slide 1 by design: preloading them would undo that.
  await addFirstScreenPreloads(dir, base, launchBrowser, path => basename(path).startsWith(FONT_FACES_STEM))
  await compressSite(dir)
}
