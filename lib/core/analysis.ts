/**
 * `analysis.json`: what the analyse stage hands the render stage (DESIGN §1). It is the results
 * (report.json) plus the curves the figures draw, already reduced for drawing (min/max-preserving
 * downsampling to a few thousand points per curve; the analysis itself always uses every row).
 */
import type { SoftShortCurves } from './job/pressure.ts';
import type { Results } from './results.ts';

export const ANALYSIS_VERSION = 1;

/** A drawn line: x and y of equal length. */
export interface Curve {
  x: number[];
  y: number[];
}

/** Voltage vs capacity of one half cycle (plating/stripping, charge/discharge), vs Li+/Li. */
export interface VoltageProfile {
  cycle: number;
  half: 'charge' | 'discharge';
  /** Capacity passed since the half cycle began, mAh (x), and voltage vs Li+/Li, V (y). */
  capacity_mAh: number[];
  voltage_V: number[];
}

export interface DifferentialCurve {
  cycle: number;
  half: 'charge' | 'discharge';
  capacity_mAh: number[];
  /** dV/dQ, V/mAh, smoothed as documented in lib/core/cycling/differential.ts. */
  dVdQ_V_per_mAh: number[];
}

export interface SpectrumCurves {
  label: string;
  file: string;
  /** Measured points. */
  frequency_Hz: number[];
  zReal_Ohm: number[];
  zImag_Ohm: number[];
  /** Fitted model on a dense log-frequency grid, when a fit succeeded. */
  fit: { frequency_Hz: number[]; zReal_Ohm: number[]; zImag_Ohm: number[] } | null;
  /** Distribution of relaxation times, when computed. */
  drt: { tau_s: number[]; gamma_Ohm: number[] } | null;
}

export interface CellCurves {
  cell: string;
  /** Voltage vs time over the whole cycling record, vs Li+/Li: time in hours. */
  voltageTime: { time_h: number[]; voltage_V: number[] } | null;
  profiles: VoltageProfile[];
  differential: DifferentialCurve[];
  /** First plating on Cu (nucleation dip): time since plating began (s) and voltage vs Li+/Li. */
  nucleation: {
    time_s: number[];
    voltage_V: number[];
    dipTime_s: number;
    dipVoltage_V: number;
    plateauVoltage_V: number;
  } | null;
  /** OCV after plating: hours since the rest began, voltage vs Li+/Li. */
  ocv: { time_h: number[]; voltage_V: number[]; driftOnset_h: number | null } | null;
  /** Stack pressure change with voltage on one time base (hours). */
  pressure: { time_h: number[]; voltage_V: number[]; pressureChange_MPa: number[] } | null;
  lsv: { potential_V: number[]; currentDensity_mA_cm2: number[]; onsetPotential_V: number | null } | null;
  spectra: SpectrumCurves[];
  /** V and ΔP vs time with stage windows to shade, and dV/dQ of the charges around the first short; null when none. */
  softShort: SoftShortCurves | null;
}

export interface Analysis {
  version: typeof ANALYSIS_VERSION;
  results: Results;
  curves: CellCurves[];
  /** Settings the analysis used (thresholds, smoothing windows), shown in the report's appendix. */
  settings: Record<string, string | number | boolean | null>;
}
