/**
 * Linear sweep voltammetry: current density against potential, and the onset potential where
 * the current density first reaches a stated threshold and stays there.
 *
 * j = I / A (mA/cm², I in mA, A in cm²); E = V_measured + reference offset (V vs Li+/Li).
 * An anodic sweep (potential rising) looks for j ≥ threshold, a cathodic one for −j ≥ threshold.
 * The onset must hold for 3 consecutive points (noise cannot trigger it) and is interpolated
 * linearly between the last point below and the first point at or above the threshold.
 */
import { AnalysisError } from '../errors.ts';
import { message } from '../messages.ts';
import type { CanonicalSeries } from '../series.ts';

export interface LsvResult {
  /** Potential vs Li+/Li, V, one per row. */
  potential_V: Float64Array;
  /** Current density, mA/cm², one per row (sign as measured). */
  currentDensity_mA_cm2: Float64Array;
  threshold_mA_cm2: number;
  /** Null when the threshold is never reached (with a warning). */
  onsetPotential_V: number | null;
  warnings: string[];
}

const SUSTAINED_POINTS = 3;
export const DEFAULT_LSV_THRESHOLD_mA_cm2 = 0.01;

export function analyzeLsv(
  series: CanonicalSeries,
  areaCm2: number,
  referenceOffset_V: number,
  threshold_mA_cm2 = DEFAULT_LSV_THRESHOLD_mA_cm2,
): LsvResult {
  const current = series.current_A;
  const voltage = series.voltage_V;
  if (current === null || voltage === null || series.rows < 2) {
    throw new AnalysisError(message.lsvNoCurrent(series.provenance.file), {
      location: { file: series.provenance.file },
      expected: 'current and voltage columns',
    });
  }
  const rows = series.rows;
  const potential_V = new Float64Array(rows);
  const currentDensity_mA_cm2 = new Float64Array(rows);
  for (let row = 0; row < rows; row++) {
    potential_V[row] = voltage[row]! + referenceOffset_V;
    currentDensity_mA_cm2[row] = (current[row]! * 1000) / areaCm2;
  }
  const sign = potential_V[rows - 1]! >= potential_V[0]! ? 1 : -1;
  let onsetPotential_V: number | null = null;
  let streak = 0;
  for (let row = 0; row < rows; row++) {
    if (sign * currentDensity_mA_cm2[row]! >= threshold_mA_cm2) {
      streak++;
      if (streak === SUSTAINED_POINTS || (row === rows - 1 && streak > 0)) {
        const first = row - streak + 1;
        onsetPotential_V =
          first === 0
            ? potential_V[0]!
            : interpolateOnset(potential_V, currentDensity_mA_cm2, first, sign, threshold_mA_cm2);
        break;
      }
    } else {
      streak = 0;
    }
  }
  const warnings = onsetPotential_V === null ? [message.lsvOnsetNotReached(threshold_mA_cm2)] : [];
  return { potential_V, currentDensity_mA_cm2, threshold_mA_cm2, onsetPotential_V, warnings };
}

function interpolateOnset(
  potential_V: Float64Array,
  density: Float64Array,
  first: number,
  sign: number,
  threshold: number,
): number {
  const below = sign * density[first - 1]!;
  const above = sign * density[first]!;
  const fraction = above > below ? (threshold - below) / (above - below) : 1;
  return potential_V[first - 1]! + fraction * (potential_V[first]! - potential_V[first - 1]!);
}
