import { describe, expect, it } from 'vitest';
import { analyzeCycling } from '../../../lib/core/cycling/analyze-cycling.ts';
import type { CellDescription } from '../../../lib/core/cycling/cycles.ts';
import { message } from '../../../lib/core/messages.ts';
import {
  AREA_CM2,
  fullCellExperiment,
  halfCellCe,
  halfCellExperiment,
  LI_IN_OFFSET_V,
  NCA_MASS_MG,
} from '../../generators/lbhi-model.ts';

const halfCell: CellDescription = {
  type: 'half',
  areaCm2: AREA_CM2,
  activeMassMg: null,
  referenceOffset_V: LI_IN_OFFSET_V,
};
const fullCell: CellDescription = {
  type: 'full',
  areaCm2: AREA_CM2,
  activeMassMg: NCA_MASS_MG,
  referenceOffset_V: 0,
};

describe('half cells Cu|SE|Li-In (plate 4 h, strip to 1.0 V vs Li+/Li)', () => {
  for (const group of ['LPSCl', 'LBHI'] as const) {
    it(`${group}: every cycle's CE is recovered within 0.5 points and capacities within 1 %`, () => {
      // Prepare
      const { series, truth } = halfCellExperiment(group, { cycles: 4 });
      // Act
      const analysis = analyzeCycling(series, halfCell);
      // Assess
      expect(analysis.cycles.cycles).toHaveLength(4);
      for (const [position, cycle] of analysis.cycles.cycles.entries()) {
        const expected = truth.cycles[position]!;
        expect(cycle.index).toBe(expected.index);
        expect(cycle.complete).toBe(true);
        expect(Math.abs(cycle.coulombicEfficiency! - expected.ce!)).toBeLessThan(0.005);
        expect(cycle.dischargeCapacity_mAh! / expected.plating_mAh).toBeCloseTo(1, 2);
        expect(cycle.chargeCapacity_mAh! / expected.stripping_mAh).toBeCloseTo(1, 2);
        expect(cycle.dischargeCapacityDensity_mAh_cm2! / (expected.plating_mAh / AREA_CM2)).toBeCloseTo(1, 2);
        expect(cycle.chargeEndReason).toBe('voltageCutoff');
        expect(cycle.dischargeEndReason).toBe('timeOrCapacityLimit');
      }
      expect(analysis.efficiency.initialCoulombicEfficiency).toBeCloseTo(halfCellCe[group][0]!, 2);
      expect(analysis.cycles.cycles[1]!.coulombicEfficiency).toBeCloseTo(halfCellCe[group][1]!, 2);
      expect(analysis.cycles.chargeCutoff_V).toBeCloseTo(1.0, 2);
    });
  }

  it('reports the paper numbers: ICE 70.3 % vs 94.7 %, second cycle 73.2 % vs 95.5 %', () => {
    const ice = (group: 'LPSCl' | 'LBHI') =>
      analyzeCycling(halfCellExperiment(group).series, halfCell).cycles.cycles.map(
        (cycle) => cycle.coulombicEfficiency,
      );
    expect(ice('LPSCl')[0]).toBeCloseTo(0.703, 2);
    expect(ice('LPSCl')[1]).toBeCloseTo(0.732, 2);
    expect(ice('LBHI')[0]).toBeCloseTo(0.947, 2);
    expect(ice('LBHI')[1]).toBeCloseTo(0.955, 2);
  });

  it('average CE covers the complete cycles after the first and projects cycles to 80 % as ln 0.8 / ln CE', () => {
    const { series, truth } = halfCellExperiment('LBHI', { cycles: 4 });
    const { efficiency } = analyzeCycling(series, halfCell);
    const later = truth.cycles.slice(1).map((cycle) => cycle.ce!);
    const average = later.reduce((sum, ce) => sum + ce, 0) / later.length;
    expect(efficiency.averagedCycles).toBe(3);
    expect(Math.abs(efficiency.averageCoulombicEfficiency! - average)).toBeLessThan(0.005);
    expect(efficiency.projectedCyclesTo80! / (Math.log(0.8) / Math.log(average))).toBeCloseTo(1, 1);
    expect(
      efficiency.capacityRetention! / (truth.cycles[3]!.stripping_mAh / truth.cycles[0]!.stripping_mAh),
    ).toBeCloseTo(1, 2);
  });

  it('a leading rest and an extra stripping step before the first plating still make plating + stripping cycle 1', () => {
    const { series, truth } = halfCellExperiment('LPSCl', { leadingRest_s: 3600, leadingStrip: true });
    const analysis = analyzeCycling(series, halfCell);
    expect(analysis.cycles.cycles.map((cycle) => cycle.index)).toEqual([1, 2, 3]);
    expect(analysis.cycles.cycles[0]!.coulombicEfficiency).toBeCloseTo(truth.cycles[0]!.ce!, 2);
    expect(analysis.cycles.halves).toHaveLength(7);
    expect(analysis.warnings).toContain(
      message.unpairedLeadingHalf(message.halfCycleName('half', 1), analysis.cycles.halves[0]!.capacity_mAh),
    );
  });

  it('a stripping cut by a time limit makes its cycle incomplete, its CE null, and says so', () => {
    const { series } = halfCellExperiment('LBHI', { timeCutCycle: 2, stripCutAfter_s: 2 * 3600 });
    const analysis = analyzeCycling(series, halfCell);
    const [first, second, third] = analysis.cycles.cycles;
    expect(second!.complete).toBe(false);
    expect(second!.coulombicEfficiency).toBeNull();
    expect(second!.chargeEndReason).toBe('timeOrCapacityLimit');
    expect(first!.complete && third!.complete).toBe(true);
    const stripEnd_V = analysis.cycles.details[1]!.charge!.endVoltage_V;
    expect(analysis.warnings).toContain(
      message.halfNotOnCutoff(2, message.halfCycleName('half', 1), stripEnd_V, false),
    );
    expect(analysis.efficiency.averagedCycles).toBe(1);
  });

  it('a stripping still running when the record ends is incomplete too', () => {
    const { series } = halfCellExperiment('LBHI', { cycles: 2, timeCutCycle: 2, stripCutAfter_s: 3600 });
    series.rows -= 11; // drop the final rest: the record stops during the stripping
    const analysis = analyzeCycling(series, halfCell);
    expect(analysis.cycles.cycles[1]!.chargeEndReason).toBe('endOfRecord');
    expect(analysis.cycles.cycles[1]!.coulombicEfficiency).toBeNull();
  });
});

