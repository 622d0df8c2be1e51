/**
 * Voltage–pressure coupling: Pearson's r over rows where both signals exist, and the time lag of
 * the pressure that makes r largest.
 *
 * r = Σ (v − v̄)(p − p̄) / √(Σ (v − v̄)² · Σ (p − p̄)²) over the rows where neither is NaN;
 * null below 3 such rows or when either signal is constant there.
 */

/** Pearson correlation of `x[from, to)` and `y[from, to)` over the rows where both are finite. */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>, from = 0, to = x.length): number | null {
  // Two passes (mean first) keep the sums well conditioned for signals far from zero (4 V, 15 MPa).
  let n = 0;
  let sumX = 0;
  let sumY = 0;
  for (let row = from; row < to; row++) {
    const a = x[row]!;
    const b = y[row]!;
    if (Number.isNaN(a) || Number.isNaN(b)) continue;
    n++;
    sumX += a;
    sumY += b;
  }
  if (n < 3) return null;
  const meanX = sumX / n;
  const meanY = sumY / n;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let row = from; row < to; row++) {
    const a = x[row]!;
    const b = y[row]!;
    if (Number.isNaN(a) || Number.isNaN(b)) continue;
    sxx += (a - meanX) ** 2;
    syy += (b - meanY) ** 2;
    sxy += (a - meanX) * (b - meanY);
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : null;
}

export interface LagSearch {
  /** Lag of the pressure behind the voltage that maximises r, s (negative: pressure leads). */
  lag_s: number;
  correlation: number;
  /** Spacing of the lags tried, s: the lag is known to about half of it. */
  resolution_s: number;
}

/**
 * Tries lags −maxLag … +maxLag in steps of `step_s` (`pressureAt(lag)` gives the pressure on the
 * cycler rows read `lag` seconds later) and refines the best one by a parabola through it and its
 * two neighbours. Null when no lag gives a correlation.
 */
export function bestLag(
  voltage: ArrayLike<number>,
  pressureAt: (lag_s: number) => ArrayLike<number>,
  maxLag_s: number,
  step_s: number,
): LagSearch | null {
  const steps = Math.max(0, Math.floor(maxLag_s / step_s));
  const lags: number[] = [];
  const values: (number | null)[] = [];
  for (let k = -steps; k <= steps; k++) {
    lags.push(k * step_s);
    values.push(pearson(voltage, pressureAt(k * step_s)));
  }
  let best = -1;
  for (let index = 0; index < values.length; index++) {
    const value = values[index];
    if (value == null) continue;
    if (best < 0 || value > values[best]!) best = index;
  }
  if (best < 0) return null;
  let lag_s = lags[best]!;
  const before = values[best - 1];
  const after = values[best + 1];
  const peak = values[best]!;
  if (before != null && after != null) {
    const curvature = before - 2 * peak + after;
    if (curvature < 0) lag_s += (0.5 * (before - after) * step_s) / curvature;
  }
  return { lag_s, correlation: peak, resolution_s: step_s };
}
