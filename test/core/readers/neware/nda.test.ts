/**
 * `.nda` reader against real files. Expected numbers were read independently with a few lines of
 * Python `struct` over the raw bytes (record layouts of NewareNDA), and agree with SOURCES.md
 * (NewareNDA's own output): row counts, ranges, dates.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CoreError, EmptyFileError, ReaderError, TruncatedFileError } from '../../../../lib/core/errors.ts';
import {
  newareNdaReader,
  readNda,
  UnsupportedNewareVersionError,
} from '../../../../lib/core/readers/neware/index.ts';
import { bytesSource } from '../../../../lib/core/readers/source.ts';
import { StepType } from '../../../../lib/core/series.ts';
import { describeRealData, realDataSource } from '../../../support/real-data.ts';

function range(values: ArrayLike<number>): [number, number] {
  let low = Number.POSITIVE_INFINITY;
  let high = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    low = Math.min(low, values[i]!);
    high = Math.max(high, values[i]!);
  }
  return [low, high];
}

async function readReal(path: string) {
  const source = await realDataSource(path);
  return { series: await newareNdaReader.read(source, {}), bytes: await source.bytes() };
}

describeRealData('Neware .nda, version 29 (BTS 7/8): new_nda_file.nda', () => {
  it('gives the 439 records, ±0.0505 mA, -0.101…-0.0849 V over 721.6 s from 2020-03-25 11:16:50 (local)', async () => {
    const { series } = await readReal('NewareNDA/new_nda_file.nda');

    expect(series.rows).toBe(439);
    expect(series.provenance.formatVersion).toBe('nda v29');
    expect(range(series.voltage_V!)).toEqual([-0.101, -0.0849]);
    expect(range(series.current_A!)[0]).toBeCloseTo(-5.05e-5, 12);
    expect(range(series.current_A!)[1]).toBeCloseTo(5.05e-5, 12);
    expect(series.time_s[0]).toBe(0);
    expect(series.time_s[series.rows - 1]).toBeCloseTo(721.6, 9);
    expect(series.startTime).toBe('2020-03-25T11:16:50');
    expect(series.startTimeZoneKnown).toBe(false);
    expect(series.issues.map((issue) => issue.code)).toContain('time_zone_unknown');
  });

  it('keeps the step numbers and the single cycle the file writes, and names the step types', async () => {
    const { series } = await readReal('NewareNDA/new_nda_file.nda');

    expect(range(series.stepIndex!)).toEqual([1, 6]);
    expect(range(series.cycleIndex!)).toEqual([1, 1]);
    expect(series.stepType![0]).toBe(StepType.constantCurrentDischarge);
    expect(series.stepType![51]).toBe(StepType.rest);
    expect(series.stepType![102]).toBe(StepType.constantCurrentCharge);
  });

  it('continues test time across steps (step time restarts at 0 in the file)', async () => {
    const { series } = await readReal('NewareNDA/new_nda_file.nda');

    // Step 1 lasts 5 s (records every 0.1 s), step 2 starts at record 52 with step time 0.
    expect(series.time_s[50]).toBeCloseTo(5, 9);
    expect(series.time_s[51]).toBeCloseTo(5, 9);
    expect(series.time_s[52]).toBeCloseTo(5.5, 9);
  });
});

describeRealData('Neware .nda, version 130 BTS 9.1: TestFile.nda', () => {
  it('gives 6,670 records over 3 cycles, 1.72–4.20 V, -3.0…+1.2 A, T1 23.0–30.5 °C, from 2024-05-27 08:02:53.96 UTC', async () => {
    const { series } = await readReal('NewareNDA/TestFile.nda');

    expect(series.rows).toBe(6670);
    expect(series.provenance.formatVersion).toBe('nda v130 (BTS 9.1)');
    expect(range(series.cycleIndex!)).toEqual([1, 3]);
    expect(range(series.stepIndex!)).toEqual([1, 11]);
    const [vMin, vMax] = range(series.voltage_V!);
    expect(vMin).toBeCloseTo(1.720593, 5);
    expect(vMax).toBeCloseTo(4.200059, 5);
    const [iMin, iMax] = range(series.current_A!);
    expect(iMin).toBeCloseTo(-3.000958, 5);
    expect(iMax).toBeCloseTo(1.200774, 5);
    expect(series.time_s[0]).toBeCloseTo(0.01, 9);
    expect(series.time_s[series.rows - 1]).toBeCloseTo(72373.26, 6);
    expect(series.startTime).toBe('2024-05-27T08:02:53.960Z');
    expect(series.startTimeZoneKnown).toBe(true);
    const t1 = series.aux.find((channel) => channel.name === 'T1')!;
    expect(range(t1.values)[0]).toBeCloseTo(23.0314, 3);
    expect(range(t1.values)[1]).toBeCloseTo(30.5424, 3);
    expect(series.temperature_C).toBe(t1.values);
  });

  it('keeps the per-step capacity counters: the ~5.66 Ah cell charges 5.655 / 5.660 Ah and discharges 5.807 Ah', async () => {
    const { series } = await readReal('NewareNDA/TestFile.nda');
    const maxChargeOfStep = (step: number) => {
      let max = 0;
      for (let row = 0; row < series.rows; row++) {
        if (series.stepIndex![row] === step) max = Math.max(max, series.chargeCapacity_Ah![row]!);
      }
      return max;
    };

    expect(maxChargeOfStep(4)).toBeCloseTo(5.655088, 5);
    expect(maxChargeOfStep(9)).toBeCloseTo(5.659857, 5);
    expect(range(series.dischargeCapacity_Ah!)[1]).toBeCloseTo(5.806646, 5);
    // The counter restarts with every step.
    expect(series.chargeCapacity_Ah![series.stepIndex!.indexOf(9)]).toBeLessThan(0.01);
  });

  it('writes discharge current as negative (no flip needed) on CC_DChg rows', async () => {
    const { series } = await readReal('NewareNDA/TestFile.nda');

    for (let row = 0; row < series.rows; row++) {
      if (series.stepType![row] === StepType.constantCurrentDischarge)
        expect(series.current_A![row]).toBeLessThan(0);
    }
  });
});

describeRealData('Neware .nda, version 130 BTS 9.0: 2-1-6_61[07005012].nda', () => {
  it('gives 15,567 pulse records, 3.967–4.088 V, -1.700…-0.0997 A, 3602 s, from 2016-04-19 12:21:01.020 UTC', async () => {
    const { series } = await readReal('NewareNDA/2-1-6_61[07005012].nda');

    expect(series.rows).toBe(15567);
    expect(series.provenance.formatVersion).toBe('nda v130 (BTS 9.0)');
    expect(range(series.voltage_V!)[0]).toBeCloseTo(3.966703, 5);
    expect(range(series.voltage_V!)[1]).toBeCloseTo(4.08831, 5);
    expect(range(series.current_A!)[0]).toBeCloseTo(-1.700096, 5);
    expect(range(series.current_A!)[1]).toBeCloseTo(-0.0996891, 6);
    expect(series.time_s[series.rows - 1]).toBeCloseTo(3602.11755, 5);
    expect(series.startTime).toBe('2016-04-19T12:21:01.020Z');
    expect(new Set(series.stepType)).toEqual(new Set([StepType.pulse]));
    expect(range(series.dischargeCapacity_Ah!)[1]).toBeCloseTo(0.2998615, 6);
    expect(series.cycleIndex).toBeNull();
  });
});

describeRealData('Neware .nda, damaged input', () => {
  it('any truncation of a real .nda gives a typed error or fewer complete rows, never a crash', async () => {
    const bytes = await (await realDataSource('NewareNDA/TestFile.nda')).bytes();

    fc.assert(
      fc.property(fc.integer({ min: 0, max: bytes.length - 1 }), (cut) => {
        try {
          const series = readNda('cut.nda', bytes.subarray(0, cut));
          expect(series.rows).toBeLessThanOrEqual(6670);
          expect(series.voltage_V!.length).toBe(series.rows);
          expect(series.time_s.length).toBe(series.rows);
        } catch (error) {
          expect(error).toBeInstanceOf(CoreError);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('a file cut inside a record keeps the complete records and reports the cut one', async () => {
    const bytes = await (await realDataSource('NewareNDA/TestFile.nda')).bytes();

    const series = readNda('cut.nda', bytes.subarray(0, 1024 + 56 * 100 + 20));

    expect(series.rows).toBe(100);
    expect(series.issues.map((issue) => issue.code)).toContain('truncated_record');
  });

  it('a file cut inside the header is a TruncatedFileError naming the byte offset', async () => {
    const bytes = await (await realDataSource('NewareNDA/TestFile.nda')).bytes();

    expect(() => readNda('cut.nda', bytes.subarray(0, 10))).toThrow(TruncatedFileError);
  });
});

describe('Neware .nda, detection and bad input', () => {
  it('recognises the NEWARE magic and nothing else', () => {
    const head = new TextEncoder().encode('NEWARE20240403');
    const csv = new TextEncoder().encode('time,voltage\n1,2\n');

    expect(newareNdaReader.detect({ name: 'x', head, headText: 'NEWARE20240403', size: 14 })).toBeGreaterThan(
      0.9,
    );
    expect(newareNdaReader.detect({ name: 'x', head: csv, headText: 'time,voltage\n1,2\n', size: 17 })).toBe(
      0,
    );
  });

  it('an empty file is an EmptyFileError', () => {
    expect(() => readNda('empty.nda', new Uint8Array(0))).toThrow(EmptyFileError);
  });

  it('garbage is a ReaderError saying it is not an .nda', async () => {
    const garbage = new Uint8Array(2000).map((_, i) => (i * 7919) % 251);

    await expect(newareNdaReader.read(bytesSource('junk.nda', garbage), {})).rejects.toThrow(ReaderError);
  });

  it('an unknown layout version is an UnsupportedNewareVersionError naming the version', () => {
    const bytes = new Uint8Array(2048);
    bytes.set(new TextEncoder().encode('NEWARE20200101'));
    bytes[14] = 42;

    expect(() => readNda('v42.nda', bytes)).toThrow(UnsupportedNewareVersionError);
    expect(() => readNda('v42.nda', bytes)).toThrow(/version 42/);
  });
});
