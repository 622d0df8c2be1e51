import { expect, it } from 'vitest';
import { genericDelimitedReader } from '../../../../lib/core/readers/delimited/index.ts';
import { probeOf } from '../../../../lib/core/readers/detect.ts';
import { StepType } from '../../../../lib/core/series.ts';
import { describeRealData, realDataSource } from '../../../support/real-data.ts';

// Expected numbers were taken from the text with a few lines of python3 (csv module / split).
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
  return {
    score: genericDelimitedReader.detect(await probeOf(source)),
    series: await genericDelimitedReader.read(source, {}),
  };
}

describeRealData('generic delimited reader on public files (mapping only)', () => {
  it('Landt csv: 6 metadata lines, trailing comma, Pressure_Psi as aux pressure', async () => {
    const { score, series } = await read(
      'battery-data-format/SINTEF__LiGrR2032__2024-04-30__25degC__Landt.csv',
    );

    expect(score).toBe(0.2);
    expect(series.rows).toBe(25162);
    expect(series.time_s[0]).toBe(0.02);
    expect(series.time_s[25161]).toBe(262657.764);
    expect(range(series.voltage_V!)).toEqual([0.01, 2.9215]);
    expect(series.startTime).toBe('2024-04-30T14:33:18.980');
    expect(series.aux.map((channel) => channel.quantity)).toEqual(['pressure']);
    expect(new Set(series.stepType)).toEqual(
      new Set([StepType.rest, StepType.constantCurrentCharge, StepType.constantCurrentDischarge]),
    );
    expect(series.issues.some((issue) => issue.code === 'sign_convention')).toBe(false);
  });

  it('BaSyTec txt: "~" comment lines, ~Time[s], U[V], I[A]', async () => {
    const { series } = await read('PyProBE/sample_data_basytec.txt');

    expect(series.rows).toBe(74);
    expect(series.time_s[73]).toBe(70.2358036666668);
    expect(range(series.voltage_V!)).toEqual([3.5255631284671, 3.53285012323902]);
    expect(series.current_A![73]).toBe(0.449601734416934);
    expect(series.temperature_C![0]).toBe(25.47953);
  });

  it('Novonix csv: [Data] section, Run Time (h) → s, start from Date and Time', async () => {
    const { series } = await read('PyProBE/sample_data_novonix.csv');

    expect(series.rows).toBe(207);
    expect(series.time_s[206]).toBeCloseTo(3.4131889 * 3600, 9);
    expect(range(series.voltage_V!)).toEqual([3.84318331, 4.12864581]);
    expect(series.startTime).toBe('2025-07-19T15:26:20');
  });

  it('Novonix csv with every line in quotes (BEEP) reads like the plain one', async () => {
    const { series } = await read('beep/test_Nova_Form-CH01-01_short.csv');

    expect(series.rows).toBe(3942);
    expect(series.time_s[3941]).toBeCloseTo(17.434575 * 3600, 9);
    expect(range(series.voltage_V!)).toEqual([0.1371027, 3.42744146]);
    expect(series.startTime).toBe('2022-04-11T10:58:07');
  });

  it('headerless LabVIEW .lvm is read as the strain-rig layout, with hoop strain as aux', async () => {
    const { score, series } = await read(
      'dataset-cycling-with-strain-monitoring-for-samsung-30Q-cell/charge_1_1.lvm',
    );

    expect(score).toBeGreaterThan(0);
    expect(series.rows).toBe(4958);
    expect(series.time_s[4957]).toBe(4957.949042);
    expect(range(series.voltage_V!)).toEqual([2.6481, 4.2333]);
    expect(series.aux[0]!.quantity).toBe('strain');
    expect(series.aux[0]!.values[0]).toBe(-4.652655e-5);
    expect(series.issues.map((issue) => issue.code)).toContain('unit_guessed');
  });

  it('NREL p492 csv: Name_unit headers, start time from the MATLAB datenum', async () => {
    const { series } = await read('battery-data-toolkit/p492-13-raw.csv');

    expect(series.rows).toBe(2021);
    expect(series.time_s[2020]).toBe(305712.498);
    expect(range(series.voltage_V!)).toEqual([-3.7865, 4.10215915]);
    // datenum 737792.442372685 = 2020-01-02 10:37:00.99998 (python datetime arithmetic).
    expect(series.startTime).toBe('2020-01-02T10:37:01');
  });
});
