/**
 * Nucleation overpotential of the first Li plating on Cu (DESIGN §4).
 *
 * η_nuc = V_plateau − V_dip, both vs Li+/Li (V_vsLi = V_measured + reference offset), in V:
 * the depth of the voltage dip at the onset of plating below the plating plateau that follows.
 *
 * - The voltage is smoothed by a centred moving average over min(60 s, 2 % of the step), so
 *   noise does not deepen the dip.
 * - The dip is searched from where the smoothed voltage first crosses below 0 V vs Li+/Li (Li can
 *   only plate below 0 V), so the decomposition slope before it and any later minimum of the
 *   file are ignored.
 * - The plateau is the median of the smoothed voltage over the second half of the time from
 *   the crossing to the end of the step.
 * - The dip ends once the voltage has recovered half-way from the running minimum back to the
 *   plateau.
 */
import { message } from '../messages.ts';
import type { CanonicalSeries } from '../series.ts';
import { movingAverage, sliceMedian } from './smoothing.ts';

export interface NucleationResult {
  /** Plateau minus dip minimum, V (positive: the depth of the dip). */
  overpotential_V: number;
  /** Plating plateau vs Li+/Li, V. */
  plateau_V: number;
  /** Lowest smoothed voltage of the dip vs Li+/Li, V. */
  dipMinimum_V: number;
  /** When the voltage first crosses below 0 V vs Li+/Li, s (series time). */
  crossingTime_s: number;
  /** When the dip reaches its minimum, s. */
  dipTime_s: number;
  /** The window the plateau was taken over, s. */
  plateauStart_s: number;
  plateauEnd_s: number;
}

export interface NucleationOutcome {
  result: NucleationResult | null;
  warnings: string[];
}

const SMOOTHING_WINDOW_S = 60;
const SMOOTHING_WINDOW_FRACTION = 0.02;

/** Rows of the plating step: the first half cycle with negative current (`cycles.ts` halves). */
export interface PlatingRows {
  firstRow: number;
  lastRow: number;
}

export function nucleationOverpotential(
  series: CanonicalSeries,
  plating: PlatingRows | null,
  referenceOffset_V: number,
): NucleationOutcome {
  const unavailable = (reason: string): NucleationOutcome => ({
    result: null,
    warnings: [message.nucleationUnavailable(reason)],
  });
  const voltage = series.voltage_V;
  if (plating === null || voltage === null) return unavailable(message.nucleationNoPlating());
  const time = series.time_s;
  const { firstRow, lastRow } = plating;
  const duration_s = time[lastRow]! - time[firstRow]!;
  const window_s = Math.min(SMOOTHING_WINDOW_S, SMOOTHING_WINDOW_FRACTION * duration_s);
  const smoothed = movingAverage(time, voltage, firstRow, lastRow, window_s, referenceOffset_V);

  let crossing = -1;
  let lowest = Number.POSITIVE_INFINITY;
  for (let index = 0; index < smoothed.length; index++) {
    const value = smoothed[index]!;
    if (value < lowest) lowest = value;
    if (value < 0 && crossing < 0) crossing = index;
  }
  if (crossing < 0) return unavailable(message.nucleationNoCrossing(lowest));

  const crossingTime_s = time[firstRow + crossing]!;
  const plateauStart_s = crossingTime_s + 0.5 * (time[lastRow]! - crossingTime_s);
  let plateauFrom = crossing;
  while (plateauFrom < smoothed.length - 1 && time[firstRow + plateauFrom]! < plateauStart_s) plateauFrom++;
  if (smoothed.length - plateauFrom < 3) return unavailable(message.nucleationNoPlateau());
  const plateau_V = sliceMedian(smoothed, plateauFrom, smoothed.length);

  let minimum = crossing;
  for (let index = crossing; index < plateauFrom; index++) {
    const value = smoothed[index]!;
    if (value < smoothed[minimum]!) minimum = index;
    const depth = plateau_V - smoothed[minimum]!;
    if (depth > 0 && value >= plateau_V - 0.5 * depth) {
      if (index > minimum) break;
    }
  }
  const dipMinimum_V = smoothed[minimum]!;
  if (!(plateau_V > dipMinimum_V)) return unavailable(message.nucleationNoPlateau());
  return {
    result: {
      overpotential_V: plateau_V - dipMinimum_V,
      plateau_V,
      dipMinimum_V,
      crossingTime_s,
      dipTime_s: time[firstRow + minimum]!,
      plateauStart_s: time[firstRow + plateauFrom]!,
      plateauEnd_s: time[lastRow]!,
    },
    warnings: [],
  };
}
