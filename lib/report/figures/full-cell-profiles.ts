/**
 * Figure: full-cell voltage profiles of the first cycles, one panel per cell, rows by
 * temperature with the baseline on the left, the CE of each drawn cycle in the panel's header.
 */
import type { CellResult } from '../../core/results.ts';
import { figureTemplate } from '../templates.ts';
import { fillText, type Wording } from '../wording.ts';
import { curveRows, displayOrder, type FigureContext, formatPercent } from './context.ts';
import type { BuiltFigure } from './figure.ts';
import { completeSpec, type Row } from './fill.ts';
import { panelName } from './half-cell-profiles.ts';

const CYCLES_DRAWN = 3;

export function fullCellProfiles(context: FigureContext, wording: Wording): BuiltFigure | null {
  const cells = displayOrder(
    context,
    context.cells.filter(
      (cell) => cell.type === 'full' && (context.curvesByCell.get(cell.id)?.profiles.length ?? 0) > 0,
    ),
  );
  if (cells.length === 0) return null;
  const labels = wording.figureLabels;
  const specific = cells.every((cell) => cell.activeMassMg !== null && cell.activeMassMg > 0);
  const rows: Row[] = [];
  const panels = cells.map((cell) => {
    const ces = cell.cycles
      .slice(0, CYCLES_DRAWN)
      .map((cycle) => formatPercent(cycle.coulombicEfficiency).replace(' %', ''));
    const ceLine = fillText(labels.panelCe, { values: `${ces.join(' · ')} %`, cycles: ces.length });
    // Two header lines (split by the template's labelExpr): the cell, then its CE per drawn cycle.
    return `${panelName(cell, labels.panelCell)}\n${ceLine}`;
  });
  cells.forEach((cell, index) => {
    const panel = panels[index]!;
    const divisor = capacityDivisor(cell, specific);
    for (const profile of context.curvesByCell.get(cell.id)!.profiles) {
      if (profile.cycle > CYCLES_DRAWN) continue;
      const capacity = profile.capacity_mAh.map((value) => value / divisor);
      rows.push(
        ...curveRows(
          context,
          capacity,
          profile.voltage_V,
          { x: 'capacity', y: 'voltage_V' },
          {
            panel,
            group: cell.group,
            cycle: `cycle ${profile.cycle}`,
            series: `${profile.cycle}-${profile.half}`,
          },
        ),
      );
    }
  });
  const spec = completeSpec(
    figureTemplate('full-cell-profiles'),
    {
      panelOrder: panels,
      capacityTitle: specific ? labels.capacitySpecific : labels.capacityArea,
      cycleDomain: Array.from({ length: CYCLES_DRAWN }, (_, index) => `cycle ${index + 1}`),
      groupDomain: context.groupDomain,
      groupColours: context.groupColours,
    },
    { profiles: rows },
    context.theme.config,
  );
  return { name: 'full-cell-profiles', spec };
}

/** mAh → mAh/g (active mass in g) when every cell states its mass, else mAh/cm². */
function capacityDivisor(cell: CellResult, specific: boolean): number {
  if (specific) return cell.activeMassMg! / 1000;
  return cell.areaCm2 > 0 ? cell.areaCm2 : 1;
}
