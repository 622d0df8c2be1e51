import { describe, expect, it } from 'vitest';
import { analyzeCycling } from '../../../lib/core/cycling/analyze-cycling.ts';
import {
  differentialCurves,
  savitzkyGolay,
  voltageProfiles,
} from '../../../lib/core/cycling/differential.ts';
import {
  AREA_CM2,
  fullCellExperiment,
  halfCellExperiment,
  LI_IN_OFFSET_V,
  NCA_MASS_MG,
} from '../../generators/lbhi-model.ts';

describe('voltage profiles and differential curves', () => {
  it('Savitzky–Golay keeps a parabola exactly and differentiates it exactly', () => {
    const values = Float64Array.from({ length: 50 }, (_, x) => 0.5 * x * x - 3 * x + 2);
    const smoothed = savitzkyGolay(values, 5, 0);
    const slope = savitzkyGolay(values, 5, 1);
    expect(smoothed[20]).toBeCloseTo(values[20]!, 9);
    expect(slope[20]).toBeCloseTo(20 - 3, 9);
  });

  it('V(Q) of each half ends at the half capacity, with voltages vs Li+/Li', () => {
    const { series } = halfCellExperiment('LBHI', { cycles: 1 });
    const analysis = analyzeCycling(series, {
      type: 'half',
      areaCm2: AREA_CM2,
      activeMassMg: null,
      referenceOffset_V: LI_IN_OFFSET_V,
    });
    const halves = analysis.cycles.halves.map((half) => ({ cycle: 1, half }));
    const [plating, stripping] = voltageProfiles(series, halves, LI_IN_OFFSET_V);
    expect(plating!.capacity_mAh.at(-1)! / analysis.cycles.halves[0]!.capacity_mAh).toBeCloseTo(1, 3);
    expect(stripping!.voltage_V.at(-1)!).toBeCloseTo(1.0, 2);
  });

  it('dV/dQ stays finite and ≈ 0 on the flat Li stripping plateau and peaks at the end of stripping', () => {
    const { series } = halfCellExperiment('LBHI', { cycles: 1 });
    const analysis = analyzeCycling(series, {
      type: 'half',
      areaCm2: AREA_CM2,
      activeMassMg: null,
      referenceOffset_V: LI_IN_OFFSET_V,
    });
    const stripping = analysis.cycles.halves[1]!;
    const [profile] = voltageProfiles(series, [{ cycle: 1, half: stripping }], LI_IN_OFFSET_V);
    const curves = differentialCurves(profile!)!;
    const plateauSlope = curves.dVdQ_V_per_mAh.subarray(100, 800);
    expect(plateauSlope.every((value) => Number.isFinite(value) && Math.abs(value) < 1)).toBe(true);
    expect(curves.dVdQ_V_per_mAh.at(-1)!).toBeGreaterThan(100);
    // dQ/dV peaks at the plateau voltage (0.02 V vs Li+/Li), holding most of the capacity
    const peak = curves.dQdV_mAh_per_V.indexOf(Math.max(...curves.dQdV_mAh_per_V));
    expect(Math.abs(curves.potential_V[peak]! - 0.02)).toBeLessThan(0.01);
  });

  it('dV/dQ of an NCA charge matches the derivative of the model curve within 5 %', () => {
    const { series, truth } = fullCellExperiment('LBHI', 25, { cycles: 1 });
    const analysis = analyzeCycling(series, {
      type: 'full',
      areaCm2: AREA_CM2,
      activeMassMg: NCA_MASS_MG,
      referenceOffset_V: 0,
    });
    const [profile] = voltageProfiles(series, [{ cycle: 1, half: analysis.cycles.halves[0]! }], 0);
    const curves = differentialCurves(profile!)!;
    // model: V = 3.55 + 0.65 x^1.6, x = Q / Qc ⇒ dV/dQ = 0.65 · 1.6 x^0.6 / Qc
    const charge_mAh = truth.cycles[0]!.charge_mAh;
    for (const index of [300, 500, 800]) {
      const x = curves.capacity_mAh[index]! / charge_mAh;
      const expected = (0.65 * 1.6 * x ** 0.6) / charge_mAh;
      expect(Math.abs(curves.dVdQ_V_per_mAh[index]! / expected - 1)).toBeLessThan(0.05);
    }
  });
});
