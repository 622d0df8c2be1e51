/**
 * Steps from the current: a step is a stretch of rows with one current direction and one mode
 * (rest, constant current, constant voltage). Detected from the data, then cross-checked against
 * the instrument's own step column where the file has one.
 *
 * Convention (series.ts): current > 0 is charge / oxidation at the working electrode.
 */
import type { DataIssue } from '../issues.ts';
import { message } from '../messages.ts';
import { type CanonicalSeries, StepType } from '../series.ts';
import { currentThreshold } from './threshold.ts';

export type StepKind =
  | 'rest'
  | 'ocv'
  | 'constantCurrentCharge'
  | 'constantCurrentDischarge'
  | 'constantVoltageCharge'
  | 'constantVoltageDischarge';

/** +1 charge, −1 discharge, 0 no current. */
export type Direction = 1 | -1 | 0;

export interface Step {
  /** 1-based, in time order. */
  number: number;
  kind: StepKind;
  direction: Direction;
  /** First and last row of the step (inclusive). */
  firstRow: number;
  lastRow: number;
  startTime_s: number;
  endTime_s: number;
  /** ∫ I dt over the step by the trapezoidal rule between the step's own rows, A·s (signed). */
  chargeIntegral_As: number;
  /** ∫ I·V dt with V the measured cell voltage, W·s (signed); null without a voltage column. */
  energyIntegral_Ws: number | null;
  /** Measured cell voltage at the first / last row, V; null without a voltage column. */
  startVoltage_V: number | null;
  endVoltage_V: number | null;
  /** The instrument's step number at the first row, when the file has a step column. */
  instrumentStep: number | null;
}

export interface StepSegmentation {
  steps: Step[];
  /** |I| at or below this is no current, A. */
  threshold_A: number;
  issues: DataIssue[];
}

export interface StepOptions {
  /** Overrides the threshold derived from the data, A. */
  threshold_A?: number;
}

/** Fraction of the constant-current level below which a decaying current counts as constant-voltage. */
const CV_DECAY_FRACTION = 0.9;
/** A constant-voltage stretch keeps its voltage within max(10 mV, 0.5 % of V) (standard deviation). */
const CV_FLAT_ABSOLUTE_V = 0.01;
const CV_FLAT_RELATIVE = 0.005;
/** Bins of the per-run current histogram whose fullest bin gives the constant-current level. */
const LEVEL_BINS = 100;

/** Capacity of a step, mAh: |∫ I dt| / 3.6 (1 mAh = 3.6 A·s). */
export function stepCapacity_mAh(step: Step): number {
  return Math.abs(step.chargeIntegral_As) / 3.6;
}

/**
 * Segments a series into steps. The no-current threshold comes from the data
 * (`currentThreshold`); a step never spans a change of current direction. Within one direction,
 * a tail where the current decays below the run's constant-current level while the voltage
 * stays flat becomes a constant-voltage step.
 */
export function segmentSteps(series: CanonicalSeries, options: StepOptions = {}): StepSegmentation {
  const current = series.current_A;
  const rows = series.rows;
  if (current === null) return { steps: openCircuitSteps(series), threshold_A: 0, issues: [] };
  const threshold_A = options.threshold_A ?? currentThreshold(current, rows).threshold_A;
  const steps: Step[] = [];
  let runStart = 0;
  let runDirection = rows > 0 ? directionOf(current[0]!, threshold_A, 0) : 0;
  for (let row = 1; row <= rows; row++) {
    const direction = row < rows ? directionOf(current[row]!, threshold_A, runDirection) : null;
    if (direction === runDirection) continue;
    for (const [first, last, kind] of splitRun(series, runStart, row - 1, runDirection)) {
      // A constant-voltage tail continues its constant-current part: the interval between them is its own.
      const integrateFrom = first > runStart ? first - 1 : first;
      const endsRun = last === row - 1;
      steps.push(
        measureStep(series, steps.length + 1, first, last, runDirection, kind, integrateFrom, endsRun),
      );
    }
    runStart = row;
    runDirection = direction ?? 0;
  }
  return { steps, threshold_A, issues: crossCheckSteps(series, steps) };
}

