/**
 * Full cells NCA|SE|Cu (anode-free) at 0.05 mA/cm², 2.4–4.2 V, 15 MPa stack pressure, 60 °C,
 * that soft-short the way the LBHI paper's 60 °C cell did (DESIGN §4), with the truth known:
 * from `firstShortCycle` on, charges pass through stages I (normal), II (part of the current
 * bypasses the cathode through Li dendrites), III (the dendrites discharge the cathode faster
 * than the cycler charges it: voltage and plated Li both fall) and IV (the short broke: normal
 * again), and the last charge never completes. The same cell without shorts, and variants with
 * CV holds, rests inside charges, current steps, a temperature step and changing logging rates,
 * are what must raise no alarm.
 *
 * Model: the cathode's state of charge x moves with the effective current I_eff = I − I_short;
 * V = V_ocp(x) + R_ohm·I + η with η relaxing toward R_ct·I (τ = 600 s); resistances halve for
 * every 10 °C the cell warms (thermal τ = 60 s). The Li on the Cu moves with I_eff as well, and the stack pressure
 * is P = 15 MPa + 1.0 MPa per mAh/cm² of Li on the Cu (≈ 0.21 MPa per µm) read `pressureDelay_s`
 * late, written by its own logger (own start, own clock, own rate) as CSV text.
 */
import { type CanonicalSeries, emptySeries } from '../../lib/core/series.ts';
import { Random } from './lbhi-series.ts';

export const AREA_CM2 = 0.785;
export const CURRENT_A = 0.05e-3 * AREA_CM2;
export const STACK_PRESSURE_MPA = 15;
export const PRESSURE_PER_MAH_CM2_MPA = 1.0;
export const CYCLER_START_MS = Date.UTC(2025, 2, 3, 9, 30, 0);
const FIRST_CHARGE_MAH = 0.35;
const CE_BY_CYCLE = [0.78, 0.94, 0.955];
const R_OHM = 600;
const R_CT = 1000;
const TAU_S = 600;
const CV_TAU_S = 1200;
/** Resistances halve for every 10 °C warmer (an Arrhenius-like activation of the SE and interfaces). */
const RESISTANCE_PER_10C = 0.5;
const THERMAL_TAU_S = 60;

export type Stage = 'I' | 'II' | 'III' | 'IV';

/** One stretch of a charge at one effective-current ratio; the last runs to x = 1 unless `duration_s` says otherwise. */
interface ShortPhase {
  stage: Stage;
  /** I_eff / I. */
  ratio: number;
  /** How long, s; or until the state of charge reaches `untilX`. */
  duration_s?: number;
  untilX?: number;
}

export interface SoftShortCellOptions {
  cycles?: number;
  /** Soft shorts from this cycle on; the last cycle's charge never completes. Null: a healthy cell. */
  firstShortCycle?: number | null;
  /** Cycler sampling interval, s, or a function of the test time. */
  interval_s?: number | ((t_s: number) => number);
  seed?: number;
  noise_V?: number;
  pressureNoise_MPa?: number;
  /** Pressure follows the Li on the Cu this many seconds late. */
  pressureDelay_s?: number;
  /** Hold 4.2 V after each constant-current charge, s. */
  cvHold_s?: number;
  /** Charge at 2 × the current up to this state of charge, then at 1 ×. */
  fastStartUntilX?: number;
  /** Pause (no current) for this long at x = 0.5 of each charge, s. */
  restInCharge_s?: number;
  /** The cell warms by 20 °C at x = 0.5 of this cycle's charge (and cools in the rest after its discharge); adds a temperature column. */
  temperatureStepCycle?: number;
}

export interface StageTruth {
  cycle: number;
  stage: Stage;
  start_s: number;
  end_s: number;
}

export interface SoftShortTruth {
  firstShortCycle: number | null;
  shortedCycles: number[];
  incompleteCycle: number | null;
  stages: StageTruth[];
  cycles: { index: number; charge_mAh: number; discharge_mAh: number | null; start_s: number }[];
  /** Li on the Cu (mAh) at any test time, by linear interpolation of the simulation. */
  lithiumOnCopper_mAh: (t_s: number) => number;
  pressureDelay_s: number;
}

