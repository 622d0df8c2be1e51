/**
 * A model of the LBHI paper's experiments (Huang et al., "Hydride-Based Interlayer for
 * Solid-State Anode-Free Battery"; DESIGN §4) that writes canonical series and knows its truth.
 *
 * - Half cells Cu|LPSCl|Li–In and Cu|LBHI|LPSCl|Li–In: 0.05 mA/cm² on 0.785 cm², plate 4 h,
 *   strip to 1.0 V vs Li+/Li (0.38 V vs Li–In). The Li lost per cycle sets the CE: stripping
 *   returns CE × the plated charge, then the voltage climbs to the cut-off.
 * - Full cells NCA|LPSCl|Cu and NCA|LPSCl|LBHI|Cu at 25/60/100 °C, 2.4–4.2 V, 0.05 mA/cm².
 * - OCV cells: plate 3.5 h at 0.02 mA/cm², then rest with sparse logging; LPSCl drifts up
 *   after 72 h, LBHI stays at 0 V for 60 days.
 * - An LSV with a Tafel-like oxidation current.
 */
import type { CanonicalSeries } from '../../lib/core/series.ts';
import { defaultNoise, type NoiseModel, Random, rest, SeriesBuilder } from './lbhi-series.ts';

export type Group = 'LPSCl' | 'LBHI';

export const AREA_CM2 = 0.785;
export const LI_IN_OFFSET_V = 0.62;
export const HALF_CELL_CURRENT_A = 0.05e-3 * AREA_CM2;
export const PLATING_S = 4 * 3600;
export const STRIP_CUTOFF_VS_LI_V = 1.0;

/** The paper's first- and second-cycle CEs of the half cells, then a model continuation. */
export const halfCellCe: Record<Group, number[]> = {
  LPSCl: [0.703, 0.732, 0.745, 0.752],
  LBHI: [0.947, 0.955, 0.958, 0.96],
};

interface PlatingShape {
  /** Duration of the decomposition slope before Li nucleates (0 = none), s. */
  decomposition_s: number;
  /** Voltage vs Li+/Li where the decomposition slope starts, V. */
  decompositionStart_V: number;
  /** Depth of the nucleation dip below the plateau, V. */
  dipDepth_V: number;
  /** Plating plateau vs Li+/Li (negative), V. */
  plateau_V: number;
}

const firstPlating: Record<Group, PlatingShape> = {
  LPSCl: { decomposition_s: 1500, decompositionStart_V: 0.35, dipDepth_V: 0.025, plateau_V: -0.015 },
  LBHI: { decomposition_s: 0, decompositionStart_V: 0, dipDepth_V: 0.06, plateau_V: -0.02 },
};

const DIP_DESCENT_S = 120;
const DIP_RECOVERY_S = 300;
const STRIP_PLATEAU_V = 0.02;
const STRIP_RISE_S = 300;

/**
 * Voltage vs Li+/Li of a plating step: a fast fall from the rest voltage, the decomposition
 * slope down to 0 V (if any), then the nucleation dip (a sin² descent to plateau − depth and an
 * exponential recovery to the plateau). Returns the voltage function and the crossing time.
 */
function platingVoltage(
  start_V: number,
  shape: PlatingShape,
): { voltage: (t_s: number) => number; crossing_s: number } {
  const fall_s = 60;
  const slopeStart_V = shape.decomposition_s > 0 ? shape.decompositionStart_V : 0;
  const crossing_s = fall_s + shape.decomposition_s;
  const minimum_V = shape.plateau_V - shape.dipDepth_V;
  const voltage = (t_s: number): number => {
    if (t_s < fall_s) return start_V + (slopeStart_V - start_V) * Math.sin((Math.PI * t_s) / (2 * fall_s));
    if (t_s < crossing_s) return slopeStart_V * (1 - (t_s - fall_s) / shape.decomposition_s);
    const tau = t_s - crossing_s;
    if (tau < DIP_DESCENT_S) return minimum_V * Math.sin((Math.PI * tau) / (2 * DIP_DESCENT_S)) ** 2;
    return shape.plateau_V - shape.dipDepth_V * Math.exp(-(tau - DIP_DESCENT_S) / DIP_RECOVERY_S);
  };
  return { voltage, crossing_s };
}

