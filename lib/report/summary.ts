/**
 * The summary page's content, from report.json alone: the comparison table (baseline vs each
 * other group per type and temperature, with deltas and replicate spread) and the findings,
 * sentences written from the same numbers with the templates' wording.
 */
import type { CellResult, ComparisonEntry, Results } from '../core/results.ts';
import { fallbackMetric, formatDelta, formatMetricValue, formatNumber, roundsToZero } from './format.ts';
import { fillText, type MetricWording, type Wording } from './wording.ts';

export interface ComparisonRow {
  metric: string;
  cells: string;
  temperature: string;
  baseline: string;
  group: string;
  value: string;
  delta: string;
  /** Sign of the delta (for colour), 0 when it rounds to zero or is missing. */
  direction: -1 | 0 | 1;
}

export function metricWording(wording: Wording, metric: string): MetricWording {
  return wording.metrics[metric] ?? fallbackMetric(metric);
}

/** Entries of the metrics the layout lists, in its order, then by type and temperature. */
export function summaryEntries(results: Results, metrics: readonly string[]): ComparisonEntry[] {
  const rank = (entry: ComparisonEntry) => metrics.indexOf(entry.metric);
  const typeRank = (entry: ComparisonEntry) => ['half', 'full', 'symmetric'].indexOf(entry.type);
  return results.comparison
    .filter((entry) => rank(entry) >= 0)
    .sort(
      (a, b) =>
        rank(a) - rank(b) ||
        typeRank(a) - typeRank(b) ||
        (a.temperatureC ?? -Infinity) - (b.temperatureC ?? -Infinity),
    );
}

function withSpread(
  value: number | null,
  spread: { n: number; standardDeviation: number | null } | null | undefined,
  metric: MetricWording,
  wording: Wording,
): string {
  if (value === null || !spread || spread.n < 2 || spread.standardDeviation === null) {
    return formatMetricValue(value, metric);
  }
  return fillText(wording.summary.spread, {
    value: formatNumber(value, metric),
    sd: `${formatNumber(spread.standardDeviation, metric)}${metric.unit}`,
    n: spread.n,
  });
}

export function comparisonRows(entries: readonly ComparisonEntry[], wording: Wording): ComparisonRow[] {
  return entries.flatMap((entry) => {
    const metric = metricWording(wording, entry.metric);
    const baseline = withSpread(entry.baseline.value, entry.baseline.spread, metric, wording);
    return entry.others.map((other) => ({
      metric: metric.label,
      cells: wording.cellTypes[entry.type] ?? entry.type,
      temperature: entry.temperatureC === null ? '–' : String(entry.temperatureC),
      baseline,
      group: other.group,
      value: withSpread(other.value, other.spread, metric, wording),
      delta: formatDelta(other.delta, metric),
      direction: other.delta === null || roundsToZero(other.delta, metric) ? 0 : other.delta > 0 ? 1 : -1,
    }));
  });
}

/** One sentence per compared metric marked `finding`, then soft shorts and OCV behaviour. */
export function findings(results: Results, entries: readonly ComparisonEntry[], wording: Wording): string[] {
  const sentences: string[] = [];
  for (const entry of entries) {
    const metric = metricWording(wording, entry.metric);
    if (!metric.finding || entry.baseline.value === null) continue;
    for (const other of entry.others) {
      if (other.value === null || other.delta === null) continue;
      const template = roundsToZero(other.delta, metric)
        ? wording.findings.unchanged
        : other.delta > 0
          ? wording.findings.raises
          : wording.findings.lowers;
      sentences.push(
        fillText(template, {
          group: other.group,
          metric: metric.label,
          baseline: formatMetricValue(entry.baseline.value, metric),
          value: formatMetricValue(other.value, metric),
          delta: formatDelta(other.delta, metric),
          type: wording.cellTypes[entry.type] ?? entry.type,
          temperature: entry.temperatureC ?? '–',
        }),
      );
    }
  }
  for (const cell of results.cells) {
    const sentence = softShortFinding(cell, wording);
    if (sentence) sentences.push(sentence);
  }
  for (const cell of results.cells) {
    if (!cell.ocv) continue;
    const onset = cell.ocv.driftOnset_h;
    sentences.push(
      onset === null
        ? fillText(wording.findings.ocvStable, {
            cell: cell.id,
            group: cell.group,
            hours: cell.ocv.restDuration_h.toFixed(0),
          })
        : fillText(wording.findings.ocvDrift, { cell: cell.id, group: cell.group, onset: onset.toFixed(0) }),
    );
  }
  return sentences;
}

