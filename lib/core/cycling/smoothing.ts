/**
 * Smoothing helpers shared by the cycling analyses: a time-windowed moving average for
 * irregularly sampled records, and the median of a slice.
 */

/**
 * Centred moving average of `values[first..last]` over a window of `window_s` seconds
 * (rows with |t_j − t_i| ≤ window_s / 2), with `offset` added; NaN values are skipped.
 * O(n) with two pointers; returns one array of `last − first + 1` values.
 */
export function movingAverage(
  time_s: Float64Array,
  values: Float64Array,
  first: number,
  last: number,
  window_s: number,
  offset = 0,
): Float64Array {
  const smoothed = new Float64Array(last - first + 1);
  const half_s = window_s / 2;
  let low = first;
  let high = first - 1;
  let sum = 0;
  let count = 0;
  for (let row = first; row <= last; row++) {
    while (high < last && time_s[high + 1]! <= time_s[row]! + half_s) {
      high++;
      const value = values[high]!;
      if (!Number.isNaN(value)) {
        sum += value;
        count++;
      }
    }
    while (time_s[low]! < time_s[row]! - half_s) {
      const value = values[low]!;
      if (!Number.isNaN(value)) {
        sum -= value;
        count--;
      }
      low++;
    }
    smoothed[row - first] = count > 0 ? sum / count + offset : Number.NaN;
  }
  return smoothed;
}

/** Median of `values[from..to)` ignoring NaN; copies the slice (one working array). */
export function sliceMedian(values: Float64Array, from: number, to: number): number {
  const sorted = values
    .slice(from, to)
    .filter((value) => !Number.isNaN(value))
    .sort();
  if (sorted.length === 0) return Number.NaN;
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle]! : 0.5 * (sorted[middle - 1]! + sorted[middle]!);
}

/** Robust standard deviation of `values[from..to)` around `center`: 1.4826 × median |x − center|. */
export function sliceRobustSigma(values: Float64Array, from: number, to: number, center: number): number {
  const deviations = values.slice(from, to).map((value) => Math.abs(value - center));
  return 1.4826 * sliceMedian(deviations, 0, deviations.length);
}
