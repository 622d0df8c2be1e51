/**
 * Downsampling for drawing only (never for analysis): per-pixel min/max. The x range is split
 * into `buckets` equal columns (about two per pixel); each column keeps its first and last
 * point and the points holding its lowest and highest y, in their original order. A line drawn
 * through the kept points covers exactly the pixels the full series covers, so extremes and
 * one-sample events (a spike, a short) survive. Cost is one pass, O(n).
 *
 * Works on unsorted x too (a voltage sweep that turns back): a column is a run of consecutive
 * points, closed when x leaves the column.
 */
export interface DrawnSeries {
  x: number[];
  y: number[];
}

/** Points at most ~4 × `buckets`; series already that short come back unchanged (copied). */
export function downsampleMinMax(x: ArrayLike<number>, y: ArrayLike<number>, buckets: number): DrawnSeries {
  const count = Math.min(x.length, y.length);
  if (count <= 4 * buckets)
    return {
      x: Array.from({ length: count }, (_, i) => x[i]!),
      y: Array.from({ length: count }, (_, i) => y[i]!),
    };
  let xMin = Number.POSITIVE_INFINITY;
  let xMax = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < count; i++) {
    const value = x[i]!;
    if (value < xMin) xMin = value;
    if (value > xMax) xMax = value;
  }
  const width = (xMax - xMin) / buckets || 1;
  const keptX: number[] = [];
  const keptY: number[] = [];
  const keep = (index: number) => {
    keptX.push(x[index]!);
    keptY.push(y[index]!);
  };
  let start = 0;
  while (start < count) {
    const column = Math.min(buckets - 1, Math.floor((x[start]! - xMin) / width));
    let lowest = start;
    let highest = start;
    let end = start + 1;
    while (end < count && Math.min(buckets - 1, Math.floor((x[end]! - xMin) / width)) === column) {
      if (y[end]! < y[lowest]!) lowest = end;
      if (y[end]! > y[highest]!) highest = end;
      end++;
    }
    const last = end - 1;
    const indices = [start, lowest, highest, last].sort((a, b) => a - b);
    for (let k = 0; k < indices.length; k++) if (k === 0 || indices[k] !== indices[k - 1]) keep(indices[k]!);
    start = end;
  }
  return { x: keptX, y: keptY };
}
