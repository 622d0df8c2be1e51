/**
 * Voltage profiles V(Q) per half cycle, and the differential curves dV/dQ and dQ/dV on uniform
 * grids.
 *
 * Smoothing (documented, because differentiating raw cycler data amplifies noise):
 * 1. V is interpolated linearly onto a uniform capacity grid of N points (default 1000) from 0
 *    to the half's capacity: Q is monotonic within a half even where V is not.
 * 2. A quadratic Savitzky–Golay filter over a window of `capacityWindow_mAh` (default 2 % of the
 *    half's capacity) gives the smoothed V(Q) and its derivative dV/dQ (V/mAh). On a flat Li
 *    plating plateau dV/dQ is ≈ 0: finite, unlike 1 / (dQ/dV).
 * 3. dQ/dV (mAh/V) is the capacity passed per voltage bin of a uniform voltage grid (N bins over
 *    the smoothed V range): each capacity-grid interval spreads its ΔQ over the voltage bins it
 *    crosses, signed by the direction V moves (noise that goes back and forth cancels). A flat
 *    plateau gives a tall but finite peak. Then a quadratic Savitzky–Golay smoothing over
 *    `voltageWindow_V` (default 2 % of the voltage range).
 * Savitzky & Golay, Anal. Chem. 36 (1964) 1627; quadratic coefficients in closed form.
 */
import type { CanonicalSeries } from '../series.ts';
import type { HalfCycle } from './cycles.ts';

export interface VoltageProfile {
  cycle: number;
  direction: 1 | -1;
  /** Capacity passed since the start of the half, mAh (a view into one shared array). */
  capacity_mAh: Float64Array;
  /** Voltage vs Li+/Li, V (a view into one shared array). */
  voltage_V: Float64Array;
}

/**
 * V(Q) of every half cycle. Allocates two arrays of the series' length (capacity and voltage
 * vs Li+/Li) and returns views into them.
 */
export function voltageProfiles(
  series: CanonicalSeries,
  halves: readonly { cycle: number; half: HalfCycle }[],
  referenceOffset_V: number,
): VoltageProfile[] {
  const current = series.current_A;
  const voltage = series.voltage_V;
  if (current === null || voltage === null) return [];
  const time = series.time_s;
  const capacity = new Float64Array(series.rows);
  const voltageVsLi = new Float64Array(series.rows);
  return halves.map(({ cycle, half }) => {
    const { firstRow, lastRow, direction } = half;
    let accumulated_As = 0;
    capacity[firstRow] = 0;
    voltageVsLi[firstRow] = voltage[firstRow]! + referenceOffset_V;
    for (let row = firstRow + 1; row <= lastRow; row++) {
      const increment = direction * 0.5 * (current[row]! + current[row - 1]!) * (time[row]! - time[row - 1]!);
      if (increment > 0) accumulated_As += increment;
      capacity[row] = accumulated_As / 3.6;
      voltageVsLi[row] = voltage[row]! + referenceOffset_V;
    }
    return {
      cycle,
      direction,
      capacity_mAh: capacity.subarray(firstRow, lastRow + 1),
      voltage_V: voltageVsLi.subarray(firstRow, lastRow + 1),
    };
  });
}

export interface DifferentialOptions {
  gridPoints?: number;
  capacityWindow_mAh?: number;
  voltageWindow_V?: number;
}

export interface DifferentialCurves {
  cycle: number;
  direction: 1 | -1;
  /** Uniform capacity grid, mAh, with the smoothed voltage on it and dV/dQ. */
  capacity_mAh: Float64Array;
  voltage_V: Float64Array;
  dVdQ_V_per_mAh: Float64Array;
  /** Uniform voltage grid (bin centres), V, with dQ/dV on it. */
  potential_V: Float64Array;
  dQdV_mAh_per_V: Float64Array;
  capacityWindow_mAh: number;
  voltageWindow_V: number;
}

const DEFAULT_GRID_POINTS = 1000;
const DEFAULT_WINDOW_FRACTION = 0.02;

