/**
 * Soft-short detection on the charges of one cell (DESIGN §4: voltage fluctuations during charge
 * that the stack pressure follows, sharper in dV/dQ, a last charge that never completes).
 *
 * Evidence, each on the charges only:
 * - `voltageReversal`: the voltage falls by more than the cell's own noise floor under constant
 *   charging current after having risen (reversals.ts; noise.ts for the floor);
 * - `dVdQSpike`: dV/dQ turns sharply negative (dvdq.ts);
 * - `incompleteCharge`: a charge that passed more than 1.2 × the median charge capacity of the
 *   last three earlier healthy charges that reached their cut-off (at least two), without
 *   reaching its own (an anode-free cell's capacity fades, and a shorted charge passes more than
 *   the cathode takes, so neither older nor shorted charges make a fair reference);
 * - `coulombicEfficiencyAbove100` / `coulombicEfficiencyDrop`: a complete cycle (after the first)
 *   with CE above 100.5 %, or more than max(3 %, 5 × MAD) below the median CE of the earlier
 *   complete cycles after the first (at least two). A rate or temperature change between charge and
 *   discharge moves CE as much, so these only corroborate an event of the same cycle; they never
 *   raise one alone;
 * - `pressureFollows`: the stack pressure falls with the voltage across the event by more than
 *   the logger's own noise floor (8 σ of its successive differences).
 * An event from a reversal is stage III by definition; other events take the stage of the window
 * they end in. Confidence is `high` when the pressure confirms the stage, `lower` from the voltage
 * alone.
 */
import type { CycleAnalysis, HalfCycle } from '../cycling/cycles.ts';
import { differentialCurves } from '../cycling/differential.ts';
import { message } from '../messages.ts';
import type { CanonicalSeries } from '../series.ts';
import { type DvdqSpike, dvdqSpikes } from './dvdq.ts';
import { median, medianOf5, type NoiseFloor, noiseFloor } from './noise.ts';
import { type Reversal, reversalsOf } from './reversals.ts';
import {
  type NormalRates,
  type SoftShortStage,
  type StageWindow,
  type StretchSignals,
  stageCharge,
} from './stages.ts';
import { constantCurrentStretches } from './stretches.ts';

export type SoftShortEvidence =
  | 'voltageReversal'
  | 'dVdQSpike'
  | 'incompleteCharge'
  | 'coulombicEfficiencyAbove100'
  | 'coulombicEfficiencyDrop'
  | 'pressureFollows';

export type SoftShortConfidence = 'high' | 'lower';

export interface SoftShortEvent {
  cycle: number;
  firstRow: number;
  lastRow: number;
  /** Cycler time of the event's start and end, s. */
  start_s: number;
  end_s: number;
  /** Fall of the voltage across the event, mV; null for an incomplete charge. */
  magnitude_mV: number | null;
  /** Fall of the stack pressure across the event, MPa; null without pressure data there. */
  magnitude_MPa: number | null;
  evidence: SoftShortEvidence[];
  stage: SoftShortStage | null;
  confidence: SoftShortConfidence;
  /** One line for the report, from the message catalogue. */
  description: string;
}

export interface ShortedCharge {
  cycle: number;
  start_s: number;
  end_s: number;
  incomplete: boolean;
  /** Stage windows over the charge's constant-current rows; empty when no stage could be told. */
  stages: StageWindow[];
}

export interface SoftShortAnalysis {
  events: SoftShortEvent[];
  charges: ShortedCharge[];
  /** The first cycle with an event; null when none. */
  firstCycle: number | null;
  /** The voltage noise floor used; null without constant-current charges. */
  noise: NoiseFloor | null;
  warnings: string[];
}

export interface SoftShortInput {
  series: CanonicalSeries;
  cycles: CycleAnalysis;
  /** Stack pressure on the cycler rows, MPa (NaN where the log has no data); null without a log. */
  pressure_MPa: Float64Array | null;
}

const INCOMPLETE_FACTOR = 1.2;
/** The incomplete-charge reference is the median of this many latest healthy complete charges. */
const RECENT_CHARGES = 3;
const CE_ABOVE_LIMIT = 1.005;
const CE_DROP_MIN = 0.03;
const CE_DROP_MADS = 5;
const PRESSURE_NOISE_SIGMAS = 8;
const MAD_TO_SIGMA = 1.4826;

