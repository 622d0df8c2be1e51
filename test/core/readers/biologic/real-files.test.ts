/**
 * Real EC-Lab files (see shared/real-data/SOURCES.md). Expected numbers were read independently
 * from the text with a few lines of Python (first/last `time/s`, min/max of the voltage and current
 * columns, row counts), or, for binaries without a text twin, from SOURCES.md and a separate
 * struct-based read of the records.
 */
import { describe, expect, it } from 'vitest';
import { biologicMprReader, biologicMptReader } from '../../../../lib/core/readers/biologic/index.ts';
import { type CanonicalSeries, StepType } from '../../../../lib/core/series.ts';
import { describeRealData, realDataSource } from '../../../support/real-data.ts';

async function readReal(path: string): Promise<CanonicalSeries> {
  const reader = path.endsWith('.mpr') ? biologicMprReader : biologicMptReader;
  return reader.read(await realDataSource(path), {});
}

function range(values: ArrayLike<number>): [number, number] {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let index = 0; index < values.length; index++) {
    min = Math.min(min, values[index]!);
    max = Math.max(max, values[index]!);
  }
  return [min, max];
}

interface Expected {
  file: string;
  rows: number;
  time_s: [number, number];
  voltage_V: [number, number];
  current_A: [number, number] | null;
  maxCycle: number | null;
  startTime: string | null;
}

const textFiles: Expected[] = [
  {
    file: 'yadg/gcpl.issue_149.mpt',
    rows: 132,
    time_s: [30.15299923827115, 659.9857963771647],
    voltage_V: [3.4137828, 3.4466355],
    current_A: [-0.02999932433341786e-3, 0.03001141560008716e-3],
    maxCycle: 3,
    startTime: '2024-01-10T11:02:29.886',
  },
  {
    file: 'yadg/gcpl.pr_182.1.mpt',
    rows: 2533,
    time_s: [0, 302518.9476075938],
    voltage_V: [0.0038288473, 2.3545616],
    current_A: [-0.2500535543122629e-3, 0.2217722801088689e-3],
    maxCycle: 4,
    startTime: null,
  },
  {
    file: 'yadg/geis.issue_149.mpt',
    rows: 84,
    time_s: [61.51519854509388, 676.6439971683722],
    voltage_V: [3.4202032, 3.4386063],
    current_A: [2.4096542e-8, 3.6708145e-8],
    maxCycle: 4,
    startTime: '2024-01-10T11:02:29.886',
  },
  {
    file: 'yadg/mb.issue_95.mpt',
    rows: 33,
    time_s: [0, 30.00019924211665],
    voltage_V: [2.3260789, 2.3327432],
    current_A: [-64.990448e-3, 100.01924e-3],
    maxCycle: 0,
    startTime: '2022-12-08T14:36:53.355',
  },
  {
    file: 'yadg/mb.issue_95.de.mpt',
    rows: 33,
    time_s: [0, 30.00019924211665],
    voltage_V: [2.3260789, 2.3327432],
    current_A: [-64.990448e-3, 100.01924e-3],
    maxCycle: 0,
    startTime: '2022-12-08T14:36:53.355',
  },
  {
    file: 'yadg/peis.mpt',
    rows: 32,
    time_s: [448.1567263361649, 464.2570934476098],
    voltage_V: [-3.5914328, -3.591285],
    current_A: [-110.21593e-3, -108.80434e-3],
    maxCycle: 1,
    startTime: '2021-03-02T16:17:59.000',
  },
  {
    file: 'PyProBE/Sample_data_biologic_CA1.txt',
    rows: 1397,
    time_s: [0, 139.5240066270344],
    voltage_V: [3.4854481, 3.5180547],
    current_A: [-900.06274e-3, 0],
    maxCycle: 0,
    startTime: '2024-05-13T11:19:51.602',
  },
  {
    file: 'PyProBE/Sample_data_biologic_no_header.mpt',
    rows: 13,
    time_s: [281672.3801174285, 281792.502129958],
    voltage_V: [2.9343958, 2.9814022],
    current_A: [0, 0],
    maxCycle: 0,
    startTime: null,
  },
  {
    file: 'impedance.py/exampleDataBioLogic.mpt',
    rows: 43,
    time_s: [0.7836904905780102, 288.5022309564229],
    voltage_V: [-0.00074513012, 0.00090237538],
    current_A: [-0.049602441e-3, -0.033789847e-3],
    maxCycle: 1,
    startTime: '2018-02-04T10:02:46.000',
  },
];

