import { expect, it } from 'vitest';
import { probeOf } from '../../../../lib/core/readers/detect.ts';
import { maccorReader } from '../../../../lib/core/readers/maccor/index.ts';
import { StepType } from '../../../../lib/core/series.ts';
import { describeRealData, realDataSource } from '../../../support/real-data.ts';

// Expected numbers were taken from the text with a few lines of python3 (csv / split on tabs).
function range(values: Float64Array): [number, number] {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const value of values) {
    min = Math.min(min, value);
    max = Math.max(max, value);
  }
  return [min, max];
}

async function read(file: string) {
  const source = await realDataSource(file);
  return { score: maccorReader.detect(await probeOf(source)), series: await maccorReader.read(source, {}) };
}

describeRealData('Maccor exports from public repositories', () => {
  it('maccor_example.001 (minutes, dated DPt Time) gives 8 rows over 70 s from 2016-03-31 16:05:31', async () => {
    const { score, series } = await read('battery-data-toolkit/maccor_example.001');

    expect(score).toBeGreaterThanOrEqual(0.9);
    expect(series.rows).toBe(8);
    expect(series.time_s[7]).toBeCloseTo(1.1667 * 60, 9);
    expect(range(series.voltage_V!)).toEqual([3.3057145, 3.30678264]);
    expect(series.startTime).toBe('2016-03-31T16:05:31');
    expect(series.stepType![0]).toBe(StepType.rest);
  });

  it('maccor_example.002 (time-only DPt Time) takes its date from "Date of Test"', async () => {
    const { series } = await read('battery-data-toolkit/maccor_example.002');

    expect(series.rows).toBe(8);
    expect(series.startTime).toBe('2016-04-01T16:05:31');
  });

  it('PredictionDiagnostics .052 (CRLF, 38 columns) gives 333 discharge rows with negative current', async () => {
    const { series } = await read('beep/PredictionDiagnostics_000151_test.052');

    expect(series.rows).toBe(333);
    expect(series.time_s[0]).toBe(769267.24);
    expect(series.time_s[332]).toBe(769270.57);
    expect(range(series.voltage_V!)).toEqual([3.86251621, 3.86823835]);
    expect(series.current_A![0]).toBe(-4.8400091554);
    expect(series.cycleIndex![0]).toBe(37);
    expect(series.dischargeCapacity_Ah![332]).toBe(0.0236349063);
    expect(series.chargeCapacity_Ah![332]).toBe(0);
    // 10/21/2019 23:59:59 minus 769267.24 s of test time.
    expect(series.startTime).toBe('2019-10-13T02:18:51.760');
  });

  it('cellpy maccor_001.txt ("0d 00:00:0" times, magnitudes) gets discharge current negative', async () => {
    const { series } = await read('cellpy/maccor_001.txt');

    expect(series.rows).toBe(6704);
    expect(series.time_s[6703]).toBeCloseTo(183171.56999969482, 6);
    expect(range(series.voltage_V!)).toEqual([2.50004, 4.20012]);
    const dischargeRows = series.stepType!.filter(
      (code) => code === StepType.constantCurrentDischarge,
    ).length;
    expect(dischargeRows).toBe(2082);
    expect(range(series.current_A!)[0]).toBeLessThan(0);
    expect(range(series.dischargeCapacity_Ah!)[1]).toBe(4.54403);
    expect(range(series.chargeCapacity_Ah!)[1]).toBe(3.36871);
    expect(series.startTime).toBe('2020-12-11T12:22:12');
    expect(series.issues.some((issue) => issue.code === 'sign_convention' && issue.count === 2082)).toBe(
      true,
    );
  });

  it('PyProBE Maccor csv (2 preamble lines) gives 15 rows, Temp 1 and start 2023-11-23 15:56:11', async () => {
    const { score, series } = await read('PyProBE/sample_data_maccor.csv');

    expect(score).toBeGreaterThanOrEqual(0.9);
    expect(series.rows).toBe(15);
    expect(series.time_s[14]).toBe(13.06);
    expect(range(series.voltage_V!)).toEqual([3.668, 3.716]);
    expect(series.temperature_C![0]).toBe(22.2591);
    expect(series.chargeCapacity_Ah![14]).toBe(0.024);
    expect(series.startTime).toBe('2023-11-23T15:56:11');
  });

  it('Maccor EIS export gives 60 points from 1 MHz to 1.26 Hz into series.impedance', async () => {
    const { score, series } = await read('beep/maccor_test_file_4267-66-6519.EDA0001.041');

    expect(score).toBeGreaterThanOrEqual(0.9);
    expect(series.rows).toBe(60);
    expect(series.impedance!.frequency_Hz[0]).toBe(999999);
    expect(series.impedance!.frequency_Hz[59]).toBe(1.25892);
    expect(series.impedance!.zReal_Ohm[0]).toBe(0.773446);
    expect(series.impedance!.zImag_Ohm[0]).toBe(-0.849201);
    expect(series.impedance!.zReal_Ohm[59]).toBe(22.095573);
    expect(series.time_s[59]).toBe(347.1);
    expect(series.startTime).toBe('2016-11-02T15:58:00');
  });
});