interface ChargeScan {
  cycle: number;
  charge: HalfCycle;
  signals: StretchSignals[];
  reversals: Reversal[];
  spikes: DvdqSpike[];
  incomplete: { capacity_mAh: number; reference_mAh: number } | null;
}

export function detectSoftShorts(input: SoftShortInput): SoftShortAnalysis {
  const { series, cycles } = input;
  const warnings: string[] = [];
  const empty: SoftShortAnalysis = { events: [], charges: [], firstCycle: null, noise: null, warnings };
  if (series.voltage_V === null || series.current_A === null) return empty;
  const charges = cycles.details.flatMap((detail) =>
    detail.charge ? [{ cycle: detail.index, charge: detail.charge }] : [],
  );
  const stretchesByCycle = charges.map(({ cycle, charge }) =>
    constantCurrentStretches(series, cycle, charge),
  );
  const allStretches = stretchesByCycle.flat();
  if (allStretches.length === 0) return empty;
  const noise = noiseFloor(series, allStretches);
  const pressure = input.pressure_MPa;
  const hasPressure = pressure?.some((value) => !Number.isNaN(value)) === true;

  const scans: ChargeScan[] = charges.map(({ cycle, charge }, index) => {
    const signals = stretchesByCycle[index]!.map((stretch) => ({
      stretch,
      smoothed: medianOf5(series.voltage_V!, stretch.firstRow, stretch.lastRow),
    }));
    return {
      cycle,
      charge,
      signals,
      reversals: signals.flatMap(({ stretch, smoothed }) =>
        reversalsOf(series, stretch, smoothed, noise.floor_V),
      ),
      spikes: signals.flatMap(({ stretch, smoothed }) =>
        dvdqSpikes(series, stretch, smoothed, noise.floor_V),
      ),
      incomplete: null,
    };
  });
  // The reference is what healthy charges pass: shorted charges before it pass more than they should.
  scans.forEach((scan, index) => {
    const earlierHealthy = scans
      .slice(0, index)
      .filter((earlier) => earlier.reversals.length === 0 && earlier.spikes.length === 0)
      .map((earlier) => earlier.charge);
    scan.incomplete = incompleteCharge(earlierHealthy, scan.charge);
  });

  const flagged = (scan: ChargeScan): boolean =>
    scan.reversals.length > 0 || scan.spikes.length > 0 || scan.incomplete !== null;
  const healthy = scans.filter((scan) => !flagged(scan) && isOnCutoff(scan.charge));
  const pressureSigma = hasPressure
    ? pressureNoise(
        pressure!,
        healthy.map((scan) => scan.charge),
      )
    : null;
  const ceEvidence = coulombicEfficiencyEvidence(cycles);

  const events: SoftShortEvent[] = [];
  const shorted: ShortedCharge[] = [];
  for (const scan of scans.filter(flagged)) {
    const rates = normalRates(series, healthy, scan.cycle, hasPressure ? pressure : null);
    const stages = stageCharge(
      series,
      scan.signals,
      scan.reversals,
      rates,
      hasPressure ? pressure : null,
      scan.incomplete !== null,
    );
    shorted.push({
      cycle: scan.cycle,
      start_s: scan.charge.startTime_s,
      end_s: scan.charge.endTime_s,
      incomplete: scan.incomplete !== null,
      stages,
    });
    const cycleEvents = eventsOfCharge(series, scan, stages, pressure, pressureSigma);
    for (const event of cycleEvents) event.evidence.push(...(ceEvidence.get(scan.cycle) ?? []));
    for (const event of cycleEvents)
      event.description = message.softShortEvent(
        event.cycle,
        event.start_s,
        event.end_s,
        event.stage,
        event.evidence,
        event.magnitude_mV,
        event.magnitude_MPa,
      );
    events.push(...cycleEvents);
    if (scan.incomplete) {
      warnings.push(
        message.softShortIncompleteCharge(
          scan.cycle,
          scan.incomplete.capacity_mAh,
          scan.incomplete.reference_mAh,
        ),
      );
    }
  }
  const firstCycle = events.length ? Math.min(...events.map((event) => event.cycle)) : null;
  if (firstCycle !== null) {
    const shortedCycles = [...new Set(events.map((event) => event.cycle))];
    warnings.unshift(message.softShortFirstCycle(firstCycle, shortedCycles));
    if (!hasPressure) warnings.push(message.softShortStagesFromVoltage());
  }
  return { events, charges: shorted, firstCycle, noise, warnings };
}