export interface HalfCellTruth {
  cycles: { index: number; plating_mAh: number; stripping_mAh: number; ce: number | null }[];
  nucleationOverpotential_V: number;
  /** Time the first plating's voltage crosses 0 V vs Li+/Li, s. */
  crossingTime_s: number;
}

export interface HalfCellOptions {
  cycles?: number;
  seed?: number;
  interval_s?: number;
  leadingRest_s?: number;
  /** A short charge before the first plating (an extra half step): the cycles must still number right. */
  leadingStrip?: boolean;
  /** Cycle whose stripping stops on a time limit (`stripCutAfter_s`) before the Li is exhausted. */
  timeCutCycle?: number;
  stripCutAfter_s?: number;
  /** Include the instrument's step and cycle columns. */
  instrumentColumns?: boolean;
  noise?: NoiseModel;
}

export function halfCellExperiment(
  group: Group,
  options: HalfCellOptions = {},
): { series: CanonicalSeries; truth: HalfCellTruth } {
  const cycles = options.cycles ?? 3;
  const interval_s = options.interval_s ?? 10;
  const builder = new SeriesBuilder(
    LI_IN_OFFSET_V,
    new Random(options.seed ?? 7),
    options.noise ?? defaultNoise,
  );
  const current = HALF_CELL_CURRENT_A;
  const plating_mAh = (current * PLATING_S) / 3.6;
  const truth: HalfCellTruth = { cycles: [], nucleationOverpotential_V: 0, crossingTime_s: 0 };
  let restVoltage_V = 1.1;
  let instrumentCycle = 1;

  builder.add(rest(options.leadingRest_s ?? 600, 60, restVoltage_V, restVoltage_V), instrumentCycle);
  if (options.leadingStrip) {
    builder.add(
      { duration_s: 300, interval_s, current_A: () => current, voltageVsLi_V: (t) => 1.1 + 0.1 * (t / 300) },
      instrumentCycle,
    );
    builder.add(rest(300, 30, 1.2, 1.1), instrumentCycle);
  }

  for (let index = 1; index <= cycles; index++) {
    const shape =
      index === 1
        ? firstPlating[group]
        : { ...firstPlating[group], decomposition_s: 0, dipDepth_V: firstPlating[group].dipDepth_V / 2 };
    const plating = platingVoltage(restVoltage_V, shape);
    const platingStart_s = builder.add(
      { duration_s: PLATING_S, interval_s, current_A: () => -current, voltageVsLi_V: plating.voltage },
      instrumentCycle,
    );
    if (index === 1) {
      truth.nucleationOverpotential_V = shape.dipDepth_V;
      truth.crossingTime_s = platingStart_s + plating.crossing_s;
    }
    builder.add(rest(300, 30, shape.plateau_V, 0, 60), instrumentCycle);

    const ce = halfCellCe[group][index - 1] ?? halfCellCe[group][halfCellCe[group].length - 1]!;
    const fullStrip_s = (ce * plating_mAh * 3.6) / current;
    const exhausted_s = fullStrip_s - STRIP_RISE_S;
    const cut = options.timeCutCycle === index;
    const strip_s = cut ? (options.stripCutAfter_s ?? 2 * 3600) : fullStrip_s;
    const stripVoltage = (t_s: number): number =>
      t_s <= exhausted_s
        ? STRIP_PLATEAU_V
        : STRIP_PLATEAU_V +
          (STRIP_CUTOFF_VS_LI_V - STRIP_PLATEAU_V) * ((t_s - exhausted_s) / STRIP_RISE_S) ** 2;
    builder.add(
      { duration_s: strip_s, interval_s, current_A: () => current, voltageVsLi_V: stripVoltage },
      instrumentCycle,
    );
    truth.cycles.push({
      index,
      plating_mAh,
      stripping_mAh: (current * strip_s) / 3.6,
      ce: cut ? null : ce,
    });
    const stripEnd_V = stripVoltage(strip_s);
    restVoltage_V = cut ? stripEnd_V : 0.8;
    builder.add(rest(300, 30, stripEnd_V, restVoltage_V, 120), instrumentCycle);
    instrumentCycle++;
  }
  return {
    series: builder.build(`cu-${group.toLowerCase()}-liin.mpt`, options.instrumentColumns ?? false),
    truth,
  };
}

