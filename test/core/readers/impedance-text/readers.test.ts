import { describe, expect, it } from 'vitest';
import { message } from '../../../../lib/core/messages.ts';
import { probeOf } from '../../../../lib/core/readers/detect.ts';
import {
  impedanceCsvReader,
  versaStudioReader,
  zviewReader,
} from '../../../../lib/core/readers/impedance-text/index.ts';
import { bytesSource } from '../../../../lib/core/readers/source.ts';
import { generateSpectrum, logFrequencies, twoArcWarburg } from '../../../generators/eis.ts';
import { describeRealData, realDataSource } from '../../../support/real-data.ts';

const encoder = new TextEncoder();
const spectrum = generateSpectrum({ ...twoArcWarburg, frequency_Hz: logFrequencies(1e5, 0.1, 20) });

function csv(header: string | null, row: (i: number) => string): Uint8Array {
  const lines = Array.from(spectrum.frequency_Hz, (_, i) => row(i));
  return encoder.encode([...(header ? [header] : []), ...lines, ''].join('\n'));
}

describe('plain impedance tables', () => {
  it('reads a header-less frequency, Z′, Z″ file', async () => {
    const bytes = csv(
      null,
      (i) => `${spectrum.frequency_Hz[i]},${spectrum.zReal_Ohm[i]},${spectrum.zImag_Ohm[i]}`,
    );
    const series = await impedanceCsvReader.read(bytesSource('eis.csv', bytes), {});
    expect(Array.from(series.impedance!.zImag_Ohm)).toEqual(Array.from(spectrum.zImag_Ohm));
    expect(series.issues).toEqual([]);
  });

  it('detects a −Z″ column written without a sign in the header and negates it', async () => {
    const bytes = csv(
      'freq/Hz\tRe(Z)/Ohm\tIm(Z)/Ohm',
      (i) => `${spectrum.frequency_Hz[i]}\t${spectrum.zReal_Ohm[i]}\t${-spectrum.zImag_Ohm[i]!}`,
    );
    const series = await impedanceCsvReader.read(bytesSource('eis.txt', bytes), {});
    expect(Array.from(series.impedance!.zImag_Ohm)).toEqual(Array.from(spectrum.zImag_Ohm));
    expect(series.issues).toContainEqual(
      expect.objectContaining({ code: 'sign_convention', message: message.spectrumImagNegated('Im(Z)/Ohm') }),
    );
  });

  it('reads |Z| and phase with a decimal comma', async () => {
    const bytes = csv('Frequency (Hz);|Z| (Ohm);Phase (deg)', (i) => {
      const re = spectrum.zReal_Ohm[i]!;
      const im = spectrum.zImag_Ohm[i]!;
      return [spectrum.frequency_Hz[i]!, Math.hypot(re, im), (Math.atan2(im, re) * 180) / Math.PI]
        .map((value) => String(value).replace('.', ','))
        .join(';');
    });
    const series = await impedanceCsvReader.read(bytesSource('eis.csv', bytes), {});
    series.impedance!.zReal_Ohm.forEach((value, i) => {
      expect(value).toBeCloseTo(spectrum.zReal_Ohm[i]!, 9);
      expect(series.impedance!.zImag_Ohm[i]).toBeCloseTo(spectrum.zImag_Ohm[i]!, 9);
    });
  });
});

describeRealData('real impedance text files', () => {
  it.each([
    ['impedance.py/exampleDataZPlot.z', zviewReader, 21, 300000, 3000],
    ['impedance.py/exampleDataVersaStudio.par', versaStudioReader, 61, 100000, 0.02154435],
    ['impedance.py/exampleData.csv', impedanceCsvReader, 66, 0.0031623, 10000],
    ['pyDRTtools/LIB_data.txt', impedanceCsvReader, 107, 999.040405, 0.00500083202],
    ['pyDRTtools/data_1.csv', impedanceCsvReader, 107, 999.040405, 0.005000832],
  ] as const)('%s: %d points from %d Hz to %d Hz', async (file, reader, points, first, last) => {
    const source = await realDataSource(file);
    const probe = await probeOf(source);
    const scores = [zviewReader, versaStudioReader, impedanceCsvReader].map((candidate) =>
      candidate.detect(probe),
    );
    expect(Math.max(...scores)).toBe(reader.detect(probe));
    const series = await reader.read(source, {});
    expect(series.rows).toBe(points);
    expect(series.impedance!.frequency_Hz[0]).toBe(first);
    expect(series.impedance!.frequency_Hz[points - 1]).toBe(last);
    // Capacitive spectra: Z″ < 0 at the lowest frequency whatever the file's convention.
    const lowest = first < last ? 0 : points - 1;
    expect(series.impedance!.zImag_Ohm[lowest]).toBeLessThan(0);
  });

  it('reads ZView and VersaStudio start times as local wall-clock times', async () => {
    const zview = await zviewReader.read(await realDataSource('impedance.py/exampleDataZPlot.z'), {});
    const versa = await versaStudioReader.read(
      await realDataSource('impedance.py/exampleDataVersaStudio.par'),
      {},
    );
    expect(zview.startTime).toBe('2018-10-12T11:04:34');
    expect(versa.startTime).toBe('2018-07-19T09:40:30');
    expect(versa.impedance!.zReal_Ohm[0]).toBe(55.31571);
    expect(zview.impedance!.zImag_Ohm[0]).toBe(-11.335);
  });
});
