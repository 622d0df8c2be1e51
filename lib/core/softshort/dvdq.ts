/**
 * Spikes in dV/dQ under constant charging current. A soft short shows more sharply in dV/dQ
 * than in V(t) (DESIGN §4): where the voltage turns down while charge keeps flowing in, dV/dQ
 * goes negative.
 *
 * dV/dQ comes from `differentialCurves` (cycling/differential.ts: uniform capacity grid,
 * quadratic Savitzky–Golay over 2 % of the stretch's capacity). A spike is a stretch of negative
 * dV/dQ, after the voltage has first risen by the noise floor and before the last 2 % of the
 * capacity, that
 * - goes below −3 × the stretch's typical (median) dV/dQ: the voltage falls per mAh at least
 *   three times as fast as it normally rises, and
 * - drops the smoothed voltage by at least half the noise floor (so a flat plateau's noise,
 *   whose typical slope is near zero, cannot make one),
 * with the temperature (when recorded) steady across it.
 */
import { differentialCurves } from '../cycling/differential.ts';
import type { CanonicalSeries } from '../series.ts';
import { median } from './noise.ts';
import { temperatureMoved } from './reversals.ts';
import type { CurrentStretch } from './stretches.ts';

export interface DvdqSpike {
  cycle: number;
  firstRow: number;
  lastRow: number;
  /** Most negative dV/dQ in the spike, V/mAh. */
  minimum_V_per_mAh: number;
  /** Median dV/dQ of the stretch, V/mAh: what "normal" means for this charge. */
  typical_V_per_mAh: number;
}

const SPIKE_FACTOR = 3;
const END_FRACTION = 0.02;

export function dvdqSpikes(
  series: CanonicalSeries,
  stretch: CurrentStretch,
  smoothed: Float64Array,
  floor_V: number,
): DvdqSpike[] {
  const { firstRow, lastRow } = stretch;
  const time = series.time_s;
  const current = series.current_A!;
  const capacity = new Float64Array(lastRow - firstRow + 1);
  for (let row = firstRow + 1; row <= lastRow; row++) {
    const increment = (0.5 * (current[row]! + current[row - 1]!) * (time[row]! - time[row - 1]!)) / 3.6;
    capacity[row - firstRow] = capacity[row - firstRow - 1]! + Math.max(0, increment);
  }
  const curves = differentialCurves({
    cycle: stretch.cycle,
    direction: 1,
    capacity_mAh: capacity,
    voltage_V: smoothed,
  });
  if (curves === null) return [];
  const total_mAh = capacity[capacity.length - 1]!;
  const settle_mAh = capacity[settledIndex(smoothed, floor_V)]!;
  const end_mAh = (1 - END_FRACTION) * total_mAh;
  const grid = curves.capacity_mAh;
  const slope = curves.dVdQ_V_per_mAh;
  const typical = median(Array.from(slope));
  if (!(typical > 0)) return [];
  const spikes: DvdqSpike[] = [];
  let index = 0;
  while (index < grid.length) {
    if (!(slope[index]! < 0) || grid[index]! < settle_mAh || grid[index]! > end_mAh) {
      index++;
      continue;
    }
    const start = index;
    let minimum = slope[index]!;
    while (index < grid.length && slope[index]! < 0 && grid[index]! <= end_mAh) {
      minimum = Math.min(minimum, slope[index]!);
      index++;
    }
    const end = index - 1;
    const drop_V = curves.voltage_V[start]! - curves.voltage_V[end]!;
    if (minimum > -SPIKE_FACTOR * typical || drop_V < 0.5 * floor_V) continue;
    const spikeFirst = firstRow + rowAtCapacity(capacity, grid[start]!);
    const spikeLast = firstRow + rowAtCapacity(capacity, grid[end]!);
    if (temperatureMoved(series, spikeFirst - (spikeLast - spikeFirst), spikeLast, firstRow)) continue;
    spikes.push({
      cycle: stretch.cycle,
      firstRow: spikeFirst,
      lastRow: spikeLast,
      minimum_V_per_mAh: minimum,
      typical_V_per_mAh: typical,
    });
  }
  return spikes;
}

/** Index of the first row after the first 5 % of rows where the voltage has risen by the floor above its lowest so far. */
function settledIndex(smoothed: Float64Array, floor_V: number): number {
  let lowest = smoothed[0]!;
  const earliest = Math.ceil(0.05 * smoothed.length);
  for (let index = 0; index < smoothed.length; index++) {
    const value = smoothed[index]!;
    if (value < lowest) lowest = value;
    if (index >= earliest && value - lowest > floor_V) return index;
  }
  return smoothed.length - 1;
}

/** First index whose cumulative capacity reaches `target_mAh` (capacity is non-decreasing). */
function rowAtCapacity(capacity: Float64Array, target_mAh: number): number {
  let low = 0;
  let high = capacity.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (capacity[middle]! < target_mAh) low = middle + 1;
    else high = middle;
  }
  return low;
}