// Full cells -------------------------------------------------------------------------------

export const NCA_MASS_MG = 2.222 * AREA_CM2;
export const FULL_CELL_CURRENT_A = 0.05e-3 * AREA_CM2;

/** The paper's ICEs of the NCA full cells by temperature, then model CEs for later cycles. */
export const fullCellCe: Record<Group, Record<25 | 60 | 100, number[]>> = {
  LPSCl: { 25: [0.664, 0.88, 0.9], 60: [0.531, 0.85, 0.87], 100: [0.201, 0.6, 0.7] },
  LBHI: { 25: [0.659, 0.93, 0.95], 60: [0.78, 0.94, 0.955], 100: [0.805, 0.92, 0.94] },
};

export interface FullCellTruth {
  cycles: { index: number; charge_mAh: number; discharge_mAh: number; ce: number | null }[];
}

export interface FullCellOptions {
  seed?: number;
  interval_s?: number;
  /** Hold at 4.2 V after the constant-current charge, s (current decays with τ = 1200 s). */
  cvHold_s?: number;
  /** Explicit per-cycle capacities instead of the anode-free chain. */
  capacities?: { charge_mAh: number; discharge_mAh: number }[];
  cycles?: number;
  instrumentColumns?: boolean;
}

const CV_TAU_S = 1200;

/** Charge voltage of NCA vs Li (as plated on Cu), x = fraction of the charge: 3.55 V → 4.2 V. */
function ncaChargeVoltage(x: number): number {
  return 3.55 + 0.65 * Math.max(0, x) ** 1.6;
}

/** Discharge voltage, x = fraction of the discharge: 4.05 V → 2.4 V. */
function ncaDischargeVoltage(x: number): number {
  return 4.05 - 0.35 * x - 1.3 * Math.max(0, x) ** 8;
}

export function fullCellExperiment(
  group: Group,
  temperatureC: 25 | 60 | 100,
  options: FullCellOptions = {},
): { series: CanonicalSeries; truth: FullCellTruth } {
  const ces = fullCellCe[group][temperatureC];
  const cycles = options.capacities?.length ?? options.cycles ?? ces.length;
  const interval_s = options.interval_s ?? 60;
  const builder = new SeriesBuilder(
    0,
    new Random(options.seed ?? temperatureC + (group === 'LBHI' ? 1000 : 0)),
  );
  const current = FULL_CELL_CURRENT_A;
  const truth: FullCellTruth = { cycles: [] };
  let chargeCc_mAh = 0.2 * NCA_MASS_MG;
  builder.add(rest(600, 60, 3.0, 3.0), 1);
  for (let index = 1; index <= cycles; index++) {
    const stated = options.capacities?.[index - 1];
    const ce = ces[index - 1] ?? ces[ces.length - 1]!;
    let ccCapacity_mAh = stated?.charge_mAh ?? chargeCc_mAh;
    const cvHold_s = options.cvHold_s ?? 0;
    const cvCapacity_mAh =
      cvHold_s > 0 ? (current * CV_TAU_S * (1 - Math.exp(-cvHold_s / CV_TAU_S))) / 3.6 : 0;
    if (stated) ccCapacity_mAh -= cvCapacity_mAh;
    const charge_s = (ccCapacity_mAh * 3.6) / current;
    builder.add(
      {
        duration_s: charge_s,
        interval_s,
        current_A: () => current,
        voltageVsLi_V: (t) => ncaChargeVoltage(t / charge_s),
      },
      index,
    );
    if (cvHold_s > 0) {
      builder.add(
        {
          duration_s: cvHold_s,
          interval_s,
          current_A: (t) => current * Math.exp(-t / CV_TAU_S),
          voltageVsLi_V: () => 4.2,
        },
        index,
      );
    }
    const charge_mAh = ccCapacity_mAh + cvCapacity_mAh;
    builder.add(rest(600, 60, 4.2, 4.1), index);
    const discharge_mAh = stated?.discharge_mAh ?? ce * charge_mAh;
    const discharge_s = (discharge_mAh * 3.6) / current;
    builder.add(
      {
        duration_s: discharge_s,
        interval_s,
        current_A: () => -current,
        voltageVsLi_V: (t) => ncaDischargeVoltage(t / discharge_s),
      },
      index,
    );
    builder.add(rest(600, 60, 2.4, 3.0), index);
    truth.cycles.push({ index, charge_mAh, discharge_mAh, ce: discharge_mAh / charge_mAh });
    chargeCc_mAh = discharge_mAh;
  }
  const file = `nca-${group.toLowerCase()}-cu-${temperatureC}C.mpt`;
  return { series: builder.build(file, options.instrumentColumns ?? false), truth };
}

