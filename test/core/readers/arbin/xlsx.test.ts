import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CoreError, MissingColumnError, ReaderError } from '../../../../lib/core/errors.ts';
import { message } from '../../../../lib/core/messages.ts';
import { arbinXlsxReader } from '../../../../lib/core/readers/arbin/index.ts';
import { probeOf } from '../../../../lib/core/readers/detect.ts';
import { bytesSource } from '../../../../lib/core/readers/source.ts';
import type { CanonicalSeries } from '../../../../lib/core/series.ts';
import { arbinModelRows } from '../../../generators/arbin-csv.ts';
import {
  ARBIN_XLSX_HEADER,
  arbinXlsxDataRows,
  arbinXlsxGlobalInfo,
  writeArbinXlsx,
} from '../../../generators/arbin-xlsx.ts';
import { describeRealData, realDataSource } from '../../../support/real-data.ts';
import { writeXlsx } from '../xlsx/write-xlsx.ts';

const REAL = 'navani/bs542_004_gr_li_50ua_50mv_1v_191020_Channel_11.xlsx';
const modelRows = arbinModelRows();
/** An Arbin-shaped workbook of the model: channel 5 split over two sheets, plus a second channel. */
function modelWorkbook(): Uint8Array {
  const half = Math.floor(modelRows.length / 2);
  return writeXlsx([
    { name: 'Global_Info', rows: arbinXlsxGlobalInfo },
    { name: 'Channel_5_1', rows: arbinXlsxDataRows(modelRows.slice(0, half)) },
    { name: 'Channel_5_2', rows: arbinXlsxDataRows(modelRows.slice(half)) },
    { name: 'Channel_6_1', rows: arbinXlsxDataRows(modelRows.slice(0, 3)) },
  ]);
}

function range(values: Float64Array): [number, number] {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const value of values) {
    min = Math.min(min, value);
    max = Math.max(max, value);
  }
  return [min, max];
}

function read(name: string, bytes: Uint8Array): Promise<CanonicalSeries> {
  return arbinXlsxReader.read(bytesSource(name, bytes), {});
}

describe('Arbin Excel reader on generated workbooks', () => {
  it("concatenates a channel's continuation sheets into the model's rows", async () => {
    // Act
    const series = await read('model.xlsx', modelWorkbook());
    // Assess
    expect(series.rows).toBe(modelRows.length);
    expect(Array.from(series.time_s)).toEqual(modelRows.map((row) => row.time_s));
    expect(Array.from(series.voltage_V!)).toEqual(modelRows.map((row) => row.voltage_V));
    expect(Array.from(series.current_A!)).toEqual(modelRows.map((row) => row.current_A));
    expect(Array.from(series.stepIndex!)).toEqual(modelRows.map((row) => row.stepIndex));
    expect(Array.from(series.cycleIndex!)).toEqual(modelRows.map((row) => row.cycleIndex));
    expect(Array.from(series.chargeCapacity_Ah!)).toEqual(modelRows.map((row) => row.chargeCapacity_Ah));
    expect(Array.from(series.dischargeCapacity_Ah!)).toEqual(
      modelRows.map((row) => row.dischargeCapacity_Ah),
    );
  });

  it("gives the model's rows from a workbook written as Excel writes it (styled cells, 17 digits)", async () => {
    // Prepare
    const bytes = writeArbinXlsx(modelRows, { excelStyle: true });
    // Act
    const series = await read('excel.xlsx', bytes);
    // Assess
    expect(series.rows).toBe(modelRows.length);
    expect(Array.from(series.time_s)).toEqual(modelRows.map((row) => row.time_s));
    expect(Array.from(series.voltage_V!)).toEqual(modelRows.map((row) => row.voltage_V));
    expect(Array.from(series.current_A!)).toEqual(modelRows.map((row) => row.current_A));
    expect(Array.from(series.chargeCapacity_Ah!)).toEqual(modelRows.map((row) => row.chargeCapacity_Ah));
    expect(Array.from(series.dischargeCapacity_Ah!)).toEqual(
      modelRows.map((row) => row.dischargeCapacity_Ah),
    );
    expect(series.startTime).toBe('2023-11-14T22:13:20.250');
  });

  it('takes the start from the first row clock and the software version from Global_Info', async () => {
    // Act
    const series = await read('model.xlsx', modelWorkbook());
    // Assess
    expect(series.startTime).toBe('2023-11-14T22:13:20.250');
    expect(series.startTimeZoneKnown).toBe(false);
    expect(series.provenance.formatVersion).toBe('PV7.0 Build: 180508USB');
  });

  it('reads the first channel and says which channels it skipped', async () => {
    // Act
    const series = await read('model.xlsx', modelWorkbook());
    // Assess
    expect(series.issues.map((issue) => issue.message)).toContain(
      message.otherChannelsSkipped('channel 5', ['channel 6']),
    );
  });

  it('scores an Arbin workbook high and any other workbook 0', async () => {
    // Prepare
    const arbin = bytesSource('a.xlsx', modelWorkbook());
    const other = bytesSource('b.xlsx', writeXlsx([{ name: 'Sheet1', rows: [['time', 'voltage']] }]));
    // Act
    const scores = [
      arbinXlsxReader.detect(await probeOf(arbin)),
      arbinXlsxReader.detect(await probeOf(other)),
    ];
    // Assess
    expect(scores).toEqual([0.95, 0]);
  });

  it('names the sheets present when there is no Channel sheet', async () => {
    // Prepare
    const bytes = writeXlsx([{ name: 'Global_Info', rows: arbinXlsxGlobalInfo }]);
    // Act
    const act = read('info.xlsx', bytes);
    // Assess
    await expect(act).rejects.toThrow(message.noDataSheet('info.xlsx', '"Channel_<n>_<k>"', ['Global_Info']));
  });

  it('names the missing column when a data sheet has no voltage', async () => {
    // Prepare
    const rows = arbinXlsxDataRows(modelRows.slice(0, 3)).map((row) => row.filter((_, index) => index !== 5));
    const bytes = writeXlsx([{ name: 'Channel_1_1', rows }]);
    // Act
    const act = read('novolt.xlsx', bytes);
    // Assess
    await expect(act).rejects.toThrow(MissingColumnError);
  });

  it('refuses a header-only channel sheet as holding no data rows', async () => {
    // Prepare
    const bytes = writeXlsx([{ name: 'Channel_1_1', rows: [ARBIN_XLSX_HEADER] }]);
    // Act
    const act = read('header.xlsx', bytes);
    // Assess
    await expect(act).rejects.toThrow(message.emptyFile('header.xlsx'));
  });

  it('refuses garbage with a typed error', async () => {
    // Prepare
    const garbage = Uint8Array.from({ length: 5000 }, (_, index) => (index * 13) % 256);
    // Act
    const act = read('garbage.xlsx', garbage);
    // Assess
    await expect(act).rejects.toThrow(ReaderError);
  });

  it('a workbook cut at any byte gives a typed error', async () => {
    // Prepare
    const bytes = modelWorkbook();
    // Act / Assess
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: bytes.length - 1 }), async (cut) => {
        await expect(read('cut.xlsx', bytes.subarray(0, cut))).rejects.toBeInstanceOf(CoreError);
      }),
      { numRuns: 100 },
    );
  });
});

