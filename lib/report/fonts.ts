/**
 * The report's one typeface, read from the `dejavu-fonts-ttf` package: the PDF embeds these
 * files and the figures measure their text with the same metrics, so what vega lays out is
 * what the PDF draws. The only file reading of the fonts happens here.
 *
 * The OpenType layout tables (GSUB, GPOS) are hidden from pdfkit's shaper (fontkit): running
 * DejaVu's GSUB lookups over every word cost more than half a second per report, for nothing
 * Latin text needs but the fi/ffl ligatures (words now keep their separate letters). Kerning
 * stays: without GPOS fontkit kerns with the font's TrueType `kern` table, the same pairs. The
 * figures' labels are measured unshaped too (text-metrics.ts).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Names the PDF registers the fonts under; SVG text maps onto them by weight. */
export const FONT = {
  regular: 'DejaVuSans',
  bold: 'DejaVuSans-Bold',
  condensed: 'DejaVuSansCondensed',
} as const;

export type FontName = (typeof FONT)[keyof typeof FONT];

/** The family name figures ask for; every SVG text element carries it. */
export const FIGURE_FONT_FAMILY = 'DejaVu Sans';

export type FontFiles = Record<FontName, Buffer>;

let cached: FontFiles | undefined;

/** Reads the three TTF files once per process. */
export function loadFonts(): FontFiles {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  const packageDir = dirname(require.resolve('dejavu-fonts-ttf/package.json'));
  const read = (file: string) => withoutLayoutTables(readFileSync(join(packageDir, 'ttf', `${file}.ttf`)));
  cached = {
    [FONT.regular]: read('DejaVuSans'),
    [FONT.bold]: read('DejaVuSans-Bold'),
    [FONT.condensed]: read('DejaVuSansCondensed'),
  };
  return cached;
}

/** OpenType tables fontkit shapes with; renamed, fontkit no longer finds them. */
const LAYOUT_TABLES = new Set(['GSUB', 'GPOS']);

/**
 * Renames the GSUB and GPOS entries of the TrueType table directory (the 12-byte header, then
 * 16 bytes per table: tag, checksum, offset, length) to their lower-case tags, which no
 * program reads. The tables' bytes stay, so offsets and checksums remain valid; pdfkit's subset
 * copies only the tables a PDF needs, so the embedded font is unchanged.
 */
function withoutLayoutTables(font: Buffer): Buffer {
  const tableCount = font.readUInt16BE(4);
  for (let index = 0; index < tableCount; index++) {
    const tagOffset = 12 + 16 * index;
    const tag = font.toString('latin1', tagOffset, tagOffset + 4);
    if (LAYOUT_TABLES.has(tag)) font.write(tag.toLowerCase(), tagOffset, 'latin1');
  }
  return font;
}
