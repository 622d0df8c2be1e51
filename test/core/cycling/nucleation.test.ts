import { describe, expect, it } from 'vitest';
import { analyzeCycling } from '../../../lib/core/cycling/analyze-cycling.ts';
import { nucleationOverpotential } from '../../../lib/core/cycling/nucleation.ts';
import { message } from '../../../lib/core/messages.ts';
import { AREA_CM2, halfCellExperiment, LI_IN_OFFSET_V } from '../../generators/lbhi-model.ts';

const halfCell = {
  type: 'half',
  areaCm2: AREA_CM2,
  activeMassMg: null,
  referenceOffset_V: LI_IN_OFFSET_V,
} as const;

describe('nucleation overpotential of the first plating on Cu', () => {
  for (const group of ['LPSCl', 'LBHI'] as const) {
    it(`${group}: the dip depth below the plateau is recovered within 20 %`, () => {
      const { series, truth } = halfCellExperiment(group);
      const { nucleation } = analyzeCycling(series, halfCell);
      expect(Math.abs(nucleation!.overpotential_V / truth.nucleationOverpotential_V - 1)).toBeLessThan(0.2);
      expect(Math.abs(nucleation!.crossingTime_s - truth.crossingTime_s)).toBeLessThan(60);
    });
  }

  it('is larger with the LBHI interlayer than on bare LPSCl', () => {
    const depth = (group: 'LPSCl' | 'LBHI') =>
      analyzeCycling(halfCellExperiment(group).series, halfCell).nucleation!.overpotential_V;
    expect(depth('LBHI')).toBeGreaterThan(1.5 * depth('LPSCl'));
  });

  it('ignores the decomposition slope and a deeper spike later in the file', () => {
    // Prepare: LPSCl has a 25-minute decomposition slope; add a −0.5 V spike in the second plating
    const { series, truth } = halfCellExperiment('LPSCl', {
      noise: { voltage_V: 0.002, currentRelative: 0.002, restCurrent_A: 2e-9 },
    });
    const analysis = analyzeCycling(series, halfCell);
    const secondPlating = analysis.cycles.details[1]!.discharge!;
    series.voltage_V![secondPlating.firstRow + 200] = -0.5 - LI_IN_OFFSET_V;
    const { result } = nucleationOverpotential(series, analysis.cycles.halves[0]!, LI_IN_OFFSET_V);
    expect(Math.abs(result!.overpotential_V / truth.nucleationOverpotential_V - 1)).toBeLessThan(0.2);
    expect(result!.dipTime_s).toBeGreaterThan(truth.crossingTime_s);
  });

  it('is null with a reason when the voltage never goes below 0 V vs Li+/Li', () => {
    const { series } = halfCellExperiment('LBHI', { cycles: 1 });
    const analysis = analyzeCycling(series, halfCell);
    const { result, warnings } = nucleationOverpotential(
      series,
      analysis.cycles.halves[0]!,
      LI_IN_OFFSET_V + 0.5,
    );
    expect(result).toBeNull();
    const prefix = message.nucleationUnavailable(message.nucleationNoCrossing(0)).split('(lowest')[0]!;
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.startsWith(prefix)).toBe(true);
  });
});
