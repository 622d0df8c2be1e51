import { describe, expect, it } from 'vitest';
import { forEachRowBlock, ROW_BLOCK } from '../../lib/core/row-blocks.ts';

describe('forEachRowBlock', () => {
  it.each([0, 1, ROW_BLOCK - 1, ROW_BLOCK, ROW_BLOCK + 1, 3 * ROW_BLOCK + 17])(
    'hands every one of %i rows to the kernel exactly once, in order',
    (rows) => {
      const seen: number[] = [];
      forEachRowBlock(rows, (from, to) => {
        expect(to - from).toBeLessThanOrEqual(ROW_BLOCK);
        for (let row = from; row < to; row++) seen.push(row);
      });
      expect(seen).toEqual(Array.from({ length: rows }, (_, row) => row));
    },
  );
});
