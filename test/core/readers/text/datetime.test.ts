import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIsoDateTimeBytes, parseIsoDateTimeField } from '../../../../lib/core/readers/text/datetime.ts';
import { newParseState, ParseStatus } from '../../../../lib/core/readers/text/numbers.ts';

const encoder = new TextEncoder();
const parse = (text: string) => parseIsoDateTimeBytes(encoder.encode(text), 0, text.length);

describe('parseIsoDateTimeBytes', () => {
  it('gives the same milliseconds as Date.UTC for any date-time from 1900 to 2200', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1900-01-01T00:00:00Z'),
          max: new Date('2200-01-01T00:00:00Z'),
          noInvalidDate: true,
        }),
        (date) => {
          const iso = date.toISOString(); // 2024-01-01T00:00:00.000Z
          expect(parse(iso.slice(0, 23).replace('T', ' '))).toBe(date.getTime());
          expect(parse(iso.slice(0, 19))).toBe(Math.floor(date.getTime() / 1000) * 1000);
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('reads slashes, a comma fraction, microseconds and quotes', () => {
    expect(parse('2024/04/30 14:33:18,98')).toBe(Date.UTC(2024, 3, 30, 14, 33, 18, 980));
    expect(parse('"2024-04-30 14:33:18.123456"')).toBeCloseTo(Date.UTC(2024, 3, 30, 14, 33, 18) + 123.456, 2);
  });

  it('returns NaN for shapes it leaves to the text parser', () => {
    for (const text of [
      '2024-04-30T14:33:18Z',
      '04/30/2024 14:33:18',
      '2024-04-30 2:33:18 PM',
      '2024-13-01 00:00:00',
      'garbage',
    ]) {
      expect(parse(text)).toBeNaN();
    }
  });
});

describe("parseIsoDateTimeField (the scanners' one-pass form)", () => {
  const field = (text: string, delimiter = 44) => {
    const state = newParseState();
    const ms = parseIsoDateTimeField(encoder.encode(text), 0, text.length, delimiter, state);
    return { ms, ok: state.status === ParseStatus.ok, fieldEnd: state.fieldEnd };
  };

  it('gives what parseIsoDateTimeBytes gives and stops at the delimiter or line end', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1950-01-01T00:00:00Z'),
          max: new Date('2150-01-01T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.constantFrom(',1.5\n', '\t2\r\n', '\n', ''),
        (date, rest) => {
          const text = date.toISOString().slice(0, 23).replace('T', ' ');
          const delimiter = rest.startsWith('\t') ? 9 : 44;
          const result = field(text + rest, delimiter);
          expect(result).toEqual({ ms: parse(text), ok: true, fieldEnd: text.length });
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('takes a comma before the fraction only when the comma is not the delimiter', () => {
    expect(field('2024-04-30 14:33:18,98;x', 59).ms).toBe(Date.UTC(2024, 3, 30, 14, 33, 18, 980));
    expect(field('2024-04-30 14:33:18,98', 44)).toEqual({
      ms: Date.UTC(2024, 3, 30, 14, 33, 18),
      ok: true,
      fieldEnd: 19,
    });
  });

  it('leaves quoted, zoned and other layouts to the text parser', () => {
    for (const text of [
      '"2024-04-30 14:33:18"',
      '2024-04-30T14:33:18Z',
      '2024-04-30 2:33:18 PM',
      '30.04.2024 14:33:18',
    ]) {
      expect(field(text).ok).toBe(false);
    }
  });
});
