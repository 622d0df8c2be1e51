/**
 * Figure: dV/dQ vs capacity, one small panel per cell and cycle. Cells with soft shorts are
 * shown when there are any (that is where dV/dQ tells the story), else every cell with curves.
 * The y range is the 10th–90th percentile of all drawn values with a margin, so the spikes at
 * the cut-offs do not flatten everything else (marks are clipped).
 */
import { figureTemplate } from '../templates.ts';
import { fillText, type Wording } from '../wording.ts';
import { curveRows, displayOrder, type FigureContext } from './context.ts';
import type { BuiltFigure } from './figure.ts';
import { completeSpec, type Row } from './fill.ts';

export function differential(context: FigureContext, wording: Wording): BuiltFigure | null {
  const withCurves = displayOrder(
    context,
    context.cells.filter((cell) => (context.curvesByCell.get(cell.id)?.differential.length ?? 0) > 0),
  );
  const shorted = withCurves.filter((cell) => cell.softShorts.length > 0);
  const cells = shorted.length > 0 ? shorted : withCurves;
  if (cells.length === 0) return null;
  const rows: Row[] = [];
  const panels: string[] = [];
  for (const cell of cells) {
    const curves = [...context.curvesByCell.get(cell.id)!.differential].sort((a, b) => a.cycle - b.cycle);
    for (const curve of curves) {
      const panel = fillText(wording.figureLabels.panelCycle, { cell: cell.id, cycle: curve.cycle });
      if (!panels.includes(panel)) panels.push(panel);
      rows.push(
        ...curveRows(
          context,
          curve.capacity_mAh,
          curve.dVdQ_V_per_mAh,
          { x: 'capacity_mAh', y: 'dVdQ_V_per_mAh' },
          {
            panel,
            group: cell.group,
            half: curve.half,
            series: curve.half,
          },
        ),
      );
    }
  }
  const spec = completeSpec(
    figureTemplate('differential'),
    {
      panelOrder: panels,
      domainY: robustDomain(rows.map((row) => row.dVdQ_V_per_mAh)),
      groupDomain: context.groupDomain,
      groupColours: context.groupColours,
    },
    { differential: rows },
    context.theme.config,
  );
  return { name: 'differential', spec };
}

/** [10th percentile, 90th percentile] widened by 15 % each side. */
export function robustDomain(values: readonly unknown[]): [number, number] {
  const sorted = values.filter((value): value is number => typeof value === 'number').sort((a, b) => a - b);
  if (sorted.length === 0) return [0, 1];
  const at = (fraction: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(fraction * (sorted.length - 1)))]!;
  const low = at(0.1);
  const high = at(0.9);
  const margin = (high - low) * 0.15 || Math.abs(high) * 0.1 || 1;
  return [Number((low - margin).toPrecision(4)), Number((high + margin).toPrecision(4))];
}
