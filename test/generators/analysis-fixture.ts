/**
 * A realistic `Analysis` (results + curves) of the LBHI paper's cells (DESIGN §4), built from
 * closed-form curves so the report's tests know every number it must show:
 *
 * - half cells Cu|LPSCl|Li–In and Cu|LBHI|LPSCl|Li–In at 25 °C: ICE 70.3 % vs 94.7 %, second
 *   cycle 73.2 % vs 95.5 %; OCV after plating (LPSCl drifts after 72 h, LBHI stays 60 days);
 *   impedance spectra after plating and after stripping with their fits and DRTs; an LSV each;
 * - full cells NCA|LPSCl|Cu and NCA|LPSCl|LBHI|Cu at 25/60/100 °C (ICE 66.4/53.1/20.1 % vs
 *   65.9/78.0/80.5 %), with a replicate of each at 25 °C (means equal the paper's ICE), ten
 *   cycles each; stack pressure at 60 °C (ΔP rises with the Li plated and follows the voltage
 *   in charge, the Li not returned leaves a residual), and the LBHI 60 °C cell soft-shorts in
 *   cycles 7–10 (stages I–IV within each charge, a 60 mV stage-III fall the pressure follows;
 *   the 10th charge never completes).
 */
import { createHash } from 'node:crypto';
import {
  ANALYSIS_VERSION,
  type Analysis,
  type CellCurves,
  type SpectrumCurves,
} from '../../lib/core/analysis.ts';
import { compareCells } from '../../lib/core/compare/comparison.ts';
import type { CellMetrics } from '../../lib/core/compare/replicates.ts';
import { circuitImpedance, parseCircuit } from '../../lib/core/eis/circuit/index.ts';
import { gaussian, mulberry32 } from '../../lib/core/eis/fit.ts';
import type { EisEntry } from '../../lib/core/eis/summary.ts';
import type { DataIssue } from '../../lib/core/issues.ts';
import type { SoftShortCurves } from '../../lib/core/job/pressure.ts';
import { message } from '../../lib/core/messages.ts';
import {
  type ChargeCorrelation,
  lithiumThickness_um,
  type PressureCycle,
} from '../../lib/core/pressure/index.ts';
import {
  type CellResult,
  type CycleResult,
  type FileResult,
  RESULTS_VERSION,
} from '../../lib/core/results.ts';
import type {
  SoftShortConfidence,
  SoftShortEntry,
  SoftShortEvidence,
  SoftShortStage,
} from '../../lib/core/softshort/index.ts';
import { logFrequencies } from './eis.ts';
import { halfCellCe } from './lbhi-model.ts';

export const FIXTURE_AREA_CM2 = 0.785;
/** NCA mass for C/8 at 0.05 mA/cm² and 180 mAh/g: 0.03925 mA × 8 h / 180 mAh/g. */
export const FIXTURE_ACTIVE_MASS_MG = 1.744;
const CURRENT_mA = 0.05 * FIXTURE_AREA_CM2;
const HALF_PLATING_mAh = CURRENT_mA * 4;
const FULL_FIRST_CHARGE_mAh = 0.36;
/**
 * Samples per half cycle, few so the golden specs stay small; shorted charges are sampled finer
 * so their stages are resolved.
 */
const HALF_CELL_POINTS = 18;
const FULL_CELL_POINTS = 10;
const SHORTED_CHARGE_POINTS = 31;
const FULL_CYCLES = 10;
/** Steps of the OCV, LSV and DRT curves; points of a measured spectrum (4 per decade) and of its fit. */
const CURVE_STEPS = 40;
const SPECTRUM_POINTS = 25;
const FIT_POINTS = 49;

type Group = 'LPSCl' | 'LBHI';

/** The paper's full-cell ICEs by temperature, then the CE of later cycles (model). */
export const fullCellCe: Record<Group, Record<number, { ice: number; later: number }>> = {
  LPSCl: {
    25: { ice: 0.664, later: 0.93 },
    60: { ice: 0.531, later: 0.88 },
    100: { ice: 0.201, later: 0.55 },
  },
  LBHI: {
    25: { ice: 0.659, later: 0.95 },
    60: { ice: 0.78, later: 0.975 },
    100: { ice: 0.805, later: 0.96 },
  },
};

const SOFT_SHORT_CELL = 'nca-lbhi-cu-60';
const SOFT_SHORT_FROM_CYCLE = 7;
/** Stage boundaries I|II, II|III, III|IV within a soft-shorted charge, as fractions of its capacity. */
const STAGE_BOUNDS = [0.35, 0.5, 0.6] as const;
/** Voltage fall over stage III, V. */
const STAGE_III_DROP_V = 0.06;
const SHORTED_CE = 0.9;
/** Where the last, never-completing charge of the shorted cell ends, as a fraction of its capacity. */
const INCOMPLETE_FRACTION = 0.85;
/** Its capacity over the cycle's nominal charge: it passes 0.85 × 1.6 = 1.36 × a healthy charge. */
const NEVER_COMPLETES_EXCESS = 1.6;
/** Full cells at this temperature have a stack-pressure log. */
const PRESSURE_TEMPERATURE_C = 60;
/** Stack-pressure rise over a full first charge (FULL_FIRST_CHARGE_mAh of Li plated), MPa. */
const PRESSURE_RISE_MPa = 0.35;