const binaryFiles: Expected[] = [
  {
    file: 'navani/jdb11-1_c3_gcpl_5cycles_2V-3p8V_C-24_data_C09.mpr',
    rows: 46102,
    time_s: [0, 456309.58615131397],
    voltage_V: [1.9999029636383057, 3.8000645637512207],
    current_A: null,
    maxCycle: 6,
    startTime: '2020-10-26T12:49:58.000',
  },
  {
    file: 'navani/00_test_04_MB_C01.mpr',
    rows: 1501,
    time_s: [16.167399591577123, 17.667199553688988],
    voltage_V: [-1.6502140760421753, -1.6500461101531982],
    current_A: null,
    maxCycle: 0,
    startTime: '2023-12-08T09:49:52.346',
  },
  {
    file: 'navani/00_test_01_OCV_C01.mpr',
    rows: 2,
    time_s: [0, 5.593199858703883],
    voltage_V: [-0.37380897998809814, -0.37328216433525085],
    current_A: null,
    maxCycle: null,
    startTime: '2023-12-07T14:22:24.183',
  },
  {
    file: 'battery-data-format/GCPL-0.mpr',
    rows: 4,
    time_s: [0, 2.812999928937643],
    voltage_V: [3.5146868228912354, 3.515087604522705],
    current_A: [0, 0],
    maxCycle: 0,
    startTime: '2024-09-02T13:49:32.494',
  },
  {
    file: 'battery-data-format/PEIS-0.mpr',
    rows: 60,
    time_s: [6108482.435051806, 6111192.454667095],
    voltage_V: [3.0322132110595703, 3.057852029800415],
    current_A: null,
    maxCycle: 0,
    startTime: '2024-10-31T12:39:27.989',
  },
];

function checkExpected(expected: Expected): void {
  it(`${expected.file}: ${expected.rows} rows, time span, voltage range and start`, async () => {
    const series = await readReal(expected.file);

    expect(series.rows).toBe(expected.rows);
    expect(series.time_s[0]).toBe(expected.time_s[0]);
    expect(series.time_s[series.rows - 1]).toBe(expected.time_s[1]);
    expect(range(series.voltage_V!)).toEqual(expected.voltage_V);
    if (expected.current_A) {
      const [min, max] = range(series.current_A!);
      expect(min).toBeCloseTo(expected.current_A[0], 12);
      expect(max).toBeCloseTo(expected.current_A[1], 12);
    }
    if (expected.maxCycle === null) expect(series.cycleIndex).toBeNull();
    else expect(range(series.cycleIndex!)[1]).toBe(expected.maxCycle);
    expect(series.startTime).toBe(expected.startTime);
  });
}

describeRealData('BioLogic .mpt real files', () => {
  for (const expected of textFiles) checkExpected(expected);

  it('the German export of mb.issue_95 gives exactly the numbers of the English one', async () => {
    const english = await readReal('yadg/mb.issue_95.mpt');

    const german = await readReal('yadg/mb.issue_95.de.mpt');

    expect(german.time_s).toEqual(english.time_s);
    expect(german.voltage_V).toEqual(english.voltage_V);
    expect(german.current_A).toEqual(english.current_A);
    expect(german.chargeCapacity_Ah).toEqual(english.chargeCapacity_Ah);
    expect(german.dischargeCapacity_Ah).toEqual(english.dischargeCapacity_Ah);
    expect(german.stepType).toEqual(english.stepType);
    expect(german.issues.map((issue) => issue.code)).toContain('decimal_comma');
  });

  it('PEIS: impedance columns with Z″ = −(−Im(Z)), every row an impedance step', async () => {
    const series = await readReal('impedance.py/exampleDataBioLogic.mpt');

    const impedance = series.impedance!;
    // impedance.py's docs: 43 points, 1 kHz down to 16.9 mHz, Re(Z) 58–111 Ω.
    expect(range(impedance.frequency_Hz)).toEqual([0.01689554, 1000.3201]);
    expect(range(impedance.zReal_Ohm)).toEqual([57.859802, 110.97003]);
    expect(impedance.zImag_Ohm[0]).toBe(-0.38998979);
    expect(Array.from(new Set(series.stepType))).toEqual([StepType.impedance]);
  });

  it('reads the temperature column of a UTF-8 BT-Lab export ("Temperature/\uFFFDC")', async () => {
    const series = await readReal('PyProBE/Sample_data_biologic_CA1.txt');

    expect(range(series.temperature_C!)).toEqual([21.965164, 23.226351]);
    expect(series.provenance.formatVersion).toBe('BT-Lab 1.75');
    // The file has Q charge and Q discharge columns (no signed one): 0.9 A for 129.5 s ≈ 32.4 mAh.
    expect(range(series.dischargeCapacity_Ah!)[1]).toBeCloseTo(0.03237135133365209, 15);
  });

  it('a time column of date-times counts seconds from the acquisition start', async () => {
    const series = await readReal('PyProBE/Sample_data_biologic_timestamped.txt');

    expect(series.rows).toBe(8);
    expect(series.time_s[0]).toBe(0);
    // Last row 11/20/2024 11:38:54.171 against the start 11:38:41.707.
    expect(series.time_s[series.rows - 1]).toBeCloseTo(12.464, 9);
    expect(series.startTime).toBe('2024-11-20T11:38:41.707');
  });

  it('a file without the EC-Lab preamble maps mode 3 to rest and reads °C', async () => {
    const series = await readReal('PyProBE/Sample_data_biologic_no_header.mpt');

    expect(Array.from(new Set(series.stepType))).toEqual([StepType.rest]);
    expect(range(series.temperature_C!)[0]).toBeCloseTo(24.167671, 6);
  });
});

