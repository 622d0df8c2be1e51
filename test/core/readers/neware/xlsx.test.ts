/**
 * Neware Excel exports: generated BTS 8 (English and Chinese) and BTS 7 workbooks from a known
 * model, with durations as text or as Excel time cells, their cycle sheets against the records,
 * detection against Arbin's Excel export (the real navani file), and damaged workbooks.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CoreError,
  EmptyFileError,
  MissingColumnError,
  NonNumericValueError,
  ReaderError,
} from '../../../../lib/core/errors.ts';
import { message } from '../../../../lib/core/messages.ts';
import { arbinXlsxReader } from '../../../../lib/core/readers/arbin/xlsx.ts';
import { detectReader, probeOf } from '../../../../lib/core/readers/detect.ts';
import { newareCsvReader } from '../../../../lib/core/readers/neware/csv.ts';
import { newareXlsxReader, readNewareXlsx } from '../../../../lib/core/readers/neware/xlsx.ts';
import { bytesSource } from '../../../../lib/core/readers/source.ts';
import { readZipDirectory } from '../../../../lib/core/readers/zip.ts';
import { type CanonicalSeries, StepType } from '../../../../lib/core/series.ts';
import { generateNewareXlsx, type NewareXlsxOptions } from '../../../generators/neware-xlsx.ts';
import { describeRealData, realDataSource } from '../../../support/real-data.ts';
import { type TestCell, type TestSheet, writeXlsx } from '../xlsx/write-xlsx.ts';

const model: NewareXlsxOptions = {
  layout: 'bts8',
  language: 'en',
  cycles: 2,
  interval_s: 0.5,
  steps: [
    { type: 'Rest', duration_s: 30, current_mA: 0 },
    { type: 'CC Chg', duration_s: 120, current_mA: 1.25 },
    { type: 'CV Chg', duration_s: 60, current_mA: 0.5 },
    { type: 'Rest', duration_s: 30, current_mA: 0 },
    { type: 'CC DChg', duration_s: 150, current_mA: -1.25 },
  ],
  dateStyle: 'text',
  rowsPerSheet: 1000,
  repeatHeader: true,
  start: { year: 2024, month: 1, day: 2, hour: 3, minute: 4, second: 5 },
};

const stepTypeOfModel = {
  Rest: StepType.rest,
  'CC Chg': StepType.constantCurrentCharge,
  'CV Chg': StepType.constantVoltageCharge,
  'CC DChg': StepType.constantCurrentDischarge,
} as const;

const workbooks = new Map<string, ReturnType<typeof generateNewareXlsx>>();

/** A generated workbook, written once per set of options (tests that tamper with sheets generate their own). */
function workbook(changes: Partial<NewareXlsxOptions> = {}): ReturnType<typeof generateNewareXlsx> {
  const key = JSON.stringify({ ...model, ...changes });
  let generated = workbooks.get(key);
  if (generated === undefined) {
    generated = generateNewareXlsx({ ...model, ...changes });
    workbooks.set(key, generated);
  }
  return generated;
}

async function read(bytes: Uint8Array, name = 'cell.xlsx') {
  return readNewareXlsx(bytesSource(name, bytes));
}

async function probe(bytes: Uint8Array, name = 'cell.xlsx') {
  return probeOf(bytesSource(name, bytes));
}

/** Per cycle: the sum over steps of each step's last charge and discharge counter values. */
function capacityPerCycle(series: CanonicalSeries): Map<number, { charge_Ah: number; discharge_Ah: number }> {
  const totals = new Map<number, { charge_Ah: number; discharge_Ah: number }>();
  for (let row = 0; row < series.rows; row++) {
    const lastOfStep =
      row === series.rows - 1 ||
      series.stepIndex![row + 1] !== series.stepIndex![row] ||
      series.cycleIndex![row + 1] !== series.cycleIndex![row];
    if (!lastOfStep) continue;
    const cycle = series.cycleIndex![row]!;
    const total = totals.get(cycle) ?? { charge_Ah: 0, discharge_Ah: 0 };
    total.charge_Ah += series.chargeCapacity_Ah![row]!;
    total.discharge_Ah += series.dischargeCapacity_Ah![row]!;
    totals.set(cycle, total);
  }
  return totals;
}