export function differentialCurves(
  profile: VoltageProfile,
  options: DifferentialOptions = {},
): DifferentialCurves | null {
  const points = options.gridPoints ?? DEFAULT_GRID_POINTS;
  const { capacity_mAh: q, voltage_V: v } = profile;
  const total_mAh = q.length ? q[q.length - 1]! : 0;
  if (q.length < 3 || !(total_mAh > 0)) return null;

  const step_mAh = total_mAh / (points - 1);
  const grid = new Float64Array(points);
  const raw = new Float64Array(points);
  let source = 0;
  for (let index = 0; index < points; index++) {
    const target = index * step_mAh;
    grid[index] = target;
    while (source < q.length - 2 && q[source + 1]! < target) source++;
    const q0 = q[source]!;
    const q1 = q[source + 1]!;
    const fraction = q1 > q0 ? Math.min(1, Math.max(0, (target - q0) / (q1 - q0))) : 1;
    raw[index] = v[source]! + fraction * (v[source + 1]! - v[source]!);
  }
  const capacityWindow_mAh = options.capacityWindow_mAh ?? DEFAULT_WINDOW_FRACTION * total_mAh;
  const halfWidth = Math.max(1, Math.round(capacityWindow_mAh / step_mAh / 2));
  const smoothed = savitzkyGolay(raw, halfWidth, 0);
  const dVdQ = savitzkyGolay(raw, halfWidth, 1);
  for (let index = 0; index < points; index++) dVdQ[index] = dVdQ[index]! / step_mAh;

  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (const value of smoothed) {
    if (value < low) low = value;
    if (value > high) high = value;
  }
  const span_V = Math.max(high - low, 1e-6);
  const bin_V = span_V / points;
  const potential = new Float64Array(points);
  const binned = new Float64Array(points);
  for (let bin = 0; bin < points; bin++) potential[bin] = low + (bin + 0.5) * bin_V;
  const binOf = (value: number): number =>
    Math.min(points - 1, Math.max(0, Math.floor((value - low) / bin_V)));
  for (let index = 0; index + 1 < points; index++) {
    depositCapacity(binned, binOf, bin_V, low, smoothed[index]!, smoothed[index + 1]!, step_mAh);
  }
  for (let bin = 0; bin < points; bin++) binned[bin] = binned[bin]! / bin_V;
  const voltageWindow_V = options.voltageWindow_V ?? DEFAULT_WINDOW_FRACTION * span_V;
  const dQdV = savitzkyGolay(binned, Math.max(1, Math.round(voltageWindow_V / bin_V / 2)), 0);

  return {
    cycle: profile.cycle,
    direction: profile.direction,
    capacity_mAh: grid,
    voltage_V: smoothed,
    dVdQ_V_per_mAh: dVdQ,
    potential_V: potential,
    dQdV_mAh_per_V: dQdV,
    capacityWindow_mAh,
    voltageWindow_V,
  };
}

/** Spreads ΔQ over the voltage bins between v0 and v1 in proportion to the span in each, signed by the direction of V. */
function depositCapacity(
  binned: Float64Array,
  binOf: (value: number) => number,
  bin_V: number,
  low: number,
  v0: number,
  v1: number,
  delta_mAh: number,
): void {
  const from = binOf(Math.min(v0, v1));
  const to = binOf(Math.max(v0, v1));
  const sign = v1 >= v0 ? 1 : -1;
  if (from === to) {
    binned[from] = binned[from]! + sign * delta_mAh;
    return;
  }
  const span = Math.abs(v1 - v0);
  const lower = Math.min(v0, v1);
  const upper = Math.max(v0, v1);
  for (let bin = from; bin <= to; bin++) {
    const binLow = Math.max(lower, low + bin * bin_V);
    const binHigh = Math.min(upper, low + (bin + 1) * bin_V);
    if (binHigh > binLow) binned[bin] = binned[bin]! + (sign * delta_mAh * (binHigh - binLow)) / span;
  }
}

/**
 * Quadratic Savitzky–Golay filter with half-width m (window 2m + 1), in closed form:
 * smoothing c_j = [3(3m² + 3m − 1) − 15 j²] / [(2m − 1)(2m + 1)(2m + 3)],
 * first derivative (per grid step) c_j = 3 j / [m (m + 1)(2m + 1)].
 * Near the ends the window shrinks symmetrically; at the very ends the derivative is one-sided.
 */
export function savitzkyGolay(values: Float64Array, halfWidth: number, derivative: 0 | 1): Float64Array {
  const length = values.length;
  const out = new Float64Array(length);
  for (let index = 0; index < length; index++) {
    const m = Math.min(halfWidth, index, length - 1 - index);
    if (m === 0) {
      if (derivative === 0) out[index] = values[index]!;
      else out[index] = index === 0 ? values[1]! - values[0]! : values[index]! - values[index - 1]!;
      continue;
    }
    let sum = 0;
    if (derivative === 0) {
      const norm = (2 * m - 1) * (2 * m + 1) * (2 * m + 3);
      for (let j = -m; j <= m; j++)
        sum += ((3 * (3 * m * m + 3 * m - 1) - 15 * j * j) / norm) * values[index + j]!;
    } else {
      const norm = m * (m + 1) * (2 * m + 1);
      for (let j = 1; j <= m; j++) sum += ((3 * j) / norm) * (values[index + j]! - values[index - j]!);
    }
    out[index] = sum;
  }
  return out;
}