/** Charge OCP of NCA vs Li as plated on Cu, x = state of charge: 3.40 V → 4.15 V. */
function chargeOcp(x: number): number {
  const clamped = Math.min(1, Math.max(0, x));
  return 3.4 + 0.62 * clamped + 0.13 * clamped ** 6;
}

/** Discharge voltage, y = fraction of the discharge: 4.0 V → 2.4 V. */
function dischargeVoltage(y: number): number {
  return 4.0 - 0.4 * y - 1.2 * Math.max(0, y) ** 8;
}

/** Stage phases of the shorted charges, by order of appearance (repeating the last). */
const SHORT_SCHEDULES: ShortPhase[][] = [
  [
    { stage: 'I', ratio: 1, untilX: 0.45 },
    { stage: 'II', ratio: 0.4, duration_s: 4000 },
    { stage: 'III', ratio: -1, duration_s: 1800 },
    { stage: 'IV', ratio: 1 },
  ],
  [
    { stage: 'I', ratio: 1, untilX: 0.55 },
    { stage: 'II', ratio: 0.35, duration_s: 3600 },
    { stage: 'III', ratio: -1.2, duration_s: 1500 },
    { stage: 'IV', ratio: 1 },
  ],
  [
    { stage: 'I', ratio: 1, untilX: 0.35 },
    { stage: 'II', ratio: 0.45, duration_s: 4500 },
    { stage: 'III', ratio: -1, duration_s: 2100 },
    { stage: 'IV', ratio: 1 },
  ],
];

/** The last charge: a short that comes back and holds the voltage until the test is stopped. */
const NEVER_COMPLETES: ShortPhase[] = [
  { stage: 'I', ratio: 1, untilX: 0.4 },
  { stage: 'II', ratio: 0.4, duration_s: 3600 },
  { stage: 'III', ratio: -1, duration_s: 1800 },
  { stage: 'IV', ratio: 1, duration_s: 2400 },
  { stage: 'II', ratio: 0.05, duration_s: 4 * 3600 },
];

class Simulation {
  readonly time: number[] = [];
  readonly voltage: number[] = [];
  readonly current: number[] = [];
  readonly temperature: number[] = [];
  readonly lithium: number[] = [];
  now_s = 0;
  x = 0;
  lithium_mAh = 0;
  eta_V = 0;
  temperature_C = 60;
  targetTemperature_C = 60;

  constructor(
    readonly random: Random,
    readonly noise_V: number,
    readonly interval: (t_s: number) => number,
  ) {}

  resistanceFactor(): number {
    return RESISTANCE_PER_10C ** ((this.temperature_C - 60) / 10);
  }

  /**
   * Runs for `duration_s` at cell current `current_A(t)` with the cathode and the Cu receiving
   * `ratio` × that current; records a row every interval and one at the exact end.
   */
  run(
    duration_s: number,
    current_A: (t_s: number) => number,
    ratio: number,
    capacity_mAh: number,
    voltageOf: (sim: Simulation, current_A: number) => number,
  ): void {
    const start_s = this.now_s;
    let t_s = 0;
    while (t_s < duration_s - 1e-9) {
      const dt = Math.min(this.interval(start_s + t_s), duration_s - t_s);
      const before = current_A(t_s);
      const after = current_A(t_s + dt);
      const charge_mAh = (0.5 * (before + after) * dt * 1000 * ratio) / 3600;
      this.x += charge_mAh / capacity_mAh;
      this.lithium_mAh += charge_mAh;
      const decay = Math.exp(-dt / TAU_S);
      this.eta_V =
        R_CT * this.resistanceFactor() * after +
        (this.eta_V - R_CT * this.resistanceFactor() * after) * decay;
      this.temperature_C =
        this.targetTemperature_C +
        (this.temperature_C - this.targetTemperature_C) * Math.exp(-dt / THERMAL_TAU_S);
      t_s += dt;
      this.now_s = start_s + t_s;
      this.record(after, voltageOf(this, after));
    }
  }

