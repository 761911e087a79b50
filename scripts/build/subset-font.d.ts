// subset-font 2 ships no types: the one call the build makes (scripts/build/first-screen-fonts.ts).
declare module 'subset-font' {
  import type { Buffer } from 'node:buffer'

  export default function subsetFont(font: Buffer, text: string, options?: { targetFormat?: 'sfnt' | 'woff' | 'woff2' | 'truetype' }): Promise<Buffer>
}
