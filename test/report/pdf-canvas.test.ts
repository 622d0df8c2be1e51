import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import type { FigureDrawing } from '../../lib/report/figures/pdf-canvas.ts';
import { renderFigure } from '../../lib/report/figures/render.ts';
import { FONT, loadFonts } from '../../lib/report/fonts.ts';
import { parsePdf } from './pdf-text.ts';

/** The drawing alone on a page at the origin, uncompressed, so its operators can be read. */
async function drawnPdf(drawing: FigureDrawing): Promise<string> {
  const document = new PDFDocument({ size: [300, 300], margin: 0, compress: false });
  for (const [name, bytes] of Object.entries(loadFonts())) document.registerFont(name, bytes);
  document.font(FONT.regular);
  drawing.draw(document);
  const chunks: Buffer[] = [];
  document.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise((resolve) => document.on('end', resolve));
  document.end();
  await ended;
  return Buffer.concat(chunks).toString('latin1');
}

/**
 * 100 × 100 px, no padding, no axes: a point at (5, 2.5) on [0, 10] × [0, 10] sits at
 * x = 50 px, y = 100 − 25 = 75 px; size 100 px² is a circle of radius √100 / 2 = 5 px.
 */
const pointSpec = {
  width: 100,
  height: 100,
  padding: 0,
  autosize: 'none',
  config: { view: { stroke: null } },
  data: { values: [{ x: 5, y: 2.5 }] },
  mark: { type: 'point', shape: 'circle', size: 100, filled: false, stroke: '#3b6fb6' },
  encoding: {
    x: { field: 'x', type: 'quantitative', scale: { domain: [0, 10] }, axis: null },
    y: { field: 'y', type: 'quantitative', scale: { domain: [0, 10] }, axis: null },
  },
};

describe('figures drawn straight into the PDF', () => {
  it('a point lands where its scales put it, with the size it was given', async () => {
    const { drawing } = await renderFigure(pointSpec as never);

    const pdf = await drawnPdf(drawing);

    expect([drawing.width, drawing.height]).toEqual([100, 100]);
    // Moved to its point once (`cm`), then pdfkit's circle: from its leftmost point (−r, 0),
    // four curves, stroked.
    expect(pdf).toMatch(/\n1 0 0 1 50 75 cm\n(?:[^\n]* m\n)?-5 0 m\n(?:(?:[-\d.]+ ){6}c\n){4}(?:h\n)?S\n/);
    expect(pdf).toContain('0.23137254901960785 0.43529411764705883 0.7137254901960784 SCN');
  });

  it('axis titles and labels are PDF text; the y title is turned a quarter', async () => {
    const spec = {
      width: 120,
      height: 80,
      data: { values: [{ capacity: 0 }, { capacity: 0.2 }] },
      mark: 'tick',
      encoding: {
        x: { field: 'capacity', type: 'quantitative', title: 'Capacity (mAh/cm²)' },
        y: { field: 'capacity', type: 'quantitative', title: 'Voltage vs Li⁺/Li (V)' },
      },
    };
    const { drawing } = await renderFigure(spec as never);

    const pdf = await drawnPdf(drawing);
    const lines = parsePdf(Buffer.from(pdf, 'latin1')).text.split('\n');

    expect(lines).toContain('Capacity (mAh/cm²)');
    expect(lines).toContain('Voltage vs Li⁺/Li (V)');
    expect(lines).toContain('0.20');
    // A −90° rotation: cos = 0, sin = −1 (within pdfkit's rounding).
    expect(pdf).toMatch(/\n-?0 -1 1 -?0 [-\d.]+ [-\d.]+ cm\n/);
  });

  it("a dash with a zero gap (Vega-Lite's solid line) is drawn solid", async () => {
    const spec = {
      width: 60,
      height: 60,
      data: { values: [{ x: 1 }] },
      mark: { type: 'rule', strokeDash: [1, 0] },
      encoding: { x: { field: 'x', type: 'quantitative', axis: null } },
    };
    const { drawing } = await renderFigure(spec as never);

    const pdf = await drawnPdf(drawing);

    expect(pdf).not.toMatch(/\[[^\]]*\b0\b[^\]]*\] [\d.]+ d/);
    expect(pdf).toMatch(/\n\[\] 0 d\n/);
  });
});
