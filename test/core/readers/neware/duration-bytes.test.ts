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

  it('returns NaN where the text parser does, and for what it leaves to the text path', () => {
    for (const text of ['', '1:2:3:4', 'abc', '12.', '1-', '"0:00:01"']) expect(fromBytes(text)).toBeNaN();
    expect(parseDuration('"0:00:01"')).toBeNaN();
  });
});
