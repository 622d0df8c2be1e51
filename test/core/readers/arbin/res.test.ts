import fc from 'fast-check';
import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { CoreError, EmptyFileError, ReaderError, TruncatedFileError } from '../../../../lib/core/errors.ts';
import { message } from '../../../../lib/core/messages.ts';
import { arbinResReader, readArbinTestInfo } from '../../../../lib/core/readers/arbin/index.ts';
import { probeOf } from '../../../../lib/core/readers/detect.ts';
import { bytesSource } from '../../../../lib/core/readers/source.ts';
import type { CanonicalSeries } from '../../../../lib/core/series.ts';
import { buildArbinRes } from '../../../generators/arbin-res.ts';
import { describeRealData, realDataSource } from '../../../support/real-data.ts';

const CELLPY = 'cellpy/20160805_test001_45_cc_01.res';
const NAVANI = 'navani/arbin_example.res';
const MITS7 = 'battery-data-format/mits7-0.res.gz';

function range(values: Float64Array): [number, number] {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const value of values) {
    min = Math.min(min, value);
    max = Math.max(max, value);
  }
  return [min, max];
}

/** Arbin's own per-cycle counters: the maximum each reaches within the cycle, Ah. */
function perCycleMaximum(series: CanonicalSeries): [number, number, number][] {
  const byCycle = new Map<number, [number, number]>();
  for (let row = 0; row < series.rows; row++) {
    const cycle = series.cycleIndex![row]!;
    const [charge, discharge] = byCycle.get(cycle) ?? [0, 0];
    byCycle.set(cycle, [
      Math.max(charge, series.chargeCapacity_Ah![row]!),
      Math.max(discharge, series.dischargeCapacity_Ah![row]!),
    ]);
  }
  return [...byCycle].map(([cycle, [charge, discharge]]) => [cycle, charge, discharge]);
}

/** Charge in and out per cycle, Σ I·Δt / 3600 (Ah), each row's current held over the interval before it. */
function integratedPerCycle(series: CanonicalSeries): Map<number, [number, number]> {
  const byCycle = new Map<number, [number, number]>();
  for (let row = 1; row < series.rows; row++) {
    const cycle = series.cycleIndex![row]!;
    if (series.cycleIndex![row - 1] !== cycle) continue;
    const moved_Ah = (series.current_A![row]! * (series.time_s[row]! - series.time_s[row - 1]!)) / 3600;
    const [charged, discharged] = byCycle.get(cycle) ?? [0, 0];
    byCycle.set(cycle, moved_Ah > 0 ? [charged + moved_Ah, discharged] : [charged, discharged - moved_Ah]);
  }
  return byCycle;
}

describe('Arbin .res reader without a database', () => {
  it('refuses an empty file with a typed error', async () => {
    // Act
    const act = arbinResReader.read(bytesSource('empty.res', new Uint8Array(0)), {});
    // Assess
    await expect(act).rejects.toThrow(EmptyFileError);
  });

  it('refuses bytes that are not a Jet database, saying so', async () => {
    // Prepare
    const garbage = Uint8Array.from({ length: 8192 }, (_, index) => (index * 31) % 256);
    // Act
    const act = arbinResReader.read(bytesSource('garbage.res', garbage), {});
    // Assess
    await expect(act).rejects.toThrow(ReaderError);
    await expect(act).rejects.toThrow(/no Jet database signature/);
  });

  it('does not claim text or a zip archive', async () => {
    // Prepare
    const text = bytesSource('a.csv', new TextEncoder().encode('Test_Time,Current,Voltage\n'));
    const zip = bytesSource('a.xlsx', Uint8Array.of(0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0));
    // Act
    const scores = [arbinResReader.detect(await probeOf(text)), arbinResReader.detect(await probeOf(zip))];
    // Assess
    expect(scores).toEqual([0, 0]);
  });
});

