/**
 * Making a time column fit the canonical contract (non-decreasing seconds since test start)
 * without hiding what the file did: resets and backward steps become data issues.
 */
import type { IssueSink } from '../issues.ts';
import { message } from '../messages.ts';
import { forEachRowBlock } from '../row-blocks.ts';

/**
 * A backward jump larger than this fraction of the time elapsed so far is a reset (a new file
 * segment restarting at 0), which is continued; a smaller one is a glitch, which is clamped.
 */
const RESET_FRACTION = 0.5;

/** Repairs `time_s` in place and reports what it changed. */
export function enforceNonDecreasingTime(time_s: Float64Array, file: string, issues: IssueSink): void {
  // Almost every file is in order: a read-only scan finds the first step back, if any.
  const firstDecrease = firstDecreaseOf(time_s);
  if (firstDecrease < 0) return;
  let offset = 0;
  let previous = time_s[firstDecrease - 1]!;
  let backwardRows = 0;
  let firstBackwardRow = -1;
  for (let row = firstDecrease; row < time_s.length; row++) {
    const raw = time_s[row]!;
    let value = raw + offset;
    if (value < previous) {
      const jump = previous - value;
      if (jump > RESET_FRACTION * Math.abs(previous) && raw <= jump) {
        issues.add({
          code: 'time_reset',
          severity: 'warning',
          message: message.timeReset(row, previous, raw),
          location: { file, row },
        });
        offset = previous - raw;
        value = raw + offset;
      } else {
        if (firstBackwardRow < 0) firstBackwardRow = row;
        backwardRows++;
        value = previous;
      }
    }
    time_s[row] = value;
    previous = value;
  }
  if (backwardRows > 0) {
    issues.add({
      code: 'non_monotonic_time',
      severity: 'warning',
      message: message.nonMonotonicTime(backwardRows),
      location: { file, row: firstBackwardRow },
      count: backwardRows,
    });
  }
}

/** The first row whose time is below the row before it, or -1 (NaN compares as not below). */
function firstDecreaseOf(time_s: Float64Array): number {
  let found = -1;
  forEachRowBlock(time_s.length, (from, to) => {
    if (found >= 0) return;
    for (let row = Math.max(from, 1); row < to; row++) {
      if (time_s[row]! < time_s[row - 1]!) {
        found = row;
        return;
      }
    }
  });
  return found;
}

/** Negates a current column in place (instrument writes discharge as positive). */
export function negateInPlace(values: Float64Array): void {
  for (let row = 0; row < values.length; row++) values[row] = -values[row]!;
}
