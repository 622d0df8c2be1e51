import { describe, expect, it } from 'vitest';
import { RepeatedCell } from '../../../../lib/core/readers/text/repeated-cell.ts';

const bytes = new TextEncoder().encode(`CC_Chg,CC_Chg,CC_Chgx,CC_Chh,${'y'.repeat(65)},${'y'.repeat(65)}`);
const cells = [
  [0, 6],
  [7, 13],
  [14, 21],
  [22, 28],
  [29, 94],
  [95, 160],
] as const;

describe('RepeatedCell', () => {
  it('matches nothing before a cell is remembered', () => {
    expect(new RepeatedCell().matches(bytes, 0, 0)).toBe(false);
  });

  it('matches the same bytes elsewhere, not a longer cell or one differing in its last byte', () => {
    // Prepare
    const cell = new RepeatedCell();
    cell.remember(bytes, cells[0][0], cells[0][1]);
    // Act + Assess
    expect(cell.matches(bytes, cells[1][0], cells[1][1])).toBe(true);
    expect(cell.matches(bytes, cells[2][0], cells[2][1])).toBe(false);
    expect(cell.matches(bytes, cells[3][0], cells[3][1])).toBe(false);
  });

  it('keeps no cell longer than 64 bytes, so such a cell never counts as a repeat', () => {
    // Prepare
    const cell = new RepeatedCell();
    cell.remember(bytes, cells[4][0], cells[4][1]);
    // Act + Assess
    expect(cell.matches(bytes, cells[5][0], cells[5][1])).toBe(false);
  });
});
