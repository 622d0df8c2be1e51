import { describe, expect, it } from 'vitest';
import { analyzeLsv } from '../../../lib/core/cycling/lsv.ts';
import { message } from '../../../lib/core/messages.ts';
import { AREA_CM2, LI_IN_OFFSET_V, lsvExperiment } from '../../generators/lbhi-model.ts';

describe('linear sweep voltammetry', () => {
  it('finds the onset potential at the threshold current density within 5 mV', () => {
    const { series, truth } = lsvExperiment(0.01);
    const result = analyzeLsv(series, AREA_CM2, LI_IN_OFFSET_V, 0.01);
    expect(Math.abs(result.onsetPotential_V! - truth.onsetPotential_V)).toBeLessThan(0.005);
    expect(result.potential_V[0]).toBeCloseTo(2.0, 6);
    expect(result.currentDensity_mA_cm2[600]! / (1e-3 * Math.exp((2.6 - 2.5) / 0.05))).toBeCloseTo(1, 1);
  });

  it('a threshold never reached gives a null onset and a warning', () => {
    const { series } = lsvExperiment();
    const result = analyzeLsv(series, AREA_CM2, LI_IN_OFFSET_V, 100);
    expect(result.onsetPotential_V).toBeNull();
    expect(result.warnings).toEqual([message.lsvOnsetNotReached(100)]);
  });
});