/** A NaN current continues the step it falls in rather than breaking it. */
function directionOf(current_A: number, threshold_A: number, previous: Direction): Direction {
  if (current_A > threshold_A) return 1;
  if (current_A < -threshold_A) return -1;
  return Number.isNaN(current_A) ? previous : 0;
}

function openCircuitSteps(series: CanonicalSeries): Step[] {
  if (series.rows === 0) return [];
  return [measureStep(series, 1, 0, series.rows - 1, 0, 'ocv', 0)];
}

function restKind(series: CanonicalSeries, first: number, last: number): StepKind {
  const types = series.stepType;
  if (types === null) return 'rest';
  const middle = (first + last) >>> 1;
  return types[middle] === StepType.ocv ? 'ocv' : 'rest';
}

/** Splits one same-direction run into a constant-current part and a constant-voltage tail. */
function splitRun(
  series: CanonicalSeries,
  first: number,
  last: number,
  direction: Direction,
): [number, number, StepKind][] {
  if (direction === 0) return [[first, last, restKind(series, first, last)]];
  const cc: StepKind = direction > 0 ? 'constantCurrentCharge' : 'constantCurrentDischarge';
  const cv: StepKind = direction > 0 ? 'constantVoltageCharge' : 'constantVoltageDischarge';
  const voltage = series.voltage_V;
  if (voltage === null || last - first < 8) return [[first, last, cc]];
  const current = series.current_A!;
  const level = constantCurrentLevel(current, first, last);
  const decayStart = sustainedDecayStart(current, first, last, level * CV_DECAY_FRACTION);
  if (decayStart === null) return [[first, last, cc]];
  if (!isFlat(voltage, decayStart, last)) return [[first, last, cc]];
  if (decayStart === first) return [[first, last, cv]];
  return [
    [first, decayStart - 1, cc],
    [decayStart, last, cv],
  ];
}

/** The most populated bin of |I| in the run: a constant current piles its rows into one bin. */
function constantCurrentLevel(current: Float64Array, first: number, last: number): number {
  let max = 0;
  for (let row = first; row <= last; row++) {
    const magnitude = Math.abs(current[row]!);
    if (magnitude > max) max = magnitude;
  }
  const counts = new Uint32Array(LEVEL_BINS);
  for (let row = first; row <= last; row++) {
    const magnitude = Math.abs(current[row]!);
    if (Number.isNaN(magnitude)) continue;
    counts[Math.min(LEVEL_BINS - 1, Math.floor((magnitude / max) * LEVEL_BINS))]!++;
  }
  let best = 0;
  for (let bin = 1; bin < LEVEL_BINS; bin++) if (counts[bin]! > counts[best]!) best = bin;
  return ((best + 0.5) / LEVEL_BINS) * max;
}

/**
 * First row of a stretch that stays below `below_A` to the end of the run, allowing brief
 * excursions (noise) back above it: the stretch must hold at least 5 rows or 1 % of the run
 * in a row below the level before it counts, and the run must end below it.
 */
function sustainedDecayStart(
  current: Float64Array,
  first: number,
  last: number,
  below_A: number,
): number | null {
  const needed = Math.max(5, Math.floor((last - first + 1) * 0.01));
  if (!(Math.abs(current[last]!) < below_A)) return null;
  let streak = 0;
  for (let row = first; row <= last; row++) {
    if (Math.abs(current[row]!) < below_A) {
      streak++;
      if (streak >= needed) return row - streak + 1;
    } else {
      streak = 0;
    }
  }
  return null;
}

function isFlat(voltage: Float64Array, first: number, last: number): boolean {
  let sum = 0;
  let sumSquares = 0;
  let count = 0;
  for (let row = first; row <= last; row++) {
    const value = voltage[row]!;
    if (Number.isNaN(value)) continue;
    sum += value;
    sumSquares += value * value;
    count++;
  }
  if (count < 3) return false;
  const mean = sum / count;
  const deviation = Math.sqrt(Math.max(0, sumSquares / count - mean * mean));
  return deviation <= Math.max(CV_FLAT_ABSOLUTE_V, CV_FLAT_RELATIVE * Math.abs(mean));
}

