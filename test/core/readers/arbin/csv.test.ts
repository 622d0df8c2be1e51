import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CoreError, EmptyFileError, ReaderError } from '../../../../lib/core/errors.ts';
import { message } from '../../../../lib/core/messages.ts';
import { arbinCsvReader } from '../../../../lib/core/readers/arbin/index.ts';
import { probeOf } from '../../../../lib/core/readers/detect.ts';
import { bytesSource } from '../../../../lib/core/readers/source.ts';
import type { CanonicalSeries } from '../../../../lib/core/series.ts';
import {
  type ArbinCsvDialect,
  arbinModelRows,
  defaultArbinModel,
  modelTemperature_C,
  writeArbinCsv,
} from '../../../generators/arbin-csv.ts';
import { describeRealData, realDataSource } from '../../../support/real-data.ts';

const encoder = new TextEncoder();
const modelRows = arbinModelRows();

async function readCsv(
  name: string,
  text: string | Uint8Array,
  chunkSize?: number,
): Promise<CanonicalSeries> {
  const bytes = typeof text === 'string' ? encoder.encode(text) : text;
  return arbinCsvReader.read(bytesSource(name, bytes, chunkSize), {});
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

function perCycleMaximum(series: CanonicalSeries): Map<number, [number, number]> {
  const byCycle = new Map<number, [number, number]>();
  for (let row = 0; row < series.rows; row++) {
    const cycle = series.cycleIndex![row]!;
    const [charge, discharge] = byCycle.get(cycle) ?? [0, 0];
    byCycle.set(cycle, [
      Math.max(charge, series.chargeCapacity_Ah![row]!),
      Math.max(discharge, series.dischargeCapacity_Ah![row]!),
    ]);
  }
  return byCycle;
}

describe('Arbin CSV reader on generated exports', () => {
  it.each<ArbinCsvDialect>(['beep', 'mits-pro', 'mits8'])(
    'a %s export round-trips the model exactly',
    async (dialect) => {
      // Prepare
      const text = writeArbinCsv(modelRows, dialect);
      // Act
      const series = await readCsv(`model-${dialect}.csv`, text, 4096);
      // Assess
      expect(series.rows).toBe(modelRows.length);
      expect(Array.from(series.time_s)).toEqual(modelRows.map((row) => row.time_s));
      expect(Array.from(series.current_A!)).toEqual(modelRows.map((row) => row.current_A));
      expect(Array.from(series.voltage_V!)).toEqual(modelRows.map((row) => row.voltage_V));
      expect(Array.from(series.stepIndex!)).toEqual(modelRows.map((row) => row.stepIndex));
      expect(Array.from(series.cycleIndex!)).toEqual(modelRows.map((row) => row.cycleIndex));
      expect(Array.from(series.chargeCapacity_Ah!)).toEqual(modelRows.map((row) => row.chargeCapacity_Ah));
      expect(Array.from(series.dischargeCapacity_Ah!)).toEqual(
        modelRows.map((row) => row.dischargeCapacity_Ah),
      );
    },
  );

  it('gives the unix start of the BEEP dialect in UTC', async () => {
    // Prepare
    const text = writeArbinCsv(modelRows, 'beep');
    // Act
    const series = await readCsv('model.csv', text);
    // Assess: 1_700_000_000.25 s is 2023-11-14T22:13:20.250Z.
    expect(series.startTime).toBe('2023-11-14T22:13:20.250Z');
    expect(series.startTimeZoneKnown).toBe(true);
    expect(series.provenance.formatVersion).toBe('MITS Pro CSV');
  });

  it.each<ArbinCsvDialect>(['mits-pro', 'mits8'])(
    'gives the %s start as a wall-clock time and says the zone is unknown',
    async (dialect) => {
      // Prepare
      const text = writeArbinCsv(modelRows, dialect);
      // Act
      const series = await readCsv('model.csv', text);
      // Assess
      expect(series.startTime).toBe('2023-11-14T22:13:20.250');
      expect(series.startTimeZoneKnown).toBe(false);
      expect(series.issues.map((issue) => issue.message)).toContain(message.timeZoneUnknown());
    },
  );

  it('reads the MITS 8 thermocouple as the cell temperature and as aux channel T1', async () => {
    // Prepare
    const text = writeArbinCsv(modelRows, 'mits8');
    // Act
    const series = await readCsv('model.csv', text);
    // Assess
    const expected = modelRows.map((_, index) => modelTemperature_C(index));
    expect(Array.from(series.temperature_C!)).toEqual(expected);
    expect(series.aux.map((channel) => [channel.name, channel.quantity])).toEqual([['T1', 'temperature']]);
    expect(Array.from(series.aux[0]!.values)).toEqual(expected);
    expect(series.provenance.formatVersion).toBe('MITS 7/8 CSV');
  });

  it('per-cycle capacities are the maxima of the model counters', async () => {
    // Prepare
    const text = writeArbinCsv(modelRows, 'mits-pro');
    // Act
    const byCycle = perCycleMaximum(await readCsv('model.csv', text));
    // Assess: each cycle moves capacity_Ah each way.
    expect([...byCycle.keys()]).toEqual([1, 2, 3]);
    for (const [charge, discharge] of byCycle.values()) {
      expect(charge).toBeCloseTo(defaultArbinModel.capacity_Ah, 12);
      expect(discharge).toBeCloseTo(defaultArbinModel.capacity_Ah, 12);
    }
  });

  it('scales currents and capacities written in milli-units', async () => {
    // Prepare
    const text = writeArbinCsv(modelRows, 'mits8')
      .replace('Current (A)', 'Current (mA)')
      .replace('Charge Capacity (Ah)', 'Charge Capacity (mAh)');
    // Act
    const series = await readCsv('model.csv', text);
    // Assess
    expect(series.current_A![modelRows.findIndex((row) => row.current_A > 0)]).toBeCloseTo(1e-6, 18);
    expect(series.chargeCapacity_Ah![series.rows - 1]).toBeCloseTo(defaultArbinModel.capacity_Ah * 1e-3, 15);
  });

  it('turns empty step and cycle columns into missing columns with issues, not a crash', async () => {
    // Prepare
    const text = writeArbinCsv(modelRows.slice(0, 20), 'beep').replace(
      /^(\d+,[^,]*,[^,]*),[^,]*,[^,]*,[^,]*,/gm,
      '$1,,,,',
    );
    // Act
    const series = await readCsv('bad.csv', text);
    // Assess
    expect(series.rows).toBe(20);
    expect(series.stepIndex).toBeNull();
    expect(series.cycleIndex).toBeNull();
    expect(series.issues.map((issue) => issue.message)).toEqual(
      expect.arrayContaining([message.missingValue('Step_Index'), message.missingValue('Cycle_Index')]),
    );
  });

  it('fills an isolated empty cycle cell from the row before and says so', async () => {
    // Prepare
    const lines = writeArbinCsv(modelRows.slice(0, 5), 'beep').split('\r\n');
    const fields = lines[3]!.split(',');
    fields[5] = '';
    lines[3] = fields.join(',');
    // Act
    const series = await readCsv('gap.csv', lines.join('\r\n'));
    // Assess
    expect(Array.from(series.cycleIndex!)).toEqual([1, 1, 1, 1, 1]);
    expect(series.issues.map((issue) => issue.message)).toContain(
      message.integerColumnFilled('Cycle_Index', 1),
    );
  });

  it('scores a generic CSV without Arbin columns 0 and an Arbin header high', async () => {
    // Prepare
    const generic = bytesSource('log.csv', encoder.encode('time,voltage,current\n0,3.1,0.001\n'));
    const arbin = bytesSource('arbin.csv', encoder.encode(writeArbinCsv(modelRows.slice(0, 3), 'mits8')));
    // Act
    const scores = [
      arbinCsvReader.detect(await probeOf(generic)),
      arbinCsvReader.detect(await probeOf(arbin)),
    ];
    // Assess
    expect(scores[0]).toBe(0);
    expect(scores[1]).toBeGreaterThanOrEqual(0.9);
  });

  it('refuses an empty file with a typed error', async () => {
    // Act
    const act = readCsv('empty.csv', '');
    // Assess
    await expect(act).rejects.toThrow(EmptyFileError);
  });

  it('refuses a header-only file as holding no data rows', async () => {
    // Prepare
    const text = writeArbinCsv([], 'beep');
    // Act
    const act = readCsv('header.csv', text);
    // Assess
    await expect(act).rejects.toThrow(message.emptyFile('header.csv'));
  });

  it('refuses garbage with a typed error naming what was expected', async () => {
    // Prepare
    const garbage = Uint8Array.from({ length: 4000 }, (_, index) => (index * 7919) % 251);
    // Act
    const act = readCsv('garbage.csv', garbage);
    // Assess
    await expect(act).rejects.toThrow(ReaderError);
  });

  it('names the line and column of a value that is not a number', async () => {
    // Prepare
    const lines = writeArbinCsv(modelRows.slice(0, 5), 'beep').split('\r\n');
    lines[2] = lines[2]!.replace(/,[^,]+(,[^,]+,[^,]+,[^,]+,[^,]+)$/, ',volts$1');
    // Act
    const act = readCsv('text.csv', lines.join('\r\n'));
    // Assess
    await expect(act).rejects.toThrow(message.nonNumeric('text.csv', 3, 'Voltage', 'volts'));
  });

  it('a file cut at any byte gives either a typed error or the rows before the cut', async () => {
    // Prepare
    const rows = modelRows.slice(0, 40);
    const bytes = encoder.encode(writeArbinCsv(rows, 'mits-pro'));
    // Act / Assess
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: bytes.length }), async (cut) => {
        try {
          const series = await readCsv('cut.csv', bytes.subarray(0, cut));
          expect(series.rows).toBeLessThanOrEqual(rows.length);
          // Every row but the last one read is exactly what was written (the last may be cut inside a number).
          for (let row = 0; row < series.rows - 1; row++) {
            expect(series.time_s[row]).toBe(rows[row]!.time_s);
            expect(series.voltage_V![row]).toBe(rows[row]!.voltage_V);
          }
        } catch (error) {
          expect(error).toBeInstanceOf(CoreError);
        }
      }),
      { numRuns: 150 },
    );
  });
});