export const FIXTURE_CREATION_DATE = new Date('2025-03-14T09:30:00Z');

export function lbhiAnalysisFixture(): Analysis {
  const cells: CellResult[] = [];
  const curves: CellCurves[] = [];
  for (const group of ['LPSCl', 'LBHI'] as const) {
    const half = halfCell(group);
    cells.push(half.result);
    curves.push(half.curves);
  }
  for (const temperatureC of [25, 60, 100]) {
    for (const group of ['LPSCl', 'LBHI'] as const) {
      const { ice, later } = fullCellCe[group][temperatureC]!;
      if (temperatureC === 25) {
        // Two replicates whose mean is the paper's ICE.
        for (const [suffix, offset] of [
          ['', -0.005],
          ['-b', 0.005],
        ] as const) {
          const full = fullCell(group, temperatureC, suffix, ice + offset, later + offset / 2);
          cells.push(full.result);
          curves.push(full.curves);
        }
      } else {
        const full = fullCell(group, temperatureC, '', ice, later);
        cells.push(full.result);
        curves.push(full.curves);
      }
    }
  }
  return {
    version: ANALYSIS_VERSION,
    results: {
      version: RESULTS_VERSION,
      jobId: 'lbhi-2025-03',
      title: 'LBHI interlayer vs bare LPSCl',
      generatedBy: { name: 'cellreport', version: '0.1.0' },
      cells,
      comparison: compare(cells),
    },
    curves,
    settings: {
      'cycling.currentThreshold_A': 1e-7,
      'cycling.cutoffTolerance_V': 0.005,
      'differential.smoothingWindow_points': 11,
      'eis.weighting': 'modulus',
      'eis.starts': 6,
      'ocv.driftThreshold_V': 0.05,
      'pressure.alignment': 'wall clock',
    },
  };
}

// ── Half cells ───────────────────────────────────────────────────────────────────────────────

function halfCell(group: Group): { result: CellResult; curves: CellCurves } {
  const id = group === 'LPSCl' ? 'cu-lpscl-liin' : 'cu-lbhi-lpscl-liin';
  const ces = halfCellCe[group];
  const cycles = ces.map((ce, index) =>
    cycleResult(index + 1, ce * HALF_PLATING_mAh, HALF_PLATING_mAh, null, 'half'),
  );
  const profiles = ces.flatMap((ce, index) => [
    { cycle: index + 1, half: 'discharge' as const, ...platingProfile(group, index + 1) },
    { cycle: index + 1, half: 'charge' as const, ...strippingProfile(ce * HALF_PLATING_mAh) },
  ]);
  const spectra = [spectrum(group, 'after 4 h plating', false), spectrum(group, 'after stripping', true)];
  const driftOnset_h = group === 'LPSCl' ? 72 : null;
  const result: CellResult = {
    ...cellSummary(id, group, 'half', 25, null, cycles),
    coulombicEfficiencyConvention: 'charge/discharge',
    nucleationOverpotential_V: group === 'LPSCl' ? 0.025 : 0.06,
    ocv: { driftOnset_h, level_V: 0.002, restDuration_h: group === 'LPSCl' ? 240 : 1440 },
    lsv: { onsetPotential_V: group === 'LPSCl' ? 2.9 : 2.5, threshold_mA_cm2: 0.01 },
    eis: spectra.map((entry) => entry.result),
    files: [
      fileResult(
        `${id}/cycling.mpt`,
        'cycling',
        'biologic-mpt',
        'BioLogic VMP-300',
        4120,
        '2024-11-04T10:12:00Z',
        group === 'LPSCl' ? [decimalCommaIssue(`${id}/cycling.mpt`)] : [],
      ),
      fileResult(
        `${id}/eis-plating-4h.mpt`,
        'eis',
        'biologic-mpt',
        'BioLogic VMP-300',
        SPECTRUM_POINTS,
        '2024-11-04T14:13:00Z',
        [],
      ),
      fileResult(
        `${id}/eis-stripping.mpt`,
        'eis',
        'biologic-mpt',
        'BioLogic VMP-300',
        SPECTRUM_POINTS,
        '2024-11-04T18:40:00Z',
        [],
      ),
      fileResult(`${id}/ocv.mpt`, 'ocv', 'biologic-mpt', 'BioLogic VMP-300', 900, '2024-11-08T09:00:00Z', []),
      fileResult(
        `${id}/lsv.mpt`,
        'lsv',
        'biologic-mpt',
        'BioLogic VMP-300',
        3001,
        '2024-12-02T11:00:00Z',
        [],
      ),
    ],
  };
  return {
    result,
    curves: {
      ...emptyCurves(id),
      profiles,
      ocv: ocvCurve(group, driftOnset_h),
      lsv: lsvCurve(group),
      spectra: spectra.map((entry) => entry.curves),
    },
  };
}

