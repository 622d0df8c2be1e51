/**
 * Header names as cyclers and loggers write them, mapped to canonical fields. A header is
 * split into name and unit (`lib/core/units.ts`), the name is reduced to lowercase letters and
 * digits (`Test_Time`, `Test Time` and `TestTime` all become `testtime`) and looked up here.
 */
import type { AuxQuantity } from '../../series.ts';
import { type Quantity, splitHeaderUnit, type UnitInfo } from '../../units.ts';

export type CanonicalTarget =
  | 'time_s'
  | 'voltage_V'
  | 'current_A'
  | 'cycleIndex'
  | 'stepIndex'
  | 'temperature_C'
  | 'chargeCapacity_Ah'
  | 'dischargeCapacity_Ah'
  /** A single capacity counter whose direction follows the current (split into charge / discharge). */
  | 'capacity_Ah'
  /** Absolute date-time text. */
  | 'wallClock'
  /** MATLAB serial date number (days since year 0). */
  | 'datenum'
  /** Charge / discharge / rest state written as text. */
  | 'state'
  | 'aux:pressure'
  | 'aux:force'
  | 'aux:strain';

interface TargetInfo {
  /** Quantity the header's unit must have (null: the field takes no unit). */
  quantity: Quantity | null;
  /** Canonical unit assumed when the header states none. */
  defaultUnit: string | null;
}

export const targetInfo: Record<CanonicalTarget, TargetInfo> = {
  time_s: { quantity: 'time', defaultUnit: 's' },
  voltage_V: { quantity: 'voltage', defaultUnit: 'V' },
  current_A: { quantity: 'current', defaultUnit: 'A' },
  cycleIndex: { quantity: null, defaultUnit: null },
  stepIndex: { quantity: null, defaultUnit: null },
  temperature_C: { quantity: 'temperature', defaultUnit: '°C' },
  chargeCapacity_Ah: { quantity: 'charge', defaultUnit: 'Ah' },
  dischargeCapacity_Ah: { quantity: 'charge', defaultUnit: 'Ah' },
  capacity_Ah: { quantity: 'charge', defaultUnit: 'Ah' },
  wallClock: { quantity: null, defaultUnit: null },
  datenum: { quantity: 'time', defaultUnit: 'd' },
  state: { quantity: null, defaultUnit: null },
  'aux:pressure': { quantity: 'pressure', defaultUnit: null },
  'aux:force': { quantity: 'force', defaultUnit: null },
  'aux:strain': { quantity: 'dimensionless', defaultUnit: '1' },
};

/** Reduced header names per target; earlier names win when a file has several candidates. */
const synonyms: Record<CanonicalTarget, readonly string[]> = {
  time_s: [
    'testtime',
    'totaltime',
    'runtime',
    'elapsedtime',
    'cumulativetime',
    'time',
    'times',
    't',
    'timesec',
  ],
  voltage_V: ['voltage', 'cellvoltage', 'ewe', 'ecell', 'potential', 'u', 'v', 'volts', 'volt', 'ewev'],
  current_A: ['current', 'i', 'amps', 'amp', 'cellcurrent'],
  cycleIndex: [
    'cycleindex',
    'cycle',
    'cyclenumber',
    'cycleno',
    'cyc',
    'cyccount',
    'cyclecount',
    'cyclec',
    'cyclenr',
  ],
  stepIndex: ['stepindex', 'step', 'stepnumber', 'stepno', 'stepid', 'ns'],
  temperature_C: [
    'temperature',
    'temp',
    'celltemperature',
    'temperature1',
    'temp1',
    't1',
    'ambienttemperature',
  ],
  chargeCapacity_Ah: ['chargecapacity', 'chgcapacity', 'qcharge', 'chargeah', 'capacitycharge'],
  dischargeCapacity_Ah: [
    'dischargecapacity',
    'dchgcapacity',
    'qdischarge',
    'dischargeah',
    'capacitydischarge',
  ],
  capacity_Ah: ['capacity', 'amphr', 'ah', 'charge', 'q'],
  wallClock: [
    'datetime',
    'date',
    'timestamp',
    'dateandtime',
    'datetimeisostring',
    'absolutetime',
    'realtime',
    'dptime',
  ],
  datenum: ['datenum'],
  state: ['stepname', 'steptypename', 'command', 'mode', 'state', 'status'],
  'aux:pressure': ['pressure', 'stackpressure', 'appliedpressure'],
  'aux:force': ['force', 'load', 'appliedforce'],
  'aux:strain': ['strain', 'hoopstrain'],
};

const lookup = new Map<string, { target: CanonicalTarget; priority: number }>();
for (const [target, names] of Object.entries(synonyms) as [CanonicalTarget, readonly string[]][]) {
  names.forEach((name, priority) => {
    lookup.set(name, { target, priority });
  });
}

export interface HeaderMatch {
  target: CanonicalTarget;
  /** Lower is a better candidate among headers of the same target. */
  priority: number;
  unit: UnitInfo | null;
  /** The unit as written in the header, or null. */
  unitText: string | null;
}

export function reduceName(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * The canonical field a header names, with its unit. A unit of the wrong quantity is taken as
 * part of the name (`Cycle C` is Maccor's cycle counter, not a temperature).
 */
export function matchHeader(header: string): HeaderMatch | null {
  const split = splitHeaderUnit(header);
  const found = lookup.get(reduceName(split.name));
  if (found !== undefined && unitFits(found.target, split.unit)) {
    return { ...found, unit: split.unit, unitText: split.unitText };
  }
  const whole = lookup.get(reduceName(header));
  if (whole !== undefined) return { ...whole, unit: null, unitText: null };
  return null;
}

function unitFits(target: CanonicalTarget, unit: UnitInfo | null): boolean {
  if (unit === null) return true;
  return targetInfo[target].quantity === unit.quantity;
}

/** Aux quantity of an aux target. */
export function auxQuantityOf(target: CanonicalTarget): AuxQuantity | null {
  if (target === 'aux:pressure') return 'pressure';
  if (target === 'aux:force') return 'force';
  if (target === 'aux:strain') return 'strain';
  return null;
}
