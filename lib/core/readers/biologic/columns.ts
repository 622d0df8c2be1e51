/**
 * The EC-Lab column vocabulary, shared by the `.mpt` and `.mpr` readers: what each column name
 * (`Ewe/V`, `<I>/mA`, `Q charge/discharge/mA.h` …) means for the canonical series, and the factor that
 * takes its values to the canonical unit. Names follow EC-Lab's text export; the `.mpr` column-id table
 * (`mpr-columns.ts`) uses the same names so both formats map through this one module.
 */
import type { AuxQuantity } from '../../series.ts';
import { parseUnit, type Quantity } from '../../units.ts';

/** What a column feeds in the canonical series. */
export type ColumnRole =
  | 'time'
  | 'voltage'
  | 'current'
  | 'step'
  | 'cycle'
  | 'zCycle'
  | 'halfCycle'
  | 'mode'
  | 'oxRed'
  /** Charge of the current half cycle, positive while charging, negative while discharging. */
  | 'chargeDischarge'
  | 'chargeOnly'
  | 'dischargeOnly'
  /** Net charge since the start, `(Q-Qo)`. */
  | 'netCharge'
  /** Charge passed since the previous row, `dq`. */
  | 'chargeIncrement'
  | 'temperature'
  | 'frequency'
  | 'zReal'
  /** EC-Lab writes −Im(Z), positive for capacitive arcs. */
  | 'zImagNegated'
  | 'aux';

export interface ColumnUse {
  role: ColumnRole;
  /** When two columns fill one role the lower rank wins (`Ewe` before `<Ewe>` before `Ecell`). */
  rank: number;
  /** Multiplier to the canonical unit (s, V, A, Ah, °C, Hz, Ω; aux: `auxUnit`). */
  scale: number;
  /** Unit as written in the name, or null. */
  unitText: string | null;
  /** For `aux`: the physical quantity of the channel. */
  auxQuantity?: AuxQuantity;
}

export type ColumnClass = { kind: 'used'; use: ColumnUse } | { kind: 'ignored' } | { kind: 'unknown' };

interface RoleRule {
  role: ColumnRole;
  rank?: number;
  /** Quantity the unit must have; null for a count without unit. */
  quantity: Quantity | null;
  auxQuantity?: AuxQuantity;
}

/** Names (the part before the unit) that cellreport uses. */
const RULES: Record<string, RoleRule> = {
  time: { role: 'time', quantity: 'time' },
  Ewe: { role: 'voltage', rank: 0, quantity: 'voltage' },
  '<Ewe>': { role: 'voltage', rank: 1, quantity: 'voltage' },
  Ecell: { role: 'voltage', rank: 2, quantity: 'voltage' },
  I: { role: 'current', rank: 0, quantity: 'current' },
  '<I>': { role: 'current', rank: 1, quantity: 'current' },
  Ns: { role: 'step', quantity: null },
  'cycle number': { role: 'cycle', quantity: null },
  'z cycle': { role: 'zCycle', quantity: null },
  'half cycle': { role: 'halfCycle', quantity: null },
  mode: { role: 'mode', quantity: null },
  'ox/red': { role: 'oxRed', quantity: null },
  'Q charge/discharge': { role: 'chargeDischarge', quantity: 'charge' },
  'Q charge': { role: 'chargeOnly', quantity: 'charge' },
  'Q discharge': { role: 'dischargeOnly', quantity: 'charge' },
  '(Q-Qo)': { role: 'netCharge', quantity: 'charge' },
  dq: { role: 'chargeIncrement', quantity: 'charge' },
  dQ: { role: 'chargeIncrement', quantity: 'charge' },
  Temperature: { role: 'temperature', quantity: 'temperature' },
  freq: { role: 'frequency', quantity: 'frequency' },
  'Re(Z)': { role: 'zReal', quantity: 'resistance' },
  '-Im(Z)': { role: 'zImagNegated', quantity: 'resistance' },
  Ece: { role: 'aux', quantity: 'voltage', auxQuantity: 'voltage' },
  '<Ece>': { role: 'aux', quantity: 'voltage', auxQuantity: 'voltage' },
  'Ewe-Ece': { role: 'aux', quantity: 'voltage', auxQuantity: 'voltage' },
  'Analog IN 1': { role: 'aux', quantity: 'voltage', auxQuantity: 'voltage' },
  'Analog IN 2': { role: 'aux', quantity: 'voltage', auxQuantity: 'voltage' },
  'Analog IN 3': { role: 'aux', quantity: 'voltage', auxQuantity: 'voltage' },
  control: { role: 'aux', quantity: 'voltage', auxQuantity: 'voltage' },
};

