/** fontverter 2 ships no types: the one call the build makes. */
declare module 'fontverter' {
  import type { Buffer } from 'node:buffer'

  export function convert(font: Buffer, to: 'sfnt' | 'truetype' | 'woff' | 'woff2', from?: string): Promise<Buffer>
  const fontverter: { convert: typeof convert }
  export default fontverter
}
