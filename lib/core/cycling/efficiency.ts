/**
 * Coulombic efficiency and what follows from it: ICE, the average CE of the later cycles, the
 * projected cycle life of an anode-free cell, capacity retention (DESIGN §3.2, §4).
 */
import { message } from '../messages.ts';
import type { CellType, CycleResult } from './cycles.ts';

/** Which ratio a CE is: the Li returned over the Li sent, by cell type. */
export type CeConvention = 'charge/discharge' | 'discharge/charge';

/**
 * Li returned / Li sent. A half cell (Cu working electrode) sends Li by plating (discharge) and
 * returns it by stripping (charge): CE = Q_charge / Q_discharge. A full cell sends Li from the
 * cathode on charge and gets it back on discharge: CE = Q_discharge / Q_charge. A symmetric
 * cell returns on its second half of each pair, which `cycles.ts` stores as the returning half.
 */
export function ceConvention(type: CellType): CeConvention {
  return type === 'full' ? 'discharge/charge' : 'charge/discharge';
}

/** CE of one cycle (fraction, 0–1 for a losing cell); null when either capacity is missing or zero. */
export function coulombicEfficiency(
  type: CellType,
  charge_mAh: number | null,
  discharge_mAh: number | null,
): number | null {
  if (charge_mAh === null || discharge_mAh === null) return null;
  const [returned, sent] = type === 'full' ? [discharge_mAh, charge_mAh] : [charge_mAh, discharge_mAh];
  return sent > 0 ? returned / sent : null;
}

/**
 * Cycles until 80 % of the first cycle's capacity remains when every cycle keeps a fraction CE
 * of the Li of the one before (anode-free, no Li reservoir): CE^n = 0.8 ⇒ n = ln 0.8 / ln CE.
 * Null when CE ≥ 1 (no loss to project) or CE ≤ 0.
 */
export function projectedCyclesTo80(averageCoulombicEfficiency: number): number | null {
  if (!(averageCoulombicEfficiency < 1) || !(averageCoulombicEfficiency > 0)) return null;
  return Math.log(0.8) / Math.log(averageCoulombicEfficiency);
}

export interface EfficiencySummary {
  /** CE of cycle 1; null when cycle 1 is missing or incomplete. */
  initialCoulombicEfficiency: number | null;
  /** Mean CE of the complete cycles after the first. */
  averageCoulombicEfficiency: number | null;
  /** How many cycles the average covers. */
  averagedCycles: number;
  projectedCyclesTo80: number | null;
  /** Returned capacity of the last complete cycle over that of the first complete cycle. */
  capacityRetention: number | null;
  /** The cycle `capacityRetention` refers to. */
  capacityRetentionCycle: number | null;
  warnings: string[];
}

/** Summarises per-cycle CEs; every value it cannot compute is null with a warning saying why. */
export function summariseEfficiency(type: CellType, cycles: readonly CycleResult[]): EfficiencySummary {
  const warnings: string[] = [];
  const first = cycles.find((cycle) => cycle.index === 1) ?? null;
  const initialCoulombicEfficiency = first?.coulombicEfficiency ?? null;
  if (initialCoulombicEfficiency === null) {
    warnings.push(message.initialCeUnavailable(first === null ? 'no first cycle' : 'cycle 1 is incomplete'));
  }

  const later = cycles.filter(
    (cycle) => cycle.index > 1 && cycle.complete && cycle.coulombicEfficiency !== null,
  );
  const averageCoulombicEfficiency = later.length
    ? later.reduce((sum, cycle) => sum + cycle.coulombicEfficiency!, 0) / later.length
    : null;
  if (averageCoulombicEfficiency === null) warnings.push(message.averageCeUnavailable());

  let projected: number | null = null;
  if (averageCoulombicEfficiency !== null) {
    projected = projectedCyclesTo80(averageCoulombicEfficiency);
    if (projected === null) warnings.push(message.projectedCyclesUnavailable(averageCoulombicEfficiency));
  }

  const returned = (cycle: CycleResult): number | null =>
    type === 'full' ? cycle.dischargeCapacity_mAh : cycle.chargeCapacity_mAh;
  const complete = cycles.filter((cycle) => cycle.complete && (returned(cycle) ?? 0) > 0);
  const firstComplete = complete[0];
  const lastComplete = complete[complete.length - 1];
  let capacityRetention: number | null = null;
  let capacityRetentionCycle: number | null = null;
  if (firstComplete !== undefined && lastComplete !== undefined && lastComplete !== firstComplete) {
    capacityRetention = returned(lastComplete)! / returned(firstComplete)!;
    capacityRetentionCycle = lastComplete.index;
  } else {
    warnings.push(message.retentionUnavailable());
  }

  return {
    initialCoulombicEfficiency,
    averageCoulombicEfficiency,
    averagedCycles: later.length,
    projectedCyclesTo80: projected,
    capacityRetention,
    capacityRetentionCycle,
    warnings,
  };
}
