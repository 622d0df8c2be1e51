import { describe, expect, it } from 'vitest';
import { circuitImpedance, parseCircuit } from '../../../lib/core/eis/circuit/index.ts';
import { FitOptionsError, SpectrumError } from '../../../lib/core/eis/errors.ts';
import { fitCircuit, studentT975 } from '../../../lib/core/eis/fit.ts';
import { makeSpectrum, type Spectrum } from '../../../lib/core/eis/spectrum.ts';
import { impedanceCsvReader } from '../../../lib/core/readers/impedance-text/index.ts';
import { generateSpectrum, logFrequencies, twoArcBlockingTail, twoArcWarburg } from '../../generators/eis.ts';
import { describeRealData, realDataSource } from '../../support/real-data.ts';

const NOISE = 0.005;
const frequencies = logFrequencies(1e6, 0.1, 60);

describe('equivalent-circuit fits of generated spectra (0.5 % complex noise, own initial guesses)', () => {
  it.each([
    ['two arcs and a Warburg tail', 1, twoArcWarburg],
    ['two arcs and a Warburg tail', 2, twoArcWarburg],
    ['two arcs and a blocking CPE tail', 1, twoArcBlockingTail],
    ['two arcs and a blocking CPE tail', 3, twoArcBlockingTail],
  ])('%s (seed %d): every parameter within 3σ of the truth, χ² at the noise level', (_, seed, model) => {
    // Prepare
    const spectrum = generateSpectrum({ ...model, frequency_Hz: frequencies, noise: NOISE, seed });
    // Act
    const fit = fitCircuit(spectrum, model.circuit);
    // Assess
    for (const estimate of fit.estimates) {
      const truth = (model.parameters as Record<string, number>)[estimate.name]!;
      expect(estimate.standardError, estimate.name).not.toBeNull();
      expect(Math.abs(estimate.value - truth) / estimate.standardError!, estimate.name).toBeLessThan(3);
    }
    expect(fit.reducedChiSquare / NOISE ** 2).toBeGreaterThan(0.7);
    expect(fit.reducedChiSquare / NOISE ** 2).toBeLessThan(1.3);
    expect(fit.relativeResidualRms).toBeLessThan(2 * NOISE);
  });

  it('gives honest standard errors: over 20 noisy copies the errors divided by σ have unit RMS', () => {
    const normalised: number[] = [];
    for (let seed = 101; seed <= 120; seed++) {
      const spectrum = generateSpectrum({
        ...twoArcBlockingTail,
        frequency_Hz: frequencies,
        noise: NOISE,
        seed,
      });
      const fit = fitCircuit(spectrum, twoArcBlockingTail.circuit);
      for (const estimate of fit.estimates) {
        const truth = (twoArcBlockingTail.parameters as Record<string, number>)[estimate.name]!;
        normalised.push((estimate.value - truth) / estimate.standardError!);
      }
    }
    const rms = Math.sqrt(normalised.reduce((sum, z) => sum + z * z, 0) / normalised.length);
    expect(rms).toBeGreaterThan(0.8);
    expect(rms).toBeLessThan(1.25);
  });

  it('reports each R‖CPE with its characteristic frequency, Brug capacitance and window label', () => {
    // Prepare: f = 1/(2π (RQ)^{1/n})
    const spectrum = generateSpectrum({ ...twoArcWarburg, frequency_Hz: frequencies, noise: NOISE, seed: 4 });
    const p = twoArcWarburg.parameters;
    const f1 = 1 / (2 * Math.PI * (p.R1 * p.CPE1_0) ** (1 / p.CPE1_1));
    const f2 = 1 / (2 * Math.PI * (p.R2 * p.CPE2_0) ** (1 / p.CPE2_1));
    const c1 = p.CPE1_0 ** (1 / p.CPE1_1) * (1 / p.R0 + 1 / p.R1) ** ((p.CPE1_1 - 1) / p.CPE1_1);
    // Act
    const fit = fitCircuit(spectrum, twoArcWarburg.circuit);
    // Assess
    const [bulk, transfer] = fit.arcs;
    expect(bulk!.element).toBe('p(R1,CPE1)');
    expect(bulk!.label).toBe('bulk');
    expect(transfer!.label).toBe('charge transfer');
    expect(Math.abs(bulk!.characteristicFrequency_Hz - f1)).toBeLessThan(
      3 * bulk!.characteristicFrequencyError_Hz!,
    );
    expect(Math.abs(transfer!.characteristicFrequency_Hz - f2)).toBeLessThan(
      3 * transfer!.characteristicFrequencyError_Hz!,
    );
    expect(Math.abs(bulk!.capacitance_F - c1)).toBeLessThan(3 * bulk!.capacitanceError_F!);
  });

  it('gives the arcs in circuit order from fast to slow whatever start won', () => {
    const spectrum = generateSpectrum({
      ...twoArcBlockingTail,
      frequency_Hz: frequencies,
      noise: NOISE,
      seed: 7,
    });
    const fit = fitCircuit(spectrum, twoArcBlockingTail.circuit, { starts: 10, seed: 99 });
    expect(fit.arcs[0]!.characteristicFrequency_Hz).toBeGreaterThan(fit.arcs[1]!.characteristicFrequency_Hz);
    expect(fit.parameters['R1']).toBeCloseTo(85, -1);
  });

  it('holds fixed parameters and leaves them out of the statistics', () => {
    const spectrum = generateSpectrum({ ...twoArcWarburg, frequency_Hz: frequencies, noise: NOISE, seed: 5 });
    const fit = fitCircuit(spectrum, twoArcWarburg.circuit, { fixed: { R0: 12, CPE2_1: 0.8 } });
    expect(fit.parameters['R0']).toBe(12);
    expect(fit.parameters['CPE2_1']).toBe(0.8);
    expect(fit.standardErrors['R0']).toBeNull();
    expect(fit.correlationNames).not.toContain('R0');
    expect(fit.degreesOfFreedom).toBe(120 - 6);
  });

  it('keeps parameters inside bounds from the caller', () => {
    const spectrum = generateSpectrum({ ...twoArcWarburg, frequency_Hz: frequencies, noise: NOISE, seed: 6 });
    const fit = fitCircuit(spectrum, twoArcWarburg.circuit, { bounds: { CPE1_1: [0.5, 0.85] } });
    expect(fit.parameters['CPE1_1']).toBeLessThanOrEqual(0.85);
  });

  it('uses Student-t 95 % intervals', () => {
    expect(studentT975(10)).toBeCloseTo(2.228, 2);
    expect(studentT975(100)).toBeCloseTo(1.984, 3);
  });
});