/** Set-points whose unit changes from step to step: kept as written. */
const MIXED_UNIT_AUX = new Set(['control/V/mA', 'control/mA']);

/** EC-Lab columns cellreport recognises but does not use (derived, diagnostic or display quantities). */
const IGNORED: readonly RegExp[] = [
  /^(error|control changes|Ns changes|counter inc\.|I Range|x|Tan\(Delta\)|Acir\/Dcir Control|Tech Num)$/,
  /^(step time|Capacity|Efficiency|P|Pwe|R|Rwe|Rcmp|Rapp|Rdc|Energy|Energy charge|Energy discharge|\|Energy\|)\/.+$/,
  /^(Capacitance charge|Capacitance discharge|Cs|Cp|Cs-2|Cp-2|Analog OUT|<Ecv>|<Estack>|Loss Angle\(Delta\))\/.+$/,
  /^(THD|NSD|NSR) \S+\/%$/,
  /^(Re|Im|-Im|Phase)\(.+\)/,
  /^\|.+\|/,
  /^<E\d>\/V$/,
];

/**
 * Classifies an EC-Lab column name: used (with role and unit factor), recognised but ignored, or
 * unknown. A name whose unit does not fit its quantity (`I/V`) is unknown rather than misread.
 */
export function classifyColumn(header: string): ColumnClass {
  const text = header.trim();
  if (MIXED_UNIT_AUX.has(text)) {
    return { kind: 'used', use: { role: 'aux', rank: 0, scale: 1, unitText: null, auxQuantity: 'other' } };
  }
  const { name, unitText } = splitEcLabName(text);
  const rule = RULES[name];
  if (rule) {
    const use = useOf(rule, unitText);
    if (use) return { kind: 'used', use };
  }
  if (IGNORED.some((pattern) => pattern.test(text))) return { kind: 'ignored' };
  return { kind: 'unknown' };
}

function useOf(rule: RoleRule, unitText: string | null): ColumnUse | null {
  const base = { role: rule.role, rank: rule.rank ?? 0, unitText };
  const withAux = rule.auxQuantity ? { ...base, auxQuantity: rule.auxQuantity } : base;
  if (rule.quantity === null) return unitText === null ? { ...withAux, scale: 1 } : null;
  if (unitText === null) return null;
  const scale = unitScale(unitText, rule.quantity);
  return scale === null ? null : { ...withAux, scale };
}

/**
 * Factor from `unitText` to the canonical unit of `quantity`. EC-Lab writes charge in `mA.h` or
 * coulomb as a bare `C`, which the shared unit table reads as Celsius, so charge is resolved here.
 */
function unitScale(unitText: string, quantity: Quantity): number | null {
  if (quantity === 'charge' && unitText === 'C') return 1 / 3600;
  if (quantity === 'charge' && unitText === 'mC') return 1e-3 / 3600;
  const unit = parseUnit(unitText);
  return unit !== null && unit.quantity === quantity ? unit.scale : null;
}

/**
 * Splits `Q charge/discharge/mA.h` into name and unit at the last slash. Names without a unit
 * (`mode`, `ox/red`, `cycle number`) come back whole.
 */
export function splitEcLabName(text: string): { name: string; unitText: string | null } {
  if (RULES[text]?.quantity === null) return { name: text, unitText: null };
  const slash = text.lastIndexOf('/');
  if (slash <= 0) return { name: text, unitText: null };
  return { name: text.slice(0, slash).trim(), unitText: text.slice(slash + 1).trim() };
}
