/**
 * Results `report.json` (v1, DESIGN §3.2): written beside report.pdf, returned by the API,
 * printed by the CLI. Units are in the key names; fractions are 0–1. A value that cannot be
 * computed is `null` with a line in the cell's `warnings` saying why.
 */
import type { ComparisonEntry } from './compare/comparison.ts';
import type { Spread } from './compare/replicates.ts';
import type { CycleResult } from './cycling/cycles.ts';
import type { EisEntry } from './eis/summary.ts';
import type { DataIssue } from './issues.ts';
import type { CellType } from './manifest.ts';
import type { ChargeCorrelation, PressureCycle } from './pressure/index.ts';
import type { SoftShortEntry } from './softshort/index.ts';

export type { ComparisonEntry, CycleResult };
/** Replicate spread of a comparison metric: n and sample standard deviation. */
export type MetricSpread = Spread;

export const RESULTS_VERSION = 1;

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
  /** Which ratio CE is: `charge/discharge` (half: stripping/plating) or `discharge/charge` (full). */
  coulombicEfficiencyConvention: string;
  stackPressureMPa: number | null;
  referenceElectrode: { name: string; offsetV: number };
  cycles: CycleResult[];
  initialCoulombicEfficiency: number | null;
  averageCoulombicEfficiency: number | null;
  projectedCyclesTo80: number | null;
  capacityRetention: number | null;
  nucleationOverpotential_V: number | null;
  ocv: { driftOnset_h: number | null; level_V: number; restDuration_h: number } | null;
  lsv: { onsetPotential_V: number | null; threshold_mA_cm2: number } | null;
  pressure: {
    voltageCorrelation: number | null;
    maxChange_MPa: number | null;
    lag_s: number | null;
    lagCorrelation: number | null;
    chargeCorrelations: ChargeCorrelation[];
    cycles: PressureCycle[];
  } | null;
  softShorts: SoftShortEntry[];
  eis: EisEntry[];
  files: FileResult[];
  warnings: string[];
}

export interface Results {
  version: typeof RESULTS_VERSION;
  jobId: string;
  title: string;
  generatedBy: { name: 'cellreport'; version: string };
  cells: CellResult[];
  comparison: ComparisonEntry[];
}
