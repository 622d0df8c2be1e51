/**
 * Stack pressure beside voltage: the logger's pressure put on the cycler's time base, its change
 * from the start of cycling, and how closely it follows the voltage (Pearson correlation).
 */
import { message } from '../messages.ts';
import { alignToCycler } from '../readers/pressure/align.ts';
import type { CanonicalSeries } from '../series.ts';

export interface PressureSummary {
  /** Cycler time, s, and voltage vs Li+/Li, V, at each cycler row. */
  time_s: Float64Array;
  voltage_V: Float64Array;
  /** P − P at the first covered row, MPa; NaN where the log has no data. */
  pressureChange_MPa: Float64Array;
  /** Largest |ΔP|, MPa; null when the log covers no cycler row. */
  maxChange_MPa: number | null;
  /** Pearson correlation of voltage and pressure over the rows both exist; null below 3 rows. */
  voltageCorrelation: number | null;
  warnings: string[];
}

const PA_PER_MPA = 1e6;

/**
 * The reader already moved the log's start time by the manifest's `clockOffset_s`, so the
 * alignment uses no further offset.
 */
export function summarizePressure(
  cycler: CanonicalSeries,
  log: CanonicalSeries,
  referenceOffset_V: number,
): PressureSummary {
  const warnings: string[] = [];
  const aligned = alignToCycler(log, cycler, 0);
  warnings.push(
    ...aligned.issues.filter((issue) => issue.severity === 'warning').map((issue) => issue.message),
  );
  const rows = cycler.rows;
  const voltage = cycler.voltage_V;
  const pressureChange_MPa = new Float64Array(rows).fill(Number.NaN);
  const voltage_V = new Float64Array(rows).fill(Number.NaN);
  if (aligned.quantity !== 'pressure') {
    warnings.push(message.forceLogWithoutArea(log.provenance.file));
  }
  let reference = Number.NaN;
  let maxChange = Number.NaN;
  // Running sums for the correlation over rows where both signals exist.
  let n = 0;
  let sumV = 0;
  let sumP = 0;
  let sumVV = 0;
  let sumPP = 0;
  let sumVP = 0;
  for (let row = 0; row < rows; row++) {
    const v = voltage ? voltage[row]! + referenceOffset_V : Number.NaN;
    voltage_V[row] = v;
    const p = aligned.values[row]! / PA_PER_MPA;
    if (Number.isNaN(p) || aligned.quantity !== 'pressure') continue;
    if (Number.isNaN(reference)) reference = p;
    const change = p - reference;
    pressureChange_MPa[row] = change;
    if (Number.isNaN(maxChange) || Math.abs(change) > Math.abs(maxChange)) maxChange = change;
    if (Number.isNaN(v)) continue;
    n++;
    sumV += v;
    sumP += change;
    sumVV += v * v;
    sumPP += change * change;
    sumVP += v * change;
  }
  if (Number.isNaN(maxChange)) warnings.push(message.pressureNoOverlap(log.provenance.file));
  const covariance = sumVP - (sumV * sumP) / n;
  const spread = Math.sqrt((sumVV - (sumV * sumV) / n) * (sumPP - (sumP * sumP) / n));
  return {
    time_s: cycler.time_s,
    voltage_V,
    pressureChange_MPa,
    maxChange_MPa: Number.isNaN(maxChange) ? null : Math.abs(maxChange),
    voltageCorrelation: n >= 3 && spread > 0 ? covariance / spread : null,
    warnings,
  };
}