/**
 * Plating on Cu vs Li+/Li over 4 h: in the first cycle LPSCl shows the SE-decomposition slope
 * (0.35 V → 0 V over the first 10 %); both show the nucleation dip (deeper with LBHI), then the
 * plating plateau.
 */
function platingProfile(group: Group, cycle: number): { capacity_mAh: number[]; voltage_V: number[] } {
  const decomposition = group === 'LPSCl' && cycle === 1 ? 0.1 : 0;
  const dip_V = (group === 'LPSCl' ? 0.025 : 0.06) * (cycle === 1 ? 1 : 0.4);
  const plateau_V = group === 'LPSCl' ? -0.015 : -0.02;
  const start_V = decomposition > 0 ? 0 : 0.08;
  const capacity_mAh: number[] = [];
  const voltage_V: number[] = [];
  const slopePoints = decomposition > 0 ? 4 : 0;
  for (let i = 0; i < slopePoints; i++) {
    const s = (decomposition * i) / slopePoints;
    capacity_mAh.push(s * HALF_PLATING_mAh);
    voltage_V.push(0.35 * (1 - s / decomposition));
  }
  const platingPoints = HALF_CELL_POINTS - slopePoints;
  for (let k = 0; k < platingPoints; k++) {
    // Since nucleation began, as a fraction of the plating; dense early to resolve the dip.
    const u = (1 - decomposition) * (k / (platingPoints - 1)) ** 2.5;
    const voltage =
      plateau_V +
      (start_V - plateau_V) * Math.exp(-u / 0.004) -
      dip_V * Math.exp(-(((u - 0.012) / 0.008) ** 2));
    capacity_mAh.push((decomposition + u) * HALF_PLATING_mAh);
    voltage_V.push(voltage);
  }
  return { capacity_mAh, voltage_V };
}

/** Stripping: a flat 20 mV plateau, then the climb to the 1.0 V cut-off as the Li runs out. */
function strippingProfile(stripped_mAh: number): { capacity_mAh: number[]; voltage_V: number[] } {
  const capacity_mAh: number[] = [];
  const voltage_V: number[] = [];
  for (let i = 0; i < HALF_CELL_POINTS; i++) {
    const s = i / (HALF_CELL_POINTS - 1);
    capacity_mAh.push(s * stripped_mAh);
    voltage_V.push(0.02 + 0.98 * s ** 25);
  }
  return { capacity_mAh, voltage_V };
}

function ocvCurve(group: Group, driftOnset_h: number | null): NonNullable<CellCurves['ocv']> {
  const duration_h = group === 'LPSCl' ? 240 : 1440;
  const time_h: number[] = [];
  const voltage_V: number[] = [];
  for (let i = 0; i <= CURVE_STEPS; i++) {
    const time = (duration_h * i) / CURVE_STEPS;
    time_h.push(time);
    const rise =
      driftOnset_h !== null && time > driftOnset_h ? 0.6 * (1 - Math.exp(-(time - driftOnset_h) / 40)) : 0;
    voltage_V.push(0.002 + rise);
  }
  return { time_h, voltage_V, driftOnset_h };
}

/** Oxidation current j = j0 · exp((E − E_on)/b) from 2.0 to 5.0 V; onset where j = 0.01 mA/cm². */
function lsvCurve(group: Group): NonNullable<CellCurves['lsv']> {
  const onsetPotential_V = group === 'LPSCl' ? 2.9 : 2.5;
  const potential_V: number[] = [];
  const currentDensity_mA_cm2: number[] = [];
  for (let i = 0; i <= CURVE_STEPS; i++) {
    const potential = 2 + (3 * i) / CURVE_STEPS;
    potential_V.push(potential);
    currentDensity_mA_cm2.push(0.01 * Math.exp((potential - onsetPotential_V) / 0.35) - 0.0005);
  }
  return { potential_V, currentDensity_mA_cm2, onsetPotential_V };
}

// ── Impedance ────────────────────────────────────────────────────────────────────────────────

interface Arc {
  resistance_Ohm: number;
  peak_Hz: number;
  exponent: number;
}

/** LPSCl: bulk (~150 kHz), SEI (~7 kHz), charge transfer (~50 Hz); LBHI: bulk + LBHI (~100 kHz), charge transfer (~3 kHz). */
const arcsOf: Record<Group, Arc[]> = {
  LPSCl: [
    { resistance_Ohm: 60, peak_Hz: 150e3, exponent: 0.9 },
    { resistance_Ohm: 40, peak_Hz: 7e3, exponent: 0.85 },
    { resistance_Ohm: 120, peak_Hz: 50, exponent: 0.8 },
  ],
  LBHI: [
    { resistance_Ohm: 70, peak_Hz: 100e3, exponent: 0.9 },
    { resistance_Ohm: 30, peak_Hz: 3e3, exponent: 0.85 },
  ],
};

