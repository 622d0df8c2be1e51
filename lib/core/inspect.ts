/**
 * What `cellreport inspect` says about one file: the series as its reader saw it, in a few numbers
 * (DESIGN §3.4), and the steps cellreport finds in its current.
 */
import { segmentSteps } from './cycling/steps.ts';
import type { DataIssue } from './issues.ts';
import type { CanonicalSeries, ColumnMapping } from './series.ts';

export interface SeriesSummary {
  format: string;
  formatVersion: string | null;
  instrument: string | null;
  rows: number;
  columns: ColumnMapping[];
  start: string | null;
  startTimeZoneKnown: boolean;
  timeSpan_s: number | null;
  voltage_V: { min: number; max: number } | null;
  current_A: { min: number; max: number } | null;
  /** Distinct instrument cycle numbers, when the file has a cycle column. */
  cycles: number | null;
  /** Instrument steps (changes of the step number), when the file has a step column. */
  steps: number | null;
  /** Steps cellreport detects from the current, by kind (rest, CC/CV charge/discharge); null without current. */
  detectedSteps: Record<string, number> | null;
  /** Impedance points and frequency range when the file holds spectra. */
  impedance: { points: number; minFrequency_Hz: number; maxFrequency_Hz: number } | null;
  auxChannels: { name: string; quantity: string }[];
  issues: DataIssue[];
}

export function summarizeSeries(series: CanonicalSeries): SeriesSummary {
  const { rows } = series;
  return {
    format: series.provenance.format,
    formatVersion: series.provenance.formatVersion,
    instrument: series.provenance.instrument,
    rows,
    columns: series.provenance.columns,
    start: series.startTime,
    startTimeZoneKnown: series.startTimeZoneKnown,
    timeSpan_s: rows > 0 ? series.time_s[rows - 1]! - series.time_s[0]! : null,
    voltage_V: finiteRange(series.voltage_V),
    current_A: finiteRange(series.current_A),
    cycles: series.cycleIndex ? new Set(series.cycleIndex).size : null,
    steps: series.stepIndex ? countChanges(series.stepIndex) : null,
    detectedSteps: detectedSteps(series),
    impedance: impedanceSummary(series),
    auxChannels: series.aux.map((channel) => ({ name: channel.name, quantity: channel.quantity })),
    issues: series.issues,
  };
}

function finiteRange(values: Float64Array | null): { min: number; max: number } | null {
  if (!values) return null;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const value of values) {
    if (value < min) min = value;
    if (value > max) max = value;
  }
  return min <= max ? { min, max } : null;
}

function detectedSteps(series: CanonicalSeries): Record<string, number> | null {
  if (!series.current_A || series.impedance) return null;
  const counts: Record<string, number> = {};
  for (const step of segmentSteps(series).steps) counts[step.kind] = (counts[step.kind] ?? 0) + 1;
  return counts;
}

function countChanges(values: Int32Array): number {
  if (values.length === 0) return 0;
  let changes = 1;
  for (let row = 1; row < values.length; row++) if (values[row] !== values[row - 1]) changes++;
  return changes;
}

function impedanceSummary(series: CanonicalSeries): SeriesSummary['impedance'] {
  if (!series.impedance) return null;
  const range = finiteRange(series.impedance.frequency_Hz);
  if (!range) return null;
  return {
    points: series.impedance.frequency_Hz.length,
    minFrequency_Hz: range.min,
    maxFrequency_Hz: range.max,
  };
}