function isOnCutoff(half: HalfCycle): boolean {
  return half.endReason === 'voltageCutoff' || half.endReason === 'constantVoltage';
}

function incompleteCharge(
  earlier: readonly HalfCycle[],
  charge: HalfCycle,
): { capacity_mAh: number; reference_mAh: number } | null {
  if (isOnCutoff(charge)) return null;
  const complete = earlier
    .filter(isOnCutoff)
    .map((half) => half.capacity_mAh)
    .slice(-RECENT_CHARGES);
  if (complete.length < 2) return null;
  const reference_mAh = median(complete);
  return charge.capacity_mAh > INCOMPLETE_FACTOR * reference_mAh
    ? { capacity_mAh: charge.capacity_mAh, reference_mAh }
    : null;
}

function coulombicEfficiencyEvidence(cycles: CycleAnalysis): Map<number, SoftShortEvidence[]> {
  const evidence = new Map<number, SoftShortEvidence[]>();
  const earlier: number[] = [];
  for (const cycle of cycles.cycles) {
    const ce = cycle.coulombicEfficiency;
    if (!cycle.complete || ce === null || cycle.index < 2) continue;
    const found: SoftShortEvidence[] = [];
    if (ce > CE_ABOVE_LIMIT) found.push('coulombicEfficiencyAbove100');
    if (earlier.length >= 2) {
      const reference = median(earlier);
      const spread = MAD_TO_SIGMA * median(earlier.map((value) => Math.abs(value - reference)));
      if (ce < reference - Math.max(CE_DROP_MIN, CE_DROP_MADS * spread))
        found.push('coulombicEfficiencyDrop');
    }
    if (found.length) evidence.set(cycle.index, found);
    earlier.push(ce);
  }
  return evidence;
}

/** Robust per-sample noise of the pressure over the healthy charges, MPa; null when unknown. */
function pressureNoise(pressure: Float64Array, charges: readonly HalfCycle[]): number | null {
  const differences: number[] = [];
  for (const charge of charges) {
    for (let row = charge.firstRow + 1; row <= charge.lastRow; row++) {
      const difference = pressure[row]! - pressure[row - 1]!;
      if (!Number.isNaN(difference)) differences.push(difference);
    }
  }
  if (differences.length < 10) return null;
  const center = median(differences);
  return (MAD_TO_SIGMA * median(differences.map((value) => Math.abs(value - center)))) / Math.SQRT2;
}

/** Normal rates from the healthy charge nearest in cycle number, and the healthy charges' ΔP per charge. */
function normalRates(
  series: CanonicalSeries,
  healthy: readonly ChargeScan[],
  cycle: number,
  pressure: Float64Array | null,
): NormalRates {
  let voltageSlope: NormalRates['voltageSlope'] = null;
  const nearest = [...healthy].sort(
    (a, b) => Math.abs(a.cycle - cycle) - Math.abs(b.cycle - cycle) || a.cycle - b.cycle,
  )[0];
  const longest = nearest?.signals.reduce<StretchSignals | null>(
    (best, signal) =>
      best === null ||
      signal.stretch.lastRow - signal.stretch.firstRow > best.stretch.lastRow - best.stretch.firstRow
        ? signal
        : best,
    null,
  );
  if (longest) voltageSlope = slopeAtVoltage(series, longest);
  let pressurePerCharge_MPa_per_mAh: number | null = null;
  if (pressure !== null) {
    const ratios = healthy.flatMap((scan) => {
      const change = pressure[scan.charge.lastRow]! - pressure[scan.charge.firstRow]!;
      return Number.isNaN(change) || !(scan.charge.capacity_mAh > 0)
        ? []
        : [change / scan.charge.capacity_mAh];
    });
    const ratio = ratios.length ? median(ratios) : Number.NaN;
    if (ratio > 0) pressurePerCharge_MPa_per_mAh = ratio;
  }
  return { voltageSlope, pressurePerCharge_MPa_per_mAh };
}

