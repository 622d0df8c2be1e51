/**
 * What every figure builder needs besides its template: the analysis indexed by cell, the group
 * order (baseline first) and the colour of each group, fixed once per report so a group keeps
 * its colour in every figure.
 */
import type { Analysis, CellCurves } from '../../core/analysis.ts';
import type { CellResult } from '../../core/results.ts';
import { downsampleMinMax } from '../downsample.ts';
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

/**
 * Rows of one curve, downsampled for drawing to the theme's budget, each tagged with `extra`
 * and its drawing order (lines in Vega-Lite are drawn in `order`, not data order).
 */
export function curveRows(
  context: FigureContext,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  names: { x: string; y: string },
  extra: Row,
): Row[] {
  const reduced = downsampleMinMax(x, y, Math.max(1, Math.floor(context.theme.drawnPointsPerPanel / 4)));
  return reduced.x.map((xValue, index) => ({
    ...extra,
    [names.x]: drawn(xValue),
    [names.y]: drawn(reduced.y[index]!),
    order: index,
  }));
}

export function formatPercent(fraction: number | null, decimals = 1): string {
  return fraction === null ? '–' : `${(fraction * 100).toFixed(decimals)} %`;
}
