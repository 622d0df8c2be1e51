import { describe, expect, it } from 'vitest';
import {
  builtInFormatKind,
  cellFormatKinds,
  formatCodeKind,
  NumberFormatKind,
} from '../../../../lib/core/readers/xlsx/number-formats.ts';

const { number, dateTime, duration } = NumberFormatKind;

describe('formatCodeKind', () => {
  it.each([
    ['General', number],
    ['0.000', number],
    ['0.00E+00', number],
    ['##0.0e-0', number],
    ['0.0%', number],
    ['[$€-2] #,##0.00', number],
    ['[Red]0.00;[Blue]-0.00', number],
    ['0.00 "days"', number],
    ['0 \\h', number],
  ])('%s is a plain number', (code, kind) => {
    expect(formatCodeKind(code)).toBe(kind);
  });

  it.each([
    ['yyyy-mm-dd hh:mm:ss', dateTime],
    ['yyyy/m/d h:mm:ss.000', dateTime],
    ['m/d/yyyy', dateTime],
    ['d-mmm-yy', dateTime],
    ['mmm-yy', dateTime],
    ['yyyy"年"m"月"d"日"', dateTime],
    ['[$-F800]dddd, mmmm dd, yyyy', dateTime],
  ])('%s is a calendar date', (code, kind) => {
    expect(formatCodeKind(code)).toBe(kind);
  });

  it.each([
    ['[h]:mm:ss', duration],
    ['h:mm:ss.000', duration],
    ['hh:mm', duration],
    ['mm:ss', duration],
    ['[mm]:ss.0', duration],
    ['h:mm AM/PM', duration],
    ['上午/下午h"时"mm"分"', duration],
    ['[h]:mm:ss;@', duration],
  ])('%s is a time or an elapsed time', (code, kind) => {
    expect(formatCodeKind(code)).toBe(kind);
  });
});

describe('builtInFormatKind', () => {
  it('knows the built-in dates, times and numbers', () => {
    expect([14, 15, 22, 31, 57].map(builtInFormatKind)).toEqual(Array(5).fill(dateTime));
    expect([18, 21, 33, 46, 47].map(builtInFormatKind)).toEqual(Array(5).fill(duration));
    expect([0, 1, 2, 10, 11, 49].map(builtInFormatKind)).toEqual(Array(6).fill(number));
  });
});

describe('cellFormatKinds', () => {
  it('gives each cellXfs entry the kind of its custom or built-in format, not the cellStyleXfs ones', () => {
    const styles = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
  <numFmts count="2"><numFmt numFmtId="164" formatCode="[h]:mm:ss.000"/><numFmt numFmtId="165" formatCode="yyyy\\-mm\\-dd\\ hh:mm:ss"/></numFmts>
  <cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>
  <cellXfs count="5"><xf numFmtId="0" fontId="0"/><xf numFmtId="164" applyNumberFormat="1"/><xf numFmtId="165"/><xf numFmtId="21"/><xf numFmtId="2"></xf></cellXfs>
</styleSheet>`;
    expect(Array.from(cellFormatKinds(styles))).toEqual([number, duration, dateTime, duration, number]);
  });

  it('is empty for a styles part without cell formats', () => {
    expect(cellFormatKinds('<styleSheet><cellXfs count="0"/></styleSheet>')).toHaveLength(0);
  });
});
