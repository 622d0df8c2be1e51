/**
 * The summary page's content, from report.json alone: the comparison table (baseline vs each
 * other group per type and temperature, with deltas and replicate spread) and the findings,
 * sentences written from the same numbers with the templates' wording.
 */
import type { ComparisonEntry, Results } from '../core/results.ts';
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
    if (cell.softShorts.length === 0) continue;
    const first = Math.min(...cell.softShorts.map((stage) => stage.cycle));
    const stages = [...new Set(cell.softShorts.map((stage) => stage.stage))].join(', ');
    sentences.push(
      fillText(wording.findings.softShort, {
        cycle: first,
        cell: cell.id,
        group: cell.group,
        temperature: cell.temperatureC,
        stages,
      }),
    );
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