/** The columns a reader fills, time apart: equal between two readings of the same model. */
function columnsBesideTime(series: CanonicalSeries) {
  return {
    rows: series.rows,
    voltage_V: series.voltage_V,
    current_A: series.current_A,
    cycleIndex: series.cycleIndex,
    stepIndex: series.stepIndex,
    stepType: series.stepType,
    chargeCapacity_Ah: series.chargeCapacity_Ah,
    dischargeCapacity_Ah: series.dischargeCapacity_Ah,
    startTime: series.startTime,
  };
}

/** Largest difference between two time columns, s (Infinity when their lengths differ). */
function largestTimeDifference_s(a: Float64Array, b: Float64Array): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let largest = 0;
  for (let row = 0; row < a.length; row++) largest = Math.max(largest, Math.abs(a[row]! - b[row]!));
  return largest;
}

/** The sheets with every Excel time cell (a formatted number) replaced by `replace` of it. */
function replacingTimeCells(sheets: readonly TestSheet[], replace: (days: number) => TestCell): TestSheet[] {
  return sheets.map((sheet) => ({
    name: sheet.name,
    rows: sheet.rows.map((cells) =>
      cells.map((cell) =>
        cell !== null && typeof cell === 'object' && 'format' in cell ? replace(cell.number) : cell,
      ),
    ),
  }));
}

