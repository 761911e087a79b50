/**
 * What a built site gets before it is moved into place, for a phone on a
 * slow connection: the fonts of its first screen (scripts/build/first-screen-fonts.ts),
 * then gzip and Brotli copies of every text file (scripts/build/compress.ts),
 * which `npm run serve` and `present`'s built mode answer with.
 */
import { compressSite } from './compress'
import { addFirstScreenFonts } from './first-screen-fonts'

export async function finishSite(dir: string, entry: string): Promise<void> {
  await addFirstScreenFonts(dir, entry)
  await compressSite(dir)
}