describe('full cells NCA|LPSCl(|LBHI)|Cu, 2.4–4.2 V', () => {
  const iceByTemperature = { LPSCl: [0.664, 0.531, 0.201], LBHI: [0.659, 0.78, 0.805] };
  for (const group of ['LPSCl', 'LBHI'] as const) {
    for (const [position, temperatureC] of ([25, 60, 100] as const).entries()) {
      it(`${group} at ${temperatureC} °C: ICE ${iceByTemperature[group][position]} and every CE within 0.5 points`, () => {
        const { series, truth } = fullCellExperiment(group, temperatureC);
        const analysis = analyzeCycling(series, fullCell);
        expect(analysis.efficiency.initialCoulombicEfficiency).toBeCloseTo(
          iceByTemperature[group][position]!,
          2,
        );
        for (const [index, cycle] of analysis.cycles.cycles.entries()) {
          const expected = truth.cycles[index]!;
          expect(Math.abs(cycle.coulombicEfficiency! - expected.ce!)).toBeLessThan(0.005);
          expect(cycle.chargeCapacity_mAh! / expected.charge_mAh).toBeCloseTo(1, 2);
          expect(cycle.dischargeCapacity_mAh! / expected.discharge_mAh).toBeCloseTo(1, 2);
          expect(
            cycle.dischargeSpecificCapacity_mAh_g! / (expected.discharge_mAh / (NCA_MASS_MG / 1000)),
          ).toBeCloseTo(1, 2);
          expect(cycle.chargeEndReason).toBe('voltageCutoff');
          expect(cycle.dischargeEndReason).toBe('voltageCutoff');
        }
        if (group === 'LBHI') {
          for (const cycle of analysis.cycles.cycles.slice(1))
            expect(cycle.coulombicEfficiency!).toBeGreaterThan(0.9);
        }
      });
    }
  }

  it('a constant-voltage hold after the charge adds its capacity to the charge and ends it on the cut-off', () => {
    const { series, truth } = fullCellExperiment('LBHI', 60, { cvHold_s: 3600 });
    const analysis = analyzeCycling(series, fullCell);
    const kinds = analysis.segmentation.steps.map((step) => step.kind);
    expect(kinds.filter((kind) => kind === 'constantVoltageCharge')).toHaveLength(3);
    for (const [index, cycle] of analysis.cycles.cycles.entries()) {
      expect(cycle.chargeEndReason).toBe('constantVoltage');
      expect(cycle.chargeCapacity_mAh! / truth.cycles[index]!.charge_mAh).toBeCloseTo(1, 2);
      expect(Math.abs(cycle.coulombicEfficiency! - truth.cycles[index]!.ce!)).toBeLessThan(0.005);
    }
  });

  it('energies are ∫|I|·V dt: mean voltages sit inside 2.4–4.2 V and energy efficiency is below CE × V ratio', () => {
    const { series } = fullCellExperiment('LBHI', 25);
    const [first] = analyzeCycling(series, fullCell).cycles.cycles;
    expect(first!.meanChargeVoltage_V!).toBeGreaterThan(3.55);
    expect(first!.meanChargeVoltage_V!).toBeLessThan(4.2);
    expect(first!.chargeEnergy_mWh! / (first!.chargeCapacity_mAh! * first!.meanChargeVoltage_V!)).toBeCloseTo(
      1,
      6,
    );
    expect(first!.energyEfficiency!).toBeCloseTo(first!.dischargeEnergy_mWh! / first!.chargeEnergy_mWh!, 9);
    expect(first!.energyEfficiency!).toBeLessThan(first!.coulombicEfficiency!);
  });
});