describeRealData('Arbin Excel reader on a real MITS Pro export', () => {
  it("reads navani's graphite half cell: 4,526 rows, 0.05-2.64 V, start 2020-10-19", async () => {
    // Prepare
    const source = await realDataSource(REAL);
    // Act
    const series = await arbinXlsxReader.read(source, {});
    // Assess: values checked with python's zipfile and ElementTree.
    expect(series.rows).toBe(4526);
    expect([series.time_s[0], series.time_s[series.rows - 1]]).toEqual([1.001, 1204815.8106799999]);
    expect(range(series.voltage_V!)).toEqual([0.04999351501464844, 2.640909194946289]);
    expect(new Set(series.stepIndex)).toEqual(new Set([1, 2, 3]));
    expect(new Set(series.cycleIndex)).toEqual(new Set([1]));
    expect(series.startTime).toBe('2020-10-19T11:31:45.581');
    expect(series.provenance.formatVersion).toBe('PV7.0 Build: 180508USB');
  });

  it("gives the capacities of Arbin's own counters, which agree with integrated current within 0.5 %", async () => {
    // Prepare
    const series = await arbinXlsxReader.read(await realDataSource(REAL), {});
    let charged_Ah = 0;
    let discharged_Ah = 0;
    // Act
    for (let row = 1; row < series.rows; row++) {
      const moved_Ah = (series.current_A![row]! * (series.time_s[row]! - series.time_s[row - 1]!)) / 3600;
      if (moved_Ah > 0) charged_Ah += moved_Ah;
      else discharged_Ah -= moved_Ah;
    }
    // Assess: counter maxima checked with python.
    const charge_Ah = range(series.chargeCapacity_Ah!)[1];
    const discharge_Ah = range(series.dischargeCapacity_Ah!)[1];
    expect([charge_Ah, discharge_Ah]).toEqual([0.005702702794224024, 0.0110548976808786]);
    expect(Math.abs(charged_Ah / charge_Ah - 1)).toBeLessThan(0.005);
    expect(Math.abs(discharged_Ah / discharge_Ah - 1)).toBeLessThan(0.005);
  });

  it('is recognised from its first bytes', async () => {
    // Prepare
    const probe = await probeOf(await realDataSource(REAL));
    // Act
    const score = arbinXlsxReader.detect(probe);
    // Assess
    expect(score).toBe(0.95);
  });

  it('does not claim a Neware .ndax zip archive', async () => {
    // Prepare
    const probe = await probeOf(await realDataSource('navani/test.ndax'));
    // Act
    const score = arbinXlsxReader.detect(probe);
    // Assess
    expect(score).toBe(0);
  });
});
