/** The byte-level duration parser of the Neware CSV scan gives exactly what the text parser gives. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDuration, parseDurationBytes } from '../../../../lib/core/readers/neware/csv-columns.ts';

const encoder = new TextEncoder();
const fromBytes = (text: string) => parseDurationBytes(encoder.encode(text), 0, text.length);

describe('parseDurationBytes', () => {
  it('equals parseDuration for h:mm:ss.fff and d-hh:mm:ss cells', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 59 }),
        fc.integer({ min: 0, max: 59 }),
        fc.stringMatching(/^\d{0,6}$/),
        fc.integer({ min: 0, max: 30 }),
        (hours, minutes, seconds, fraction, days) => {
          const clock = `${hours}:${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`;
          for (const text of [
            fraction === '' ? clock : `${clock}.${fraction}`,
            `${days}-${String(hours % 24).padStart(2, '0')}:${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}`,
          ]) {
            expect(Object.is(fromBytes(text), parseDuration(text))).toBe(true);
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("gives h·3600 + m·60 + s + the fraction's decimal value, bit for bit, for Neware's h:mm:ss.fff cells", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 999_999 }),
        fc.integer({ min: 0, max: 59 }),
        fc.integer({ min: 0, max: 59 }),
        fc.stringMatching(/^\d{0,15}$/),
        (hours, minutes, seconds, fraction) => {
          const text = `${hours}:${String(minutes).padStart(2, '0')}:${String(seconds).padStart(2, '0')}${fraction === '' ? '' : `.${fraction}`}`;
          const expected =
            hours * 3600 + minutes * 60 + seconds + (fraction === '' ? 0 : Number(`0.${fraction}`));
          expect(Object.is(fromBytes(text), expected)).toBe(true);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('reads the cells outside the usual shape: padding, one-digit fields, days, minutes only, long fractions', () => {
    const cells: [string, number][] = [
      ['  0:00:01.5 ', 1.5],
      ['1:2:3', 3723],
      ['1-02:03:04', 93784],
      ['1-02:03:04.25', 93784.25],
      ['12:34', 754],
      ['42', 42],
      ['7.125', 7.125],
      ['0:00:00.1234567890123456', Number('0.1234567890123456')],
      ['123:00:60', 123 * 3600 + 60],
    ];
    for (const [text, seconds] of cells) expect(fromBytes(text), text).toBe(seconds);
  });

  it('returns NaN for cells that start like h:mm:ss but are not durations', () => {
    for (const text of ['0:00:01.', '0:0a:01', '0:00:01.5x', '0:00:01x', ':00:01', '0:00:01.2.3']) {
      expect(fromBytes(text), text).toBeNaN();
    }
  });

  it('returns NaN where the text parser does, and for what it leaves to the text path', () => {
    for (const text of ['', '1:2:3:4', 'abc', '12.', '1-', '"0:00:01"']) expect(fromBytes(text)).toBeNaN();
    expect(parseDuration('"0:00:01"')).toBeNaN();
  });
});
