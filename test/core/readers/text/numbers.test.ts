import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newParseState, ParseStatus, parseNumberBytes } from '../../../../lib/core/readers/text/numbers.ts';

const encoder = new TextEncoder();
const DOT = 46;
const COMMA = 44;

function parse(text: string, decimal = DOT): { value: number; status: number } {
  const bytes = encoder.encode(text);
  const state = newParseState();
  const value = parseNumberBytes(bytes, 0, bytes.length, decimal, state);
  return { value, status: state.status };
}

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
