/**
 * The flat Neware CSV reader's own paths: record numbers kept only when the rows are not already
 * in record order, step and cycle cells that are not plain digits, and an export with a lone
 * `Capacity` counter. Each file is a generated export from a known model, edited line by line.
 */
import { describe, expect, it } from 'vitest';
import { NonNumericValueError, type ReaderError } from '../../../../lib/core/errors.ts';
import { readNewareCsv } from '../../../../lib/core/readers/neware/index.ts';
import { bytesSource } from '../../../../lib/core/readers/source.ts';
import { generateNewareFlatCsv, type NewareCsvOptions } from '../../../generators/neware-csv.ts';

const encoder = new TextEncoder();

const model: NewareCsvOptions = {
  language: 'en',
  durationStyle: 'hms',
  cycles: 2,
  interval_s: 1,
  steps: [
    { type: 'CC Chg', duration_s: 60, current_mA: 1.5 },
    { type: 'Rest', duration_s: 20, current_mA: 0 },
    { type: 'CC DChg', duration_s: 60, current_mA: -1.5 },
  ],
  start: { year: 2024, month: 1, day: 10, hour: 11, minute: 2, second: 29 },
};

/** The model's export as header + data lines, and what the model says each row holds. */
function modelLines() {
  const { text, expected } = generateNewareFlatCsv(model);
  const [header, ...lines] = text.trimEnd().split('\r\n');
  return { header: header!, lines, expected };
}

/** Replaces the first cell (the record number) of a data line. */
function withRecord(line: string, record: number): string {
  return `${record}${line.slice(line.indexOf(','))}`;
}

async function read(header: string, lines: readonly string[], chunkBytes = 4096) {
  const text = `${[header, ...lines].join('\r\n')}\r\n`;
  return (await readNewareCsv(bytesSource('flat.csv', encoder.encode(text), chunkBytes))).series;
}

describe('Neware flat CSV record order', () => {
  it('rows whose record numbers skip values keep the file order, with no reordering reported', async () => {
    const { header, lines, expected } = modelLines();
    // Every third row a gap (as after records deleted by hand), then every row one (past the point
    // where the runs of consecutive numbers are worth keeping).
    const gappy = lines.map((line, row) =>
      withRecord(line, row < 200 ? row + 1 + Math.floor(row / 3) : 10 * row),
    );

    const series = await read(header, gappy);

    expect(series.rows).toBe(expected.rows);
    expect(Array.from(series.time_s)).toEqual(expected.time_s);
    expect(series.issues.map((issue) => issue.code)).not.toContain('other');
  });

  it('rows written out of record order come back in record order, a repeated record keeping its first row', async () => {
    const { header, lines, expected } = modelLines();
    // Rows 100–109 moved to the end of the file, and row 250 written again after them.
    const moved = [...lines.slice(0, 100), ...lines.slice(110), ...lines.slice(100, 110), lines[250]!];

    const series = await read(header, moved);

    expect(series.rows).toBe(expected.rows);
    expect(Array.from(series.time_s)).toEqual(expected.time_s);
    expect(Array.from(series.voltage_V!)).toEqual(expected.voltage_V);
    expect(Array.from(series.stepIndex!)).toEqual(expected.stepIndex);
    const codes = series.issues.map((issue) => issue.code);
    expect(codes).toContain('duplicate_row');
    expect(codes).toContain('other');
  });

  it('rows out of order after runs of consecutive record numbers with gaps are still put in order', async () => {
    const { header, lines, expected } = modelLines();
    // Runs of 50 consecutive numbers, 5 numbers skipped between runs; the last two rows swapped.
    const numbered = lines.map((line, row) => withRecord(line, row + 1 + 5 * Math.floor(row / 50)));
    const swapped = [...numbered.slice(0, -2), numbered.at(-1)!, numbered.at(-2)!];

    const series = await read(header, swapped, 1021);

    expect(Array.from(series.time_s)).toEqual(expected.time_s);
    expect(Array.from(series.current_A!)).toEqual(expected.current_A);
  });
});

describe('Neware flat CSV cells', () => {
  it('cycle and step cells written with padding, quotes or a fraction give the same numbers', async () => {
    const { header, lines, expected } = modelLines();
    const padded = lines.map((line, row) => {
      const cells = line.split(',');
      if (row % 3 === 0) cells[1] = ` ${cells[1]} `;
      if (row % 3 === 1) cells[2] = `"${cells[2]}"`;
      if (row % 3 === 2) cells[2] = `${cells[2]}.0`;
      return cells.join(',');
    });

    const series = await read(header, padded);

    expect(Array.from(series.cycleIndex!)).toEqual(expected.cycleIndex);
    expect(Array.from(series.stepIndex!)).toEqual(expected.stepIndex);
  });

  it('garbage in a step cell is a typed error naming line and column', async () => {
    const { header, lines } = modelLines();
    const broken = [...lines];
    broken[7] = broken[7]!.replace(/^(\d+,\d+),\d+,/, '$1,x7,');

    const error = await read(header, broken).catch((caught) => caught);

    expect(error).toBeInstanceOf(NonNumericValueError);
    expect((error as ReaderError).location).toMatchObject({ line: 9, column: 'Step ID' });
  });

  it('a line without its date and time cells takes the time before it, with a missing-value issue', async () => {
    const { header, lines, expected } = modelLines();
    const cut = [...lines];
    cut[40] = cut[40]!.split(',').slice(0, 10).join(',');

    const series = await read(header, cut);

    expect(series.rows).toBe(expected.rows);
    expect(series.time_s[40]).toBe(expected.time_s[39]);
    expect(series.time_s[41]).toBe(expected.time_s[41]);
    expect(series.voltage_V![40]).toBe(expected.voltage_V[40]);
    expect(series.issues.find((issue) => issue.code === 'missing_value')?.location).toMatchObject({
      row: 40,
      column: 'Total Time',
    });
  });

  it('an export with only the unsigned Capacity counter splits it into charge and discharge by step', async () => {
    const { header, lines, expected } = modelLines();
    // Drop `Chg. Cap.(mAh)` and `DChg. Cap.(mAh)` (fields 8 and 9).
    const dropCounters = (line: string) =>
      line
        .split(',')
        .filter((_, index) => index !== 8 && index !== 9)
        .join(',');

    const series = await read(dropCounters(header), lines.map(dropCounters));

    expect(Array.from(series.chargeCapacity_Ah!)).toEqual(expected.chargeCapacity_Ah);
    expect(Array.from(series.dischargeCapacity_Ah!)).toEqual(expected.dischargeCapacity_Ah);
  });
});