describe('Neware Excel export reader', () => {
  describe.each([
    ['English', 'en', 'text'],
    ['English', 'en', 'serial'],
    ['Chinese', 'zh', 'text'],
    ['Chinese', 'zh', 'serial'],
  ] as const)('a BTS 8 workbook with %s sheets and %s dates', (_, language, dateStyle) => {
    it('round-trips every record exactly across its two record sheets', async () => {
      // Prepare
      const { bytes, expected, sheets } = workbook({ language, dateStyle });
      // Act
      const { series } = await read(bytes);
      // Assess
      expect(
        sheets.filter((sheet) => sheet.name.startsWith(language === 'en' ? 'record' : '记录')),
      ).toHaveLength(2);
      expect(series.rows).toBe(expected.rows);
      expect(Array.from(series.time_s)).toEqual(expected.time_s);
      expect(Array.from(series.voltage_V!)).toEqual(expected.voltage_V);
      expect(Array.from(series.current_A!)).toEqual(expected.current_A);
      expect(Array.from(series.chargeCapacity_Ah!)).toEqual(expected.chargeCapacity_Ah);
      expect(Array.from(series.dischargeCapacity_Ah!)).toEqual(expected.dischargeCapacity_Ah);
      expect(Array.from(series.cycleIndex!)).toEqual(expected.cycleIndex);
      expect(Array.from(series.stepIndex!)).toEqual(expected.stepIndex);
      expect(Array.from(series.stepType!)).toEqual(expected.stepType.map((type) => stepTypeOfModel[type]));
      expect(series.startTime).toBe(expected.startTime);
      expect(series.startTimeZoneKnown).toBe(false);
      expect(series.provenance).toMatchObject({
        format: 'neware-xlsx',
        formatVersion: 'BTS 8.x Excel export',
      });
    });
  });

  describe.each([
    ['English', 'en', '[h]:mm:ss.000'],
    ['English', 'en', 21],
    ['Chinese', 'zh', '[h]:mm:ss.000'],
    ['Chinese', 'zh', 21],
  ] as const)(
    'a BTS 8 workbook with %s sheets and durations as Excel time cells in format %s',
    (_, language, durationFormat) => {
      it('reads to the series of the text-duration workbook, times within a microsecond', async () => {
        // Prepare: the same model, its step and test times written as days in a time format.
        const withText = workbook({ language });
        const withTimeCells = workbook({ language, durationFormat });
        // Act
        const [fromText, fromTimeCells] = await Promise.all([
          read(withText.bytes),
          read(withTimeCells.bytes),
        ]);
        // Assess
        expect(columnsBesideTime(fromTimeCells.series)).toEqual(columnsBesideTime(fromText.series));
        expect(Array.from(fromText.series.time_s)).toEqual(withText.expected.time_s);
        expect(largestTimeDifference_s(fromTimeCells.series.time_s, fromText.series.time_s)).toBeLessThan(
          1e-6,
        );
        expect(fromTimeCells.series.time_s.at(-1)).toBeCloseTo(780, 6);
      });
    },
  );

  it('reads a BTS 7 Detail sheet whose relative time is an Excel time cell', async () => {
    // Prepare
    const withText = workbook({ layout: 'bts7' });
    const withTimeCells = workbook({ layout: 'bts7', durationFormat: '[h]:mm:ss.000' });
    // Act
    const [fromText, fromTimeCells] = await Promise.all([read(withText.bytes), read(withTimeCells.bytes)]);
    // Assess
    expect(columnsBesideTime(fromTimeCells.series)).toEqual(columnsBesideTime(fromText.series));
    expect(largestTimeDifference_s(fromTimeCells.series.time_s, fromText.series.time_s)).toBeLessThan(1e-6);
  });

  it('takes a time cell’s format from cellXfs, not cellStyleXfs, and a numFmt that redefines a built-in id', async () => {
    // Prepare: the time cells use cellXfs 2, numFmtId 14 (built in: a date) redefined as
    // [h]:mm:ss.000; its parent cell style 2 holds 22 (a date and time). Either misreading makes
    // the durations dates.
    const { sheets } = workbook({ durationFormat: '[h]:mm:ss.000' });
    const stylesXml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">
<numFmts count="1"><numFmt numFmtId="14" formatCode="[h]:mm:ss.000"/></numFmts>
<cellStyleXfs count="3"><xf numFmtId="0"/><xf numFmtId="0"/><xf numFmtId="22"/></cellStyleXfs>
<cellXfs count="3"><xf numFmtId="0" xfId="0"/><xf numFmtId="0" xfId="1"/><xf numFmtId="14" xfId="2" applyNumberFormat="1"/></cellXfs>
</styleSheet>`;
    const bytes = writeXlsx(
      replacingTimeCells(sheets, (days) => ({ number: days, style: 2 })),
      { stylesXml },
    );
    // Act
    const [fromText, fromStyled] = await Promise.all([read(workbook().bytes), read(bytes)]);
    // Assess
    expect(columnsBesideTime(fromStyled.series)).toEqual(columnsBesideTime(fromText.series));
    expect(largestTimeDifference_s(fromStyled.series.time_s, fromText.series.time_s)).toBeLessThan(1e-6);
  });

  it.each([
    [
      'in a workbook without a styles part',
      (seconds: number): TestCell => ({ number: seconds, style: 3 }),
      false,
    ],
    [
      'in a plain number format (0.000)',
      (seconds: number): TestCell => ({ number: seconds, format: '0.000' }),
      true,
    ],
  ])('reads numeric durations %s as seconds', async (_, cellOf, writesStyles) => {
    // Prepare: the durations as whole milliseconds of seconds (the model's times are multiples of 0.5 s).
    const { sheets } = workbook({ durationFormat: '[h]:mm:ss.000' });
    const bytes = writeXlsx(
      replacingTimeCells(sheets, (days) => cellOf(Math.round(days * 86_400_000) / 1000)),
    );
    // Act
    const { series } = await read(bytes);
    // Assess
    expect(readZipDirectory(bytes, 'cell.xlsx').has('xl/styles.xml')).toBe(writesStyles);
    expect(Array.from(series.time_s)).toEqual(workbook().expected.time_s);
  });

  it('a duration cell formatted as a calendar date is a ReaderError naming sheet, row and column', async () => {
    // Prepare
    const { bytes } = workbook({ cycles: 1, interval_s: 5, durationFormat: 'yyyy-mm-dd hh:mm:ss' });
    // Act
    const reading = read(bytes);
    // Assess
    await expect(reading).rejects.toThrow(ReaderError);
    await expect(reading).rejects.toThrow(
      message.newareXlsxDateAsDuration('cell.xlsx (sheet record)', 2, 'Total Time', 0),
    );
  });

  it('keeps Neware’s sign: charge current positive, discharge negative', async () => {
    // Prepare
    const { bytes } = workbook();
    // Act
    const { series } = await read(bytes);
    // Assess
    const currentOf = (stepType: number) =>
      new Set(Array.from(series.current_A!).filter((_, row) => series.stepType![row] === stepType));
    expect(currentOf(StepType.constantCurrentCharge)).toEqual(new Set([0.00125]));
    expect(currentOf(StepType.constantCurrentDischarge)).toEqual(new Set([-0.00125]));
  });

  it('gives the same series from Chinese and English sheets', async () => {
    // Prepare
    const english = workbook().bytes;
    const chinese = workbook({ language: 'zh' }).bytes;
    // Act
    const [fromEnglish, fromChinese] = await Promise.all([read(english), read(chinese)]);
    // Assess
    const columns = (series: CanonicalSeries) => ({ ...columnsBesideTime(series), time_s: series.time_s });
    expect(columns(fromChinese.series)).toEqual(columns(fromEnglish.series));
    expect(fromChinese.cycles).toEqual(fromEnglish.cycles);
  });

  it("gives the cycle sheet's capacities, equal to the sum of the step counters and to the model", async () => {
    // Prepare: per cycle, charge = 1.25 mA × 120 s + 0.5 mA × 60 s = 50 µAh; discharge 1.25 mA × 150 s ≈ 52.08 µAh.
    const { bytes, expected } = workbook();
    // Act
    const { series, cycles } = await read(bytes);
    // Assess
    const fromRecords = capacityPerCycle(series);
    expect(cycles.map((cycle) => cycle.cycle)).toEqual([1, 2]);
    for (const cycle of cycles) {
      expect(cycle.chargeCapacity_Ah).toBeCloseTo(fromRecords.get(cycle.cycle)!.charge_Ah, 15);
      expect(cycle.dischargeCapacity_Ah).toBeCloseTo(fromRecords.get(cycle.cycle)!.discharge_Ah, 15);
      expect(cycle.chargeCapacity_Ah).toBeCloseTo((1.25 * 120 + 0.5 * 60) / 3600 / 1000, 12);
      expect(cycle.dischargeCapacity_Ah).toBeCloseTo((1.25 * 150) / 3600 / 1000, 12);
    }
    expect(cycles).toEqual(expected.cycles);
  });

  it('continues the record on a sheet that does not repeat the header', async () => {
    // Prepare
    const { bytes, expected } = workbook({ rowsPerSheet: 700, repeatHeader: false });
    // Act
    const { series } = await read(bytes);
    // Assess
    expect(series.rows).toBe(expected.rows);
    expect(Array.from(series.time_s)).toEqual(expected.time_s);
    expect(Array.from(series.voltage_V!)).toEqual(expected.voltage_V);
  });

  it('reads a BTS 7 Detail sheet: step time to test time, mA to A, one counter split by step', async () => {
    // Prepare
    const { bytes, expected } = workbook({ layout: 'bts7' });
    // Act
    const { series } = await read(bytes);
    // Assess
    expect(series.provenance.formatVersion).toBe('BTS 7.x Excel export');
    expect(Array.from(series.time_s)).toEqual(expected.time_s);
    expect(Array.from(series.current_A!)).toEqual(expected.current_A);
    expect(Array.from(series.chargeCapacity_Ah!)).toEqual(expected.chargeCapacity_Ah);
    expect(Array.from(series.dischargeCapacity_Ah!)).toEqual(expected.dischargeCapacity_Ah);
    expect(Array.from(series.stepIndex!)).toEqual(expected.stepIndex);
    expect(series.startTime).toBe(expected.startTime);
  });

  it('is recognised as Neware from its sheet names, in English, Chinese and BTS 7', async () => {
    // Prepare
    const workbooks = [
      workbook().bytes,
      workbook({ language: 'zh' }).bytes,
      workbook({ layout: 'bts7' }).bytes,
    ];
    // Act
    const scores = await Promise.all(
      workbooks.map(async (bytes) => newareXlsxReader.detect(await probe(bytes))),
    );
    // Assess
    expect(scores).toEqual([0.95, 0.95, 0.95]);
  });

  it('wins detection over the Arbin Excel reader, and neither claims the other', async () => {
    // Prepare
    const neware = await probe(workbook().bytes);
    const arbin = await probe(
      writeXlsx([
        { name: 'Global_Info', rows: [['Channel'], [1]] },
        {
          name: 'Channel_1_1',
          rows: [
            ['Data_Point', 'Test_Time(s)', 'Current(A)', 'Voltage(V)'],
            [1, 0, 0, 3],
          ],
        },
      ]),
    );
    const readers = [arbinXlsxReader, newareXlsxReader, newareCsvReader];
    // Act
    const chosen = [detectReader(neware, readers).format, detectReader(arbin, readers).format];
    // Assess
    expect(chosen).toEqual(['neware-xlsx', 'arbin-xlsx']);
    expect(newareXlsxReader.detect(arbin)).toBe(0);
    expect(arbinXlsxReader.detect(neware)).toBe(0);
  });

  it('scores 0 on a workbook whose sheets are not Neware’s', async () => {
    // Prepare
    const other = await probe(
      writeXlsx([
        {
          name: 'Sheet1',
          rows: [
            ['a', 'b'],
            [1, 2],
          ],
        },
      ]),
    );
    // Act
    const score = newareXlsxReader.detect(other);
    // Assess
    expect(score).toBe(0);
  });

  it('a workbook without a record sheet is a ReaderError listing the sheets', async () => {
    // Prepare
    const bytes = writeXlsx([{ name: 'cycle', rows: [['Cycle Index'], [1]] }]);
    // Act
    const reading = read(bytes, 'no-record.xlsx');
    // Assess
    await expect(reading).rejects.toThrow(ReaderError);
    await expect(reading).rejects.toThrow(
      message.noDataSheet('no-record.xlsx', '"record" ("记录", "详细数据", "Detail_…")', ['cycle']),
    );
  });

  it('a record sheet without a voltage column is a MissingColumnError naming the sheet', async () => {
    // Prepare
    const { sheets } = generateNewareXlsx({ ...model, cycles: 1, interval_s: 5 });
    const record = sheets.find((sheet) => sheet.name === 'record')!;
    const voltageAt = record.rows[0]!.indexOf('Voltage(V)');
    record.rows = record.rows.map((row) => row.filter((_, column) => column !== voltageAt));
    // Act
    const reading = read(writeXlsx(sheets));
    // Assess
    await expect(reading).rejects.toThrow(MissingColumnError);
    await expect(reading).rejects.toThrow(/cell\.xlsx \(sheet record\): no voltage column/);
  });

  it('garbage in a time cell is a NonNumericValueError naming sheet, row and column', async () => {
    // Prepare
    const { sheets } = generateNewareXlsx({ ...model, cycles: 1, interval_s: 5 });
    const record = sheets.find((sheet) => sheet.name === 'record')!;
    const totalTimeAt = record.rows[0]!.indexOf('Total Time');
    record.rows[10]![totalTimeAt] = '0:00:4x.500';
    // Act
    const reading = read(writeXlsx(sheets));
    // Assess
    await expect(reading).rejects.toThrow(NonNumericValueError);
    await expect(reading).rejects.toThrow(
      message.newareCsvBadDuration('cell.xlsx (sheet record)', 11, 'Total Time', '0:00:4x.500'),
    );
  });

  it('a record sheet that starts with data instead of a header is a ReaderError', async () => {
    // Prepare
    const bytes = writeXlsx([
      {
        name: 'record',
        rows: [
          ['hello', 'world'],
          [1, 2],
        ],
      },
      { name: 'cycle', rows: [] },
    ]);
    // Act
    const reading = read(bytes);
    // Assess
    await expect(reading).rejects.toThrow(
      message.newareXlsxNoHeader('cell.xlsx (sheet record)', 'hello, world'),
    );
  });

  it('a record sheet with a header and no rows is an EmptyFileError', async () => {
    // Prepare
    const { sheets } = generateNewareXlsx({ ...model, cycles: 1, interval_s: 5 });
    const record = sheets.find((sheet) => sheet.name === 'record')!;
    record.rows = record.rows.slice(0, 1);
    // Act
    const reading = read(writeXlsx(sheets));
    // Assess
    await expect(reading).rejects.toThrow(EmptyFileError);
  });

  it('an empty file is an EmptyFileError', async () => {
    // Prepare
    const bytes = new Uint8Array(0);
    // Act
    const reading = read(bytes);
    // Assess
    await expect(reading).rejects.toThrow(EmptyFileError);
  });

  it.each([
    ['text', {}],
    ['Excel time cells', { durationFormat: '[h]:mm:ss.000' }],
  ])(
    'truncated and garbled workbooks with %s durations give typed errors, never a crash',
    async (_, changes) => {
      // Prepare
      const { bytes } = workbook({ cycles: 1, interval_s: 5, ...changes });
      const damaged = fc.oneof(
        fc.integer({ min: 0, max: bytes.length - 1 }).map((length) => bytes.slice(0, length)),
        fc
          .array(fc.tuple(fc.integer({ min: 0, max: bytes.length - 1 }), fc.integer({ min: 0, max: 255 })), {
            minLength: 1,
            maxLength: 8,
          })
          .map((edits) => {
            const copy = bytes.slice();
            for (const [at, value] of edits) copy[at] = value;
            return copy;
          }),
        fc.uint8Array({ minLength: 1, maxLength: 2048 }),
      );
      // Act / Assess
      await fc.assert(
        fc.asyncProperty(damaged, async (input) => {
          try {
            const { series } = await read(input);
            expect(series.rows).toBeGreaterThan(0);
          } catch (error) {
            expect(error).toBeInstanceOf(CoreError);
          }
        }),
        { numRuns: 100 },
      );
    },
  );
});

describeRealData('Neware Excel detection against a real Arbin Excel export', () => {
  it("scores 0 on navani's Arbin MITS Pro workbook (Global_Info + Channel_11_1)", async () => {
    // Prepare
    const source = await realDataSource('navani/bs542_004_gr_li_50ua_50mv_1v_191020_Channel_11.xlsx');
    // Act
    const score = newareXlsxReader.detect(await probeOf(source));
    // Assess
    expect(score).toBe(0);
  });

  it('leaves the Arbin workbook to the Arbin reader', async () => {
    // Prepare
    const source = await realDataSource('navani/bs542_004_gr_li_50ua_50mv_1v_191020_Channel_11.xlsx');
    // Act
    const chosen = detectReader(await probeOf(source), [newareXlsxReader, arbinXlsxReader]);
    // Assess
    expect(chosen.format).toBe('arbin-xlsx');
  });
});