// OCV cells --------------------------------------------------------------------------------

export const OCV_PLATING_CURRENT_A = 0.02e-3 * AREA_CM2;
export const OCV_PLATING_S = 3.5 * 3600;
export const LPSCL_DRIFT_ONSET_H = 72;

export interface OcvTruth {
  /** Hours after the rest began when the OCV leaves 0 V for good; null when it never does. */
  driftOnset_h: number | null;
  restStart_s: number;
}

/** Plating then a long rest logged every `restInterval_s`: LPSCl drifts up at 72 h, LBHI stays for 60 days. */
export function ocvExperiment(
  group: Group,
  options: { seed?: number; restInterval_s?: number } = {},
): { series: CanonicalSeries; truth: OcvTruth } {
  const builder = new SeriesBuilder(LI_IN_OFFSET_V, new Random(options.seed ?? (group === 'LBHI' ? 11 : 12)));
  builder.add(rest(600, 60, 1.1, 1.1), 1);
  const plating = platingVoltage(1.1, firstPlating[group]);
  builder.add(
    {
      duration_s: OCV_PLATING_S,
      interval_s: 10,
      current_A: () => -OCV_PLATING_CURRENT_A,
      voltageVsLi_V: plating.voltage,
    },
    1,
  );
  const restStart_s = builder.now_s;
  const driftOnset_h = group === 'LPSCl' ? LPSCL_DRIFT_ONSET_H : null;
  const rest_s = group === 'LPSCl' ? 10 * 86400 : 60 * 86400;
  const plateau_V = firstPlating[group].plateau_V;
  builder.add(
    {
      duration_s: rest_s,
      interval_s: options.restInterval_s ?? 1800,
      current_A: () => 0,
      voltageVsLi_V: (t_s) => {
        const relaxed = plateau_V * Math.exp(-t_s / 120);
        if (driftOnset_h === null || t_s < driftOnset_h * 3600) return relaxed;
        return relaxed + 0.9 * (1 - Math.exp(-(t_s - driftOnset_h * 3600) / (4 * 3600)));
      },
    },
    1,
  );
  return {
    series: builder.build(`ocv-${group.toLowerCase()}.mpt`, false),
    truth: { driftOnset_h, restStart_s },
  };
}

// LSV --------------------------------------------------------------------------------------

export interface LsvTruth {
  /** Potential vs Li+/Li where the current density reaches `threshold_mA_cm2`, V. */
  onsetPotential_V: number;
  threshold_mA_cm2: number;
}

/**
 * A linear sweep from 2.0 V to 5.0 V vs Li+/Li at 1 mV/s of a Li-In|SE|SE-C cell, with an
 * oxidation current density j = j0 · exp((E − 2.5 V) / 0.05 V), j0 = 1 µA/cm².
 */
export function lsvExperiment(threshold_mA_cm2 = 0.01): { series: CanonicalSeries; truth: LsvTruth } {
  const builder = new SeriesBuilder(LI_IN_OFFSET_V, new Random(5), {
    voltage_V: 0,
    currentRelative: 0.01,
    restCurrent_A: 1e-9,
  });
  const start_V = 2.0;
  const rate_V_s = 0.001;
  const j0_mA_cm2 = 1e-3;
  const density = (potential_V: number): number => j0_mA_cm2 * Math.exp((potential_V - 2.5) / 0.05);
  builder.add(
    {
      duration_s: 3000,
      interval_s: 1,
      current_A: (t) => Math.min(density(start_V + rate_V_s * t), 10) * 1e-3 * AREA_CM2,
      voltageVsLi_V: (t) => start_V + rate_V_s * t,
    },
    1,
  );
  return {
    series: builder.build('lsv.mpt', false),
    truth: { onsetPotential_V: 2.5 + 0.05 * Math.log(threshold_mA_cm2 / j0_mA_cm2), threshold_mA_cm2 },
  };
}
