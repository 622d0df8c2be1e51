/** Figure: linear sweep voltammetry per cell, onset potential marked. */
import { figureTemplate } from '../templates.ts';
import { fillText, type Wording } from '../wording.ts';
import { curveRows, displayOrder, drawn, type FigureContext } from './context.ts';
import type { BuiltFigure } from './figure.ts';
import { completeSpec, type Row } from './fill.ts';

export function lsv(context: FigureContext, wording: Wording): BuiltFigure | null {
  const rows: Row[] = [];
  let onsets = 0;
  for (const cell of displayOrder(context, context.cells)) {
    const curve = context.curvesByCell.get(cell.id)?.lsv;
    if (!curve || curve.potential_V.length === 0) continue;
    rows.push(
      ...curveRows(
        context,
        curve.potential_V,
        curve.currentDensity_mA_cm2,
        { x: 'potential_V', y: 'currentDensity_mA_cm2' },
        {
          kind: 'curve',
          cell: cell.id,
          group: cell.group,
        },
      ),
    );
    if (curve.onsetPotential_V !== null) {
      rows.push({
        kind: 'onset',
        cell: cell.id,
        group: cell.group,
        potential_V: drawn(curve.onsetPotential_V),
        // Labels stacked one line apart from the top of the plot, so neighbouring onsets stay legible.
        labelY_px: 4 + 11 * onsets++,
        text: fillText(wording.figureLabels.onsetPotential, {
          cell: cell.id,
          value: curve.onsetPotential_V.toFixed(2),
        }),
      });
    }
  }
  if (rows.length === 0) return null;
  const spec = completeSpec(
    figureTemplate('lsv'),
    { groupDomain: context.groupDomain, groupColours: context.groupColours },
    { lsv: rows },
    context.theme.config,
  );
  return { name: 'lsv', spec };
}