describeRealData('Arbin CSV reader on real exports', () => {
  it('reads BEEP FastCharge CH8: 248 rows at rest, cycle 0, UTC start', async () => {
    // Prepare
    const source = await realDataSource('beep/FastCharge_000025_CH8.csv');
    // Act
    const series = await arbinCsvReader.read(source, {});
    // Assess: values checked with python's csv module.
    expect(series.rows).toBe(248);
    expect([series.time_s[0], series.time_s[series.rows - 1]]).toEqual([10.0024, 1800.0104]);
    expect(range(series.voltage_V!)).toEqual([3.3009267, 3.3011565]);
    expect(new Set(series.cycleIndex)).toEqual(new Set([0]));
    expect(series.temperature_C![0]).toBe(30.109268);
    expect(series.startTime).toBe('2017-05-13T03:13:53.469Z');
    expect(series.issues).toEqual([]);
  });

  it("reads BEEP's deliberately bad CH33 file: empty step, cycle and step-time columns become issues", async () => {
    // Prepare
    const source = await realDataSource('beep/2017-05-09_test-TC-contact_CH33.csv');
    // Act
    const series = await arbinCsvReader.read(source, {});
    // Assess
    expect(series.rows).toBe(287);
    expect([series.time_s[0], series.time_s[series.rows - 1]]).toEqual([0, 1022.8913]);
    expect(range(series.voltage_V!)).toEqual([3.298668384552002, 3.600003719329834]);
    expect(series.stepIndex).toBeNull();
    expect(series.cycleIndex).toBeNull();
    expect(series.current_A![0]).toBe(6.600444793701172);
    expect(series.startTime).toBe('2017-05-10T00:47:33.170Z');
    expect(series.issues.map((issue) => issue.code)).toEqual(['missing_value', 'missing_value']);
  });

  it("reads battery-data-toolkit's example: 2 cycles of about 1.07 Ah each way", async () => {
    // Prepare
    const source = await realDataSource('battery-data-toolkit/arbin_example.csv');
    // Act
    const series = await arbinCsvReader.read(source, {});
    // Assess: per-cycle maxima computed independently with python's csv module.
    expect(series.rows).toBe(2142);
    expect([series.time_s[0], series.time_s[series.rows - 1]]).toEqual([0, 6308.4823]);
    expect(range(series.voltage_V!)).toEqual([1.9995637, 3.6003604]);
    expect(perCycleMaximum(series)).toEqual(
      new Map([
        [1, [1.0719038, 1.0723603]],
        [2, [1.0725317, 1.0729095]],
      ]),
    );
    expect(series.startTime).toBe('2017-07-02T14:39:13Z');
  });

  it("reads PyProBE's MITS 8 sample with its tab-prefixed local date and aux thermocouple", async () => {
    // Prepare
    const source = await realDataSource('PyProBE/sample_data_arbin.csv');
    // Act
    const series = await arbinCsvReader.read(source, {});
    // Assess
    expect(series.rows).toBe(13);
    expect([series.time_s[0], series.time_s[series.rows - 1]]).toEqual([30.0005, 301.214]);
    expect(range(series.voltage_V!)).toEqual([3.534552, 3.599601]);
    expect(perCycleMaximum(series)).toEqual(new Map([[1, [0.000400839, 2.04379e-5]]]));
    expect(series.startTime).toBe('2024-09-20T08:32:04.558');
    expect(series.startTimeZoneKnown).toBe(false);
    expect(series.temperature_C![0]).toBe(24.66422);
    expect(series.aux.map((channel) => channel.name)).toEqual(['T1']);
  });

  it.each([
    'cellpy/neware_uio.csv',
    'PyProBE/sample_data_maccor.csv',
    'battery-data-toolkit/p492-13-raw.csv',
    'battery-data-format/SINTEF__LiGrR2032__2024-04-30__25degC__Landt.csv',
  ])('does not claim %s', async (file) => {
    // Prepare
    const probe = await probeOf(await realDataSource(file));
    // Act
    const score = arbinCsvReader.detect(probe);
    // Assess
    expect(score).toBe(0);
  });
});