/** dV/dQ of a healthy stretch as a function of its voltage (first grid point reaching it). */
function slopeAtVoltage(
  series: CanonicalSeries,
  signal: StretchSignals,
): ((voltage_V: number) => number) | null {
  const { stretch, smoothed } = signal;
  const current = series.current_A!;
  const time = series.time_s;
  const capacity = new Float64Array(smoothed.length);
  for (let row = stretch.firstRow + 1; row <= stretch.lastRow; row++) {
    const increment = (0.5 * (current[row]! + current[row - 1]!) * (time[row]! - time[row - 1]!)) / 3.6;
    capacity[row - stretch.firstRow] = capacity[row - stretch.firstRow - 1]! + Math.max(0, increment);
  }
  const curves = differentialCurves({
    cycle: stretch.cycle,
    direction: 1,
    capacity_mAh: capacity,
    voltage_V: smoothed,
  });
  if (curves === null) return null;
  const envelope = new Float64Array(curves.voltage_V.length);
  let highest = Number.NEGATIVE_INFINITY;
  curves.voltage_V.forEach((value, index) => {
    highest = Math.max(highest, value);
    envelope[index] = highest;
  });
  const slopes = curves.dVdQ_V_per_mAh;
  return (voltage_V) => {
    if (voltage_V < envelope[0]! || voltage_V > envelope[envelope.length - 1]!) return Number.NaN;
    let low = 0;
    let high = envelope.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (envelope[middle]! < voltage_V) low = middle + 1;
      else high = middle;
    }
    return slopes[low]!;
  };
}

function eventsOfCharge(
  series: CanonicalSeries,
  scan: ChargeScan,
  stages: readonly StageWindow[],
  pressure: Float64Array | null,
  pressureSigma: number | null,
): SoftShortEvent[] {
  const time = series.time_s;
  const voltage = series.voltage_V!;
  const stageAt = (row: number): StageWindow | null =>
    stages.find((window) => row >= window.firstRow && row <= window.lastRow) ??
    [...stages].reverse().find((window) => window.lastRow <= row) ??
    null;
  const pressureFall = (first: number, last: number): number | null => {
    if (pressure === null) return null;
    const start = pressure[first]!;
    let lowest = Number.NaN;
    for (let row = first; row <= last; row++) {
      const value = pressure[row]!;
      if (!Number.isNaN(value) && !(value >= lowest)) lowest = value;
    }
    return Number.isNaN(start) || Number.isNaN(lowest) ? null : start - lowest;
  };
  const follows = (fall_MPa: number | null): boolean =>
    fall_MPa !== null && pressureSigma !== null && fall_MPa > PRESSURE_NOISE_SIGMAS * pressureSigma;
  const make = (
    firstRow: number,
    lastRow: number,
    magnitude_mV: number | null,
    evidence: SoftShortEvidence[],
    stage: SoftShortStage | null,
  ): SoftShortEvent => {
    const magnitude_MPa = magnitude_mV === null ? null : pressureFall(firstRow, lastRow);
    if (follows(magnitude_MPa)) evidence.push('pressureFollows');
    const window = stageAt(lastRow);
    const jointly = window?.basis === 'voltageAndPressure' && window.pressureAgrees === true;
    return {
      cycle: scan.cycle,
      firstRow,
      lastRow,
      start_s: time[firstRow]!,
      end_s: time[lastRow]!,
      magnitude_mV,
      magnitude_MPa,
      evidence,
      stage,
      confidence: jointly || evidence.includes('pressureFollows') ? 'high' : 'lower',
      description: '',
    };
  };
  const events = scan.reversals.map((reversal) =>
    make(reversal.peakRow, reversal.troughRow, reversal.drop_V * 1000, ['voltageReversal'], 'III'),
  );
  for (const spike of scan.spikes) {
    const overlapping = events.find(
      (event) => spike.firstRow <= event.lastRow && spike.lastRow >= event.firstRow,
    );
    if (overlapping) {
      if (!overlapping.evidence.includes('dVdQSpike')) overlapping.evidence.push('dVdQSpike');
      continue;
    }
    const drop_mV = (voltage[spike.firstRow]! - voltage[spike.lastRow]!) * 1000;
    events.push(
      make(spike.firstRow, spike.lastRow, drop_mV, ['dVdQSpike'], stageAt(spike.lastRow)?.stage ?? null),
    );
  }
  if (scan.incomplete) {
    const { firstRow, lastRow } = scan.charge;
    events.push(make(firstRow, lastRow, null, ['incompleteCharge'], stageAt(lastRow)?.stage ?? null));
  }
  return events.sort((a, b) => a.firstRow - b.firstRow);
}
