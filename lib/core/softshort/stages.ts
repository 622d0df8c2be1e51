/**
 * Stages of a soft-shorted charge (DESIGN §4, Huang et al.), from the joint signs and rates of
 * dV/dt and dP/dt under constant charging current:
 *   I   both rise at their normal rate;
 *   II  both rise at a reduced rate (dendrites reach the cathode: part of the current bypasses it);
 *   III both fall while charging (Li dendrites reduce the charged cathode; plated Li deforms into
 *       the electrolyte);
 *   IV  both rise again (the short has broken).
 *
 * "Normal rate" is what a healthy charge of the same cell does at the same point: for the
 * voltage, the healthy charge's dV/dQ at the same voltage times the current; for the pressure,
 * the healthy charges' median ΔP/Q times the current (plated Li thickens linearly with charge).
 * The rate ratio r = observed / normal is taken over a centred window of 2w + 1 rows (w = 1 % of
 * the stretch, at least 3). III windows are the voltage reversals (peak to trough, reversals.ts);
 * II is a run of r < 0.7, at least 2w + 2 rows long, that leads into a III window or into the end
 * of a charge that never completes; I comes before the first II or III, IV after a III. With a
 * pressure log, r is the mean of the voltage and pressure ratios; without one, the voltage alone
 * (lower confidence).
 */
import type { CanonicalSeries } from '../series.ts';
import type { Reversal } from './reversals.ts';
import type { CurrentStretch } from './stretches.ts';

export type SoftShortStage = 'I' | 'II' | 'III' | 'IV';
export type StageBasis = 'voltageAndPressure' | 'voltage';

export interface StageWindow {
  stage: SoftShortStage;
  firstRow: number;
  lastRow: number;
  start_s: number;
  end_s: number;
  basis: StageBasis;
  /** Whether the pressure moved as the stage says (rises in I, II, IV, falls in III); null without pressure. */
  pressureAgrees: boolean | null;
}

export interface NormalRates {
  /** Healthy dV/dQ at a voltage (V/mAh), or NaN where unknown; null when no healthy charge exists. */
  voltageSlope: ((voltage_V: number) => number) | null;
  /** Healthy ΔP per charge, MPa/mAh; null without pressure or healthy charges. */
  pressurePerCharge_MPa_per_mAh: number | null;
}

export interface StretchSignals {
  stretch: CurrentStretch;
  /** Median-filtered voltage of the stretch's rows, V (as measured). */
  smoothed: Float64Array;
}

const REDUCED_RATE = 0.7;
const WINDOW_FRACTION = 0.01;
const MIN_HALF_WINDOW = 3;

export function stageCharge(
  series: CanonicalSeries,
  signals: readonly StretchSignals[],
  reversals: readonly Reversal[],
  rates: NormalRates,
  pressure_MPa: Float64Array | null,
  incomplete: boolean,
): StageWindow[] {
  const time = series.time_s;
  const labelled: { row: number; stage: SoftShortStage }[] = [];
  let afterFall = false;
  let seenEvent = false;
  signals.forEach(({ stretch, smoothed }, stretchIndex) => {
    const { firstRow, lastRow } = stretch;
    const count = lastRow - firstRow + 1;
    const stages: (SoftShortStage | null)[] = new Array(count).fill(null);
    const ratio = rateRatio(series, stretch, smoothed, rates, pressure_MPa);
    const halfWindow = Math.max(MIN_HALF_WINDOW, Math.ceil(WINDOW_FRACTION * count));
    const minimumRun = 2 * halfWindow + 2;
    const falls = reversals.filter((reversal) => reversal.stretch === stretch);
    const markReducedBefore = (endIndex: number): void => {
      let start = endIndex;
      while (start >= 0 && stages[start] === null && ratio[start]! < REDUCED_RATE) start--;
      if (endIndex - start >= minimumRun) for (let k = start + 1; k <= endIndex; k++) stages[k] = 'II';
    };
    for (const fall of falls) {
      for (let row = fall.peakRow; row <= fall.troughRow; row++) stages[row - firstRow] = 'III';
    }
    for (const fall of falls) markReducedBefore(fall.peakRow - firstRow - 1);
    if (incomplete && stretchIndex === signals.length - 1) markReducedBefore(count - 1);
    for (let index = 0; index < count; index++) {
      let stage = stages[index] ?? null;
      if (stage === 'III') afterFall = true;
      if (stage === null) stage = afterFall ? 'IV' : 'I';
      if (stage !== 'I') seenEvent = true;
      labelled.push({ row: firstRow + index, stage });
    }
  });
  if (!seenEvent) return [];
  const basis: StageBasis =
    pressure_MPa !== null && rates.pressurePerCharge_MPa_per_mAh !== null ? 'voltageAndPressure' : 'voltage';
  const windows: StageWindow[] = [];
  for (const { row, stage } of labelled) {
    const last = windows[windows.length - 1];
    if (last && last.stage === stage && row === last.lastRow + 1) {
      last.lastRow = row;
      last.end_s = time[row]!;
    } else {
      windows.push({
        stage,
        firstRow: row,
        lastRow: row,
        start_s: time[row]!,
        end_s: time[row]!,
        basis,
        pressureAgrees: null,
      });
    }
  }
  if (pressure_MPa !== null) {
    for (const window of windows) {
      const change = pressure_MPa[window.lastRow]! - pressure_MPa[window.firstRow]!;
      window.pressureAgrees = Number.isNaN(change) ? null : window.stage === 'III' ? change < 0 : change > 0;
    }
  }
  return windows;
}

/** Observed / normal rate per row of the stretch; NaN where the normal rate is unknown. */
function rateRatio(
  series: CanonicalSeries,
  stretch: CurrentStretch,
  smoothed: Float64Array,
  rates: NormalRates,
  pressure_MPa: Float64Array | null,
): Float64Array {
  const { firstRow, lastRow, current_A } = stretch;
  const count = lastRow - firstRow + 1;
  const time = series.time_s;
  const halfWindow = Math.max(MIN_HALF_WINDOW, Math.ceil(WINDOW_FRACTION * count));
  const chargeRate_mAh_per_s = (current_A * 1000) / 3600;
  const ratio = new Float64Array(count).fill(Number.NaN);
  for (let index = 0; index < count; index++) {
    const before = Math.max(0, index - halfWindow);
    const after = Math.min(count - 1, index + halfWindow);
    const dt = time[firstRow + after]! - time[firstRow + before]!;
    if (!(dt > 0)) continue;
    const parts: number[] = [];
    if (rates.voltageSlope) {
      const normal = rates.voltageSlope(smoothed[index]!) * chargeRate_mAh_per_s;
      if (normal > 0) parts.push((smoothed[after]! - smoothed[before]!) / dt / normal);
    }
    const perCharge = rates.pressurePerCharge_MPa_per_mAh;
    if (pressure_MPa !== null && perCharge !== null) {
      const change = pressure_MPa[firstRow + after]! - pressure_MPa[firstRow + before]!;
      if (!Number.isNaN(change)) parts.push(change / dt / (perCharge * chargeRate_mAh_per_s));
    }
    if (parts.length) ratio[index] = parts.reduce((sum, value) => sum + value, 0) / parts.length;
  }
  return ratio;
}
