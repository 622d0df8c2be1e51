/**
 * Runs a per-row kernel over `rows` rows in blocks of `ROW_BLOCK` rows.
 *
 * Why not one loop: a pass that runs once over a million rows starts in V8's interpreter and
 * waits for on-stack replacement to reach optimised code, which costs 4–8 ms per pass on these
 * machines. A kernel called per block is optimised as an ordinary hot function after its first few
 * blocks, and the first call to a fresh kernel costs half as much.
 */
export function forEachRowBlock(rows: number, kernel: (from: number, to: number) => void): void {
  for (let from = 0; from < rows; from += ROW_BLOCK) kernel(from, Math.min(rows, from + ROW_BLOCK));
}

/** Rows per kernel call: large enough that the call costs nothing, small enough to tier up early. */
export const ROW_BLOCK = 8192;
