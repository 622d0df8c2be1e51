import { describe, expect, it } from 'vitest';
import { downsampleMinMax, minMaxIndices, pixelMinMaxIndices } from '../../lib/core/downsample.ts';

describe('per-pixel downsampling for drawing', () => {
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

  it('keeps the extremes of every series sharing the x axis (voltage and pressure)', () => {
    // Prepare: two series on one time base, each with a one-row event the other lacks
    const count = 100_000;
    const x = Array.from({ length: count }, (_, i) => i);
    const voltage = Array.from({ length: count }, (_, i) => 3.8 + 0.1 * Math.sin(i / 900));
    const pressure = Array.from({ length: count }, (_, i) => 0.2 * Math.cos(i / 700));
    voltage[31_415] = 3.0;
    pressure[27_182] = 1.5;
    // Act
    const rows = pixelMinMaxIndices(x, [voltage, pressure], 200);
    // Assess
    expect(rows.length).toBeLessThanOrEqual(6 * 200);
    expect(rows).toContain(31_415);
    expect(rows).toContain(27_182);
  });

  it('a gap in the pressure log stays a gap: the rows where it starts and ends are kept', () => {
    // Prepare: ΔP missing (null) for rows 40 000–59 999
    const count = 100_000;
    const x = Array.from({ length: count }, (_, i) => i);
    const pressure = Array.from({ length: count }, (_, i) => (i >= 40_000 && i < 60_000 ? null : i / count));
    // Act
    const rows = pixelMinMaxIndices(x, [pressure], 100);
    // Assess
    expect(rows).toEqual(expect.arrayContaining([39_999, 40_000, 59_999, 60_000]));
    expect(rows.filter((row) => pressure[row] === null).length).toBeLessThanOrEqual(2 * 100);
  });
});

describe('equal-count downsampling (the analyse stage)', () => {
  it('keeps the minimum and maximum of each bucket and both ends', () => {
    // Prepare
    const y = Array.from({ length: 10_000 }, (_, i) => Math.sin(i / 300));
    y[5_123] = -4;
    // Act
    const rows = minMaxIndices(y, 400);
    // Assess
    expect(rows.length).toBeLessThanOrEqual(400);
    expect(rows).toContain(5_123);
    expect([rows[0], rows.at(-1)]).toEqual([0, 9_999]);
  });
});
