/**
 * What every figure builder needs besides its template: the analysis indexed by cell, the group
 * order (baseline first) and the colour of each group, fixed once per report so a group keeps
 * its colour in every figure.
 */
import type { Analysis, CellCurves } from '../../core/analysis.ts';
import { pixelMinMaxIndices, simplifyIndices } from '../../core/downsample.ts';
import type { CellResult } from '../../core/results.ts';
import type { FigureTheme, Json } from '../templates.ts';
import { type Row, roundSignificant } from './fill.ts';

export interface FigureContext {
  analysis: Analysis;
  theme: FigureTheme;
  baselineGroup: string;
  /** Groups, baseline first, then in the order the job lists them. */
  groupDomain: string[];
  groupColours: string[];
  cells: CellResult[];
  cellsById: ReadonlyMap<string, CellResult>;
  curvesByCell: ReadonlyMap<string, CellCurves>;
}

/** The baseline group: the group of the comparison's baseline cells, else the first cell's. */
export function baselineGroupOf(analysis: Analysis): string {
  const { cells, comparison } = analysis.results;
  const baselineCell = comparison[0]?.baseline.cell;
  const fromComparison = cells.find((cell) => cell.id === baselineCell)?.group;
  return fromComparison ?? cells[0]?.group ?? '';
}

export function createFigureContext(analysis: Analysis, theme: FigureTheme): FigureContext {
  const baselineGroup = baselineGroupOf(analysis);
  const cells = analysis.results.cells;
  const groupDomain = [
    baselineGroup,
    ...new Set(cells.map((cell) => cell.group).filter((g) => g !== baselineGroup)),
  ];
  const groupColours = groupDomain.map((_, index) => theme.groupColours[index % theme.groupColours.length]!);
  return {
    analysis,
    theme,
    baselineGroup,
    groupDomain,
    groupColours,
    cells,
    cellsById: new Map(cells.map((cell) => [cell.id, cell])),
    curvesByCell: new Map(analysis.curves.map((curves) => [curves.cell, curves])),
  };
}

/** Cells sorted for display: by type, temperature, then baseline group first, then job order. */
export function displayOrder(context: FigureContext, cells: readonly CellResult[]): CellResult[] {
  const position = new Map(context.cells.map((cell, index) => [cell.id, index]));
  const groupRank = (group: string) => context.groupDomain.indexOf(group);
  return [...cells].sort(
    (a, b) =>
      a.temperatureC - b.temperatureC ||
      groupRank(a.group) - groupRank(b.group) ||
      position.get(a.id)! - position.get(b.id)!,
  );
}

/** A drawable number: finite values rounded to 5 significant digits, anything else null. */
export function drawn(value: number): Json {
  return Number.isFinite(value) ? roundSignificant(value) : null;
}

/** Extent of `values` at `rows`, ignoring missing values; 0 when there is none. */
function extent(values: ArrayLike<number | null>, rows: readonly number[]): number {
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (const row of rows) {
    const value = values[row];
    if (typeof value !== 'number' || !Number.isFinite(value)) continue;
    if (value < low) low = value;
    if (value > high) high = value;
  }
  return high > low ? high - low : 0;
}

/**
 * The rows of one or more series on a shared x that a figure draws: per-pixel min/max to the
 * theme's budget, then Ramer–Douglas–Peucker at 0.3 pixel, treating each series' extent
 * (or `yRanges[i]`, the axis range when the figure fixes it) as `simplifyResolution_px` pixels,
 * larger than any panel, so nothing visible moves. Smooth profiles shrink to a few dozen rows.
 */
export function drawnRows(
  context: FigureContext,
  x: ArrayLike<number>,
  ys: readonly ArrayLike<number | null>[],
  yRanges: readonly ([number, number] | null)[] = [],
  panelWidth_px: number | null = null,
): number[] {
  // One min/max bucket per two pixels of the panel when its width is known, else the theme's budget.
  const buckets = Math.max(
    1,
    Math.floor(panelWidth_px === null ? context.theme.drawnPointsPerPanel / 4 : panelWidth_px / 2),
  );
  const reduced = pixelMinMaxIndices(x, ys, buckets);
  const resolution = context.theme.simplifyResolution_px;
  const scaleX = extent(x, reduced) / resolution;
  const kept = new Set<number>();
  ys.forEach((y, index) => {
    const range = yRanges[index];
    const scaleY = (range ? range[1] - range[0] : extent(y, reduced)) / resolution;
    const rows =
      scaleX > 0 && scaleY > 0
        ? simplifyIndices(x, y, reduced, scaleX, scaleY, SIMPLIFY_TOLERANCE_PX)
        : reduced;
    for (const row of rows) kept.add(row);
  });
  return [...kept].sort((a, b) => a - b);
}

const SIMPLIFY_TOLERANCE_PX = 0.3;

/**
 * Rows of one curve reduced for drawing (`drawnRows`), each tagged with `extra` and its drawing
 * order (lines in Vega-Lite are drawn in `order`, not data order).
 */
export function curveRows(
  context: FigureContext,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  names: { x: string; y: string },
  extra: Row,
  yRange: [number, number] | null = null,
  panelWidth_px: number | null = null,
): Row[] {
  return drawnRows(context, x, [y], [yRange], panelWidth_px).map((row, order) => ({
    ...extra,
    [names.x]: drawn(x[row]!),
    [names.y]: drawn(y[row]!),
    order,
  }));
}

export function formatPercent(fraction: number | null, decimals = 1): string {
  return fraction === null ? '–' : `${(fraction * 100).toFixed(decimals)} %`;
}
