import { describe, expect, it } from 'vitest';
import { SpectrumError } from '../../../lib/core/eis/errors.ts';
import { makeSpectrum, splitSpectra } from '../../../lib/core/eis/spectrum.ts';
import { message } from '../../../lib/core/messages.ts';
import { emptySeries } from '../../../lib/core/series.ts';

function seriesOf(frequency: number[], time: number[], cycle: number[] | null = null) {
  const series = emptySeries({
    file: 'plating.mpt',
    format: 'test',
    formatVersion: null,
    instrument: null,
    columns: [],
    bytes: 0,
  });
  series.rows = frequency.length;
  series.time_s = Float64Array.from(time);
  series.cycleIndex = cycle ? Int32Array.from(cycle) : null;
  series.impedance = {
    frequency_Hz: Float64Array.from(frequency),
    zReal_Ohm: Float64Array.from(frequency, (f) => 10 + 100 / (1 + f / 1000)),
    zImag_Ohm: Float64Array.from(frequency, (f) => -50 / (1 + Math.abs(Math.log10(f / 1000)))),
  };
  return series;
}

describe('spectra from a series', () => {
  it('cuts a file with a sweep every 30 minutes at each frequency jump back up, each with its start time', () => {
    // Prepare: three sweeps 1 MHz → 1 Hz, 30 min apart, no cycle column
    const sweep = [1e6, 1e5, 1e4, 1e3, 1e2, 10, 1];
    const frequency = [...sweep, ...sweep, ...sweep];
    const time = frequency.map((_, i) => Math.floor(i / sweep.length) * 1800 + (i % sweep.length) * 5);
    // Act
    const spectra = splitSpectra(seriesOf(frequency, time));
    // Assess
    expect(spectra.map((spectrum) => spectrum.time_s)).toEqual([0, 1800, 3600]);
    expect(spectra.map((spectrum) => spectrum.frequency_Hz.length)).toEqual([7, 7, 7]);
    expect(spectra[1]!.label).toBe('plating.mpt #2');
  });

  it('cuts where the cycle column changes even when the sweeps do not restart high', () => {
    const spectra = splitSpectra(
      seriesOf([100, 10, 1, 0.5, 0.2, 0.1], [0, 1, 2, 3, 4, 5], [1, 1, 1, 2, 2, 2]),
    );
    expect(spectra.map((spectrum) => spectrum.frequency_Hz.length)).toEqual([3, 3]);
    expect(spectra[1]!.time_s).toBe(3);
  });

  it('sorts unsorted frequencies and merges duplicates with one issue', () => {
    const spectrum = makeSpectrum({
      label: 'eis.csv',
      time_s: 0,
      frequency_Hz: [10, 1000, 100, 100, 1],
      zReal_Ohm: [3, 1, 2, 4, 5],
      zImag_Ohm: [-3, -1, -2, -4, -5],
    });
    expect(Array.from(spectrum.frequency_Hz)).toEqual([1000, 100, 10, 1]);
    expect(Array.from(spectrum.zReal_Ohm)).toEqual([1, 3, 3, 5]);
    expect(spectrum.issues).toEqual([
      expect.objectContaining({ code: 'unsorted_frequencies', message: message.unsortedFrequencies(1) }),
    ]);
  });

  it('refuses NaN impedance, naming the row and column', () => {
    const make = () =>
      makeSpectrum({
        label: 'eis.csv',
        time_s: 0,
        frequency_Hz: [10, 1],
        zReal_Ohm: [1, Number.NaN],
        zImag_Ohm: [-1, -1],
      });
    expect(make).toThrow(SpectrumError);
    expect(make).toThrow(message.spectrumNotANumber('eis.csv', 1, 'zReal_Ohm'));
  });

  it('warns when every Z″ is positive', () => {
    const spectrum = makeSpectrum({
      label: 'eis.csv',
      time_s: 0,
      frequency_Hz: [10, 1],
      zReal_Ohm: [1, 2],
      zImag_Ohm: [1, 3],
    });
    expect(spectrum.issues).toEqual([
      expect.objectContaining({
        code: 'sign_convention',
        severity: 'warning',
        message: message.spectrumAllInductive('eis.csv'),
      }),
    ]);
  });
});
