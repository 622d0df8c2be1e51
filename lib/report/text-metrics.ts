/**
 * Text widths from the PDF font's own metrics, for vega's layout. Without a canvas vega guesses
 * 0.8 × characters × size, which overestimates and makes it drop axis labels; measuring with the
 * embedded DejaVu metrics keeps every label whose real width fits.
 */
import PDFDocument from 'pdfkit';
import * as vega from 'vega';
import { FONT, type FontFiles, type FontName } from './fonts.ts';

export type MeasureText = (text: string, fontName: FontName, size_pt: number) => number;

/** A measurer over pdfkit's font engine (fontkit), with a cache because vega asks often. */
export function createTextMeasurer(fonts: FontFiles): MeasureText {
  const document = new PDFDocument({ autoFirstPage: false });
  for (const [name, bytes] of Object.entries(fonts)) document.registerFont(name, bytes);
  const cache = new Map<string, number>();
  return (text, fontName, size_pt) => {
    const key = `${fontName}\u0000${size_pt}\u0000${text}`;
    let width = cache.get(key);
    if (width === undefined) {
      width = document.font(fontName).fontSize(size_pt).widthOfString(text);
      cache.set(key, width);
    }
    return width;
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
