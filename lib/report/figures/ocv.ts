/** Figure: OCV vs time after plating for every cell that has one, drift onset marked. */
import { figureTemplate } from '../templates.ts';
import { fillText, type Wording } from '../wording.ts';
import { curveRows, displayOrder, drawn, type FigureContext } from './context.ts';
import type { BuiltFigure } from './figure.ts';
import { completeSpec, type Row } from './fill.ts';
import { panelName } from './half-cell-profiles.ts';

export function ocv(context: FigureContext, wording: Wording): BuiltFigure | null {
  const rows: Row[] = [];
  const panels: string[] = [];
  for (const cell of displayOrder(context, context.cells)) {
    const curve = context.curvesByCell.get(cell.id)?.ocv;
    if (!curve || curve.time_h.length === 0) continue;
    const panel = panelName(cell, wording.figureLabels.panelCell);
    panels.push(panel);
    rows.push(
      ...curveRows(
        context,
        curve.time_h,
        curve.voltage_V,
        { x: 'time_h', y: 'voltage_V' },
        {
          kind: 'curve',
          panel,
          group: cell.group,
        },
      ),
    );
    if (curve.driftOnset_h !== null) {
      rows.push({
        kind: 'onset',
        panel,
        group: cell.group,
        time_h: drawn(curve.driftOnset_h),
        text: fillText(wording.figureLabels.driftOnset, {
          cell: cell.id,
          value: curve.driftOnset_h.toFixed(0),
        }),
      });
    }
  }
  if (rows.length === 0) return null;
  const spec = completeSpec(
    figureTemplate('ocv'),
    { panelOrder: panels, groupDomain: context.groupDomain, groupColours: context.groupColours },
    { ocv: rows },
    context.theme.config,
  );
  return { name: 'ocv', spec };
}
