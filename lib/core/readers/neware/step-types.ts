/**
 * Neware step types: the numeric codes the binary files store and the names the CSV exports
 * write (English `CC Chg` / `CC_Chg`, Chinese `恒流充电`), mapped onto canonical `StepType` codes.
 *
 * Source of the numeric table: NewareNDA `dicts.py` (`state_dict`), which fastnda keeps unchanged.
 */
import { StepType, type StepTypeCode } from '../../series.ts';

export interface NewareStepKind {
  /** Neware's own name, as BTSDA shows it. */
  name: string;
  stepType: StepTypeCode;
}

/**
 * Numeric step codes of `.nda` / `.ndc` records. A constant-current–constant-voltage step (CCCV)
 * starts at constant current, which is the code it gets; constant-power and power-then-voltage
 * steps are `constantPower`.
 */
const stepKindByCode = new Map<number, NewareStepKind>([
  [1, { name: 'CC_Chg', stepType: StepType.constantCurrentCharge }],
  [2, { name: 'CC_DChg', stepType: StepType.constantCurrentDischarge }],
  [3, { name: 'CV_Chg', stepType: StepType.constantVoltageCharge }],
  [4, { name: 'Rest', stepType: StepType.rest }],
  [5, { name: 'Cycle', stepType: StepType.unknown }],
  [7, { name: 'CCCV_Chg', stepType: StepType.constantCurrentCharge }],
  [8, { name: 'CP_DChg', stepType: StepType.constantPower }],
  [9, { name: 'CP_Chg', stepType: StepType.constantPower }],
  [10, { name: 'CR_DChg', stepType: StepType.unknown }],
  [13, { name: 'Pause', stepType: StepType.rest }],
  [16, { name: 'Pulse', stepType: StepType.pulse }],
  [17, { name: 'SIM', stepType: StepType.unknown }],
  [19, { name: 'CV_DChg', stepType: StepType.constantVoltageDischarge }],
  [20, { name: 'CCCV_DChg', stepType: StepType.constantCurrentDischarge }],
  [21, { name: 'Control', stepType: StepType.unknown }],
  [22, { name: 'OCV', stepType: StepType.ocv }],
  [26, { name: 'CPCV_DChg', stepType: StepType.constantPower }],
  [27, { name: 'CPCV_Chg', stepType: StepType.constantPower }],
]);

/** The step kind of a binary step code, or null for a code Neware's tables do not list. */
export function stepKindOfCode(code: number): NewareStepKind | null {
  return stepKindByCode.get(code) ?? null;
}

/** Chinese names BTSDA writes in the `工步类型` column. */
const chineseNames: ReadonlyArray<readonly [string, StepTypeCode]> = [
  ['搁置', StepType.rest],
  ['静置', StepType.rest],
  ['暂停', StepType.rest],
  ['恒流充电', StepType.constantCurrentCharge],
  ['恒流放电', StepType.constantCurrentDischarge],
  ['恒压充电', StepType.constantVoltageCharge],
  ['恒压放电', StepType.constantVoltageDischarge],
  ['恒流恒压充电', StepType.constantCurrentCharge],
  ['恒流恒压放电', StepType.constantCurrentDischarge],
  ['恒功率充电', StepType.constantPower],
  ['恒功率放电', StepType.constantPower],
  ['脉冲', StepType.pulse],
  ['开路电压', StepType.ocv],
];

const stepTypeByName = new Map<string, StepTypeCode>();
for (const kind of stepKindByCode.values()) stepTypeByName.set(normaliseName(kind.name), kind.stepType);
for (const [name, stepType] of chineseNames) stepTypeByName.set(name, stepType);

/**
 * The `StepType` of a step name as a CSV export writes it: `CC Chg`, `CC_Chg`, `cccv dchg`,
 * `恒流充电`. Returns null for a name Neware's tables do not list.
 */
export function stepTypeOfName(name: string): StepTypeCode | null {
  return stepTypeByName.get(normaliseName(name)) ?? null;
}

/** Whether a step type moves charge into (+1) or out of (-1) the cell, 0 when it does neither or is unknown. */
export function chargeDirection(stepType: number): -1 | 0 | 1 {
  if (stepType === StepType.constantCurrentCharge || stepType === StepType.constantVoltageCharge) return 1;
  if (stepType === StepType.constantCurrentDischarge || stepType === StepType.constantVoltageDischarge)
    return -1;
  return 0;
}

function normaliseName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, '_');
}
