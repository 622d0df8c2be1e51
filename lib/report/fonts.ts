/**
 * The report's one typeface, read from the `dejavu-fonts-ttf` package: the PDF embeds these
 * files and the figures measure their text with the same metrics, so what vega lays out is
 * what the PDF draws. The only file reading of the fonts happens here.
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
  const read = (file: string) => readFileSync(join(packageDir, 'ttf', `${file}.ttf`));
  cached = {
    [FONT.regular]: read('DejaVuSans'),
    [FONT.bold]: read('DejaVuSans-Bold'),
    [FONT.condensed]: read('DejaVuSansCondensed'),
  };
  return cached;
}
