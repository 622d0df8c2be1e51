/**
 * Where a soft short can be seen: stretches of a charge under one constant current. A voltage
 * that falls while the charging current stays the same cannot come from the cathode filling
 * up; it can come from a current change (IR drop and relaxation), a constant-voltage hold, a
 * temperature change, or Li dendrites shorting the cell. The first three are excluded here and
 * in `reversals.ts` so that only the last remains.
 */
import type { HalfCycle } from '../cycling/cycles.ts';
import type { CanonicalSeries } from '../series.ts';

export interface CurrentStretch {
  cycle: number;
  firstRow: number;
  lastRow: number;
  /** Mean current of the stretch, A (positive: charge). */
  current_A: number;
}

/** A stretch ends where the current leaves its level by more than this fraction. */
const LEVEL_TOLERANCE = 0.03;
/** Stretches shorter than this many rows hold too little to judge. */
export const MIN_STRETCH_ROWS = 12;

/**
 * The constant-current stretches of a charge half: its constant-current steps, cut wherever the
 * current moves more than 3 % away from the running mean of the stretch (a change of rate inside
 * one instrument step, the start of a current decay). Rows without a voltage end a stretch.
 */
export function constantCurrentStretches(
  series: CanonicalSeries,
  cycle: number,
  charge: HalfCycle,
): CurrentStretch[] {
  const current = series.current_A;
  const voltage = series.voltage_V;
  if (current === null || voltage === null) return [];
  const stretches: CurrentStretch[] = [];
  for (const step of charge.steps) {
    if (step.kind !== 'constantCurrentCharge') continue;
    let first = step.firstRow;
    let sum = 0;
    let count = 0;
    const close = (last: number): void => {
      if (count > 0 && last - first + 1 >= MIN_STRETCH_ROWS)
        stretches.push({ cycle, firstRow: first, lastRow: last, current_A: sum / count });
    };
    for (let row = step.firstRow; row <= step.lastRow; row++) {
      const value = current[row]!;
      const usable = !Number.isNaN(value) && !Number.isNaN(voltage[row]!);
      const mean = count > 0 ? sum / count : value;
      if (!usable || Math.abs(value - mean) > LEVEL_TOLERANCE * Math.abs(mean)) {
        close(row - 1);
        first = usable ? row : row + 1;
        sum = usable ? value : 0;
        count = usable ? 1 : 0;
        continue;
      }
      sum += value;
      count++;
    }
    close(step.lastRow);
  }
  return stretches;
}
