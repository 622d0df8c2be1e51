/**
 * Vega-Lite spec → SVG, server-side: vega-lite compiles the filled spec to a Vega spec, vega
 * runs it headless (`renderer: 'none'`) and serialises the scenegraph to SVG. No browser, no
 * canvas: text widths come from the PDF font (see text-metrics.ts). Warnings of both are
 * collected, not printed, so a caller (and the tests) can see them.
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

export interface RenderedSvg {
  svg: string;
  warnings: string[];
}

export async function renderSvg(spec: TopLevelSpec): Promise<RenderedSvg> {
  const warnings: string[] = [];
  const { spec: vegaSpec } = compile(spec, { logger: collectingLogger(warnings) });
  const view = new vega.View(vega.parse(vegaSpec), { renderer: 'none' });
  view.logger(collectingLogger(warnings));
  try {
    return { svg: leanSvg(withoutSolidDashes(await view.toSVG())), warnings };
  } finally {
    view.finalize();
  }
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
 * several per mark). The drawing is unchanged; the SVG is about half the size, and svg-to-pdfkit,
 * which parses every element and looks styles up through every parent group, is that much faster.
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
