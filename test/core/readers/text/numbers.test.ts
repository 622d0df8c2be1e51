import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  newParseState,
  ParseStatus,
  parseFieldNumber,
  parseNumberBytes,
} from '../../../../lib/core/readers/text/numbers.ts';

const encoder = new TextEncoder();
const DOT = 46;
const COMMA = 44;

function parse(text: string, decimal = DOT): { value: number; status: number } {
  const bytes = encoder.encode(text);
  const state = newParseState();
  const value = parseNumberBytes(bytes, 0, bytes.length, decimal, state);
  return { value, status: state.status };
}

/** The field parser the scanners use, on `text` followed by a delimiter. */
function parseField(text: string, decimal = DOT): { value: number; status: number; fieldEnd: number } {
  const bytes = encoder.encode(`${text};`);
  const state = newParseState();
  const value = parseFieldNumber(bytes, 0, bytes.length, 59, decimal, state);
  return { value, status: state.status, fieldEnd: state.fieldEnd };
}

/** A decimal text of `digits` significant digits (16–19, EC-Lab's and worse) with exponent `exponent`. */
const longDecimal = fc
  .record({
    digits: fc.integer({ min: 16, max: 19 }),
    mantissa: fc.bigInt({ min: 0n, max: 10n ** 19n - 1n }),
    pointAt: fc.integer({ min: 1, max: 19 }),
    exponent: fc.integer({ min: -30, max: 30 }),
    negative: fc.boolean(),
  })
  .map(({ digits, mantissa, pointAt, exponent, negative }) => {
    const text = String(mantissa % 10n ** BigInt(digits)).padStart(digits, '0');
    const point = Math.min(pointAt, digits);
    const sign = negative ? '-' : '';
    return `${sign}${text.slice(0, point)}.${text.slice(point)}E${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(3, '0')}`;
  });

describe('parseNumberBytes', () => {
  it('gives exactly what Number() gives for any double printed by JavaScript', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        const text = String(x);
        expect(Object.is(parse(text).value, Number(text)) || (x === 0 && parse(text).value === 0)).toBe(true);
      }),
      { numRuns: 20000 },
    );
  });

  it('gives exactly what Number() gives for 16–19 significant digits, in both parsers', () => {
    fc.assert(
      fc.property(longDecimal, (text) => {
        expect(Object.is(parse(text).value, Number(text))).toBe(true);
        const field = parseField(text);
        expect(Object.is(field.value, Number(text))).toBe(true);
        expect(field.fieldEnd).toBe(text.length);
      }),
      { numRuns: 20000 },
    );
  });

  it('gives exactly what Number() gives for 16–19 digits that end in zeros (`1.5000000000000000E+000`)', () => {
    const zeroTail = fc
      .record({
        significant: fc.bigInt({ min: 0n, max: 10n ** 15n - 1n }),
        zeros: fc.integer({ min: 1, max: 4 }),
        exponent: fc.integer({ min: -40, max: 40 }),
        negative: fc.boolean(),
      })
      .map(({ significant, zeros, exponent, negative }) => {
        const digits = String(significant).padStart(15, '0') + '0'.repeat(zeros);
        const sign = negative ? '-' : '';
        return `${sign}${digits[0]}.${digits.slice(1)}E${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(3, '0')}`;
      });
    fc.assert(
      fc.property(zeroTail, (text) => {
        expect(Object.is(parseField(text).value, Number(text))).toBe(true);
        expect(Object.is(parse(text).value, Number(text))).toBe(true);
      }),
      { numRuns: 20000 },
    );
    expect(parseField('-1.5000000000000000E+000').value).toBe(-1.5);
    expect(parseField('5.0000000000000000E-001').value).toBe(0.5);
  });

  it('gives exactly what Number() gives for doubles printed with 17 digits, as EC-Lab writes them', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e30, max: 1e30 }), (x) => {
        const text = x.toExponential(16).replace('e', 'E');
        expect(Object.is(parseField(text).value, Number(text))).toBe(true);
        expect(Object.is(parse(text).value, Number(text))).toBe(true);
      }),
      { numRuns: 20000 },
    );
  });

  it('rounds 17-digit decimals that lie exactly on or next to a midpoint between two doubles', () => {
    // 2^53 + 1 is the midpoint between 2^53 and 2^53 + 2: ties go to even.
    for (const text of [
      '9007199254740993',
      '9007199254740993.0',
      '9007199254740995',
      '9007199254740993.000001',
    ]) {
      expect(parseField(text).value).toBe(Number(text));
      expect(parse(text).value).toBe(Number(text));
    }
  });

  it('reads exponents, signs and padding the way instruments write them', () => {
    expect(parse('1.2345E-03').value).toBe(0.0012345);
    expect(parse(' -4.200000e+00 ').value).toBe(-4.2);
    expect(parse('"3.5"').value).toBe(3.5);
    expect(parse('+12').value).toBe(12);
    expect(parse('.5').value).toBe(0.5);
    expect(parse('7.').value).toBe(7);
    expect(parse('123456789012345678901234567890').value).toBe(1.2345678901234568e29);
    expect(parse('0.000000000000000000000000001234').value).toBe(1.234e-27);
  });

  it('reads a decimal comma when told to, and refuses a dot then', () => {
    expect(parse('3,5625', COMMA).value).toBe(3.5625);
    expect(parse('-1,5E-3', COMMA).value).toBe(-0.0015);
    expect(parse('3.5625', COMMA).status).toBe(ParseStatus.invalid);
  });

  it('tells an empty field from text that is not a number', () => {
    expect(parse('').status).toBe(ParseStatus.empty);
    expect(parse('   ').status).toBe(ParseStatus.empty);
    expect(parse('abc').status).toBe(ParseStatus.invalid);
    expect(parse('1.2.3').status).toBe(ParseStatus.invalid);
    expect(parse('1e').status).toBe(ParseStatus.invalid);
    expect(parse('-').status).toBe(ParseStatus.invalid);
  });

  it('accepts nan and inf spelled as numeric libraries write them', () => {
    expect(parse('NaN').status).toBe(ParseStatus.ok);
    expect(Number.isNaN(parse('nan').value)).toBe(true);
    expect(parse('inf').value).toBe(Number.POSITIVE_INFINITY);
    expect(parse('-inf').value).toBe(Number.NEGATIVE_INFINITY);
  });
});