describe('fits that must refuse', () => {
  it('refuses a spectrum with fewer values than free parameters', () => {
    const spectrum = generateSpectrum({ ...twoArcWarburg, frequency_Hz: logFrequencies(1e5, 1, 4) });
    expect(() => fitCircuit(spectrum, twoArcWarburg.circuit)).toThrow(SpectrumError);
  });

  it('refuses options naming a parameter the circuit does not have', () => {
    const spectrum = generateSpectrum({ ...twoArcWarburg, frequency_Hz: frequencies });
    expect(() => fitCircuit(spectrum, twoArcWarburg.circuit, { fixed: { R9: 1 } })).toThrow(FitOptionsError);
    expect(() => fitCircuit(spectrum, twoArcWarburg.circuit, { bounds: { R1: [5, 1] } })).toThrow(
      FitOptionsError,
    );
  });
});

describeRealData('impedance.py tutorial spectrum (exampleData.csv)', () => {
  // impedance.py docs (getting-started.rst): R0-p(R1,C1)-p(R2-Wo1,C2) fitted to the points with
  // Z'' < 0 gives R0 1.65e-2, R1 8.68e-3, C1 3.32, R2 5.39e-3, Wo1 6.31e-2 / 2.33e2, C2 2.20e-1.
  const circuit = 'R0-p(R1,C1)-p(R2-Wo1,C2)';
  const documented = [1.65e-2, 8.68e-3, 3.32, 5.39e-3, 6.31e-2, 2.33e2, 2.2e-1];

  async function tutorialSpectrum(): Promise<Spectrum> {
    const series = await impedanceCsvReader.read(await realDataSource('impedance.py/exampleData.csv'), {});
    const { frequency_Hz, zReal_Ohm, zImag_Ohm } = series.impedance!;
    const keep = Array.from(zImag_Ohm, (value, i) => (value < 0 ? i : -1)).filter((i) => i >= 0);
    return makeSpectrum({
      label: 'exampleData.csv',
      time_s: 0,
      frequency_Hz: keep.map((i) => frequency_Hz[i]!),
      zReal_Ohm: keep.map((i) => zReal_Ohm[i]!),
      zImag_Ohm: keep.map((i) => zImag_Ohm[i]!),
    });
  }

  function chiSquareAt(spectrum: Spectrum, params: number[], weighting: 'unit' | 'modulus'): number {
    const model = circuitImpedance(parseCircuit(circuit), params, spectrum.frequency_Hz);
    let sum = 0;
    for (let i = 0; i < spectrum.frequency_Hz.length; i++) {
      const w2 = weighting === 'unit' ? 1 : 1 / (spectrum.zReal_Ohm[i]! ** 2 + spectrum.zImag_Ohm[i]! ** 2);
      sum +=
        w2 *
        ((model.zReal_Ohm[i]! - spectrum.zReal_Ohm[i]!) ** 2 +
          (model.zImag_Ohm[i]! - spectrum.zImag_Ohm[i]!) ** 2);
    }
    return sum;
  }

  it.each(['unit', 'modulus'] as const)(
    'our %s-weighted fit reaches at least the documented optimum',
    async (weighting) => {
      const spectrum = await tutorialSpectrum();
      expect(spectrum.frequency_Hz.length).toBe(57);
      const fit = fitCircuit(spectrum, circuit, { weighting });
      expect(fit.chiSquare).toBeLessThanOrEqual(chiSquareAt(spectrum, documented, weighting));
      expect(fit.parameters['R0']).toBeCloseTo(0.0165, 3);
    },
  );
});
