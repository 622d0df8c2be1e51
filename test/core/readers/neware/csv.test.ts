/**
 * Neware CSV exports: generated flat files from a known model (English and Chinese headers), the
 * real nested "regular export" checked against the cycle rows Neware wrote, and the real flat
 * BTS 8 export. Real-file numbers were read independently with Python's `csv` module.
 */
import { describe, expect, it } from 'vitest';
import { EmptyFileError, NonNumericValueError, type ReaderError } from '../../../../lib/core/errors.ts';
import { newareCsvReader, readNewareCsv } from '../../../../lib/core/readers/neware/index.ts';
import { bytesSource } from '../../../../lib/core/readers/source.ts';
import { type CanonicalSeries, StepType } from '../../../../lib/core/series.ts';
import { generateNewareFlatCsv, type NewareCsvOptions } from '../../../generators/neware-csv.ts';
import { describeRealData, realDataSource } from '../../../support/real-data.ts';

const encoder = new TextEncoder();

const model: Omit<NewareCsvOptions, 'language' | 'durationStyle'> = {
  cycles: 3,
  interval_s: 0.5,
  steps: [
    { type: 'Rest', duration_s: 30, current_mA: 0 },
    { type: 'CC Chg', duration_s: 120, current_mA: 1.25 },
    { type: 'CV Chg', duration_s: 60, current_mA: 0.5 },
    { type: 'Rest', duration_s: 30, current_mA: 0 },
    { type: 'CC DChg', duration_s: 150, current_mA: -1.25 },
  ],
  start: { year: 2024, month: 1, day: 2, hour: 3, minute: 4, second: 5 },
};

const stepTypeOfModel = {
  Rest: StepType.rest,
  'CC Chg': StepType.constantCurrentCharge,
  'CV Chg': StepType.constantVoltageCharge,
  'CC DChg': StepType.constantCurrentDischarge,
} as const;

function probe(text: string, name = 'x.csv') {
  const head = encoder.encode(text);
  return { name, head, headText: Buffer.from(head).toString('latin1'), size: head.length };
}

function range(values: ArrayLike<number>): [number, number] {
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    low = Math.min(low, values[i]!);
    high = Math.max(high, values[i]!);
  }
  return [low, high];
}

/** Per-cycle charge and discharge: the sum over steps of each step's final counter value. */
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

describe('Neware flat CSV from a known model', () => {
  for (const [language, durationStyle] of [
    ['en', 'hms'],
    ['zh', 'hms'],
    ['en', 'dhms'],
  ] as const) {
    it(`round-trips exactly with ${language === 'en' ? 'English' : 'Chinese'} headers and ${durationStyle} durations`, async () => {
      const interval_s = durationStyle === 'dhms' ? 1 : model.interval_s;
      const { text, expected } = generateNewareFlatCsv({ ...model, interval_s, language, durationStyle });

      const { series, cycles } = await readNewareCsv(
        bytesSource(`model-${language}.csv`, encoder.encode(text), 4096),
      );

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
      expect(cycles).toEqual([]);
    });
  }

  it('is recognised as Neware from its headers, in English and Chinese', () => {
    const english = generateNewareFlatCsv({ ...model, language: 'en', durationStyle: 'hms' }).text;
    const chinese = generateNewareFlatCsv({ ...model, language: 'zh', durationStyle: 'hms' }).text;

    expect(newareCsvReader.detect(probe(english.slice(0, 4000)))).toBeGreaterThan(0.9);
    expect(newareCsvReader.detect(probe(chinese.slice(0, 4000)))).toBeGreaterThan(0.9);
  });

  it('gives per-cycle capacities equal to the model (charge 1.25 mA × 120 s + 0.5 mA × 60 s)', async () => {
    const { text } = generateNewareFlatCsv({ ...model, language: 'en', durationStyle: 'hms' });

    const { series } = await readNewareCsv(bytesSource('model.csv', encoder.encode(text)));
    const perCycle = capacityPerCycle(series);

    for (const cycle of [1, 2, 3]) {
      // Counters are printed to 1e-6 mAh, so agreement is to 1e-9 Ah.
      expect(perCycle.get(cycle)!.charge_Ah).toBeCloseTo((1.25 * 120 + 0.5 * 60) / 3.6e6, 9);
      expect(perCycle.get(cycle)!.discharge_Ah).toBeCloseTo((1.25 * 150) / 3.6e6, 9);
    }
  });
});

