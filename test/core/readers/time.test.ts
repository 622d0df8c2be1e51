import { describe, expect, it } from 'vitest';
import { IssueSink } from '../../../lib/core/issues.ts';
import { enforceNonDecreasingTime } from '../../../lib/core/readers/time.ts';
import { ROW_BLOCK } from '../../../lib/core/row-blocks.ts';

function repaired(times: number[]): { time_s: number[]; issues: ReturnType<IssueSink['list']> } {
  const time_s = Float64Array.from(times);
  const issues = new IssueSink();
  enforceNonDecreasingTime(time_s, 'cell.csv', issues);
  return { time_s: Array.from(time_s), issues: issues.list() };
}

describe('enforceNonDecreasingTime', () => {
  it('leaves a column in order as it is, with no issue', () => {
    const times = Array.from({ length: 3 * ROW_BLOCK + 5 }, (_, row) => row * 0.5);

    const { time_s, issues } = repaired(times);

    expect(time_s).toEqual(times);
    expect(issues).toEqual([]);
  });

  it('clamps small steps back to the time before them and counts them in one issue', () => {
    const { time_s, issues } = repaired([0, 1, 2, 1.9, 3, 4, 3.95, 5]);

    expect(time_s).toEqual([0, 1, 2, 2, 3, 4, 4, 5]);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ code: 'non_monotonic_time', count: 2, location: { row: 3 } });
  });

  it('continues a restart at zero from where the time had reached, as a time_reset issue', () => {
    const { time_s, issues } = repaired([0, 10, 20, 0, 10, 20]);

    expect(time_s).toEqual([0, 10, 20, 20, 30, 40]);
    expect(issues.map((issue) => issue.code)).toEqual(['time_reset']);
    expect(issues[0]!.location).toMatchObject({ row: 3 });
  });

  it('finds a step back that lies past the first block of rows, and one on the second row', () => {
    const times = Array.from({ length: ROW_BLOCK + 10 }, (_, row) => row);
    times[ROW_BLOCK + 3] = ROW_BLOCK + 1.5;

    const late = repaired(times);
    const early = repaired([5, 4.99, 6]);

    expect(late.time_s[ROW_BLOCK + 3]).toBe(ROW_BLOCK + 2);
    expect(late.issues[0]).toMatchObject({
      code: 'non_monotonic_time',
      count: 1,
      location: { row: ROW_BLOCK + 3 },
    });
    expect(early.time_s).toEqual([5, 5, 6]);
  });

  it('lets a missing time (NaN) through without calling the next row a step back', () => {
    const { time_s, issues } = repaired([0, 1, Number.NaN, 0.5, 2]);

    expect(time_s).toEqual([0, 1, Number.NaN, 0.5, 2]);
    expect(issues).toEqual([]);
  });
});
