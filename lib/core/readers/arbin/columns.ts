/**
 * Arbin's column vocabulary, shared by the CSV and Excel exports. Two header dialects exist:
 * MITS Pro / Data Watcher / BEEP (`Test_Time(s)`, `Current(A)`, or bare `Test_Time`, `Current`)
 * and MITS 7/8 (`Test Time (s)`, `Current (A)`, `Date Time`). Bare names carry Arbin's fixed
 * units: s, A, V, Ah, °C.
 */
import type { AuxQuantity, ColumnMapping } from '../../series.ts';
import { bdfLabel } from '../../series.ts';
import { parseUnit, type Quantity } from '../../units.ts';

/** A header reduced to compare dialects: unit removed, lower case, spaces and underscores as one `_`. */
export function normaliseArbinName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '_');
}

export interface PlannedColumn {
  /** 0-based index of the source column. */
  index: number;
  source: string;
  /** Multiplier to the canonical unit. */
  scale: number;
}

export interface PlannedAuxColumn extends PlannedColumn {
  name: string;
  quantity: AuxQuantity;
}

export interface ArbinColumnPlan {
  time: PlannedColumn | null;
  voltage: PlannedColumn | null;
  current: PlannedColumn | null;
  stepIndex: PlannedColumn | null;
  cycleIndex: PlannedColumn | null;
  chargeCapacity: PlannedColumn | null;
  dischargeCapacity: PlannedColumn | null;
  temperature: PlannedColumn | null;
  /** Absolute date-time column (unix seconds, Excel serial or text), used for the start time only. */
  date: PlannedColumn | null;
  aux: PlannedAuxColumn[];
  mappings: ColumnMapping[];
  /** Headers that are not part of Arbin's vocabulary. */
  unknown: string[];
}

type ScalarTarget =
  | 'time'
  | 'voltage'
  | 'current'
  | 'stepIndex'
  | 'cycleIndex'
  | 'chargeCapacity'
  | 'dischargeCapacity'
  | 'temperature'
  | 'date';

interface TargetSpec {
  /** Canonical series field, for provenance. */
  field: string;
  quantity: Quantity | null;
  bdf: string | null;
}

const targets: Record<ScalarTarget, TargetSpec> = {
  time: { field: 'time_s', quantity: 'time', bdf: bdfLabel.time_s },
  voltage: { field: 'voltage_V', quantity: 'voltage', bdf: bdfLabel.voltage_V },
  current: { field: 'current_A', quantity: 'current', bdf: bdfLabel.current_A },
  stepIndex: { field: 'stepIndex', quantity: null, bdf: bdfLabel.stepIndex },
  cycleIndex: { field: 'cycleIndex', quantity: null, bdf: bdfLabel.cycleIndex },
  chargeCapacity: { field: 'chargeCapacity_Ah', quantity: 'charge', bdf: bdfLabel.chargeCapacity_Ah },
  dischargeCapacity: {
    field: 'dischargeCapacity_Ah',
    quantity: 'charge',
    bdf: bdfLabel.dischargeCapacity_Ah,
  },
  temperature: { field: 'temperature_C', quantity: 'temperature', bdf: bdfLabel.temperature_C },
  date: { field: 'startTime', quantity: null, bdf: null },
};

const namesOf: Record<string, ScalarTarget> = {
  test_time: 'time',
  voltage: 'voltage',
  current: 'current',
  step_index: 'stepIndex',
  cycle_index: 'cycleIndex',
  charge_capacity: 'chargeCapacity',
  discharge_capacity: 'dischargeCapacity',
  temperature: 'temperature',
  date_time: 'date',
  datetime: 'date',
};

/** Arbin columns cellreport does not use: known, so they are not reported as unknown. */
const knownUnused = new Set([
  'data_point',
  'step_time',
  'charge_energy',
  'discharge_energy',
  'dv/dt',
  'internal_resistance',
  'power',
  'capacity',
  'energy',
  'mah/g',
  'acr',
  'dq/dv',
  'dv/dq',
  'is_fc_data',
  'ac_impedance',
  'aci_phase_angle',
  'tc_counter1',
  'tc_counter2',
  'tc_counter3',
  'tc_counter4',
  'test_id',
]);

