/**
 * Figure: voltage and stack-pressure change vs time over the whole test, one row per cell with a
 * pressure record. Both series share the cycler's time base, so one row holds both and the
 * per-pixel reduction keeps the extremes of each.
 */
import { figureTemplate } from '../templates.ts';
import { fillText, type Wording } from '../wording.ts';
import { displayOrder, drawn, drawnRows, type FigureContext } from './context.ts';
import type { BuiltFigure } from './figure.ts';
import { completeSpec, type Row } from './fill.ts';

export function pressure(context: FigureContext, wording: Wording): BuiltFigure | null {
  const rows: Row[] = [];
  const panels: string[] = [];
  for (const cell of displayOrder(context, context.cells)) {
    const curve = context.curvesByCell.get(cell.id)?.pressure;
    if (!curve || curve.time_h.length === 0) continue;
    const panel = fillText(wording.figureLabels.panelCell, {
      cell: cell.id,
      group: cell.group,
      temperature: cell.temperatureC,
    });
    panels.push(panel);
    const kept = drawnRows(context, curve.time_h, [curve.voltage_V, curve.pressureChange_MPa]);
    kept.forEach((row, order) => {
      rows.push({
        panel,
        group: cell.group,
        time_h: drawn(curve.time_h[row]!),
        voltage_V: drawn(curve.voltage_V[row]!),
        pressureChange_MPa: drawn(curve.pressureChange_MPa[row]!),
        order,
      });
    });
  }
  if (panels.length === 0) return null;
  const spec = completeSpec(
    figureTemplate('pressure'),
    {
      panelOrder: panels,
      groupDomain: context.groupDomain,
      groupColours: context.groupColours,
      secondaryColour: context.theme.secondaryColour,
    },
    { pressure: rows },
    context.theme.config,
  );
  return { name: 'pressure', spec };
}
