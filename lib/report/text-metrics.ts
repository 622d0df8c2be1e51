/**
 * Text widths from the PDF font's own metrics, for vega's layout. Without a canvas vega guesses
 * 0.8 × characters × size, which overestimates and makes it drop axis labels; measuring with the
 * embedded DejaVu metrics keeps every label whose real width fits.
 */
import PDFDocument from 'pdfkit';
import * as vega from 'vega';
import { FONT, type FontFiles, type FontName } from './fonts.ts';

export type MeasureText = (text: string, fontName: FontName, size_pt: number) => number;

/** The parts of a fontkit font a width needs (pdfkit's typings do not reach fontkit). */
interface GlyphMetrics {
  unitsPerEm: number;
  glyphForCodePoint(codePoint: number): { advanceWidth: number };
}

/**
 * A measurer over the embedded fonts' own glyph advances (fontkit, through pdfkit): the sum of
 * each character's advance width. It skips shaping and kerning, which change a figure label's
 * width by well under 1 % and cost a full layout per string; vega asks for thousands.
 */
export function createTextMeasurer(fonts: FontFiles): MeasureText {
  const document = new PDFDocument({ autoFirstPage: false });
  for (const [name, bytes] of Object.entries(fonts)) document.registerFont(name, bytes);
  const faces = new Map<FontName, { metrics: GlyphMetrics; advances: Map<number, number> }>();
  const faceOf = (fontName: FontName) => {
    let face = faces.get(fontName);
    if (!face) {
      document.font(fontName);
      const metrics = (document as unknown as { _font: { font: GlyphMetrics } })._font.font;
      face = { metrics, advances: new Map() };
      faces.set(fontName, face);
    }
    return face;
  };
  return (text, fontName, size_pt) => {
    const face = faceOf(fontName);
    let units = 0;
    for (const character of text) {
      const codePoint = character.codePointAt(0)!;
      let advance = face.advances.get(codePoint);
      if (advance === undefined) {
        advance = face.metrics.glyphForCodePoint(codePoint).advanceWidth;
        face.advances.set(codePoint, advance);
      }
      units += advance;
    }
    return (units * size_pt) / face.metrics.unitsPerEm;
  };
}

interface VegaTextItem {
  fontSize?: number;
  fontWeight?: string | number;
}

function isBold(weight: string | number | undefined): boolean {
  if (weight === undefined) return false;
  if (typeof weight === 'number') return weight >= 600;
  return weight === 'bold' || weight === 'bolder' || Number(weight) >= 600;
}

/**
 * Points vega's text-width hook at `measure`. The hook is vega's own process-wide setting
 * (`textMetrics.width`, the extension point vl-convert uses); setting it again is harmless.
 */
export function useFontMetricsInVega(measure: MeasureText): void {
  // vega exports `textMetrics` but its typings omit it.
  const { textMetrics } = vega as unknown as {
    textMetrics: { width: (item: VegaTextItem, text: string) => number };
  };
  textMetrics.width = (item: VegaTextItem, text: string) => {
    const value = text == null ? '' : String(text).trim();
    if (!value) return 0;
    const size = item.fontSize ?? 11;
    return measure(value, isBold(item.fontWeight) ? FONT.bold : FONT.regular, size);
  };
}
