/** Figure: half-cell voltage profiles of the first two cycles, one panel per cell, ICE and CE written in. */
import type { CellResult } from '../../core/results.ts';
import { figureTemplate } from '../templates.ts';
import { fillText, type Wording } from '../wording.ts';
import { curveRows, displayOrder, type FigureContext, formatPercent } from './context.ts';
import type { BuiltFigure } from './figure.ts';
import { completeSpec, type Row } from './fill.ts';

const CYCLES_DRAWN = 2;

export function halfCellProfiles(context: FigureContext, wording: Wording): BuiltFigure | null {
  const cells = displayOrder(
    context,
    context.cells.filter(
      (cell) => cell.type === 'half' && (context.curvesByCell.get(cell.id)?.profiles.length ?? 0) > 0,
    ),
  );
  if (cells.length === 0) return null;
  const labels = wording.figureLabels;
  const rows: Row[] = [];
  const panels = cells.map((cell) => panelName(cell, labels.panelCell));
  cells.forEach((cell, index) => {
    const panel = panels[index]!;
    const perArea = cell.areaCm2 > 0 ? cell.areaCm2 : 1;
    for (const profile of context.curvesByCell.get(cell.id)!.profiles) {
      if (profile.cycle > CYCLES_DRAWN) continue;
      const capacity = profile.capacity_mAh.map((value) => value / perArea);
      rows.push(
        ...curveRows(
          context,
          capacity,
          profile.voltage_V,
          { x: 'capacity', y: 'voltage_V' },
          {
            kind: 'curve',
            panel,
            group: cell.group,
            cycle: `cycle ${profile.cycle}`,
            series: `${profile.cycle}-${profile.half}`,
          },
        ),
      );
    }
    rows.push({ kind: 'label', panel, text: ceLabels(cell, wording) });
  });
  const spec = completeSpec(
    figureTemplate('half-cell-profiles'),
    {
      panelOrder: panels,
      capacityTitle: labels.capacityArea,
      groupDomain: context.groupDomain,
      groupColours: context.groupColours,
    },
    { profiles: rows },
    context.theme.config,
  );
  return { name: 'half-cell-profiles', spec };
}

export function panelName(cell: CellResult, template: string): string {
  return fillText(template, { cell: cell.id, group: cell.group, temperature: cell.temperatureC });
}

function ceLabels(cell: CellResult, wording: Wording): string[] {
  const labels = [
    fillText(wording.figureLabels.initialCe, { value: formatPercent(cell.initialCoulombicEfficiency) }),
  ];
  for (const cycle of cell.cycles.slice(1, CYCLES_DRAWN)) {
    labels.push(
      fillText(wording.figureLabels.cycleCe, {
        cycle: cycle.index,
        value: formatPercent(cycle.coulombicEfficiency),
      }),
    );
  }
  return labels;
}
