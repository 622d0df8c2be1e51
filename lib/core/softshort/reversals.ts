/**
 * Voltage reversals under constant charging current: the voltage rises, then falls by more than
 * the cell's noise floor, while the current stays the same.
 *
 * The (5-row median-filtered) voltage of a stretch is cut into alternating rising and falling
 * swings with hysteresis equal to the floor (a "zigzag": a turn counts only once the voltage has
 * come back from the extreme by more than the floor). A falling swing is a reversal when
 * - the swing before it rose by more than the floor under the same current (so the relaxation
 *   after a current step-down, which falls from the first row, is not one),
 * - its peak comes after the first 5 % of the stretch (the settling after a step starts),
 * - and the temperature, where the file has one, stayed within 1 °C from one swing-length
 *   before the peak to the trough (a warmer cell has a lower overpotential: a genuine fall that
 *   is not a short).
 */
import type { CanonicalSeries } from '../series.ts';
import type { CurrentStretch } from './stretches.ts';

export interface Swing {
  /** Rows of the swing's start and end (series rows), and its signed amplitude, V. */
  fromRow: number;
  toRow: number;
  amplitude_V: number;
}

export interface Reversal {
  cycle: number;
  stretch: CurrentStretch;
  /** Row of the peak before the fall and of the trough it falls to. */
  peakRow: number;
  troughRow: number;
  /** Fall of the filtered voltage from peak to trough, V (positive). */
  drop_V: number;
}

const SETTLE_FRACTION = 0.05;
const SETTLE_ROWS = 5;
const TEMPERATURE_STEP_C = 1;

/**
 * Alternating swings of `smoothed` (values of rows first..last of the series) with hysteresis
 * `floor_V`. The first swing runs from the first row to the first confirmed turn and may be
 * smaller than the floor; the last may be unfinished.
 */
export function swings(smoothed: Float64Array, first: number, floor_V: number): Swing[] {
  const result: Swing[] = [];
  const at = (row: number): number => smoothed[row - first]!;
  const last = first + smoothed.length - 1;
  let trend: -1 | 0 | 1 = 0;
  let pivot = first;
  let high = first;
  let low = first;
  let extreme = first;
  for (let row = first + 1; row <= last; row++) {
    const value = at(row);
    if (trend === 0) {
      if (value > at(high)) high = row;
      if (value < at(low)) low = row;
      if (value - at(low) > floor_V) {
        if (low !== first) result.push({ fromRow: first, toRow: low, amplitude_V: at(low) - at(first) });
        pivot = low;
        trend = 1;
        extreme = row;
      } else if (at(high) - value > floor_V) {
        if (high !== first) result.push({ fromRow: first, toRow: high, amplitude_V: at(high) - at(first) });
        pivot = high;
        trend = -1;
        extreme = row;
      }
      continue;
    }
    if (trend * (value - at(extreme)) > 0) {
      extreme = row;
    } else if (trend * (at(extreme) - value) > floor_V) {
      result.push({ fromRow: pivot, toRow: extreme, amplitude_V: at(extreme) - at(pivot) });
      pivot = extreme;
      trend = trend === 1 ? -1 : 1;
      extreme = row;
    }
  }
  if (trend !== 0 && extreme !== pivot) {
    result.push({ fromRow: pivot, toRow: extreme, amplitude_V: at(extreme) - at(pivot) });
  }
  return result;
}

export function reversalsOf(
  series: CanonicalSeries,
  stretch: CurrentStretch,
  smoothed: Float64Array,
  floor_V: number,
): Reversal[] {
  const time = series.time_s;
  const { firstRow, lastRow } = stretch;
  const settle_s = time[firstRow]! + SETTLE_FRACTION * (time[lastRow]! - time[firstRow]!);
  const cut = swings(smoothed, firstRow, floor_V);
  const reversals: Reversal[] = [];
  for (let index = 1; index < cut.length; index++) {
    const fall = cut[index]!;
    const rise = cut[index - 1]!;
    if (!(fall.amplitude_V < -floor_V && rise.amplitude_V > floor_V)) continue;
    if (fall.fromRow - firstRow < SETTLE_ROWS || time[fall.fromRow]! < settle_s) continue;
    if (temperatureMoved(series, fall.fromRow - (fall.toRow - fall.fromRow), fall.toRow, firstRow)) continue;
    reversals.push({
      cycle: stretch.cycle,
      stretch,
      peakRow: fall.fromRow,
      troughRow: fall.toRow,
      drop_V: -fall.amplitude_V,
    });
  }
  return reversals;
}

/** True when the temperature column spans more than 1 °C over rows [from, to]. */
export function temperatureMoved(series: CanonicalSeries, from: number, to: number, floorRow = 0): boolean {
  const temperature = series.temperature_C;
  if (temperature === null) return false;
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (let row = Math.max(floorRow, from); row <= to; row++) {
    const value = temperature[row]!;
    if (Number.isNaN(value)) continue;
    if (value < low) low = value;
    if (value > high) high = value;
  }
  return high - low > TEMPERATURE_STEP_C;
}
