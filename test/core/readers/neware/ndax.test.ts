/**
 * `.ndax` reader against real archives. Expected numbers were read independently with Python
 * (`zipfile` + `struct` over the ndc pages, bitmask rows) and agree with SOURCES.md.
 */
import fc from 'fast-check';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { CoreError, ReaderError } from '../../../../lib/core/errors.ts';
import { message } from '../../../../lib/core/messages.ts';
import {
  newareNdaxReader,
  readNdax,
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
  return newareNdaxReader.read(await realDataSource(path), {});
}

describeRealData('Neware .ndax, ndc v5 (navani/test.ndax)', () => {
  it('gives 1,464 records of one CCCV cycle, 1.4995–4.3998 V, ±0.12 mA, 43,800 s from 2024-02-01 20:24:23', async () => {
    const series = await readReal('navani/test.ndax');

    expect(series.rows).toBe(1464);
    expect(range(series.voltage_V!)).toEqual([1.4995, 4.3998]);
    expect(range(series.current_A!)[0]).toBeCloseTo(-1.199e-4, 12);
    expect(range(series.current_A!)[1]).toBeCloseTo(1.2e-4, 12);
    expect(series.time_s[series.rows - 1]).toBe(43800);
    expect(series.startTime).toBe('2024-02-01T20:24:23');
    expect(range(series.cycleIndex!)).toEqual([1, 1]);
    expect(new Set(series.stepType)).toEqual(
      new Set([StepType.rest, StepType.constantCurrentCharge, StepType.constantCurrentDischarge]),
    );
  });

  it('charges ~0.593 mAh (21,349,410 raw units × 1e-4 mA·s)', async () => {
    const series = await readReal('navani/test.ndax');

    expect(range(series.chargeCapacity_Ah!)[1]).toBeCloseTo((21349410 * 1e-4) / 3.6e6, 12);
  });
});

describeRealData('Neware .ndax, ndc v14 with sparse run info (Unit27 example)', () => {
  it('gives the 301 records of a 300 s rest at 2.983 V with T1/T2, from 2024-11-18 12:43:45.422 UTC', async () => {
    const series = await readReal('NewareNDA/123456789012_Unit27_Example_Data_File.ndax');

    // NewareNDA reports 302 rows: record 1 appears twice in data_runInfo.ndc and its merge repeats it.
    expect(series.rows).toBe(301);
    const [vMin, vMax] = range(series.voltage_V!);
    expect(vMin).toBeCloseTo(2.982697, 5);
    expect(vMax).toBeCloseTo(2.983053, 5);
    expect(series.time_s[series.rows - 1]).toBeCloseTo(300, 9);
    expect(series.startTime).toBe('2024-11-18T12:43:45.422Z');
    expect(series.aux.map((channel) => channel.name)).toEqual(['T1', 'T2']);
    expect(range(series.aux[0]!.values)[0]).toBeCloseTo(25.317, 3);
    expect(range(series.aux[0]!.values)[1]).toBeCloseTo(25.585, 3);
  });

  it('reports the records Neware left without time as filled, counting them', async () => {
    const series = await readReal('NewareNDA/123456789012_Unit27_Example_Data_File.ndax');

    const filled = series.issues.find((issue) => issue.code === 'missing_data_filled');
    // 301 records, 7 distinct record numbers in run info.
    expect(filled?.count).toBe(294);
    // Filled from the 1 s logging interval: record n sits at n - 1 seconds.
    expect(series.time_s[150]).toBeCloseTo(150, 9);
  });
});

describeRealData('Neware .ndax, ndc v14 (battery-data-format/filetype14-0.ndax)', () => {
  it('gives 67 rest records at 3.3 mV over 655.4 s', async () => {
    const series = await readReal('battery-data-format/filetype14-0.ndax');

    expect(series.rows).toBe(67);
    expect(range(series.voltage_V!)[0]).toBeCloseTo(0.0033036, 6);
    expect(range(series.voltage_V!)[1]).toBeCloseTo(0.0033466, 6);
    expect(series.time_s[series.rows - 1]).toBeCloseTo(655.4, 9);
    expect(series.startTime).toBe('2025-04-04T14:49:39.550Z');
    expect(new Set(series.stepType)).toEqual(new Set([StepType.rest]));
  });
});

