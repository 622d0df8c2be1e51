/**
 * OCV stability of a plated cell (DESIGN §4): a plating step, then a long rest. Plated Li holds
 * the open-circuit voltage at ≈ 0 V vs Li+/Li; when the Li is consumed (by reaction with the
 * electrolyte or by diffusion into it) the OCV rises toward the bare-Cu potential.
 *
 * - Level: median of V_vsLi over the first min(6 h, 10 %) of the rest, after 5 minutes of
 *   relaxation from the plating overpotential; it must lie within 0.1 V of 0 V.
 * - Tolerance: max(20 mV, 5 σ), σ the robust standard deviation of that first window.
 * - Drift onset: the last time the OCV is within the tolerance of the level, after which it
 *   never returns ("leaves for good"), in hours after the rest began. Null when the last
 *   recorded point is still at the level.
 */
import { message } from '../messages.ts';
import type { CanonicalSeries } from '../series.ts';
import { sliceMedian, sliceRobustSigma } from './smoothing.ts';
import type { Step } from './steps.ts';

export interface OcvStabilityResult {
  /** Hours after the rest began when the OCV leaves the plated-Li level for good; null = never within the record. */
  driftOnset_h: number | null;
  /** Series time the rest began, s. */
  restStart_s: number;
  /** Length of the recorded rest, h. */
  restDuration_h: number;
  /** Plated-Li OCV level vs Li+/Li, V. */
  level_V: number;
  tolerance_V: number;
}

export interface OcvOutcome {
  result: OcvStabilityResult | null;
  warnings: string[];
}

const RELAXATION_S = 300;
const LEVEL_WINDOW_S = 6 * 3600;
const LEVEL_WINDOW_FRACTION = 0.1;
const PLATED_LEVEL_LIMIT_V = 0.1;
const MIN_TOLERANCE_V = 0.02;
const TOLERANCE_SIGMAS = 5;

/** The rest after the first plating step; a file without current is all rest. */
function findRest(steps: readonly Step[]): Step | null {
  const plating = steps.findIndex((step) => step.direction < 0);
  if (plating < 0) {
    return steps.length === 1 && steps[0]!.kind === 'ocv' ? steps[0]! : null;
  }
  return steps.slice(plating + 1).find((step) => step.direction === 0) ?? null;
}

export function ocvStability(
  series: CanonicalSeries,
  steps: readonly Step[],
  referenceOffset_V: number,
): OcvOutcome {
  const unavailable = (reason: string): OcvOutcome => ({
    result: null,
    warnings: [message.ocvDriftUnavailable(reason)],
  });
  const voltage = series.voltage_V;
  const rest = findRest(steps);
  if (voltage === null || rest === null || rest.lastRow - rest.firstRow < 3)
    return unavailable(message.ocvNoRest());
  const time = series.time_s;
  const restStart_s = rest.startTime_s;
  const restDuration_s = rest.endTime_s - restStart_s;

  const windowEnd_s =
    restStart_s + Math.min(LEVEL_WINDOW_S, LEVEL_WINDOW_FRACTION * restDuration_s) + RELAXATION_S;
  let from = rest.firstRow;
  while (from < rest.lastRow && time[from]! < restStart_s + RELAXATION_S) from++;
  let to = from;
  while (to <= rest.lastRow && time[to]! <= windowEnd_s) to++;
  if (to - from < 3) to = Math.min(rest.lastRow + 1, from + 3);
  const level_V = sliceMedian(voltage, from, to) + referenceOffset_V;
  if (!(Math.abs(level_V) <= PLATED_LEVEL_LIMIT_V)) return unavailable(message.ocvNotAtPlatedLevel(level_V));
  const sigma_V = sliceRobustSigma(voltage, from, to, level_V - referenceOffset_V);
  const tolerance_V = Math.max(MIN_TOLERANCE_V, TOLERANCE_SIGMAS * sigma_V);

  let lastAtLevel = -1;
  for (let row = rest.lastRow; row >= from; row--) {
    if (Math.abs(voltage[row]! + referenceOffset_V - level_V) <= tolerance_V) {
      lastAtLevel = row;
      break;
    }
  }
  const base = { restStart_s, restDuration_h: restDuration_s / 3600, level_V, tolerance_V };
  if (lastAtLevel === rest.lastRow) {
    return { result: { driftOnset_h: null, ...base }, warnings: [message.ocvNoDrift(restDuration_s / 3600)] };
  }
  if (lastAtLevel < 0) return unavailable(message.ocvNotAtPlatedLevel(level_V));
  return { result: { driftOnset_h: (time[lastAtLevel]! - restStart_s) / 3600, ...base }, warnings: [] };
}