describeRealData('BioLogic .mpr real files', () => {
  for (const expected of binaryFiles) checkExpected(expected);

  it('an OCV file is open circuit throughout and has no current', async () => {
    const series = await readReal('navani/00_test_01_OCV_C01.mpr');

    expect(Array.from(series.stepType!)).toEqual([StepType.ocv, StepType.ocv]);
    expect(series.current_A).toBeNull();
  });

  it('a PEIS file from data module v3 holds 60 points from 10 kHz to 9.3 mHz', async () => {
    const series = await readReal('battery-data-format/PEIS-0.mpr');

    const [lowest, highest] = range(series.impedance!.frequency_Hz);
    expect(lowest).toBeCloseTo(0.0093, 4);
    expect(highest).toBe(10001);
  });

  it('current of a GCPL file without a current column is dq/Δt, as EC-Lab exports it', async () => {
    const series = await readReal('navani/jdb11-1_c3_gcpl_5cycles_2V-3p8V_C-24_data_C09.mpr');

    // C/24 on a ≈ 2 mAh cell: about ±0.089 mA.
    const [min, max] = range(series.current_A!);
    expect(min).toBeCloseTo(-0.0888e-3, 6);
    expect(max).toBeCloseTo(0.0888e-3, 6);
    expect(series.issues.map((issue) => issue.code)).toContain('other');
  });
});

describe('BioLogic .mpr and .mpt of the same run', () => {
  const pairs = ['gcpl.issue_149', 'gcpl.pr_182.1', 'geis.issue_149', 'mb.issue_95', 'peis'];
  /** float32 carries 24 bits: a value printed with 8 digits and the stored float agree to ~1.2e-7. */
  const FLOAT32_RELATIVE = 2 ** -23;

  function expectClose(binary: Float64Array | null, text: Float64Array | null, absolute: number): void {
    expect(binary).not.toBeNull();
    expect(text).not.toBeNull();
    expect(binary!.length).toBe(text!.length);
    for (let row = 0; row < binary!.length; row++) {
      const tolerance = Math.abs(text![row]!) * FLOAT32_RELATIVE + absolute;
      if (Math.abs(binary![row]! - text![row]!) > tolerance) {
        expect.fail(`row ${row}: ${binary![row]} (.mpr) vs ${text![row]} (.mpt)`);
      }
    }
  }

  describeRealData('yadg pairs', () => {
    for (const pair of pairs) {
      it(`${pair}: same rows, time, voltage, current, capacities, cycles and start`, async () => {
        const binary = await readReal(`yadg/${pair}.mpr`);

        const text = await readReal(`yadg/${pair}.mpt`);

        expect(binary.rows).toBe(text.rows);
        expectClose(binary.time_s, text.time_s, 1e-12);
        expectClose(binary.voltage_V, text.voltage_V, 0);
        // The text prints current with 8–16 digits, or EC-Lab derived it from dq/Δt on export.
        expectClose(binary.current_A, text.current_A, 1e-15);
        expectClose(binary.chargeCapacity_Ah, text.chargeCapacity_Ah, 1e-15);
        expectClose(binary.dischargeCapacity_Ah, text.dischargeCapacity_Ah, 1e-15);
        expect(binary.cycleIndex).toEqual(text.cycleIndex);
        expect(binary.stepIndex).toEqual(text.stepIndex);
        expect(binary.stepType).toEqual(text.stepType);
        expect(binary.startTime).toBe(text.startTime);
        if (text.impedance) {
          expectClose(binary.impedance!.frequency_Hz, text.impedance.frequency_Hz, 0);
          expectClose(binary.impedance!.zReal_Ohm, text.impedance.zReal_Ohm, 0);
          expectClose(binary.impedance!.zImag_Ohm, text.impedance.zImag_Ohm, 0);
        }
      });
    }
  });
});