describeRealData('Neware .ndax, ndc v17 (cellpy BTS 8.5)', () => {
  it('reads the newer ndc 17 layout: 252,951 records, 0.2008–4.7487 V, up to 0.1197 A, 1.3906 Ah charged', async () => {
    const series = await readReal('cellpy/20260302_IFE_BTS85_2_9_8_1.ndax');

    expect(series.rows).toBe(252951);
    expect(series.provenance.formatVersion).toBe('ndax (ndc v17)');
    expect(range(series.voltage_V!)[0]).toBeCloseTo(0.2007675, 6);
    expect(range(series.voltage_V!)[1]).toBeCloseTo(4.748652, 6);
    expect(range(series.current_A!)[1]).toBeCloseTo(0.1196652, 6);
    // Run info's largest counter is 1.3905476 Ah; the last 50 records extend it by current × 1 s.
    expect(range(series.chargeCapacity_Ah!)[1]).toBeGreaterThanOrEqual(1.3905476);
    expect(range(series.chargeCapacity_Ah!)[1]).toBeLessThan(1.3905476 + (50 * 0.12) / 3600);
    // TestInfo.xml: StartTime 2026-02-27 11:17:33 local (UTC+1).
    expect(series.startTime?.slice(0, 19)).toBe('2026-02-27T10:17:33');
    // Run info spans 252,885 s of clock time, and 50 records follow its last row at 1 s.
    expect(series.time_s[series.rows - 1]).toBeGreaterThan(252885);
    expect(series.time_s[series.rows - 1]).toBeLessThan(252885 + 50 + 0.001 * 252885);
    expect(series.aux.map((channel) => channel.name)).toContain('T1');
  });
});

describeRealData('Neware .ndax, damaged input', () => {
  it('any truncation of a real .ndax gives a typed error, never a crash', async () => {
    const bytes = await (await realDataSource('navani/test.ndax')).bytes();

    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: bytes.length - 1 }), async (cut) => {
        const error = await readNdax('cut.ndax', bytes.subarray(0, cut)).then(
          () => null,
          (thrown: unknown) => thrown,
        );
        expect(error).toBeInstanceOf(CoreError);
      }),
      { numRuns: 60 },
    );
  });
});

describe('Neware .ndax, detection and bad input', () => {
  it('scores a zip holding data.ndc high and a zip without ndc parts 0', () => {
    const ndaxHead = 'PK\u0003\u0004....data.ndc....';
    const xlsxHead = 'PK\u0003\u0004....[Content_Types].xml....xl/workbook.xml';
    const probe = (text: string) => ({
      name: 'x',
      head: new TextEncoder().encode(text),
      headText: text,
      size: text.length,
    });

    expect(newareNdaxReader.detect(probe(ndaxHead))).toBeGreaterThan(0.9);
    expect(newareNdaxReader.detect(probe(xlsxHead))).toBe(0);
  });

  it('an empty or non-zip file is a ReaderError', async () => {
    await expect(newareNdaxReader.read(bytesSource('empty.ndax', new Uint8Array(0)), {})).rejects.toThrow(
      ReaderError,
    );
    await expect(
      newareNdaxReader.read(bytesSource('junk.ndax', new TextEncoder().encode('not a zip at all')), {}),
    ).rejects.toThrow(message.notAZipArchive('junk.ndax'));
  });

  it('an ndc layout version nobody documents is an UnsupportedNewareVersionError naming it', async () => {
    const data = new Uint8Array(8192);
    data[0] = 1;
    data[2] = 99;
    const archive = zipSync({ 'data.ndc': data, 'data_runInfo.ndc': data });

    const error = await readNdax('future.ndax', archive).catch((thrown: unknown) => thrown);

    expect(error).toBeInstanceOf(UnsupportedNewareVersionError);
    expect((error as UnsupportedNewareVersionError).version).toBe('99');
    expect((error as Error).message).toMatch(/version 99/);
  });

  it('an archive without data.ndc names what it holds', async () => {
    const archive = zipSync({ 'TestInfo.xml': new TextEncoder().encode('<root/>') });

    await expect(readNdax('nodata.ndax', archive)).rejects.toThrow(/no "data.ndc".*TestInfo.xml/);
  });
});