function spectrum(
  group: Group,
  label: string,
  blocking: boolean,
): { result: EisEntry; curves: SpectrumCurves } {
  const arcs = arcsOf[group];
  const parameters: Record<string, number> = { R0: group === 'LPSCl' ? 15 : 18 };
  const characteristicFrequencies_Hz: Record<string, number> = {};
  const elements = ['R0'];
  arcs.forEach((arc, index) => {
    const n = index + 1;
    parameters[`R${n}`] = arc.resistance_Ohm;
    // Peak of an R‖CPE arc: f = 1 / (2π (R·Q)^(1/n)), so Q = (1/(2π f))^n / R.
    parameters[`CPE${n}_0`] = (1 / (2 * Math.PI * arc.peak_Hz)) ** arc.exponent / arc.resistance_Ohm;
    parameters[`CPE${n}_1`] = arc.exponent;
    characteristicFrequencies_Hz[`p(R${n},CPE${n})`] = arc.peak_Hz;
    elements.push(`p(R${n},CPE${n})`);
  });
  if (blocking) {
    const n = arcs.length + 1;
    parameters[`CPE${n}_0`] = 2e-3;
    parameters[`CPE${n}_1`] = 0.9;
    elements.push(`CPE${n}`);
  }
  const circuitText = elements.join('-');
  const circuit = parseCircuit(circuitText);
  const values = circuit.parameterNames.map((name) => parameters[name]!);
  const measuredFrequencies = logFrequencies(1e6, 1, SPECTRUM_POINTS);
  const measured = circuitImpedance(circuit, values, measuredFrequencies);
  const random = mulberry32(group === 'LPSCl' ? 11 : 23);
  for (let i = 0; i < measuredFrequencies.length; i++) {
    const modulus = Math.hypot(measured.zReal_Ohm[i]!, measured.zImag_Ohm[i]!);
    measured.zReal_Ohm[i]! += 0.004 * modulus * gaussian(random);
    measured.zImag_Ohm[i]! += 0.004 * modulus * gaussian(random);
  }
  const fitFrequencies = logFrequencies(1e6, 1, FIT_POINTS);
  const fit = circuitImpedance(circuit, values, fitFrequencies);
  const kramersKronigPass = !(group === 'LPSCl' && blocking);
  const result: EisEntry = {
    label,
    time_s: blocking ? 30000 : 14400,
    points: measuredFrequencies.length,
    frequencyRange_Hz: [1, 1e6],
    circuit: circuitText,
    parameters,
    interval95: null,
    reducedChiSquare: blocking ? 5.2e-6 : 2.3e-6,
    relativeResidualRms: 0.004,
    arcs: [],
    drtPeaks: arcs.map((arc) => ({
      tau_s: 1 / (2 * Math.PI * arc.peak_Hz),
      frequency_Hz: arc.peak_Hz,
      resistance_Ohm: arc.resistance_Ohm,
    })),
    warnings: [],
    standardErrors: Object.fromEntries(
      Object.entries(parameters).map(([name, value], index) => [
        name,
        Number((value * (0.008 + 0.004 * index)).toPrecision(3)),
      ]),
    ),
    chiSquare: blocking ? 4.8e-4 : 2.1e-4,
    characteristicFrequencies_Hz,
    kramersKronig: {
      pass: kramersKronigPass,
      maxResidual: kramersKronigPass ? 0.0041 : 0.0213,
      threshold: 0.01,
    },
  };
  return {
    result,
    curves: {
      label,
      file: `${group === 'LPSCl' ? 'cu-lpscl-liin' : 'cu-lbhi-lpscl-liin'}/eis-${blocking ? 'stripping' : 'plating-4h'}.mpt`,
      frequency_Hz: Array.from(measuredFrequencies),
      zReal_Ohm: Array.from(measured.zReal_Ohm),
      zImag_Ohm: Array.from(measured.zImag_Ohm),
      fit: {
        frequency_Hz: Array.from(fitFrequencies),
        zReal_Ohm: Array.from(fit.zReal_Ohm),
        zImag_Ohm: Array.from(fit.zImag_Ohm),
      },
      drt: drtOf(arcs),
    },
  };
}

/** γ(τ): one Gaussian per arc in log τ (0.2 decades wide) holding the arc's resistance. */
function drtOf(arcs: Arc[]): { tau_s: number[]; gamma_Ohm: number[] } {
  const tau_s: number[] = [];
  const gamma_Ohm: number[] = [];
  const width = 0.2 * Math.LN10;
  for (let i = 0; i <= CURVE_STEPS; i++) {
    const logTau = -7 + (7 * i) / CURVE_STEPS;
    tau_s.push(10 ** logTau);
    let gamma = 0;
    for (const arc of arcs) {
      const centre = Math.log(1 / (2 * Math.PI * arc.peak_Hz));
      const distance = logTau * Math.LN10 - centre;
      gamma +=
        (arc.resistance_Ohm / (width * Math.sqrt(2 * Math.PI))) *
        Math.exp(-(distance ** 2) / (2 * width ** 2));
    }
    gamma_Ohm.push(gamma);
  }
  return { tau_s, gamma_Ohm };
}

// ── Full cells ───────────────────────────────────────────────────────────────────────────────

/** NCA charge vs Li+/Li over the charge fraction s: 3.2 V → 4.2 V. */
function chargeVoltage(s: number): number {
  return 3.45 + 0.55 * s + 0.2 * s ** 6 - 0.25 * (1 - s) ** 10;
}

