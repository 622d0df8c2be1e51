/**
 * The current below which a row counts as "no current", derived from the data itself, in
 * O(rows) with histograms instead of sorting (no copy of the column).
 *
 * 1. A first split at 2 % of the 99.9th percentile of |I| separates rest-like rows from
 *    active rows.
 * 2. Active level = median |I| of the active rows; the threshold is 1 % of it, low enough to
 *    keep a constant-voltage tail down to C/50 of a 1C step.
 * 3. Instrument noise: a robust standard deviation from row-to-row differences of the rest-like
 *    rows (see `restNoiseOf`); the threshold never drops below |offset| + 5 σ of that noise.
 */

export interface CurrentThreshold {
  threshold_A: number;
  /** Median |I| of the rows carrying current, A; null when no row does. */
  activeLevel_A: number | null;
  /** Robust standard deviation of the current at rest, A; null without rest rows. */
  restNoise_A: number | null;
}

const ACTIVE_FRACTION = 0.01;
const FIRST_SPLIT_FRACTION = 0.02;
const NOISE_SIGMAS = 5;
const BINS_PER_DECADE = 40;
const DECADES = 12;
const LINEAR_BINS = 2000;
/** MAD → standard deviation for normally distributed noise. */
const MAD_TO_SIGMA = 1.4826;

export function currentThreshold(current: Float64Array, rows: number): CurrentThreshold {
  let max = 0;
  for (let row = 0; row < rows; row++) {
    const magnitude = Math.abs(current[row]!);
    if (magnitude > max) max = magnitude;
  }
  if (!(max > 0)) return { threshold_A: 0, activeLevel_A: null, restNoise_A: null };

  const logHistogram = new Float64Array(BINS_PER_DECADE * DECADES + 1);
  const binOf = (magnitude: number): number => {
    const position = Math.log10(magnitude / max) * BINS_PER_DECADE + BINS_PER_DECADE * DECADES;
    return position < 0 || !(magnitude > 0) ? 0 : Math.min(logHistogram.length - 1, Math.floor(position) + 1);
  };
  const upperEdge = (bin: number): number =>
    max * 10 ** ((bin - BINS_PER_DECADE * DECADES) / BINS_PER_DECADE);
  let counted = 0;
  for (let row = 0; row < rows; row++) {
    const magnitude = Math.abs(current[row]!);
    if (Number.isNaN(magnitude)) continue;
    logHistogram[binOf(magnitude)]!++;
    counted++;
  }
  const firstSplit = FIRST_SPLIT_FRACTION * upperEdge(quantileBin(logHistogram, 0, counted * 0.999));

  const splitBin = binOf(firstSplit);
  let active = 0;
  for (let bin = splitBin + 1; bin < logHistogram.length; bin++) active += logHistogram[bin]!;
  const activeLevel_A = active > 0 ? upperEdge(quantileBin(logHistogram, splitBin + 1, active * 0.5)) : null;
  const restNoise = restNoiseOf(current, rows, firstSplit);
  const floor = restNoise === null ? 0 : restNoise.median + NOISE_SIGMAS * restNoise.sigma;
  const threshold_A = Math.min(
    firstSplit,
    Math.max(ACTIVE_FRACTION * (activeLevel_A ?? firstSplit / FIRST_SPLIT_FRACTION), floor),
  );
  return { threshold_A, activeLevel_A, restNoise_A: restNoise?.sigma ?? null };
}

/** Bin at which the cumulative count from `fromBin` reaches `target`. */
function quantileBin(histogram: Float64Array, fromBin: number, target: number): number {
  let cumulative = 0;
  for (let bin = fromBin; bin < histogram.length; bin++) {
    cumulative += histogram[bin]!;
    if (cumulative >= target) return bin;
  }
  return histogram.length - 1;
}

/**
 * Offset and robust sigma of the current at rest. The sigma comes from differences of consecutive
 * rest-like rows (|I| ≤ limit): noise differs from row to row, while a constant-voltage tail that
 * also sits below the limit decays smoothly and barely differs, so it cannot inflate the noise
 * (σ = 1.4826 · median|ΔI| / √2). The offset is the median of the rows within 20 σ of zero: rows
 * that really carry no current.
 */
function restNoiseOf(
  current: Float64Array,
  rows: number,
  limit_A: number,
): { median: number; sigma: number } | null {
  const histogram = new Float64Array(LINEAR_BINS);
  const differenceWidth = (2 * limit_A) / LINEAR_BINS;
  let pairs = 0;
  for (let row = 1; row < rows; row++) {
    const value = current[row]!;
    const previous = current[row - 1]!;
    if (!(Math.abs(value) <= limit_A && Math.abs(previous) <= limit_A)) continue;
    histogram[Math.min(LINEAR_BINS - 1, Math.floor(Math.abs(value - previous) / differenceWidth))]!++;
    pairs++;
  }
  if (pairs < 3) return null;
  const medianDifference = (quantileBin(histogram, 0, pairs * 0.5) + 0.5) * differenceWidth;
  const sigma = (MAD_TO_SIGMA * medianDifference) / Math.SQRT2;
  const nearZero_A = 20 * sigma;
  histogram.fill(0);
  const valueWidth = (2 * nearZero_A) / LINEAR_BINS;
  let count = 0;
  for (let row = 0; row < rows; row++) {
    const value = current[row]!;
    if (!(Math.abs(value) <= nearZero_A)) continue;
    histogram[Math.min(LINEAR_BINS - 1, Math.floor((value + nearZero_A) / valueWidth))]!++;
    count++;
  }
  const median = count > 0 ? -nearZero_A + (quantileBin(histogram, 0, count * 0.5) + 0.5) * valueWidth : 0;
  return { median: Math.abs(median), sigma };
}