const AUX_COLUMN = /^aux_(temperature|voltage|pressure)_(\d+)$/;
const AUX_QUANTITY: Record<string, { quantity: AuxQuantity; prefix: string; unit: Quantity }> = {
  temperature: { quantity: 'temperature', prefix: 'T', unit: 'temperature' },
  voltage: { quantity: 'voltage', prefix: 'V', unit: 'voltage' },
  pressure: { quantity: 'pressure', prefix: 'P', unit: 'pressure' },
};

/** Arbin writes a unit only as a bracketed suffix: `Test_Time(s)`, `Current (A)`, `dV/dt(V/s)`. */
const UNIT_SUFFIX = /^(.*?)\s*[([]\s*([^()[\]]*?)\s*[)\]]\s*$/;

function splitArbinHeader(header: string): { name: string; unitText: string | null } {
  const match = UNIT_SUFFIX.exec(header.trim());
  return match ? { name: match[1]!, unitText: match[2]! } : { name: header.trim(), unitText: null };
}

/** Scale of a header's stated unit when it is a unit of `quantity`; 1 (Arbin's fixed unit) otherwise. */
function scaleOf(header: string, quantity: Quantity | null): { scale: number; unitText: string | null } {
  const { unitText } = splitArbinHeader(header);
  const unit = unitText === null ? null : parseUnit(unitText);
  if (unit !== null && quantity !== null && unit.quantity === quantity)
    return { scale: unit.scale, unitText };
  return { scale: 1, unitText };
}

/** Maps Arbin headers to canonical columns. The first column of each kind wins. */
export function planArbinColumns(headers: readonly string[]): ArbinColumnPlan {
  const plan: ArbinColumnPlan = {
    time: null,
    voltage: null,
    current: null,
    stepIndex: null,
    cycleIndex: null,
    chargeCapacity: null,
    dischargeCapacity: null,
    temperature: null,
    date: null,
    aux: [],
    mappings: [],
    unknown: [],
  };
  headers.forEach((header, index) => {
    if (header.trim() === '') return;
    const bare = normaliseArbinName(splitArbinHeader(header).name);
    const target = namesOf[bare];
    if (target !== undefined) {
      // A repeated column (a second `Temperature`) is left out: the first one wins.
      if (plan[target] !== null) return;
      const spec = targets[target];
      const { scale, unitText } = scaleOf(header, spec.quantity);
      plan[target] = { index, source: header, scale };
      plan.mappings.push({
        source: header,
        target: spec.field,
        bdfLabel: spec.bdf,
        sourceUnit: unitText,
        scale,
      });
      return;
    }
    const aux = AUX_COLUMN.exec(bare);
    if (aux !== null) {
      const kind = AUX_QUANTITY[aux[1]!]!;
      const { scale, unitText } = scaleOf(header, kind.unit);
      // The first aux thermocouple is also the cell temperature; it stays listed as an aux channel.
      if (kind.quantity === 'temperature' && plan.temperature === null) {
        const spec = targets.temperature;
        plan.temperature = { index, source: header, scale };
        plan.mappings.push({
          source: header,
          target: spec.field,
          bdfLabel: spec.bdf,
          sourceUnit: unitText,
          scale,
        });
      }
      const name = `${kind.prefix}${aux[2]}`;
      plan.aux.push({ index, source: header, scale, name, quantity: kind.quantity });
      plan.mappings.push({
        source: header,
        target: `aux:${name}`,
        bdfLabel: null,
        sourceUnit: unitText,
        scale,
      });
      return;
    }
    if (!knownUnused.has(bare) && !bare.startsWith('aux_')) plan.unknown.push(header);
  });
  return plan;
}

/** True when the headers are an Arbin data table: test time, step and cycle indices, current and voltage. */
export function isArbinTable(plan: ArbinColumnPlan): boolean {
  return (
    plan.time !== null &&
    plan.stepIndex !== null &&
    plan.cycleIndex !== null &&
    plan.current !== null &&
    plan.voltage !== null
  );
}