/** NCA discharge over the discharge fraction s: 4.1 V → 2.4 V. */
function dischargeVoltage(s: number): number {
  return 4.1 - 0.55 * s - 1.15 * s ** 10;
}

/**
 * A soft-shorted charge: stage I normal; II the voltage rises at 35 % of the normal rate
 * (dendrites reach the cathode); III it falls by 60 mV (Li reduces the charged cathode); IV it
 * rises again to the cut-off. A ±4 mV fluctuation rides on stages II–IV.
 */
function softShortVoltage(s: number): number {
  const [b1, b2, b3] = STAGE_BOUNDS;
  const wobble = 0.004 * Math.sin(40 * s);
  const atB1 = chargeVoltage(b1);
  const atB2 = atB1 + 0.35 * (chargeVoltage(b2) - atB1);
  const atB3 = atB2 - STAGE_III_DROP_V;
  if (s < b1) return chargeVoltage(s);
  if (s < b2) return atB1 + 0.35 * (chargeVoltage(s) - atB1) + wobble * (s - b1);
  if (s < b3) return atB2 - (STAGE_III_DROP_V * (s - b2)) / (b3 - b2) + wobble * (b2 - b1);
  const normal = chargeVoltage(s) - chargeVoltage(b3);
  return atB3 + (normal * (4.2 - atB3)) / (4.2 - chargeVoltage(b3)) + wobble * (b2 - b1) * (1 - s);
}

interface HalfCurve {
  capacity_mAh: number[];
  voltage_V: number[];
}

/** `points` samples of `voltage(s)` for s from 0 to `end` of a half passing `total_mAh`. */
function sampled(total_mAh: number, end: number, voltage: (s: number) => number, points: number): HalfCurve {
  const capacity_mAh: number[] = [];
  const voltage_V: number[] = [];
  for (let i = 0; i < points; i++) {
    const s = (end * i) / (points - 1);
    capacity_mAh.push(s * total_mAh);
    voltage_V.push(voltage(s));
  }
  return { capacity_mAh, voltage_V };
}

/** dV/dQ by central differences (one-sided at the ends), V/mAh. */
function derivative(curve: HalfCurve): number[] {
  const { capacity_mAh: q, voltage_V: v } = curve;
  return q.map((_, i) => {
    const a = Math.max(0, i - 1);
    const b = Math.min(q.length - 1, i + 1);
    return (v[b]! - v[a]!) / (q[b]! - q[a]!);
  });
}

/** Pearson r of x and y over [from, to). */
function pearsonOf(x: readonly number[], y: readonly number[], from = 0, to = x.length): number {
  const n = to - from;
  let sumX = 0;
  let sumY = 0;
  for (let i = from; i < to; i++) {
    sumX += x[i]!;
    sumY += y[i]!;
  }
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = from; i < to; i++) {
    const dx = x[i]! - sumX / n;
    const dy = y[i]! - sumY / n;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxy / Math.sqrt(sxx * syy);
}

/** Voltage, ΔP and time on one time base, as a logger aligned to the cycler would give them. */
interface TimeLine {
  time_h: number[];
  voltage_V: number[];
  pressureChange_MPa: number[];
}

