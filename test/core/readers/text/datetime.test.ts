import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIsoDateTimeBytes } from '../../../../lib/core/readers/text/datetime.ts';

const encoder = new TextEncoder();
const parse = (text: string) => parseIsoDateTimeBytes(encoder.encode(text), 0, text.length);

describe('parseIsoDateTimeBytes', () => {
  it('gives the same milliseconds as Date.UTC for any date-time from 1900 to 2200', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2200-01-01T00:00:00Z'), noInvalidDate: true }), (date) => {
        const iso = date.toISOString(); // 2024-01-01T00:00:00.000Z
        expect(parse(iso.slice(0, 23).replace('T', ' '))).toBe(date.getTime());
        expect(parse(iso.slice(0, 19))).toBe(Math.floor(date.getTime() / 1000) * 1000);
      }),
      { numRuns: 5000 },
    );
  });

  it('reads slashes, a comma fraction, microseconds and quotes', () => {
    expect(parse('2024/04/30 14:33:18,98')).toBe(Date.UTC(2024, 3, 30, 14, 33, 18, 980));
    expect(parse('"2024-04-30 14:33:18.123456"')).toBeCloseTo(Date.UTC(2024, 3, 30, 14, 33, 18) + 123.456, 2);
  });

  it('returns NaN for shapes it leaves to the text parser', () => {
    for (const text of ['2024-04-30T14:33:18Z', '04/30/2024 14:33:18', '2024-04-30 2:33:18 PM', '2024-13-01 00:00:00', 'garbage']) {
      expect(parse(text)).toBeNaN();
    }
  });
});