describe('Neware CSV, bad input', () => {
  it('a generic CSV scores 0', () => {
    expect(newareCsvReader.detect(probe('time,voltage,current\n0,3.1,0.1\n1,3.2,0.1\n'))).toBe(0);
    expect(newareCsvReader.detect(probe('Test Time (s),Voltage (V),Current (A)\n0,3.1,0.1\n'))).toBe(0);
  });

  it('an empty file is an EmptyFileError', async () => {
    await expect(newareCsvReader.read(bytesSource('empty.csv', new Uint8Array(0)), {})).rejects.toThrow(
      EmptyFileError,
    );
  });

  it('a file that is not a Neware export is a ReaderError quoting its first line', async () => {
    await expect(
      newareCsvReader.read(bytesSource('other.csv', encoder.encode('a,b,c\n1,2,3\n')), {}),
    ).rejects.toThrow(/"a,b,c"/);
  });

  it('garbage in a time cell is a typed error naming line and column', async () => {
    const { text } = generateNewareFlatCsv({ ...model, language: 'en', durationStyle: 'hms' });
    const lines = text.split('\r\n');
    lines[5] = lines[5]!.replace(/,[^,]*$/, ',12:xx:00');

    const error = await readNewareCsv(bytesSource('bad.csv', encoder.encode(lines.join('\r\n')))).catch(
      (e) => e,
    );

    expect(error).toBeInstanceOf(NonNumericValueError);
    expect((error as ReaderError).location).toMatchObject({ line: 6, column: 'Total Time' });
  });

  it('a file cut in the middle of its last line keeps the complete lines', async () => {
    const { text, expected } = generateNewareFlatCsv({ ...model, language: 'en', durationStyle: 'hms' });
    const cut = text.slice(0, text.length - 30);

    const { series } = await readNewareCsv(bytesSource('cut.csv', encoder.encode(cut)));

    expect(series.rows).toBe(expected.rows - 1);
    expect(series.issues.map((issue) => issue.code)).toContain('truncated_record');
  });
});

describeRealData('Neware nested "regular export" (cellpy/nw_regular_export_ife_example.csv)', () => {
  it('gives the 9,295 record rows of 20 cycles, 3.8999–4.7001 V, ±0.5 A, 27:55:43 of test time from 2026-03-06 12:37:25', async () => {
    const { series, cycles } = await readNewareCsv(
      await realDataSource('cellpy/nw_regular_export_ife_example.csv'),
    );

    expect(series.rows).toBe(9295);
    expect(cycles).toHaveLength(20);
    expect(range(series.cycleIndex!)).toEqual([1, 20]);
    expect(range(series.voltage_V!)).toEqual([3.8999, 4.7001]);
    expect(range(series.current_A!)).toEqual([-0.5, 0.5]);
    expect(series.time_s[series.rows - 1]).toBe(27 * 3600 + 55 * 60 + 43);
    expect(series.startTime).toBe('2026-03-06T12:37:25');
  });

  it("per-cycle charge and discharge summed over steps agree with Neware's cycle rows within 0.5 %", async () => {
    const { series, cycles } = await readNewareCsv(
      await realDataSource('cellpy/nw_regular_export_ife_example.csv'),
    );
    const perCycle = capacityPerCycle(series);

    expect(cycles[0]).toEqual({ cycle: 1, chargeCapacity_Ah: 0.02256, dischargeCapacity_Ah: 0.33067 });
    for (const written of cycles) {
      const summed = perCycle.get(written.cycle)!;
      expect(Math.abs(summed.charge_Ah - written.chargeCapacity_Ah)).toBeLessThanOrEqual(
        0.005 * written.chargeCapacity_Ah,
      );
      expect(Math.abs(summed.discharge_Ah - written.dischargeCapacity_Ah)).toBeLessThanOrEqual(
        0.005 * written.dischargeCapacity_Ah,
      );
    }
  });

  it('takes the step of the first cycle row (appended to it in the file) for the first records', async () => {
    const { series } = await readNewareCsv(await realDataSource('cellpy/nw_regular_export_ife_example.csv'));

    expect(series.stepIndex![0]).toBe(1);
    expect(series.stepType![0]).toBe(StepType.rest);
  });
});

describeRealData('Neware flat BTS 8 export (cellpy/neware_uio.csv)', () => {
  it('gives 9,065 records, 4 cycles, -0.99/+0.99 mA, 144:02:18 of test time from 2022-05-18 16:27:52', async () => {
    const series = await newareCsvReader.read(await realDataSource('cellpy/neware_uio.csv'), {});

    expect(series.rows).toBe(9065);
    expect(range(series.cycleIndex!)).toEqual([1, 4]);
    expect(range(series.current_A!)).toEqual([-0.0009918, 0.00099174]);
    expect(series.time_s[series.rows - 1]).toBe(144 * 3600 + 2 * 60 + 18);
    expect(series.startTime).toBe('2022-05-18T16:27:52');
    expect(range(series.voltage_V!)).toEqual([0.05, 2.957]);
  });

  it('is detected as Neware from its head', async () => {
    const source = await realDataSource('cellpy/neware_uio.csv');
    const head = await source.head();

    expect(
      newareCsvReader.detect({
        name: 'x',
        head,
        headText: Buffer.from(head).toString('latin1'),
        size: source.size,
      }),
    ).toBeGreaterThan(0.9);
  });
});
