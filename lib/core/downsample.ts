/**
 * Reducing a curve for drawing, never for analysis: min/max per bucket (M4-style) keeps every
 * extreme and every short event (a spike, a soft-short step) that a plain stride would skip.
 * Two bucketings: equal row counts (`minMaxIndices`, the analyse stage's reduction to a few
 * thousand points) and equal x widths (`pixelMinMaxIndices`, the report's per-pixel reduction).
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

/** A y value that can be missing (null in JSON, NaN in typed arrays): a gap in the drawn line. */
type MaybeNumber = number | null;

const isDrawable = (value: MaybeNumber | undefined): value is number =>
  typeof value === 'number' && Number.isFinite(value);

/**
 * Per-pixel min/max: the x range is split into `buckets` equal columns (about two per pixel);
 * each column keeps its first and last row and, for every series in `ys`, the rows holding its
 * lowest and highest value, in their original order. A line drawn through the kept rows covers
 * exactly the pixels the full series covers, so extremes and one-sample events survive. Rows
 * where a series turns missing or comes back are kept too, so gaps stay gaps. One pass, O(n).
 *
 * Works on unsorted x (a voltage sweep that turns back): a column is a run of consecutive rows,
 * closed when x leaves it. Series of at most 4 × `buckets` rows keep every row.
 */
export function pixelMinMaxIndices(
  x: ArrayLike<number>,
  ys: readonly ArrayLike<MaybeNumber>[],
  buckets: number,
): number[] {
  const count = Math.min(x.length, ...ys.map((y) => y.length));
  if (count <= 4 * buckets) return Array.from({ length: Math.max(0, count) }, (_, row) => row);
  let xMin = Number.POSITIVE_INFINITY;
  let xMax = Number.NEGATIVE_INFINITY;
  for (let row = 0; row < count; row++) {
    const value = x[row]!;
    if (value < xMin) xMin = value;
    if (value > xMax) xMax = value;
  }
  const width = (xMax - xMin) / buckets || 1;
  const columnOf = (row: number) => Math.min(buckets - 1, Math.floor((x[row]! - xMin) / width));
  const kept: number[] = [];
  const picked: number[] = [];
  let start = 0;
  while (start < count) {
    const column = columnOf(start);
    let end = start + 1;
    while (end < count && columnOf(end) === column) end++;
    picked.length = 0;
    picked.push(start, end - 1);
    for (const y of ys) pickExtremesAndGaps(y, start, end, count, picked);
    picked.sort((a, b) => a - b);
    for (const row of picked) if (kept[kept.length - 1] !== row) kept.push(row);
    start = end;
  }
  return kept;
}

/** Adds to `picked` the rows of y[start, end) with the lowest and highest value and its gap edges. */
function pickExtremesAndGaps(
  y: ArrayLike<MaybeNumber>,
  start: number,
  end: number,
  count: number,
  picked: number[],
): void {
  let lowest = -1;
  let highest = -1;
  for (let row = start; row < end; row++) {
    const value = y[row];
    if (!isDrawable(value)) {
      const before = row > 0 && isDrawable(y[row - 1]);
      const after = row + 1 < count && isDrawable(y[row + 1]);
      if (before || after) picked.push(row);
      continue;
    }
    if (lowest < 0 || value < (y[lowest] as number)) lowest = row;
    if (highest < 0 || value > (y[highest] as number)) highest = row;
  }
  if (lowest >= 0) picked.push(lowest, highest);
}

/** `x` and `y` at the rows `pixelMinMaxIndices` keeps for `y` alone, as plain arrays. */
export function downsampleMinMax(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  buckets: number,
): { x: number[]; y: number[] } {
  const rows = pixelMinMaxIndices(x, [y], buckets);
  return { x: rows.map((row) => x[row]!), y: rows.map((row) => y[row]!) };
}

/**
 * Ramer–Douglas–Peucker on the rows `rows` of (x, y): drops every row whose point lies within
 * `tolerance` of the straight line through the rows kept around it, distances measured after
 * dividing x by `scaleX` and y by `scaleY` (data units per pixel, so `tolerance` is in pixels).
 * A smooth voltage profile keeps a few dozen of its hundreds of rows; a spike or a step never
 * lies near a chord, so it stays. Rows with a non-finite coordinate are always kept (gaps).
 * Returns the kept rows in order; O(n log n) for typical curves.
 */
export function simplifyIndices(
  x: ArrayLike<number>,
  y: ArrayLike<MaybeNumber>,
  rows: readonly number[],
  scaleX: number,
  scaleY: number,
  tolerance = 0.25,
): number[] {
  if (rows.length <= 2 || !(scaleX > 0) || !(scaleY > 0)) return [...rows];
  const keep = new Uint8Array(rows.length);
  keep[0] = 1;
  keep[rows.length - 1] = 1;
  const px = (k: number) => x[rows[k]!]! / scaleX;
  const py = (k: number) => (y[rows[k]!] as number) / scaleY;
  const finite = (k: number) => Number.isFinite(x[rows[k]!]) && isDrawable(y[rows[k]!]);
  // Spans between always-kept rows (the ends and every gap edge) are simplified one by one.
  const anchors: number[] = [0];
  for (let k = 1; k < rows.length - 1; k++)
    if (!finite(k) || !finite(k - 1) || !finite(k + 1)) {
      keep[k] = 1;
      anchors.push(k);
    }
  anchors.push(rows.length - 1);
  const stack: [number, number][] = [];
  for (let a = 1; a < anchors.length; a++) stack.push([anchors[a - 1]!, anchors[a]!]);
  const limit = tolerance * tolerance;
  while (stack.length > 0) {
    const [first, last] = stack.pop()!;
    if (last - first < 2 || !finite(first) || !finite(last)) continue;
    const x0 = px(first);
    const y0 = py(first);
    const dx = px(last) - x0;
    const dy = py(last) - y0;
    const length2 = dx * dx + dy * dy;
    let farthest = -1;
    let farthestDistance2 = limit;
    for (let k = first + 1; k < last; k++) {
      const ex = px(k) - x0;
      const ey = py(k) - y0;
      // Squared distance to the chord as a segment: a point beyond either end (a curve that
      // turns back) is as far as from that end.
      const along = length2 > 0 ? Math.min(1, Math.max(0, (ex * dx + ey * dy) / length2)) : 0;
      const offX = ex - along * dx;
      const offY = ey - along * dy;
      const distance2 = offX * offX + offY * offY;
      if (distance2 > farthestDistance2) {
        farthestDistance2 = distance2;
        farthest = k;
      }
    }
    if (farthest < 0) continue;
    keep[farthest] = 1;
    stack.push([first, farthest], [farthest, last]);
  }
  return rows.filter((_, k) => keep[k] === 1);
}
