/**
 * Battery Data Format (BDF, battery-data-alliance) column names: the human labels
 * (`Test Time / s`) and the machine names (`test_time_second`), both mapped to canonical fields.
 * A label is `Name / unit`; a machine name is `name_unitword`. Quantities are matched on the
 * name reduced to lowercase letters (`testtime`, `chargingcapacity`).
 */
import { parseUnit, type UnitInfo } from '../../units.ts';

export type BdfTarget =
  | 'time_s'
  | 'unixTime_s'
  | 'voltage_V'
  | 'current_A'
  | 'cycleIndex'
  | 'stepIndex'
  | 'temperature_C'
  | 'chargeCapacity_Ah'
  | 'dischargeCapacity_Ah'
  | 'aux:pressure'
  | 'aux:temperature';

const NAMES: Record<string, BdfTarget> = {
  testtime: 'time_s',
  unixtime: 'unixTime_s',
  voltage: 'voltage_V',
  current: 'current_A',
  cyclecount: 'cycleIndex',
  cycle: 'cycleIndex',
  cycleindex: 'cycleIndex',
  stepcount: 'stepIndex',
  stepindex: 'stepIndex',
  step: 'stepIndex',
  ambienttemperature: 'temperature_C',
  chargingcapacity: 'chargeCapacity_Ah',
  dischargingcapacity: 'dischargeCapacity_Ah',
  appliedpressure: 'aux:pressure',
  surfacepressure: 'aux:pressure',
  surfacetemperature: 'aux:temperature',
};

/** Unit words of machine names, longest first so `ampere_hour` wins over `hour`. */
const MACHINE_UNITS: readonly [string, string][] = [
  ['ampere_hour', 'Ah'],
  ['watt_hour', 'Wh'],
  ['millisecond', 'ms'],
  ['second', 's'],
  ['volt', 'V'],
  ['ampere', 'A'],
  ['celsius', 'degC'],
  ['pascal', 'Pa'],
  ['ah', 'Ah'],
  ['wh', 'Wh'],
  ['pa', 'Pa'],
  ['dimensionless', '1'],
];

export interface BdfColumn {
  target: BdfTarget | null;
  /** Name without unit, as written. */
  name: string;
  unit: UnitInfo | null;
  unitText: string | null;
}

/** Parses one BDF header field. */
export function parseBdfHeader(header: string): BdfColumn {
  const text = header.trim();
  const slash = text.lastIndexOf(' / ');
  if (slash >= 0) {
    const name = text.slice(0, slash).trim();
    const unitText = text.slice(slash + 3).trim();
    return { target: NAMES[reduce(name)] ?? null, name, unit: parseUnit(unitText), unitText };
  }
  for (const [word, symbol] of MACHINE_UNITS) {
    if (text.toLowerCase().endsWith(`_${word}`)) {
      const name = text.slice(0, -(word.length + 1));
      return { target: NAMES[reduce(name)] ?? null, name, unit: parseUnit(symbol), unitText: symbol };
    }
  }
  return { target: NAMES[reduce(text)] ?? null, name: text, unit: null, unitText: null };
}

function reduce(name: string): string {
  return name.toLowerCase().replace(/[^a-z]/g, '');
}

/** Human labels the writer uses, per canonical column. */
export const BDF_WRITE_LABELS = {
  time_s: 'Test Time / s',
  unixTime_s: 'Unix Time / s',
  voltage_V: 'Voltage / V',
  current_A: 'Current / A',
  cycleIndex: 'Cycle Count / 1',
  stepIndex: 'Step Count / 1',
  temperature_C: 'Ambient Temperature / degC',
  chargeCapacity_Ah: 'Charging Capacity / Ah',
  dischargeCapacity_Ah: 'Discharging Capacity / Ah',
  pressure: 'Applied Pressure / Pa',
} as const;
