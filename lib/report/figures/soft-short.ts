/**
 * Figure: soft shorts (the LBHI paper's Fig. 4b, 4c, 5a), one block per cell whose analysis found
 * any (`curves.softShort`): dV/dQ of the last healthy charge and every shorted charge coloured by
 * cycle; voltage and ΔP vs time from the last healthy cycle on with the stage windows shaded; and
 * the first shorted charge on its own, its stages labelled I–IV.
 */
import type { SoftShortCurves } from '../../core/job/pressure.ts';
import type { CellResult } from '../../core/results.ts';
import { figureTemplate, type Json } from '../templates.ts';
import { fillText, type Wording } from '../wording.ts';
import { curveRows, displayOrder, drawn, drawnRows, type FigureContext } from './context.ts';
import type { BuiltFigure } from './figure.ts';
import { fillPlaceholders, type Row } from './fill.ts';
import { panelName } from './half-cell-profiles.ts';

/** Share of each charge's capacity left out at both ends when setting the dV/dQ range (cut-off spikes). */
const DVDQ_EDGE = 0.05;

export function softShort(context: FigureContext, wording: Wording): BuiltFigure | null {
  const cells = displayOrder(
    context,
    context.cells.filter((cell) => context.curvesByCell.get(cell.id)?.softShort),
  );
  if (cells.length === 0) return null;
  const blockTemplate = figureTemplate('soft-short-cell');
  const datasets: Record<string, Row[]> = {};
  const blocks = cells.map((cell, index) => {
    const curves = context.curvesByCell.get(cell.id)!.softShort!;
    const dataName = `softShort${index + 1}`;
    const firstShorted = firstShortedCycle(cell, curves);
    const cycles = [...curves.differential].sort((a, b) => a.cycle - b.cycle);
    const labels = wording.figureLabels;
    const cycleLabel = (cycle: number) =>
      fillText(cycle < firstShorted ? labels.healthyCycle : labels.cycle, { cycle });
    const rows: Row[] = [];
    const domain = dvdqDomain(cycles);
    for (const curve of cycles)
      rows.push(
        ...curveRows(
          context,
          curve.capacity_mAh,
          curve.dVdQ_V_per_mAh,
          { x: 'capacity_mAh', y: 'dVdQ_V_per_mAh' },
          { kind: 'dvdq', cycle: cycleLabel(curve.cycle) },
          domain,
        ),
      );
    const overview = timeRows(
      context,
      curves.voltagePressure,
      'line',
      0,
      curves.voltagePressure.time_h.length,
    );
    rows.push(...overview.rows);
    rows.push(...stageRows(curves, 'stage', null), ...cycleLabelRows(curves, labels.cycle));
    const zoomCycle = curves.stages[0]?.cycle ?? firstShorted;
    const zoom = zoomRange(curves, zoomCycle);
    const zoomRows = rowRange(curves.voltagePressure.time_h, zoom);
    rows.push(...timeRows(context, curves.voltagePressure, 'zoom', zoomRows.from, zoomRows.to).rows);
    rows.push(...stageRows(curves, 'zoomStage', zoomCycle));
    datasets[dataName] = rows;
    const shortedCycles = cycles.filter((curve) => curve.cycle >= firstShorted).map((curve) => curve.cycle);
    const block = fillPlaceholders(blockTemplate, {
      title: panelName(cell, labels.panelCell),
      dataName,
      dvdqTitle: labels.softShortDvdq,
      overviewTitle: fillText(labels.softShortOverview, { cycle: cycles[0]?.cycle ?? firstShorted }),
      zoomTitle: fillText(labels.softShortZoom, { cycle: zoomCycle }),
      dvdqDomain: domain,
      cycleDomain: cycles.map((curve) => cycleLabel(curve.cycle)),
      cycleColours: cycles.map((curve) =>
        curve.cycle < firstShorted
          ? context.theme.healthyCycleColour
          : spreadColour(
              context.theme.cycleColours,
              shortedCycles.indexOf(curve.cycle),
              shortedCycles.length,
            ),
      ),
      stageColours: context.theme.stageColours,
      groupColour:
        context.groupColours[context.groupDomain.indexOf(cell.group)] ?? context.theme.secondaryColour,
      secondaryColour: context.theme.secondaryColour,
    });
    return overview.hasPressure ? block : withoutPressureLayers(block);
  });
  const outer = fillPlaceholders(figureTemplate('soft-short'), { cells: blocks }) as Record<string, Json>;
  return { name: 'soft-short', spec: { ...outer, config: context.theme.config, datasets } };
}

function firstShortedCycle(cell: CellResult, curves: SoftShortCurves): number {
  const cycles = [
    ...cell.softShorts.map((entry) => entry.cycle),
    ...curves.stages.map((stage) => stage.cycle),
  ];
  return cycles.length > 0 ? Math.min(...cycles) : Number.POSITIVE_INFINITY;
}

