/**
 * Figure: CE and specific discharge capacity vs cycle for every cell, one column per cell type
 * and temperature; thin lines per cell, a band of the group's mean ± 1 SD over replicates.
 */
import type { CellResult } from '../../core/results.ts';
import { figureTemplate } from '../templates.ts';
import { fillText, type Wording } from '../wording.ts';
import { displayOrder, drawn, type FigureContext } from './context.ts';
import type { BuiltFigure } from './figure.ts';
import { completeSpec, type Row } from './fill.ts';

/** Width of the facet row, in figure pixels, shared by the columns. */
const ROW_WIDTH = 400;

export function cyclingSummary(context: FigureContext, wording: Wording): BuiltFigure | null {
  const cells = displayOrder(
    context,
    context.cells.filter((cell) => cell.cycles.length > 0),
  ).sort((a, b) => typeRank(a) - typeRank(b));
  if (cells.length === 0) return null;
  const conditions: string[] = [];
  const rows: Row[] = [];
  for (const cell of cells) {
    const condition = conditionName(cell, wording);
    if (!conditions.includes(condition)) conditions.push(condition);
    for (const cycle of cell.cycles) {
      rows.push({
        cell: cell.id,
        group: cell.group,
        condition,
        cycle: cycle.index,
        ce_percent: cycle.coulombicEfficiency === null ? null : drawn(cycle.coulombicEfficiency * 100),
        capacity_mAh_g:
          cycle.dischargeSpecificCapacity_mAh_g === null
            ? null
            : drawn(cycle.dischargeSpecificCapacity_mAh_g),
      });
    }
  }
  const spec = completeSpec(
    figureTemplate('cycling-summary'),
    {
      conditionOrder: conditions,
      panelWidth: Math.floor(ROW_WIDTH / conditions.length) - 12,
      groupDomain: context.groupDomain,
      groupColours: context.groupColours,
    },
    { cycles: rows },
    context.theme.config,
  );
  return { name: 'cycling-summary', spec };
}

function typeRank(cell: CellResult): number {
  return ['half', 'full', 'symmetric'].indexOf(cell.type);
}

export function conditionName(cell: CellResult, wording: Wording): string {
  return fillText(wording.figureLabels.condition, {
    type: wording.cellTypes[cell.type] ?? cell.type,
    temperature: cell.temperatureC,
  });
}