function fullCell(
  group: Group,
  temperatureC: number,
  suffix: string,
  ice: number,
  laterCe: number,
): { result: CellResult; curves: CellCurves } {
  const id = `nca-${group.toLowerCase()}-cu-${temperatureC}${suffix}`;
  const shorted = id === SOFT_SHORT_CELL;
  const withPressure = temperatureC === PRESSURE_TEMPERATURE_C;
  const cycles: CycleResult[] = [];
  const profiles: CellCurves['profiles'] = [];
  const differential: CellCurves['differential'] = [];
  const line: TimeLine = { time_h: [], voltage_V: [], pressureChange_MPa: [] };
  const pressureCycles: PressureCycle[] = [];
  const chargeCorrelations: ChargeCorrelation[] = [];
  const softShorts: SoftShortEntry[] = [];
  const stages: SoftShortCurves['stages'] = [];
  const shortedDifferential: SoftShortCurves['differential'] = [];
  let softShortFromRow = 0;
  let charge_mAh = FULL_FIRST_CHARGE_mAh;
  let pressure_MPa = 0;
  /** Appends a half to the time line at the constant current; ΔP follows `pressure(i)`. */
  const appendHalf = (curve: HalfCurve, pressure: (i: number) => number): { from: number; to: number } => {
    const start_h = line.time_h.at(-1) ?? 0;
    const from = line.time_h.length;
    curve.capacity_mAh.forEach((capacity, i) => {
      line.time_h.push(start_h + capacity / CURRENT_mA);
      line.voltage_V.push(curve.voltage_V[i]!);
      pressure_MPa = pressure(i);
      line.pressureChange_MPa.push(pressure_MPa);
    });
    return { from, to: line.time_h.length };
  };
  for (let index = 1; index <= FULL_CYCLES; index++) {
    const shortedCycle = shorted && index >= SOFT_SHORT_FROM_CYCLE;
    const neverCompletes = shortedCycle && index === FULL_CYCLES;
    const ce = index === 1 ? ice : shortedCycle ? SHORTED_CE : laterCe;
    // A shorted charge passes more than the cathode takes; the last one runs on far beyond it.
    const thisCharge = shortedCycle
      ? charge_mAh * (neverCompletes ? NEVER_COMPLETES_EXCESS : 1.12)
      : charge_mAh;
    const chargeEnd = neverCompletes ? INCOMPLETE_FRACTION : 1;
    const chargeCurve = shortedCycle
      ? sampled(thisCharge, chargeEnd, softShortVoltage, SHORTED_CHARGE_POINTS)
      : sampled(thisCharge, chargeEnd, chargeVoltage, FULL_CELL_POINTS);
    const discharge_mAh = ce * thisCharge;
    const dischargeCurve = neverCompletes
      ? null
      : sampled(discharge_mAh, 1, dischargeVoltage, FULL_CELL_POINTS);
    cycles.push(
      cycleResult(
        index,
        thisCharge * chargeEnd,
        dischargeCurve ? discharge_mAh : null,
        FIXTURE_ACTIVE_MASS_MG,
        'full',
        !neverCompletes,
      ),
    );
    profiles.push({ cycle: index, half: 'charge', ...chargeCurve });
    if (dischargeCurve) profiles.push({ cycle: index, half: 'discharge', ...dischargeCurve });
    const chargeDifferential = {
      capacity_mAh: chargeCurve.capacity_mAh,
      dVdQ_V_per_mAh: derivative(chargeCurve),
    };
    differential.push({ cycle: index, half: 'charge', ...chargeDifferential });
    if (dischargeCurve)
      differential.push({
        cycle: index,
        half: 'discharge',
        capacity_mAh: dischargeCurve.capacity_mAh,
        dVdQ_V_per_mAh: derivative(dischargeCurve),
      });
    // Pressure follows the voltage during charge (plated Li swells the anode) and relaxes during
    // discharge; the Li that does not come back (1 − CE) leaves a residual.
    const start_MPa = pressure_MPa;
    const chargeStart_h = line.time_h.at(-1) ?? 0;
    const v0 = chargeCurve.voltage_V[0]!;
    // The rise scales with the Li plated (the charge capacity) and follows the voltage within the charge.
    const rise_MPa = (PRESSURE_RISE_MPa * thisCharge) / FULL_FIRST_CHARGE_mAh;
    const chargeRows = appendHalf(
      chargeCurve,
      (i) => start_MPa + (rise_MPa * (chargeCurve.voltage_V[i]! - v0)) / (4.2 - v0),
    );
    const peak_MPa = pressure_MPa;
    if (index === SOFT_SHORT_FROM_CYCLE - 1) softShortFromRow = chargeRows.from;
    if (shorted && index >= SOFT_SHORT_FROM_CYCLE - 1)
      shortedDifferential.push({ cycle: index, ...chargeDifferential });
    chargeCorrelations.push({
      cycle: index,
      correlation: pearsonOf(line.voltage_V, line.pressureChange_MPa, chargeRows.from, chargeRows.to),
    });
    if (dischargeCurve)
      appendHalf(
        dischargeCurve,
        (i) => peak_MPa - (peak_MPa - start_MPa) * ce * (dischargeCurve.capacity_mAh[i]! / discharge_mAh),
      );
    pressureCycles.push({
      cycle: index,
      chargeRise_MPa: peak_MPa - start_MPa,
      dischargeFall_MPa: dischargeCurve ? peak_MPa - pressure_MPa : null,
      residual_MPa: dischargeCurve ? pressure_MPa - start_MPa : null,
      chargeLithium_um: lithiumThickness_um(thisCharge * chargeEnd, FIXTURE_AREA_CM2),
      dischargeLithium_um: dischargeCurve ? lithiumThickness_um(discharge_mAh, FIXTURE_AREA_CM2) : null,
      residualLithium_um: dischargeCurve
        ? lithiumThickness_um(thisCharge - discharge_mAh, FIXTURE_AREA_CM2)
        : null,
    });
    if (shortedCycle) {
      const bounds = [0, ...STAGE_BOUNDS, chargeEnd];
      const at_h = (s: number) => chargeStart_h + (s * thisCharge) / CURRENT_mA;
      (['I', 'II', 'III', 'IV'] as const).forEach((stage, i) => {
        stages.push({ cycle: index, stage, start_h: at_h(bounds[i]!), end_h: at_h(bounds[i + 1]!) });
      });
      const [, b2, b3] = STAGE_BOUNDS;
      const drop_V = softShortVoltage(b2) - softShortVoltage(b3);
      const evidence: SoftShortEvidence[] = neverCompletes
        ? ['voltageReversal', 'pressureFollows']
        : ['voltageReversal', 'pressureFollows', 'coulombicEfficiencyDrop'];
      softShorts.push(
        softShortEntry(index, at_h(b2) * 3600, at_h(b3) * 3600, 'III', 'high', evidence, {
          mV: drop_V * 1000,
          MPa: (rise_MPa * drop_V) / (4.2 - v0),
        }),
      );
      if (neverCompletes)
        softShorts.push(
          softShortEntry(
            index,
            at_h(0) * 3600,
            at_h(chargeEnd) * 3600,
            'IV',
            'lower',
            ['incompleteCharge'],
            null,
          ),
        );
    }
    charge_mAh = Math.min(discharge_mAh * 1.02, FULL_FIRST_CHARGE_mAh);
  }
  const files: FileResult[] = [
    fileResult(
      `${id}/cycling.csv`,
      'cycling',
      'arbin-csv',
      'Arbin LBT21084',
      FULL_CYCLES * 2 * 1800,
      '2024-11-10T08:00:00Z',
      temperatureC === 100 && group === 'LPSCl' ? [nonMonotonicIssue(`${id}/cycling.csv`)] : [],
    ),
  ];
  if (withPressure)
    files.push(
      fileResult(`${id}/pressure.csv`, 'pressure', 'delimited', null, 54000, '2024-11-10T08:00:05Z', []),
    );
  const shortedCycles = [...new Set(softShorts.map((entry) => entry.cycle))];
  const lastCharge = cycles.at(-1)!.chargeCapacity_mAh!;
  const warnings = shorted
    ? [
        message.halfNotOnCutoff(FULL_CYCLES, 'charge', softShortVoltage(INCOMPLETE_FRACTION), true),
        message.softShortFirstCycle(SOFT_SHORT_FROM_CYCLE, shortedCycles),
        message.softShortIncompleteCharge(FULL_CYCLES, lastCharge, healthyReference_mAh(cycles)),
      ]
    : [];
  const summary = cellSummary(id, group, 'full', temperatureC, FIXTURE_ACTIVE_MASS_MG, cycles);
  const voltageCorrelation = pearsonOf(line.voltage_V, line.pressureChange_MPa);
  const result: CellResult = {
    ...summary,
    coulombicEfficiencyConvention: 'discharge/charge',
    pressure: withPressure
      ? {
          voltageCorrelation,
          maxChange_MPa: Math.max(...line.pressureChange_MPa.map(Math.abs)),
          // The model's pressure follows the voltage without delay.
          lag_s: 0,
          lagCorrelation: voltageCorrelation,
          chargeCorrelations,
          cycles: pressureCycles,
        }
      : null,
    softShorts: softShorts.sort((a, b) => a.start_s - b.start_s),
    files,
    warnings: [...summary.warnings, ...warnings],
  };
  const rowsFrom = (from: number) => ({
    time_h: line.time_h.slice(from),
    voltage_V: line.voltage_V.slice(from),
    pressureChange_MPa: line.pressureChange_MPa.slice(from),
  });
  return {
    result,
    curves: {
      ...emptyCurves(id),
      voltageTime: { time_h: line.time_h, voltage_V: line.voltage_V },
      profiles,
      differential,
      pressure: withPressure ? rowsFrom(0) : null,
      softShort: shorted
        ? { voltagePressure: rowsFrom(softShortFromRow), stages, differential: shortedDifferential }
        : null,
    },
  };
}