function measureStep(
  series: CanonicalSeries,
  number: number,
  first: number,
  last: number,
  direction: Direction,
  kind: StepKind,
  integrateFrom: number,
  endsRun = true,
): Step {
  const time = series.time_s;
  const current = series.current_A;
  const voltage = series.voltage_V;
  let charge_As = 0;
  let energy_Ws = 0;
  if (current !== null && direction !== 0) {
    // The sampled rows start after, and stop before, the instrument switched: the intervals that
    // straddle a change of run carry this step's share of the current too (see `boundaryShare`).
    const boundaries: number[] = [];
    if (integrateFrom === first && first > 0) boundaries.push(first);
    if (endsRun && last + 1 < series.rows) boundaries.push(last + 1);
    for (const row of boundaries) {
      const dt = time[row]! - time[row - 1]!;
      const share_As = boundaryShare(current[row - 1]!, current[row]!, dt, direction);
      if (Number.isNaN(share_As)) continue;
      charge_As += share_As;
      if (voltage !== null) {
        const meanVoltage = 0.5 * (voltage[row]! + voltage[row - 1]!);
        if (!Number.isNaN(meanVoltage)) energy_Ws += share_As * meanVoltage;
      }
    }
  }
  if (current !== null) {
    for (let row = integrateFrom + 1; row <= last; row++) {
      const dt = time[row]! - time[row - 1]!;
      const meanCurrent = 0.5 * (current[row]! + current[row - 1]!);
      if (Number.isNaN(meanCurrent) || Number.isNaN(dt)) continue;
      charge_As += meanCurrent * dt;
      if (voltage !== null) {
        const power = 0.5 * (current[row]! * voltage[row]! + current[row - 1]! * voltage[row - 1]!);
        if (!Number.isNaN(power)) energy_Ws += power * dt;
      }
    }
  }
  return {
    number,
    kind,
    direction,
    firstRow: first,
    lastRow: last,
    startTime_s: time[first]!,
    endTime_s: time[last]!,
    chargeIntegral_As: charge_As,
    energyIntegral_Ws: voltage === null ? null : energy_Ws,
    startVoltage_V: voltage === null ? null : voltage[first]!,
    endVoltage_V: voltage === null ? null : voltage[last]!,
    instrumentStep: series.stepIndex === null ? null : series.stepIndex[first]!,
  };
}

/**
 * This step's share of ∫ I dt over one interval that straddles a change of run, I taken linear
 * between the two samples (the trapezoidal rule): the part of the interval where the current has
 * the step's direction. Against a rest (I ≈ 0) that is the whole trapezoid, the unbiased estimate
 * when the switch fell anywhere in the interval; against an opposite step the interval is split
 * at the zero crossing, so no charge is counted across a sign change.
 */
function boundaryShare(before_A: number, after_A: number, dt_s: number, direction: Direction): number {
  const a = direction * before_A;
  const b = direction * after_A;
  if (a >= 0 && b >= 0) return direction * 0.5 * (a + b) * dt_s;
  if (a <= 0 && b <= 0) return 0;
  const crossing = a / (a - b);
  return direction * (a > 0 ? 0.5 * a * crossing * dt_s : 0.5 * b * (1 - crossing) * dt_s);
}

/**
 * A disagreement is an instrument step that holds both a charge and a discharge: the detected
 * direction changed while the instrument's step number did not. One issue, counted.
 */
function crossCheckSteps(series: CanonicalSeries, steps: Step[]): DataIssue[] {
  const stepIndex = series.stepIndex;
  if (stepIndex === null) return [];
  let count = 0;
  let firstRow = -1;
  let firstStep = 0;
  let previous: Step | null = null;
  for (const step of steps) {
    if (step.direction === 0) continue;
    if (previous !== null && previous.direction !== step.direction) {
      if (stepIndex[previous.lastRow] === stepIndex[step.firstRow]) {
        if (count === 0) {
          firstRow = step.firstRow;
          firstStep = stepIndex[step.firstRow]!;
        }
        count++;
      }
    }
    previous = step;
  }
  if (count === 0) return [];
  return [
    {
      code: 'step_disagreement',
      severity: 'warning',
      message: message.stepDisagreement(
        message.directionChangeInsideStep(firstStep, series.time_s[firstRow]!),
      ),
      location: { file: series.provenance.file, row: firstRow, column: 'stepIndex' },
      count,
    },
  ];
}
