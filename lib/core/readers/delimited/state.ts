/**
 * Charge / discharge state columns (Maccor `State` C/D/R, Landt `step_name`, BaSyTec `Command`,
 * Neware `Step Type`) and what they imply for the canonical columns: the sign of the current
 * (charge positive) and which capacity counter a row belongs to.
 */
import type { IssueSink } from '../../issues.ts';
import { message } from '../../messages.ts';
import { StepType, type StepTypeCode } from '../../series.ts';

/**
 * Step type of a state text. Single letters are Maccor's (C charge, D discharge, R rest; O and S
 * carry no mode). Words: `dis`/`dchg` discharge, `chg`/`charge` charge, `rest`/`pause`/`relax`
 * rest, `ocv` open circuit; `cv` without `cc` marks a constant-voltage step.
 */
export function classifyState(text: string): StepTypeCode {
  const state = text.trim().toLowerCase();
  if (state === 'c') return StepType.constantCurrentCharge;
  if (state === 'd') return StepType.constantCurrentDischarge;
  if (state === 'r') return StepType.rest;
  const constantVoltage = state.includes('cv') && !state.includes('cc');
  if (state.includes('dis') || state.includes('dchg') || state.includes('dch')) {
    return constantVoltage ? StepType.constantVoltageDischarge : StepType.constantCurrentDischarge;
  }
  if (state.includes('chg') || state.includes('charge')) {
    return constantVoltage ? StepType.constantVoltageCharge : StepType.constantCurrentCharge;
  }
  if (state.includes('ocv') || state.includes('open circuit')) return StepType.ocv;
  if (state.includes('rest') || state.includes('pause') || state.includes('relax')) return StepType.rest;
  return StepType.unknown;
}

/** +1 for charge step types, −1 for discharge, 0 otherwise. */
export function stateDirection(stepType: number): number {
  if (stepType === StepType.constantCurrentCharge || stepType === StepType.constantVoltageCharge) return 1;
  if (stepType === StepType.constantCurrentDischarge || stepType === StepType.constantVoltageDischarge)
    return -1;
  return 0;
}

/** Classifies state texts with a cache: files repeat a handful of distinct values millions of times. */
export function stateClassifier(): (text: string) => StepTypeCode {
  const cache = new Map<string, StepTypeCode>();
  return (text) => {
    let code = cache.get(text);
    if (code === undefined) {
      code = classifyState(text);
      cache.set(text, code);
    }
    return code;
  };
}

/**
 * Makes the current's sign follow the state column where it states charge or discharge:
 * `current_A = direction × |current_A|`. Rows whose sign changed are counted in one issue
 * (Maccor writes magnitudes; some exports write discharge as positive).
 */
export function applyStateSign(
  current_A: Float64Array,
  stepType: Uint8Array,
  file: string,
  column: string,
  convention: string,
  issues: IssueSink,
): void {
  let changed = 0;
  let firstChanged = -1;
  for (let row = 0; row < current_A.length; row++) {
    const direction = stateDirection(stepType[row]!);
    const value = current_A[row]!;
    if (direction === 0 || value === 0 || Number.isNaN(value)) continue;
    if (Math.sign(value) !== direction) {
      current_A[row] = -value;
      changed++;
      if (firstChanged < 0) firstChanged = row;
    }
  }
  if (changed > 0) {
    issues.add({
      code: 'sign_convention',
      severity: 'info',
      message: message.currentSignFlipped(convention),
      location: { file, column, row: firstChanged },
      count: changed,
    });
  }
}

/**
 * Splits one capacity counter into charge and discharge counters: a row's |capacity| goes to
 * the charge counter when the row charges (by state, else by current sign), to the discharge
 * counter when it discharges, and both are 0 otherwise (rest rows).
 */
export function splitCapacity(
  capacity_Ah: Float64Array,
  stepType: Uint8Array | null,
  current_A: Float64Array | null,
): { charge: Float64Array; discharge: Float64Array } {
  const rows = capacity_Ah.length;
  const charge = new Float64Array(rows);
  const discharge = new Float64Array(rows);
  for (let row = 0; row < rows; row++) {
    let direction = stepType === null ? 0 : stateDirection(stepType[row]!);
    if (direction === 0 && current_A !== null) direction = Math.sign(current_A[row]!) || 0;
    const magnitude = Math.abs(capacity_Ah[row]!);
    if (direction > 0) charge[row] = magnitude;
    else if (direction < 0) discharge[row] = magnitude;
  }
  return { charge, discharge };
}