/** The detector's reference: the median charge of the last three complete cycles before the first short. */
function healthyReference_mAh(cycles: readonly CycleResult[]): number {
  const healthy = cycles
    .filter((cycle) => cycle.index < SOFT_SHORT_FROM_CYCLE && cycle.complete)
    .slice(-3)
    .map((cycle) => cycle.chargeCapacity_mAh!)
    .sort((a, b) => a - b);
  return healthy[1]!;
}

function softShortEntry(
  cycle: number,
  start_s: number,
  end_s: number,
  stage: SoftShortStage,
  confidence: SoftShortConfidence,
  evidenceCodes: SoftShortEvidence[],
  magnitude: { mV: number; MPa: number } | null,
): SoftShortEntry {
  return {
    cycle,
    time_s: start_s,
    start_s,
    end_s,
    stage,
    confidence,
    magnitude_mV: magnitude?.mV ?? null,
    magnitude_MPa: magnitude?.MPa ?? null,
    evidence: message.softShortEvent(
      cycle,
      start_s,
      end_s,
      stage,
      evidenceCodes,
      magnitude?.mV ?? null,
      magnitude?.MPa ?? null,
    ),
    evidenceCodes,
  };
}

// ── Results helpers ──────────────────────────────────────────────────────────────────────────

function cycleResult(
  index: number,
  charge_mAh: number,
  discharge_mAh: number | null,
  activeMassMg: number | null,
  type: 'half' | 'full',
  complete = true,
): CycleResult {
  const ce =
    discharge_mAh === null || !complete
      ? null
      : type === 'half'
        ? charge_mAh / discharge_mAh
        : discharge_mAh / charge_mAh;
  const specific = (value: number | null) =>
    value === null || activeMassMg === null ? null : value / (activeMassMg / 1000);
  return {
    index,
    chargeCapacity_mAh: charge_mAh,
    dischargeCapacity_mAh: discharge_mAh,
    coulombicEfficiency: ce,
    chargeSpecificCapacity_mAh_g: specific(charge_mAh),
    dischargeSpecificCapacity_mAh_g: specific(discharge_mAh),
    complete,
    chargeCapacityDensity_mAh_cm2: charge_mAh / FIXTURE_AREA_CM2,
    dischargeCapacityDensity_mAh_cm2: discharge_mAh === null ? null : discharge_mAh / FIXTURE_AREA_CM2,
    chargeEnergy_mWh: type === 'full' ? charge_mAh * 3.85 : null,
    dischargeEnergy_mWh: type === 'full' && discharge_mAh !== null ? discharge_mAh * 3.6 : null,
    energyEfficiency: type === 'full' && ce !== null ? (ce * 3.6) / 3.85 : null,
    meanChargeVoltage_V: type === 'full' ? 3.85 : 0.021,
    meanDischargeVoltage_V: type === 'full' && discharge_mAh !== null ? 3.6 : -0.016,
    chargeEndReason: complete ? 'voltageCutoff' : 'endOfRecord',
    dischargeEndReason: discharge_mAh === null ? null : 'voltageCutoff',
  };
}

