/**
 * Figure: voltage and stack-pressure change vs time, one row per cell with a pressure record;
 * soft-short stages shaded. A stage lasts from its `time_s` to the next stage's (the last one
 * to the end of the record).
 */
import type { CellResult } from '../../core/results.ts';
import { downsampleMinMax } from '../downsample.ts';
import { figureTemplate } from '../templates.ts';
import { fillText, type Wording } from '../wording.ts';
import { displayOrder, drawn, type FigureContext } from './context.ts';
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
    const budget = Math.floor(context.theme.drawnPointsPerPanel / 2);
    const voltage = downsampleMinMax(curve.time_h, curve.voltage_V, budget);
    const change = downsampleMinMax(curve.time_h, curve.pressureChange_MPa, budget);
    voltage.x.forEach((time, index) => {
      rows.push({
        kind: 'voltage',
        panel,
        group: cell.group,
        time_h: drawn(time),
        voltage_V: drawn(voltage.y[index]!),
        order: index,
      });
    });
    change.x.forEach((time, index) => {
      rows.push({
        kind: 'pressure',
        panel,
        time_h: drawn(time),
        pressureChange_MPa: drawn(change.y[index]!),
        order: index,
      });
    });
    rows.push(...stageRows(cell, panel, curve.time_h.at(-1)!));
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

function stageRows(cell: CellResult, panel: string, recordEnd_h: number): Row[] {
  const stages = [...cell.softShorts].sort((a, b) => a.time_s - b.time_s);
  return stages.map((stage, index) => ({
    kind: 'stage',
    panel,
    stage: stage.stage,
    cycle: stage.cycle,
    start_h: drawn(stage.time_s / 3600),
    end_h: drawn(index + 1 < stages.length ? stages[index + 1]!.time_s / 3600 : recordEnd_h),
  }));
}
