/**
 * Results `report.json` (v1, DESIGN §3.2): written beside report.pdf, returned by the API,
 * printed by the CLI. Units are in the key names; fractions are 0–1. A value that cannot be
 * computed is `null` with a line in the cell's `warnings` saying why.
 */

import type { DataIssue } from './issues.ts';
import type { CellType } from './manifest.ts';

export const RESULTS_VERSION = 1;

export interface CycleResult {
  index: number;
  chargeCapacity_mAh: number | null;
  dischargeCapacity_mAh: number | null;
  coulombicEfficiency: number | null;
  chargeSpecificCapacity_mAh_g: number | null;
  dischargeSpecificCapacity_mAh_g: number | null;
  /** Whether the cycle's steps ended on their voltage cut-off. */
  complete: boolean;
  chargeCapacityDensity_mAh_cm2: number | null;
  dischargeCapacityDensity_mAh_cm2: number | null;
  chargeEnergy_mWh: number | null;
  dischargeEnergy_mWh: number | null;
  energyEfficiency: number | null;
  meanChargeVoltage_V: number | null;
  meanDischargeVoltage_V: number | null;
}

export interface FileResult {
  path: string;
  kind: string;
  format: string;
  formatVersion: string | null;
  instrument: string | null;
  rows: number;
  sha256: string;
  bytes: number;
  startTime: string | null;
  timeSpan_s: number | null;
  issues: DataIssue[];
}

export interface CellResult {
  id: string;
  group: string;
  type: CellType;
  temperatureC: number;
  areaCm2: number;
  activeMassMg: number | null;
  /** Which ratio CE is: `stripping/plating` (half) or `discharge/charge` (full). */
  coulombicEfficiencyConvention: string;
  cycles: CycleResult[];
  initialCoulombicEfficiency: number | null;
  averageCoulombicEfficiency: number | null;
  projectedCyclesTo80: number | null;
  capacityRetention: number | null;
  nucleationOverpotential_V: number | null;
  ocv: { driftOnset_h: number | null } | null;
  pressure: { voltageCorrelation: number | null; maxChange_MPa: number | null } | null;
  softShorts: { cycle: number; time_s: number; stage: string; evidence: string }[];
  eis: unknown[];
  files: FileResult[];
  warnings: string[];
}

export interface ComparisonEntry {
  metric: string;
  temperatureC: number;
  type: CellType;
  baseline: { cell: string; value: number | null; spread?: MetricSpread | null };
  others: {
    cell: string;
    group: string;
    value: number | null;
    delta: number | null;
    spread?: MetricSpread | null;
  }[];
}

/** Replicate statistics of a metric over cells of one group, type and temperature. */
export interface MetricSpread {
  n: number;
  mean: number;
  standardDeviation: number | null;
  cells: string[];
}

export interface Results {
  version: typeof RESULTS_VERSION;
  jobId: string;
  title: string;
  generatedBy: { name: 'cellreport'; version: string };
  cells: CellResult[];
  comparison: ComparisonEntry[];
}
