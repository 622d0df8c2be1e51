/**
 * The byte path for local date-times must give exactly what `parseWallClock` gives for every text
 * of the shapes it takes, and step aside (NaN) for every other shape, so a file reads the same
 * whichever path its cells take.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseWallClock } from '../../../../lib/core/readers/delimited/wallclock.ts';
import { SameDayWallClock } from '../../../../lib/core/readers/delimited/wallclock-bytes.ts';

const encoder = new TextEncoder();
const pad = (value: number, width: number): string => String(value).padStart(width, '0');

/** A date-time of a shape the byte path takes: the date as an instrument writes it, a plain time. */
const localDateTime = fc
  .record({
    year: fc.integer({ min: 2000, max: 2099 }),
    month: fc.integer({ min: 1, max: 12 }),
    day: fc.integer({ min: 1, max: 28 }),
    hours: fc.integer({ min: 0, max: 23 }),
    minutes: fc.integer({ min: 0, max: 59 }),
    seconds: fc.option(fc.integer({ min: 0, max: 59 }), { nil: null }),
    fraction: fc.option(fc.stringMatching(/^\d{1,9}$/), { nil: null }),
    fractionMark: fc.constantFrom('.', ','),
    layout: fc.constantFrom('us', 'us-short', 'dots', 'iso-space', 'iso-t'),
    trailingSpaces: fc.integer({ min: 0, max: 2 }),
  })
  .map((parts) => {
    const date = {
      us: `${pad(parts.month, 2)}/${pad(parts.day, 2)}/${parts.year}`,
      'us-short': `${parts.month}/${parts.day}/${String(parts.year).slice(2)}`,
      dots: `${pad(parts.day, 2)}.${pad(parts.month, 2)}.${parts.year}`,
      'iso-space': `${parts.year}-${pad(parts.month, 2)}-${pad(parts.day, 2)}`,
      'iso-t': `${parts.year}-${pad(parts.month, 2)}-${pad(parts.day, 2)}`,
    }[parts.layout];
    const separator = parts.layout === 'iso-t' ? 'T' : ' ';
    const seconds =
      parts.seconds === null
        ? ''
        : `:${pad(parts.seconds, 2)}${parts.fraction === null ? '' : `${parts.fractionMark}${parts.fraction}`}`;
    return `${date}${separator}${parts.hours}:${pad(parts.minutes, 2)}${seconds}${' '.repeat(parts.trailingSpaces)}`;
  });

function parseBytes(clock: SameDayWallClock, text: string): number {
  const bytes = encoder.encode(`,${text},`);
  return clock.parse(bytes, 1, bytes.length - 1);
}

describe('SameDayWallClock', () => {
  it('gives exactly what parseWallClock gives, over a column whose date changes', () => {
    const clock = new SameDayWallClock();
    fc.assert(
      fc.property(fc.array(localDateTime, { minLength: 1, maxLength: 6 }), (texts) => {
        for (const text of texts) {
          expect(parseBytes(clock, text), text).toBe(parseWallClock(text)!.ms);
        }
      }),
    );
  });

  it('reads a day of US dates once and every time of it from the bytes', () => {
    // Prepare
    const clock = new SameDayWallClock();
    const texts = ['04/30/2024 23:59:59.750', '04/30/2024 23:59:59.999', '05/01/2024 0:00:00.250'];
    // Act
    const values = texts.map((text) => parseBytes(clock, text));
    // Assess
    expect(values).toEqual([
      Date.UTC(2024, 3, 30, 23, 59, 59, 750),
      Date.UTC(2024, 3, 30, 23, 59, 59, 999),
      Date.UTC(2024, 4, 1, 0, 0, 0, 250),
    ]);
  });

  it('steps aside for shapes it does not take, which parseWallClock still reads', () => {
    const clock = new SameDayWallClock();
    for (const text of [
      '04/30/2024 2:33:19 PM',
      '2024-04-30 14:33:19+02:00',
      '2024-04-30T14:33:19Z',
      '"04/30/2024 14:33:19"',
      ' 04/30/2024 14:33:19',
      '30-Apr-24 2:33:19 PM',
      '11 December 2020, 12:22:12 PM',
      '04/30/2024 14:33:19.1234567890123456',
    ]) {
      expect(parseBytes(clock, text), text).toBeNaN();
      expect(parseWallClock(text.replace(/^"|"$/g, '')), text).not.toBeNull();
    }
  });

  it('refuses what parseWallClock refuses (an hour, minute or month out of range, a cut time)', () => {
    const clock = new SameDayWallClock();
    for (const text of [
      '04/30/2024 24:00:00',
      '04/30/2024 12:60:00',
      '13/13/2024 12:00:00',
      '04/30/2024 12:3',
      '04/30/2024 12:30:19.',
    ]) {
      expect(parseBytes(clock, text), text).toBeNaN();
      expect(parseWallClock(text), text).toBeNull();
    }
  });
});