/** Voltage and ΔP rows of [from, to), reduced per pixel keeping the extremes of both. */
function timeRows(
  context: FigureContext,
  curve: SoftShortCurves['voltagePressure'],
  kind: string,
  from: number,
  to: number,
): { rows: Row[]; hasPressure: boolean } {
  const time = curve.time_h.slice(from, to);
  const voltage = curve.voltage_V.slice(from, to);
  const pressure = curve.pressureChange_MPa.slice(from, to);
  const kept = drawnRows(context, time, [voltage, pressure]);
  let hasPressure = false;
  const rows = kept.map((row, order) => {
    const change = pressure[row];
    if (change !== null && change !== undefined) hasPressure = true;
    return {
      kind,
      time_h: drawn(time[row]!),
      voltage_V: drawn(voltage[row]!),
      pressureChange_MPa: change === null || change === undefined ? null : drawn(change),
      order,
    };
  });
  return { rows, hasPressure };
}

function stageRows(curves: SoftShortCurves, kind: string, cycle: number | null): Row[] {
  return curves.stages
    .filter((stage) => cycle === null || stage.cycle === cycle)
    .map((stage) => ({
      kind,
      cycle: stage.cycle,
      stage: stage.stage,
      start_h: drawn(stage.start_h),
      end_h: drawn(stage.end_h),
      middle_h: drawn((stage.start_h + stage.end_h) / 2),
    }));
}

/** The cycle number over the middle of each shorted charge's stage windows. */
function cycleLabelRows(curves: SoftShortCurves, template: string): Row[] {
  const spans = new Map<number, { start: number; end: number }>();
  for (const stage of curves.stages) {
    const span = spans.get(stage.cycle) ?? { start: stage.start_h, end: stage.end_h };
    spans.set(stage.cycle, {
      start: Math.min(span.start, stage.start_h),
      end: Math.max(span.end, stage.end_h),
    });
  }
  return [...spans].map(([cycle, span]) => ({
    kind: 'cycleLabel',
    label: fillText(template, { cycle }),
    time_h: drawn((span.start + span.end) / 2),
  }));
}

function zoomRange(curves: SoftShortCurves, cycle: number): [number, number] {
  const windows = curves.stages.filter((stage) => stage.cycle === cycle);
  const times = curves.voltagePressure.time_h;
  if (windows.length === 0) return [times[0] ?? 0, times.at(-1) ?? 1];
  return [
    Math.min(...windows.map((stage) => stage.start_h)),
    Math.max(...windows.map((stage) => stage.end_h)),
  ];
}

/** Rows [from, to) of a sorted time axis inside `range`. */
function rowRange(time_h: readonly number[], [start, end]: [number, number]): { from: number; to: number } {
  let from = 0;
  while (from < time_h.length && time_h[from]! < start) from++;
  let to = from;
  while (to < time_h.length && time_h[to]! <= end) to++;
  return { from, to };
}

/**
 * The y range of the dV/dQ panel: the extremes over the middle 90 % of each charge's capacity
 * (dV/dQ runs off at the start and at the cut-off), widened by 8 %. Curves are clipped to it.
 */
export function dvdqDomain(
  curves: readonly { capacity_mAh: number[]; dVdQ_V_per_mAh: number[] }[],
): [number, number] {
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (const curve of curves) {
    const capacities = curve.capacity_mAh;
    const first = Math.min(...capacities);
    const span = Math.max(...capacities) - first;
    capacities.forEach((capacity, index) => {
      const share = span > 0 ? (capacity - first) / span : 0.5;
      const value = curve.dVdQ_V_per_mAh[index]!;
      if (share < DVDQ_EDGE || share > 1 - DVDQ_EDGE || !Number.isFinite(value)) return;
      low = Math.min(low, value);
      high = Math.max(high, value);
    });
  }
  if (!(high > low)) return [0, 1];
  const margin = (high - low) * 0.08;
  return [Number((low - margin).toPrecision(4)), Number((high + margin).toPrecision(4))];
}

/** The colour of the `index`-th of `count` items, spread evenly over `palette`. */
function spreadColour(palette: readonly string[], index: number, count: number): string {
  if (count <= 1) return palette[0]!;
  const position = Math.round((index * (palette.length - 1)) / (count - 1));
  return palette[Math.min(palette.length - 1, position)]!;
}

/** The block without its ΔP layers, for a cell whose soft shorts were found without a pressure log. */
function withoutPressureLayers(block: Json): Json {
  if (Array.isArray(block)) return block.map(withoutPressureLayers);
  if (block && typeof block === 'object') {
    const result: Record<string, Json> = {};
    for (const [key, value] of Object.entries(block)) {
      result[key] =
        key === 'layer' && Array.isArray(value)
          ? value
              .filter((layer) => (layer as Record<string, Json>).description !== 'ΔP')
              .map(withoutPressureLayers)
          : withoutPressureLayers(value);
    }
    return result;
  }
  return block;
}