/** The cell-level metrics, computed from the cycles the way DESIGN §3.2 defines them. */
function cellSummary(
  id: string,
  group: Group,
  type: 'half' | 'full',
  temperatureC: number,
  activeMassMg: number | null,
  cycles: CycleResult[],
): CellResult {
  const complete = cycles.filter((cycle) => cycle.coulombicEfficiency !== null);
  const later = complete.filter((cycle) => cycle.index > 1).map((cycle) => cycle.coulombicEfficiency!);
  const averageCe = later.length ? later.reduce((sum, value) => sum + value, 0) / later.length : null;
  const returned = (cycle: CycleResult) =>
    type === 'half' ? cycle.chargeCapacity_mAh! : cycle.dischargeCapacity_mAh!;
  return {
    id,
    group,
    type,
    temperatureC,
    areaCm2: FIXTURE_AREA_CM2,
    activeMassMg,
    coulombicEfficiencyConvention: '',
    stackPressureMPa: type === 'half' ? 0 : 15,
    referenceElectrode: type === 'half' ? { name: 'Li-In', offsetV: 0.62 } : { name: 'Li', offsetV: 0 },
    cycles,
    initialCoulombicEfficiency: cycles[0]?.coulombicEfficiency ?? null,
    averageCoulombicEfficiency: averageCe,
    projectedCyclesTo80: averageCe !== null && averageCe < 1 ? Math.log(0.8) / Math.log(averageCe) : null,
    capacityRetention: complete.length >= 2 ? returned(complete.at(-1)!) / returned(complete[0]!) : null,
    nucleationOverpotential_V: null,
    ocv: null,
    lsv: null,
    pressure: null,
    softShorts: [],
    eis: [],
    files: [],
    warnings: [],
  };
}

function emptyCurves(cell: string): CellCurves {
  return {
    cell,
    voltageTime: null,
    profiles: [],
    differential: [],
    nucleation: null,
    ocv: null,
    pressure: null,
    lsv: null,
    spectra: [],
    softShort: null,
  };
}

function fileResult(
  path: string,
  kind: string,
  format: string,
  instrument: string | null,
  rows: number,
  startTime: string,
  issues: DataIssue[],
): FileResult {
  return {
    path,
    kind,
    format,
    formatVersion: format === 'biologic-mpt' ? '11.50' : null,
    instrument,
    rows,
    sha256: createHash('sha256').update(path).digest('hex'),
    bytes: rows * 96,
    startTime,
    timeSpan_s: rows * 10,
    issues,
  };
}

function decimalCommaIssue(file: string): DataIssue {
  return { code: 'decimal_comma', severity: 'info', message: message.decimalComma(), location: { file } };
}

function nonMonotonicIssue(file: string): DataIssue {
  return {
    code: 'non_monotonic_time',
    severity: 'warning',
    message: message.nonMonotonicTime(3),
    location: { file, line: 20418, column: 'Test_Time(s)' },
    count: 3,
  };
}

/** The comparison block, computed by the core's own `compareCells` from the cells' metrics. */
function compare(cells: CellResult[]): ReturnType<typeof compareCells>['comparison'] {
  const metrics: CellMetrics[] = cells.map((cell) => ({
    id: cell.id,
    group: cell.group,
    type: cell.type,
    temperatureC: cell.temperatureC,
    metrics: {
      initialCoulombicEfficiency: cell.initialCoulombicEfficiency,
      averageCoulombicEfficiency: cell.averageCoulombicEfficiency,
      firstCycleDischargeCapacity_mAh: cell.cycles[0]?.dischargeCapacity_mAh ?? null,
      firstCycleDischargeSpecificCapacity_mAh_g: cell.cycles[0]?.dischargeSpecificCapacity_mAh_g ?? null,
      projectedCyclesTo80: cell.projectedCyclesTo80,
      nucleationOverpotential_V: cell.nucleationOverpotential_V,
      ocvDriftOnset_h: cell.ocv?.driftOnset_h ?? null,
    },
  }));
  return compareCells(metrics, 'LPSCl').comparison;
}
