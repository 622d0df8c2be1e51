/**
 * Vega-Lite spec → SVG and PDF drawing, server-side: vega-lite compiles the filled spec to a
 * Vega spec, vega runs it headless (`renderer: 'none'`), serialises the scenegraph to SVG (the
 * figure files) and draws the same scenegraph as PDF operations (pdf-canvas.ts). No browser, no
 * canvas: text widths come from the PDF font (see text-metrics.ts). Warnings of both are
 * collected, not printed, so a caller (and the tests) can see them.
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { type FigureDrawing, recordDrawing } from './pdf-canvas.ts';

export interface RenderedSvg {
  svg: string;
  warnings: string[];
}

export interface DrawnFigure extends RenderedSvg {
  drawing: FigureDrawing;
}

/** The figure as SVG and as operations that draw it into the PDF. */
export async function renderFigure(spec: TopLevelSpec): Promise<DrawnFigure> {
  const warnings: string[] = [];
  const view = runView(spec, warnings);
  try {
    const svg = leanSvg(withoutSolidDashes(await view.toSVG()));
    const drawing = await recordDrawing(view, svgSize(svg));
    return { svg, drawing, warnings };
  } finally {
    view.finalize();
  }
}

/** The figure as SVG only. */
export async function renderSvg(spec: TopLevelSpec): Promise<RenderedSvg> {
  const warnings: string[] = [];
  const view = runView(spec, warnings);
  try {
    return { svg: leanSvg(withoutSolidDashes(await view.toSVG())), warnings };
  } finally {
    view.finalize();
  }
}

/** The SVG's own width and height attributes (vega writes both), in px. */
export function svgSize(svg: string): { width: number; height: number } {
  const open = /<svg\b[^>]*>/.exec(svg)?.[0] ?? '';
  const width = Number(/\bwidth="([\d.]+)"/.exec(open)?.[1]);
  const height = Number(/\bheight="([\d.]+)"/.exec(open)?.[1]);
  if (!(width > 0 && height > 0)) throw new Error('figure SVG has no width and height');
  return { width, height };
}

function runView(spec: TopLevelSpec, warnings: string[]): vega.View {
  const { spec: vegaSpec } = compile(spec, { logger: collectingLogger(warnings) });
  const view = new vega.View(vega.parse(vegaSpec), { renderer: 'none' });
  view.logger(collectingLogger(warnings));
  return view;
}

/**
 * A dash pattern with a zero-length gap ("1,0", Vega-Lite's "solid" in a strokeDash scale) is a
 * solid line; PDF rejects zero gaps, so the attribute is dropped.
 */
function withoutSolidDashes(svg: string): string {
  return svg.replace(/ stroke-dasharray="[\d.]+,0"/g, '');
}

/**
 * Drops what only a browser uses: class, role and pointer-event attributes, empty background
 * paths (`M0,0h0v0h0Z`), hidden foreground paths, and groups that set nothing (vega nests
 * several per mark). The drawing is unchanged and the figure files are about half the size.
 */
export function leanSvg(svg: string): string {
  const trimmed = svg
    .replace(/ (?:class|role|pointer-events|aria-[a-z]+)="[^"]*"/g, '')
    .replace(/<path d="M0,0h0v0h0Z"\/>/g, '')
    .replace(/<path d="" display="none"\/>/g, '');
  // Remove `<g>` and `<g transform="translate(0,0)">` with their matching `</g>`.
  const emptyGroup = /^<g(?: transform="translate\(0,0\)")?>$/;
  const kept: boolean[] = [];
  return trimmed.replace(/<g\b[^>]*>|<\/g>/g, (tag) => {
    if (tag === '</g>') return kept.pop() === false ? '' : tag;
    if (tag.endsWith('/>')) return tag;
    const keep = !emptyGroup.test(tag);
    kept.push(keep);
    return keep ? tag : '';
  });
}

interface VegaLogger {
  level(): number;
  level(level: number): VegaLogger;
  error(...args: readonly unknown[]): VegaLogger;
  warn(...args: readonly unknown[]): VegaLogger;
  info(...args: readonly unknown[]): VegaLogger;
  debug(...args: readonly unknown[]): VegaLogger;
}

function collectingLogger(warnings: string[]): VegaLogger {
  let level = vega.Warn;
  const logger: VegaLogger = {
    level: ((value?: number) => {
      if (value === undefined) return level;
      level = value;
      return logger;
    }) as VegaLogger['level'],
    error: (...args) => {
      throw new Error(args.map(String).join(' '));
    },
    warn: (...args) => {
      const text = args.map(String).join(' ');
      // A layer with no rows in one facet panel (no onset marked in a cell that never drifts)
      // has an empty extent there; vega then uses the panel's other layers. Not a problem.
      if (!/^Infinite extent for field/.test(text)) warnings.push(text);
      return logger;
    },
    info: () => logger,
    debug: () => logger,
  };
  return logger;
}
