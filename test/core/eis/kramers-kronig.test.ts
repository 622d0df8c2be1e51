import { describe, expect, it } from 'vitest';
import { kramersKronigTest } from '../../../lib/core/eis/kramers-kronig.ts';
import {
  generateDriftingSpectrum,
  generateSpectrum,
  logFrequencies,
  twoArcBlockingTail,
  twoArcWarburg,
} from '../../generators/eis.ts';

const frequencies = logFrequencies(1e6, 0.1, 60);

describe('linear Kramers–Kronig test', () => {
  it.each([
    ['two arcs and a Warburg tail', twoArcWarburg],
    ['two arcs and a blocking tail', twoArcBlockingTail],
  ])('passes a valid spectrum with %s (0.2 % noise)', (_, model) => {
    const spectrum = generateSpectrum({ ...model, frequency_Hz: frequencies, noise: 0.002, seed: 2 });
    const result = kramersKronigTest(spectrum);
    expect(result.pass).toBe(true);
    expect(result.maxResidual).toBeLessThan(0.01);
    expect(result.mu).toBeLessThan(0.85);
  });

  it('adds the series capacitance a blocking tail needs, which the RC sum alone cannot follow', () => {
    const spectrum = generateSpectrum({ ...twoArcBlockingTail, frequency_Hz: frequencies });
    const withCapacitance = kramersKronigTest(spectrum);
    const without = kramersKronigTest(spectrum, { includeCapacitance: false });
    expect(withCapacitance.includesCapacitance).toBe(true);
    expect(withCapacitance.maxResidual).toBeLessThan(without.maxResidual);
  });

  it('fails a spectrum whose charge-transfer resistance drifts by 30 % during the sweep', () => {
    const spectrum = generateDriftingSpectrum({
      ...twoArcWarburg,
      frequency_Hz: frequencies,
      driftingParameter: 'R2',
      drift: 0.3,
    });
    const result = kramersKronigTest(spectrum);
    expect(result.pass).toBe(false);
    expect(result.maxResidual).toBeGreaterThan(0.01);
  });
});
