/**
 * Reducing a curve for drawing, never for analysis: per-bucket min/max (M4-style) keeps every
 * extreme and every short event (a spike, a soft-short step) that a plain stride would skip.
 */

/**
 * Indices of at most ~`maxPoints` rows of `y[from, to)` that draw the same line: in each of
 * `maxPoints / 4` equal-count buckets, the first, minimum, maximum and last row, in order.
 */
export function minMaxIndices(y: ArrayLike<number>, maxPoints: number, from = 0, to = y.length): number[] {
  const count = to - from;
  if (count <= maxPoints) return Array.from({ length: Math.max(0, count) }, (_, k) => from + k);
  const buckets = Math.max(1, Math.floor(maxPoints / 4));
  const indices: number[] = [];
  for (let bucket = 0; bucket < buckets; bucket++) {
    const start = from + Math.floor((bucket * count) / buckets);
    const end = from + Math.floor(((bucket + 1) * count) / buckets);
    if (end <= start) continue;
    let minRow = start;
    let maxRow = start;
    for (let row = start + 1; row < end; row++) {
      const value = y[row]!;
      if (value < y[minRow]!) minRow = row;
      if (value > y[maxRow]!) maxRow = row;
    }
    const picked = [start, minRow, maxRow, end - 1].sort((a, b) => a - b);
    for (const row of picked) if (indices[indices.length - 1] !== row) indices.push(row);
  }
  return indices;
}

/** `x` and `y` at the rows `minMaxIndices` keeps, as plain arrays ready for JSON. */
export function downsampleCurve(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  maxPoints: number,
  from = 0,
  to = y.length,
  transformX: (value: number) => number = (value) => value,
): { x: number[]; y: number[] } {
  const indices = minMaxIndices(y, maxPoints, from, to);
  return { x: indices.map((row) => transformX(x[row]!)), y: indices.map((row) => y[row]!) };
}