/**
 * What the soft-short detection found in one cell, in one sentence: the first cycle, how many
 * events in which charges, how many the stack pressure confirms (confidence), the size of the
 * voltage and pressure falls, and charges that never complete. Null when the cell has none.
 */
export function softShortFinding(cell: CellResult, wording: Wording): string | null {
  const entries = cell.softShorts;
  if (entries.length === 0) return null;
  const text = wording.findings;
  const cycles = [...new Set(entries.map((entry) => entry.cycle))].sort((a, b) => a - b);
  const high = entries.filter((entry) => entry.confidence === 'high').length;
  const lower = entries.length - high;
  const confidence =
    lower === 0
      ? text.softShortConfidence.allHigh
      : high === 0
        ? text.softShortConfidence.allLower
        : fillText(text.softShortConfidence.mixed, { high, lower });
  const voltageFalls = entries.flatMap((entry) => (entry.magnitude_mV === null ? [] : [entry.magnitude_mV]));
  const pressureFalls = entries.flatMap((entry) =>
    entry.magnitude_MPa === null ? [] : [entry.magnitude_MPa],
  );
  const magnitudes =
    voltageFalls.length === 0
      ? ''
      : fillText(text.softShortMagnitudes, { voltage: valueRange(voltageFalls, 1) }) +
        (pressureFalls.length === 0
          ? ''
          : fillText(text.softShortPressureMagnitudes, { pressure: valueRange(pressureFalls, 3) }));
  const incomplete = [
    ...new Set(
      entries.filter((entry) => entry.evidenceCodes.includes('incompleteCharge')).map((entry) => entry.cycle),
    ),
  ];
  return fillText(text.softShort, {
    cycle: cycles[0]!,
    cell: cell.id,
    group: cell.group,
    temperature: cell.temperatureC,
    events: fillText(entries.length === 1 ? text.softShortEvents.one : text.softShortEvents.many, {
      count: entries.length,
    }),
    charges: fillText(cycles.length === 1 ? text.softShortCharges.one : text.softShortCharges.many, {
      cycles: cycleRuns(cycles),
    }),
    confidence,
    magnitudes,
    incomplete:
      incomplete.length === 0 ? '' : fillText(text.softShortIncomplete, { cycles: cycleRuns(incomplete) }),
  });
}

/** "54.9–68.4" (or one value) at `decimals`. */
function valueRange(values: readonly number[], decimals: number): string {
  const low = Math.min(...values).toFixed(decimals);
  const high = Math.max(...values).toFixed(decimals);
  return low === high ? low : `${low}–${high}`;
}

/** Sorted cycle numbers with consecutive runs joined: [7, 8, 9, 12] → "7–9, 12". */
export function cycleRuns(cycles: readonly number[]): string {
  const runs: string[] = [];
  let start = 0;
  for (let index = 1; index <= cycles.length; index++) {
    if (index < cycles.length && cycles[index] === cycles[index - 1]! + 1) continue;
    const first = cycles[start]!;
    const last = cycles[index - 1]!;
    runs.push(last === first ? String(first) : last === first + 1 ? `${first}, ${last}` : `${first}–${last}`);
    start = index;
  }
  return runs.join(', ');
}
