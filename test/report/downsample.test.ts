import { describe, expect, it } from 'vitest';
import { downsampleMinMax } from '../../lib/report/downsample.ts';

describe('downsampling for drawing', () => {
  it('a one-sample spike in a million points survives, with the first and last points', () => {
    // Prepare
    const count = 1_000_000;
    const x = Float64Array.from({ length: count }, (_, i) => i);
    const y = Float64Array.from({ length: count }, (_, i) => Math.sin(i / 5000));
    y[424_242] = 7;
    y[777_777] = -9;
    // Act
    const drawn = downsampleMinMax(x, y, 500);
    // Assess
    expect(drawn.x.length).toBeLessThanOrEqual(4 * 500);
    expect(Math.max(...drawn.y)).toBe(7);
    expect(Math.min(...drawn.y)).toBe(-9);
    expect(drawn.x[drawn.y.indexOf(7)]).toBe(424_242);
    expect([drawn.x[0], drawn.x.at(-1)]).toEqual([0, count - 1]);
  });

  it('keeps points in their original order', () => {
    const x = Float64Array.from({ length: 10_000 }, (_, i) => i / 10);
    const y = Float64Array.from({ length: 10_000 }, (_, i) => (i * 7919) % 13);
    const drawn = downsampleMinMax(x, y, 100);
    expect(drawn.x.every((value, index) => index === 0 || value > drawn.x[index - 1]!)).toBe(true);
  });

  it('a series already short enough comes back unchanged', () => {
    expect(downsampleMinMax([1, 2, 3], [4, 5, 6], 10)).toEqual({ x: [1, 2, 3], y: [4, 5, 6] });
  });
});