describe('Arbin .res reader on generated databases', () => {
  const points = [1, 2, 3, 4].map((dataPoint) => ({
    dataPoint,
    time_s: (dataPoint - 1) * 10,
    current_A: 0.001,
    voltage_V: 3 + dataPoint / 8,
  }));

  it('puts aux readings on their data points, named and scaled from Aux_Global_Data_Table', async () => {
    // Prepare: a thermocouple without a definition (T1) and a reference voltage logged in mV.
    const bytes = buildArbinRes({
      points,
      aux: [
        { dataPoint: 1, dataType: 1, auxIndex: 0, x: 25 },
        { dataPoint: 2, dataType: 1, auxIndex: 0, x: 26 },
        { dataPoint: 4, dataType: 1, auxIndex: 0, x: 27 },
        ...points.map(({ dataPoint }) => ({
          dataPoint,
          dataType: 0,
          auxIndex: 0,
          x: 1400 + 100 * dataPoint,
        })),
      ],
      auxDefinitions: [{ dataType: 0, auxIndex: 0, nickname: 'Ref', unit: 'mV' }],
    });
    // Act
    const series = await arbinResReader.read(bytesSource('aux.res', bytes), {});
    // Assess
    expect(series.aux.map((channel) => [channel.name, channel.quantity])).toEqual([
      ['T1', 'temperature'],
      ['Ref', 'voltage'],
    ]);
    expect(Array.from(series.aux[0]!.values)).toEqual([25, 26, Number.NaN, 27]);
    expect(series.temperature_C).toBe(series.aux[0]!.values);
    const reference_V = Array.from(series.aux[1]!.values);
    for (const [row, volts] of [1.5, 1.6, 1.7, 1.8].entries())
      expect(reference_V[row]).toBeCloseTo(volts, 12);
  });

  it('states start time, results-file version and software from the small tables', async () => {
    // Prepare
    const bytes = buildArbinRes({ points });
    // Act
    const series = await arbinResReader.read(bytesSource('info.res', bytes), {});
    // Assess
    expect(series.startTime).toBe('2024-01-02T03:04:05');
    expect(series.provenance.formatVersion).toBe('Results File 5.26');
    expect(series.provenance.instrument).toBe('Arbin MITS 8.00 Build: 1');
  });

  it('keeps only the test Global_Table names and says the others were skipped', async () => {
    // Prepare: rows of test 2 interleaved with test 1.
    const bytes = buildArbinRes({
      points: points.flatMap((point) => [point, { ...point, testId: 2, time_s: point.time_s + 1 }]),
    });
    // Act
    const series = await arbinResReader.read(bytesSource('two-tests.res', bytes), {});
    // Assess
    expect(Array.from(series.time_s)).toEqual([0, 10, 20, 30]);
    expect(series.issues.map((issue) => issue.message)).toContain(
      message.otherChannelsSkipped('test 1', ['test 2']),
    );
  });

  it('returns rows stored out of Data_Point order in Data_Point order', async () => {
    // Prepare
    const bytes = buildArbinRes({ points: [points[2]!, points[0]!, points[3]!, points[1]!] });
    // Act
    const series = await arbinResReader.read(bytesSource('unordered.res', bytes), {});
    // Assess
    expect(Array.from(series.time_s)).toEqual([0, 10, 20, 30]);
    expect(Array.from(series.voltage_V!)).toEqual([3.125, 3.25, 3.375, 3.5]);
  });

  it('a database with any bytes damaged reads or fails with a typed error, never a crash', async () => {
    // Prepare
    const bytes = buildArbinRes({ points, aux: [{ dataPoint: 1, dataType: 1, auxIndex: 0, x: 25 }] });
    // Act / Assess
    await fc.assert(
      fc.asyncProperty(
        // Damage where the structure lives: page headers and the rows packed at each page's end.
        fc.array(
          fc.tuple(
            fc.integer({ min: 1, max: bytes.length / 4096 - 1 }),
            fc.oneof(fc.integer({ min: 0, max: 120 }), fc.integer({ min: 4096 - 400, max: 4095 })),
            fc.integer({ min: 0, max: 255 }),
          ),
          { minLength: 1, maxLength: 4 },
        ),
        async (damage) => {
          const damaged = bytes.slice();
          for (const [page, at, value] of damage) damaged[page * 4096 + at] = value;
          const outcome = await arbinResReader.read(bytesSource('damaged.res', damaged), {}).then(
            () => 'read',
            (error: unknown) => (error instanceof CoreError ? 'typed error' : error),
          );
          expect(['read', 'typed error']).toContain(outcome);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads an empty Voltage field as missing, with one warning at its row', async () => {
    // Prepare
    const bytes = buildArbinRes({
      points: points.map((point, row) => (row === 2 ? { ...point, voltage_V: null } : point)),
    });
    // Act
    const series = await arbinResReader.read(bytesSource('gap.res', bytes), {});
    // Assess
    expect(Array.from(series.voltage_V!)).toEqual([3.125, 3.25, Number.NaN, 3.5]);
    const missing = series.issues.filter((issue) => issue.code === 'missing_value');
    expect(missing.map((issue) => [issue.message, issue.location?.row])).toEqual([
      [message.missingValue('Voltage'), 2],
    ]);
  });
});

describeRealData('Arbin .res reader on real databases', () => {
  it("reads cellpy's silicon half cell: 10,261 rows, 18 cycles, 0.05-3.12 V", async () => {
    // Prepare
    const source = await realDataSource(CELLPY);
    // Act
    const series = await arbinResReader.read(source, {});
    // Assess: values exported from the database with a throwaway script and checked with python.
    expect(series.rows).toBe(10261);
    expect([series.time_s[0], series.time_s[series.rows - 1]]).toEqual([
      300.0104819316021, 859077.2406335169,
    ]);
    expect(range(series.voltage_V!)).toEqual([0.049893856048583984, 3.1167078018188477]);
    expect([series.cycleIndex![0], series.cycleIndex![series.rows - 1]]).toEqual([1, 18]);
    expect(series.startTime).toBe('2016-08-05T16:16:23');
    expect(series.startTimeZoneKnown).toBe(false);
    expect(series.provenance.formatVersion).toBe('Results File 5.26');
    expect(series.provenance.instrument).toBe('Arbin MITS 4.32 Build: 130904');
  });

  it("gives cellpy's per-cycle capacities as the maxima of Arbin's own counters", async () => {
    // Prepare
    const source = await realDataSource(CELLPY);
    // Act
    const series = await arbinResReader.read(source, {});
    // Assess: maxima computed with python from a CSV export of Channel_Normal_Table.
    expect(perCycleMaximum(series)).toEqual([
      [1, 0.001625405999113, 0.001755093529421],
      [2, 0.001699563704792, 0.001567475110416],
      [3, 0.001731507850782, 0.00158572094753],
      [4, 0.001575977621879, 0.001517317963934],
      [5, 0.001535303245007, 0.001471186143864],
      [6, 0.00153715757967, 0.001470715447093],
      [7, 0.001535230829355, 0.001470578416947],
      [8, 0.001532428826304, 0.001465147078091],
      [9, 0.001574540263525, 0.001509112515388],
      [10, 0.001528125264222, 0.001463215585026],
      [11, 0.001542494117841, 0.001477811254452],
      [12, 0.001539749578288, 0.001475715569952],
      [13, 0.001572530562167, 0.001507443670779],
      [14, 0.001564749034931, 0.001502867196376],
      [15, 0.001555163656208, 0.001491728698028],
      [16, 0.001585585819467, 0.001526201441619],
      [17, 0.00152536232814, 0.001464807818354],
      [18, 0, 0.000239313155618],
    ]);
  });

  it.each([CELLPY, NAVANI])(
    "%s: Arbin's counters agree with current integrated over time within 0.5 %",
    async (file) => {
      // Prepare
      const series = await arbinResReader.read(await realDataSource(file), {});
      // Act
      const integrated = integratedPerCycle(series);
      // Assess
      let compared = 0;
      for (const [cycle, charge, discharge] of perCycleMaximum(series)) {
        const [charged, discharged] = integrated.get(cycle) ?? [0, 0];
        for (const [counter, sum] of [
          [charge, charged],
          [discharge, discharged],
        ] as const) {
          if (counter < 1e-4) continue;
          expect(Math.abs(sum / counter - 1)).toBeLessThan(0.005);
          compared++;
        }
      }
      expect(compared).toBeGreaterThanOrEqual(8);
    },
  );

  it("reads navani's LCO cell: 2,150 rows, cycles 1-5, about 0.48 mAh per cycle", async () => {
    // Prepare
    const source = await realDataSource(NAVANI);
    // Act
    const series = await arbinResReader.read(source, {});
    // Assess
    expect(series.rows).toBe(2150);
    expect([series.time_s[0], series.time_s[series.rows - 1]]).toEqual([
      0.072595419795086, 345733.38945743744,
    ]);
    expect(range(series.voltage_V!)).toEqual([2.999920129776001, 4.300055027008057]);
    expect(perCycleMaximum(series)).toEqual([
      [1, 0.000483514940818, 0.000475155859428],
      [2, 0.000476750555943, 0.000474353299947],
      [3, 0.000476184523588, 0.000474001533123],
      [4, 0.00047602824765, 0.000473704386191],
      [5, 0, 0],
    ]);
    expect(series.startTime).toBe('2023-07-24T18:50:00');
    expect(series.aux).toEqual([]);
  });

  it('reads the gzip-compressed MITS 7 fixture with its newer tables', async () => {
    // Prepare
    const source = await realDataSource(MITS7);
    // Act
    const series = await arbinResReader.read(source, {});
    // Assess
    expect(series.rows).toBe(8);
    expect([series.time_s[0], series.time_s[series.rows - 1]]).toEqual([20.0004, 141.264096]);
    expect(range(series.voltage_V!)).toEqual([0.1302652359008789, 0.13094234466552734]);
    expect(series.startTime).toBe('2026-04-07T15:58:12');
    expect(series.provenance.formatVersion).toBe('Results File 20171213');
    expect(series.provenance.instrument).toBe('Arbin MITS PV7.0 Build: 180508USB');
  });

  it("states the test's channel, schedule and software from Global_Table", async () => {
    // Prepare
    const bytes = await (await realDataSource(CELLPY)).bytes();
    // Act
    const info = readArbinTestInfo(bytes, CELLPY);
    // Assess
    expect(info).toEqual({
      testId: 1,
      testName: '20160805_sic006_45_cc_01-01-003',
      channel: 3,
      scheduleFile: 'SiNODE\\24h_rest_3cyc_C20_100cyc_c10_MR.sdu',
      softwareVersion: '4.32 Build: 130904',
      resultsFileVersion: 'Results File 5.26',
      start: { iso: '2016-08-05T16:16:23', zoneKnown: false },
    });
  });

  it('recognises a .res by the Jet signature, with or without gzip, and by the table names when visible', async () => {
    // Prepare
    const probes = await Promise.all(
      [CELLPY, NAVANI, MITS7].map(async (file) => probeOf(await realDataSource(file))),
    );
    // Act
    const scores = probes.map((probe) => arbinResReader.detect(probe));
    // Assess: cellpy's catalogue lies beyond the probe's 64 KB, so only the Jet signature is seen.
    expect(scores).toEqual([0.7, 0.95, 0.95]);
  });

  it('reads a .res gzip-compressed the same as the plain file', async () => {
    // Prepare
    const bytes = await (await realDataSource(NAVANI)).bytes();
    // Act
    const plain = await arbinResReader.read(bytesSource('a.res', bytes), {});
    const zipped = await arbinResReader.read(bytesSource('a.res.gz', gzipSync(bytes)), {});
    // Assess
    expect(Array.from(zipped.voltage_V!)).toEqual(Array.from(plain.voltage_V!));
    expect(zipped.startTime).toBe(plain.startTime);
  });

  it('a database cut at any byte or page boundary gives a typed error', async () => {
    // Prepare
    const bytes = await (await realDataSource(NAVANI)).bytes();
    const pages = bytes.length / 4096;
    // Act / Assess
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.integer({ min: 0, max: bytes.length - 1 }),
          fc.integer({ min: 0, max: pages - 1 }).map((page) => page * 4096),
        ),
        async (cut) => {
          const act = arbinResReader.read(bytesSource('cut.res', bytes.subarray(0, cut)), {});
          await expect(act).rejects.toBeInstanceOf(CoreError);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('a cut gzip stream is a truncated file', async () => {
    // Prepare
    const bytes = await (await realDataSource(MITS7)).bytes();
    // Act
    const act = arbinResReader.read(bytesSource('cut.res.gz', bytes.subarray(0, bytes.length - 100)), {});
    // Assess
    await expect(act).rejects.toThrow(TruncatedFileError);
  });
});