  record(current_A: number, voltage_V: number): void {
    const noisyCurrent =
      current_A === 0 ? 2e-9 * this.random.normal() : current_A * (1 + 0.001 * this.random.normal());
    this.time.push(this.now_s);
    this.current.push(noisyCurrent);
    this.voltage.push(voltage_V + this.noise_V * this.random.normal());
    this.temperature.push(this.temperature_C);
    this.lithium.push(this.lithium_mAh);
  }
}

const chargeVoltage = (sim: Simulation, current_A: number): number =>
  chargeOcp(sim.x) + R_OHM * sim.resistanceFactor() * current_A + sim.eta_V;

export function softShortCell(options: SoftShortCellOptions = {}): {
  series: CanonicalSeries;
  truth: SoftShortTruth;
} {
  const cycles = options.cycles ?? 10;
  const firstShort = options.firstShortCycle === undefined ? 7 : options.firstShortCycle;
  const intervalOption = options.interval_s ?? 60;
  const interval = typeof intervalOption === 'number' ? () => intervalOption : intervalOption;
  const sim = new Simulation(new Random(options.seed ?? 60), options.noise_V ?? 0.0005, interval);
  const truth: SoftShortTruth = {
    firstShortCycle: firstShort,
    shortedCycles: [],
    incompleteCycle: null,
    stages: [],
    cycles: [],
    lithiumOnCopper_mAh: () => 0,
    pressureDelay_s: options.pressureDelay_s ?? 0,
  };
  const restAt = (duration_s: number, from_V: number, to_V: number): void => {
    const start = sim.now_s;
    sim.run(
      duration_s,
      () => 0,
      1,
      1,
      (s) => to_V + (from_V - to_V) * Math.exp(-(s.now_s - start) / 600),
    );
  };
  sim.record(0, 3.0);
  restAt(600, 3.0, 3.0);
  let capacity_mAh = FIRST_CHARGE_MAH;
  for (let index = 1; index <= cycles; index++) {
    const cycleStart_s = sim.now_s;
    const shorted = firstShort !== null && index >= firstShort;
    const last = shorted && index === cycles;
    const chargedBefore_mAh = sim.lithium_mAh;
    sim.x = 0;
    const phases: ShortPhase[] = shorted
      ? last
        ? NEVER_COMPLETES
        : SHORT_SCHEDULES[(index - firstShort!) % SHORT_SCHEDULES.length]!
      : [{ stage: 'I', ratio: 1 }];
    let counted_mAh = 0;
    for (const phase of phases) {
      const phaseStart_s = sim.now_s;
      const chargeSegment = (until: number | null, duration: number | null, ratio: number): void => {
        const pieces: { current_A: number; until: number | null; duration: number | null }[] = [];
        if (
          options.fastStartUntilX !== undefined &&
          sim.x < options.fastStartUntilX &&
          ratio === 1 &&
          !shorted
        ) {
          pieces.push({ current_A: 2 * CURRENT_A, until: options.fastStartUntilX, duration: null });
        }
        pieces.push({ current_A: CURRENT_A, until, duration });
        for (const piece of pieces) {
          const rate_mAh_s = (piece.current_A * 1000 * ratio) / 3600;
          const duration_s = piece.duration ?? ((piece.until ?? 1) - sim.x) * (capacity_mAh / rate_mAh_s);
          if (duration_s <= 0) continue;
          sim.run(duration_s, () => piece.current_A, ratio, capacity_mAh, chargeVoltage);
          counted_mAh += (piece.current_A * 1000 * duration_s) / 3600;
        }
      };
      const healthyCharge = phases.length === 1;
      if (healthyCharge && options.restInCharge_s) {
        chargeSegment(0.5, null, 1);
        const pauseStart = sim.now_s;
        const eta0 = sim.eta_V;
        sim.run(
          options.restInCharge_s,
          () => 0,
          1,
          capacity_mAh,
          (s) => chargeOcp(s.x) + eta0 * Math.exp(-(s.now_s - pauseStart) / TAU_S),
        );
        sim.eta_V = 0;
        chargeSegment(null, null, 1);
      } else if (healthyCharge && options.temperatureStepCycle === index) {
        chargeSegment(0.5, null, 1);
        sim.targetTemperature_C = 80;
        chargeSegment(null, null, 1);
      } else {
        chargeSegment(
          phase.untilX ?? (phase.duration_s === undefined ? 1 : null),
          phase.duration_s ?? null,
          phase.ratio,
        );
      }
      if (shorted)
        truth.stages.push({ cycle: index, stage: phase.stage, start_s: phaseStart_s, end_s: sim.now_s });
    }
    if (shorted) truth.shortedCycles.push(index);
    if (last) {
      if (!(sim.x < 0.97)) throw new Error('the never-completing charge reached the cut-off');
      truth.incompleteCycle = index;
      truth.cycles.push({ index, charge_mAh: counted_mAh, discharge_mAh: null, start_s: cycleStart_s });
      break;
    }
    if (options.cvHold_s) {
      const holdStart = sim.now_s;
      const hold = (t_s: number): number => CURRENT_A * Math.exp(-t_s / CV_TAU_S);
      sim.run(options.cvHold_s, hold, 1, capacity_mAh, () => 4.2);
      counted_mAh += (CURRENT_A * 1000 * CV_TAU_S * (1 - Math.exp(-options.cvHold_s / CV_TAU_S))) / 3600;
      sim.eta_V = R_CT * CURRENT_A * Math.exp(-(sim.now_s - holdStart) / CV_TAU_S);
    }
    const charged_mAh = sim.lithium_mAh - chargedBefore_mAh;
    const endOfCharge_V = sim.voltage[sim.voltage.length - 1]!;
    restAt(600, endOfCharge_V, 4.12);
    const ce = CE_BY_CYCLE[index - 1] ?? CE_BY_CYCLE[CE_BY_CYCLE.length - 1]!;
    const discharge_mAh = ce * charged_mAh;
    const discharge_s = (discharge_mAh * 3600) / (CURRENT_A * 1000);
    const dischargeStart_s = sim.now_s;
    sim.run(
      discharge_s,
      () => -CURRENT_A,
      1,
      capacity_mAh,
      (s) => dischargeVoltage((s.now_s - dischargeStart_s) / discharge_s),
    );
    if (options.temperatureStepCycle === index) sim.targetTemperature_C = 60;
    restAt(600, 2.4, 3.0);
    truth.cycles.push({ index, charge_mAh: counted_mAh, discharge_mAh, start_s: cycleStart_s });
    capacity_mAh = discharge_mAh;
  }
  const times = Float64Array.from(sim.time);
  const lithium = Float64Array.from(sim.lithium);
  truth.lithiumOnCopper_mAh = (t_s) => interpolate(times, lithium, t_s);
  const series = emptySeries({
    file: `nca-lbhi-cu-60c${firstShort === null ? '' : '-softshort'}.mpt`,
    format: 'softshort-model',
    formatVersion: null,
    instrument: null,
    columns: [],
    bytes: 0,
  });
  series.rows = times.length;
  series.time_s = times;
  series.voltage_V = Float64Array.from(sim.voltage);
  series.current_A = Float64Array.from(sim.current);
  if (options.temperatureStepCycle !== undefined) series.temperature_C = Float64Array.from(sim.temperature);
  series.startTime = new Date(CYCLER_START_MS).toISOString();
  series.startTimeZoneKnown = true;
  return { series, truth };
}

function interpolate(times: Float64Array, values: Float64Array, t_s: number): number {
  if (t_s <= times[0]!) return values[0]!;
  let low = 0;
  let high = times.length - 1;
  if (t_s >= times[high]!) return values[high]!;
  while (high - low > 1) {
    const middle = (low + high) >> 1;
    if (times[middle]! <= t_s) low = middle;
    else high = middle;
  }
  const span = times[high]! - times[low]!;
  return span > 0
    ? values[low]! + ((values[high]! - values[low]!) * (t_s - times[low]!)) / span
    : values[high]!;
}

/** Stack pressure the model's logger would read at true test time t, MPa (no noise). */
export function modelPressure_MPa(truth: SoftShortTruth, t_s: number): number {
  return (
    STACK_PRESSURE_MPA +
    (PRESSURE_PER_MAH_CM2_MPA * truth.lithiumOnCopper_mAh(t_s - truth.pressureDelay_s)) / AREA_CM2
  );
}
