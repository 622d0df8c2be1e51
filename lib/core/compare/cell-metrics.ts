/**
 * The comparison metrics of one cell, taken from its cycling and OCV analyses.
 */
import type { CyclingAnalysis } from '../cycling/analyze-cycling.ts';
import type { OcvStabilityResult } from '../cycling/ocv.ts';
import type { ComparisonMetric } from './replicates.ts';

export function cellMetricsOf(
  cycling: CyclingAnalysis | null,
  ocv: OcvStabilityResult | null,
): Record<ComparisonMetric, number | null> {
  const first = cycling?.cycles.cycles.find((cycle) => cycle.index === 1) ?? null;
  return {
    initialCoulombicEfficiency: cycling?.efficiency.initialCoulombicEfficiency ?? null,
    averageCoulombicEfficiency: cycling?.efficiency.averageCoulombicEfficiency ?? null,
    firstCycleDischargeCapacity_mAh: first?.dischargeCapacity_mAh ?? null,
    firstCycleDischargeSpecificCapacity_mAh_g: first?.dischargeSpecificCapacity_mAh_g ?? null,
    projectedCyclesTo80: cycling?.efficiency.projectedCyclesTo80 ?? null,
    nucleationOverpotential_V: cycling?.nucleation?.overpotential_V ?? null,
    ocvDriftOnset_h: ocv?.driftOnset_h ?? null,
  };
}
