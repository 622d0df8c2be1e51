/**
 * The logger's pressure on the cycler's rows, and its change from the start of cycling.
 *
 * Resampling is `alignToCycler` (readers/pressure/align.ts): linear between two log samples,
 * NaN where the log does not cover a row or where its two samples bound a gap. Nothing is
 * interpolated across a gap or extrapolated past either end of the log.
 */
import { alignToCycler } from '../readers/pressure/align.ts';
import type { CanonicalSeries } from '../series.ts';

const PA_PER_MPA = 1e6;

export interface PressureOnCycler {
  /** Absolute pressure at each cycler row, MPa; NaN where the log has no data. */
  pressure_MPa: Float64Array;
  /** P − P at the start of cycling, MPa; NaN where the log has no data. */
  change_MPa: Float64Array;
  /** The row and time ΔP is counted from; null when the log covers no row from the start of cycling on. */
  reference: { row: number; time_s: number; pressure_MPa: number } | null;
  /** False when the log holds force without an area (no pressure can be formed). */
  isPressure: boolean;
  /** Warning lines from the alignment (clocks, gaps, no overlap). */
  warnings: string[];
}

/**
 * `cyclingStartRow`: first row of the first current-carrying half (the start of cycling); ΔP
 * counts from the first covered row at or after it. `lag_s` evaluates the log `lag_s` later
 * than each cycler row (positive: pressure read as lagging behind voltage).
 */
export function pressureOnCycler(
  cycler: CanonicalSeries,
  log: CanonicalSeries,
  cyclingStartRow = 0,
  lag_s = 0,
): PressureOnCycler {
  // The reader already moved the log's start time by the manifest's clockOffset_s; a lag is a further shift.
  const aligned = alignToCycler(log, cycler, -lag_s);
  const warnings = aligned.issues
    .filter((issue) => issue.severity === 'warning')
    .map((issue) => issue.message);
  const rows = cycler.rows;
  const pressure_MPa = new Float64Array(rows).fill(Number.NaN);
  const change_MPa = new Float64Array(rows).fill(Number.NaN);
  const isPressure = aligned.quantity === 'pressure';
  if (!isPressure) return { pressure_MPa, change_MPa, reference: null, isPressure, warnings };
  for (let row = 0; row < rows; row++) pressure_MPa[row] = aligned.values[row]! / PA_PER_MPA;
  let referenceRow = Math.max(0, cyclingStartRow);
  while (referenceRow < rows && Number.isNaN(pressure_MPa[referenceRow]!)) referenceRow++;
  if (referenceRow >= rows) return { pressure_MPa, change_MPa, reference: null, isPressure, warnings };
  const referencePressure = pressure_MPa[referenceRow]!;
  for (let row = 0; row < rows; row++) change_MPa[row] = pressure_MPa[row]! - referencePressure;
  return {
    pressure_MPa,
    change_MPa,
    reference: { row: referenceRow, time_s: cycler.time_s[referenceRow]!, pressure_MPa: referencePressure },
    isPressure,
    warnings,
  };
}
