import { describe, expect, it } from 'vitest';
import { distributionOfRelaxationTimes } from '../../../lib/core/eis/drt.ts';
import { generateSpectrum, logFrequencies } from '../../generators/eis.ts';

describe('distribution of relaxation times', () => {
  it('peaks at the two time constants of a two-RC spectrum with their resistances', () => {
    // Prepare: R0 + R1/(1 + jωτ1) + R2/(1 + jωτ2), τ1 = 0.1 ms, τ2 = 0.1 s
    const spectrum = generateSpectrum({
      circuit: 'R0-K1-K2',
      parameters: { R0: 10, K1_0: 50, K1_1: 1e-4, K2_0: 100, K2_1: 1e-1 },
      frequency_Hz: logFrequencies(1e5, 0.01, 70),
      noise: 0.002,
      seed: 5,
    });
    // Act
    const drt = distributionOfRelaxationTimes(spectrum);
    // Assess
    expect(drt.peaks).toHaveLength(2);
    const [fast, slow] = [...drt.peaks].sort((a, b) => a.tau_s - b.tau_s);
    expect(Math.abs(Math.log10(fast!.tau_s / 1e-4))).toBeLessThan(0.1);
    expect(Math.abs(Math.log10(slow!.tau_s / 1e-1))).toBeLessThan(0.1);
    expect(fast!.resistance_Ohm).toBeGreaterThan(45);
    expect(fast!.resistance_Ohm).toBeLessThan(55);
    expect(slow!.resistance_Ohm).toBeGreaterThan(90);
    expect(slow!.resistance_Ohm).toBeLessThan(110);
    expect(drt.highFrequencyResistance_Ohm).toBeCloseTo(10, 0);
    expect(drt.residualRms).toBeLessThan(0.01);
  });
});