describe('the CE convention', () => {
  it('the same data read as a half cell and as a full cell gives reciprocal CEs, and states which it used', () => {
    // Prepare: both directions end on voltage cut-offs; constant capacities
    const capacities = Array.from({ length: 4 }, () => ({ charge_mAh: 0.3, discharge_mAh: 0.27 }));
    const { series } = fullCellExperiment('LBHI', 25, { capacities });
    // Act
    const asFull = analyzeCycling(series, fullCell);
    const asHalf = analyzeCycling(series, { ...fullCell, type: 'half' });
    // Assess
    expect(asFull.cycles.convention).toBe('discharge/charge');
    expect(asHalf.cycles.convention).toBe('charge/discharge');
    const full = asFull.cycles.cycles[0]!.coulombicEfficiency!;
    const half = asHalf.cycles.cycles[0]!.coulombicEfficiency!;
    expect(full).toBeCloseTo(0.9, 3);
    expect(full * half).toBeCloseTo(1, 3);
  });
});

describe('cross-check with the instrument cycle column', () => {
  it('a cycle count that differs from the instrument is a data issue naming both counts', () => {
    const { series } = halfCellExperiment('LBHI', { leadingStrip: true, instrumentColumns: true });
    // Prepare: the instrument starts a new cycle at every stripping (2 … 5; the paired ones span 2 … 5 minus the leading one)
    const cycleIndex = series.cycleIndex!;
    const current = series.current_A!;
    let cycle = 1;
    for (let row = 1; row < series.rows; row++) {
      if (current[row]! > 1e-6 && !(current[row - 1]! > 1e-6)) cycle++;
      cycleIndex[row] = cycle;
    }
    const analysis = analyzeCycling(series, halfCell);
    const issue = analysis.issues.find((found) => found.code === 'cycle_disagreement');
    expect(issue?.message).toBe(message.cycleDisagreement(message.cycleCountDiffers(3, 4, 'half')));
  });
});
