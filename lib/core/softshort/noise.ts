/**
 * The voltage noise floor of one cell, from its own charges: how far the voltage can fall under
 * constant current without anything having happened.
 *
 * Per constant-current stretch, the sample noise is σ = 1.4826 · MAD(ΔV) / √2 (the robust
 * standard deviation of successive differences, which a smooth charge curve does not bias); the
 * cell's σ is the median over its stretches, so the shorted charges, a minority, do not raise it.
 * The floor is the largest of 8 σ, three steps of the voltage resolution (the smallest non-zero
 * |ΔV| the instrument logged), and 10 mV.
 */
import type { CanonicalSeries } from '../series.ts';
import type { CurrentStretch } from './stretches.ts';

const MAD_TO_SIGMA = 1.4826;
const NOISE_SIGMAS = 8;
const RESOLUTION_STEPS = 3;
/** Below this, a fall is not told apart from drift and ambient-temperature swings, V. */
export const MIN_REVERSAL_V = 0.01;

export interface NoiseFloor {
  /** Robust per-sample voltage noise of the cell, V. */
  sigma_V: number;
  /** Smallest non-zero voltage step logged, V (0 when none). */
  resolution_V: number;
  /** A fall must exceed this to count, V. */
  floor_V: number;
}

export function noiseFloor(series: CanonicalSeries, stretches: readonly CurrentStretch[]): NoiseFloor {
  const voltage = series.voltage_V!;
  const sigmas: number[] = [];
  let resolution_V = Number.POSITIVE_INFINITY;
  for (const stretch of stretches) {
    const differences: number[] = [];
    for (let row = stretch.firstRow + 1; row <= stretch.lastRow; row++) {
      const difference = voltage[row]! - voltage[row - 1]!;
      differences.push(difference);
      const magnitude = Math.abs(difference);
      if (magnitude > 0 && magnitude < resolution_V) resolution_V = magnitude;
    }
    const center = median(differences);
    sigmas.push((MAD_TO_SIGMA * median(differences.map((value) => Math.abs(value - center)))) / Math.SQRT2);
  }
  const sigma_V = sigmas.length ? median(sigmas) : 0;
  if (!Number.isFinite(resolution_V)) resolution_V = 0;
  return {
    sigma_V,
    resolution_V,
    floor_V: Math.max(NOISE_SIGMAS * sigma_V, RESOLUTION_STEPS * resolution_V, MIN_REVERSAL_V),
  };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : 0.5 * (sorted[middle - 1]! + sorted[middle]!);
}

/** Running median over 5 rows of `values[first..last]` (shrinking at the ends): removes single-row glitches. */
export function medianOf5(values: Float64Array, first: number, last: number): Float64Array {
  const out = new Float64Array(last - first + 1);
  const window: number[] = [];
  for (let row = first; row <= last; row++) {
    const half = Math.min(2, row - first, last - row);
    window.length = 0;
    for (let k = row - half; k <= row + half; k++) window.push(values[k]!);
    window.sort((a, b) => a - b);
    out[row - first] = window[half]!;
  }
  return out;
}
