import { describe, expect, it } from 'vitest';
import { message } from '../../../../lib/core/messages.ts';
import { probeOf } from '../../../../lib/core/readers/detect.ts';
import { gamryDtaReader } from '../../../../lib/core/readers/gamry/index.ts';
import { bytesSource } from '../../../../lib/core/readers/source.ts';
import { describeRealData, realDataSource } from '../../../support/real-data.ts';

const encoder = new TextEncoder();

function dta(rows: string[], decimalComma = false): Uint8Array {
  const fix = (text: string) => (decimalComma ? text.replaceAll('.', ',') : text);
  return encoder.encode(
    [
      'EXPLAIN',
      'TAG\tEISPOT',
      'DATE\tLABEL\t3/18/2020\tDate',
      'TIME\tLABEL\t16:54:44\tTime',
      'ZCURVE\tTABLE',
      '\tPt\tTime\tFreq\tZreal\tZimag\tZsig\tZmod\tZphz\tIdc\tVdc\tIERange',
      '\t#\ts\tHz\tohm\tohm\tV\tohm\t°\tA\tV\t#',
      ...rows.map(fix),
      '',
    ].join('\n'),
  );
}

describe('Gamry .DTA impedance files', () => {
  it('reads a decimal-comma export the same as the dot version', async () => {
    const rows = [
      '\t0\t1\t1000.5\t12.25\t-3.5\t1\t12.7\t-15.9\t1.5E-006\t-0.341\t9',
      '\t1\t3\t100.25\t14.5\t-6.75\t1\t16\t-24.9\t1.2E-006\t-0.341\t9',
    ];
    const dot = await gamryDtaReader.read(bytesSource('a.DTA', dta(rows)), {});
    const comma = await gamryDtaReader.read(bytesSource('b.DTA', dta(rows, true)), {});
    expect(Array.from(comma.impedance!.zImag_Ohm)).toEqual(Array.from(dot.impedance!.zImag_Ohm));
    expect(Array.from(comma.impedance!.frequency_Hz)).toEqual([1000.5, 100.25]);
    expect(comma.issues.map((issue) => issue.code)).toContain('decimal_comma');
    expect(dot.startTime).toBe('2020-03-18T16:54:44');
  });

  it('keeps the points of an aborted run and says it was aborted', async () => {
    const bytes = encoder.encode(
      `${new TextDecoder().decode(dta(['\t0\t1\t1000\t12\t-3\t1\t12\t-15\t1E-006\t-0.3\t9']))}EXPERIMENTABORTED\tTOGGLE\tT\tExperiment Aborted\nFRACURVE\tTABLE\t2\n\tPt\tT\n\t#\ts\n\t66\t357\t0.05\t11628\t-4477\n`,
    );
    const series = await gamryDtaReader.read(bytesSource('aborted.DTA', bytes), {});
    expect(series.rows).toBe(1);
    expect(series.issues).toContainEqual(
      expect.objectContaining({ message: message.eisExperimentAborted(1) }),
    );
  });
});

describeRealData('real Gamry files', () => {
  it.each([
    [
      'impedance.py/exampleDataGamry.DTA',
      72,
      200015.6,
      0.0158898,
      825.8584,
      -1367.239,
      '2018-04-23T16:43:15',
    ],
    [
      'impedance.py/exampleDataGamryABORT.DTA',
      72,
      200015.6,
      0.0158898,
      825.8584,
      -1367.239,
      '2020-03-18T16:54:44',
    ],
    ['gamry-parser/eispot_data.dta', 10, 10000, 0.5, 224.6075, -3.767681, '2016-05-11T17:47:03'],
    [
      'dataset-cycling-with-strain-monitoring-for-samsung-30Q-cell/POTENTIOSTATIC_EIS_TestRun_Cell_1.DTA',
      61,
      10078.13,
      0.0100011,
      0.0226594,
      0.0213681,
      '2026-03-23T15:24:31',
    ],
  ])('%s: %d points from %d Hz to %d Hz', async (file, points, high, low, firstReal, firstImag, start) => {
    const source = await realDataSource(file);
    expect(gamryDtaReader.detect(await probeOf(source))).toBeGreaterThan(0.9);
    const series = await gamryDtaReader.read(source, {});
    const { frequency_Hz, zReal_Ohm, zImag_Ohm } = series.impedance!;
    expect(series.rows).toBe(points);
    expect(frequency_Hz[0]).toBe(high);
    expect(frequency_Hz[points - 1]).toBe(low);
    expect(zReal_Ohm[0]).toBe(firstReal);
    expect(zImag_Ohm[0]).toBe(firstImag);
    expect(series.startTime).toBe(start);
  });

  it('reads the hand-edited space-separated rows of eispot_data.dta', async () => {
    const series = await gamryDtaReader.read(await realDataSource('gamry-parser/eispot_data.dta'), {});
    expect(Array.from(series.impedance!.frequency_Hz.subarray(5))).toEqual([50, 10, 5, 1, 0.5]);
    expect(series.time_s[9]).toBe(11);
  });
});
