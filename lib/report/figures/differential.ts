/**
 * Figure (appendix): dV/dQ vs capacity of the first charges of every cell, one panel per cell,
 * cycles by dash as in the voltage profiles. The first and last 5 % of each charge are left out:
 * dV/dQ runs off there (the start of the charge and the cut-off) and would flatten the rest.
 * The soft-short figure shows the charges around a soft short in full.
 */
import { figureTemplate, type Json } from '../templates.ts';
import { fillText, type Wording } from '../wording.ts';
import { curveRows, displayOrder, type FigureContext } from './context.ts';
import type { BuiltFigure } from './figure.ts';
import { completeSpec, type Row } from './fill.ts';
import { panelName } from './half-cell-profiles.ts';

const CYCLES_DRAWN = 3;
const EDGE_SHARE = 0.05;

export function differential(context: FigureContext, wording: Wording): BuiltFigure | null {
  const charges = (cellId: string) =>
    (context.curvesByCell.get(cellId)?.differential ?? [])
      .filter((curve) => curve.half === 'charge' && curve.cycle <= CYCLES_DRAWN)
      .sort((a, b) => a.cycle - b.cycle);
  const cells = displayOrder(
    context,
    context.cells.filter((cell) => charges(cell.id).length > 0),
  );
  if (cells.length === 0) return null;
  const template = figureTemplate('differential') as { spec: { width: number } };
  const rows: Row[] = [];
  const panels = cells.map((cell) => panelName(cell, wording.figureLabels.panelCell));
  cells.forEach((cell, index) => {
    for (const curve of charges(cell.id)) {
      const kept = withoutEdges(curve.capacity_mAh);
      rows.push(
        ...curveRows(
          context,
          kept.map((row) => curve.capacity_mAh[row]!),
          kept.map((row) => curve.dVdQ_V_per_mAh[row]!),
          { x: 'capacity_mAh', y: 'dVdQ_V_per_mAh' },
          {
            panel: panels[index]!,
            group: cell.group,
            cycle: fillText(wording.figureLabels.cycle, { cycle: curve.cycle }),
          },
          null,
          template.spec.width,
        ),
      );
    }
  });
  const spec = completeSpec(
    template as unknown as Json,
    {
      panelOrder: panels,
      cycleDomain: Array.from({ length: CYCLES_DRAWN }, (_, index) =>
        fillText(wording.figureLabels.cycle, { cycle: index + 1 }),
      ),
      groupDomain: context.groupDomain,
      groupColours: context.groupColours,
    },
    { differential: rows },
    context.theme.config,
  );
  return { name: 'differential', spec };
}

/** Rows whose capacity lies inside the middle (1 − 2 × EDGE_SHARE) of the curve's range. */
function withoutEdges(capacity_mAh: readonly number[]): number[] {
  const first = Math.min(...capacity_mAh);
  const span = Math.max(...capacity_mAh) - first;
  const rows: number[] = [];
  capacity_mAh.forEach((capacity, row) => {
    const share = span > 0 ? (capacity - first) / span : 0.5;
    if (share >= EDGE_SHARE && share <= 1 - EDGE_SHARE) rows.push(row);
  });
  return rows;
}
