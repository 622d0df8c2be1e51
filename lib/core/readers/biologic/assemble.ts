/**
 * Turns the columns an EC-Lab file holds (text or binary alike) into the canonical series. Both
 * readers hand over raw values in the file's units; everything EC-Lab-specific about meaning lives
 * here, so a `.mpr` and the `.mpt` exported from it come out the same.
 */
import { MissingColumnError } from '../../errors.ts';
import type { IssueSink } from '../../issues.ts';
import { message } from '../../messages.ts';
import { forEachRowBlock } from '../../row-blocks.ts';
import {
  type AuxChannel,
  bdfLabel,
  type CanonicalSeries,
  type ColumnMapping,
  emptySeries,
  type ImpedanceColumns,
  StepType,
  type StepTypeCode,
} from '../../series.ts';
import { enforceNonDecreasingTime } from '../time.ts';
import type { ColumnRole, ColumnUse } from './columns.ts';
import { formatWallClock, type WallClockMs } from './dates.ts';
import type { Technique } from './techniques.ts';

/**
 * Values as a reader holds them: float64 from text, or the narrowest exact array a binary reader
 * decodes into (int32 counters, uint8 flags), so integer columns need no float64 copy.
 */
export type RawValues = Float64Array | Int32Array | Uint8Array;

/**
 * One column as read from the file; `assembleSeries` takes ownership of `values`. The values are
 * already in the canonical unit: the reader multiplies by `use.scale` as it parses or decodes each
 * value (the text scanner's per-field scale, the binary decoder's), which costs nothing there and
 * saves a pass over the rows here; `use.scale` stays for the provenance.
 */
export interface RawColumn {
  /** Name as EC-Lab writes it (`<I>/mA`). */
  name: string;
  /** How provenance names the source (`<I>/mA`, or `<I>/mA (column id 76)` for a binary file). */
  source: string;
  use: ColumnUse;
  values: RawValues;
}

export interface AssemblyInput {
  file: string;
  format: string;
  formatVersion: string | null;
  instrument: string | null;
  bytes: number;
  technique: Technique | null;
  /** Wall-clock time of `time/s = 0`, or null when the file does not state it. */
  start: WallClockMs | null;
  rows: number;
  columns: readonly RawColumn[];
  /** Every column name of the file, for the message when time is missing. */
  allNames: readonly string[];
  issues: IssueSink;
}

/** EC-Lab's `mode` flag: 1 galvanostatic (CC), 2 potentiostatic (CV), 3 rest / open circuit. */
const MODE_CC = 1;
const MODE_CV = 2;
const MODE_REST = 3;
const SECONDS_PER_HOUR = 3600;

export function assembleSeries(input: AssemblyInput): CanonicalSeries {
  const { file, issues, rows } = input;
  const mappings: ColumnMapping[] = [];
  const pick = (role: ColumnRole): RawColumn | null => pickColumn(input.columns, role);
  const map = (column: RawColumn, target: string, label: string | null, scale = column.use.scale): void => {
    mappings.push({ source: column.source, target, bdfLabel: label, sourceUnit: column.use.unitText, scale });
  };

  const timeColumn = pick('time');
  if (timeColumn === null) {
    throw new MissingColumnError(message.missingColumn(file, 'time (time/s)', input.allNames), {
      location: { file, column: 'time/s' },
      expected: 'a "time/s" column',
    });
  }
  const time_s = asFloat64(timeColumn.values);
  map(timeColumn, 'time_s', bdfLabel.time_s);
  enforceNonDecreasingTime(time_s, file, issues);

  const voltageColumn = pick('voltage');
  if (voltageColumn) map(voltageColumn, 'voltage_V', bdfLabel.voltage_V);

  const current_A = currentOf(input, time_s, map);
  const cycleIndex = cycleIndexOf(input, map);
  const stepColumn = pick('step');
  if (stepColumn) map(stepColumn, 'stepIndex', bdfLabel.stepIndex);
  const temperatureColumn = pick('temperature');
  if (temperatureColumn) map(temperatureColumn, 'temperature_C', bdfLabel.temperature_C);
  const capacities = capacitiesOf(input, map);
  const impedance = impedanceOf(input, map);
  const stepType = stepTypeOf(input, current_A, impedance !== null, mappings);
  const aux = auxOf(input, map);

  const series = emptySeries({
    file,
    format: input.format,
    formatVersion: input.formatVersion,
    instrument: input.instrument,
    columns: mappings,
    bytes: input.bytes,
  });
  series.rows = rows;
  series.time_s = time_s;
  series.voltage_V = voltageColumn ? asFloat64(voltageColumn.values) : null;
  series.current_A = current_A;
  series.stepIndex = stepColumn ? toInt32(stepColumn.values) : null;
  series.cycleIndex = cycleIndex;
  series.stepType = stepType;
  series.temperature_C = temperatureColumn ? asFloat64(temperatureColumn.values) : null;
  series.chargeCapacity_Ah = capacities?.charge ?? null;
  series.dischargeCapacity_Ah = capacities?.discharge ?? null;
  series.impedance = impedance;
  series.aux = aux;
  if (input.start !== null) {
    series.startTime = formatWallClock(input.start);
    issues.add({
      code: 'time_zone_unknown',
      severity: 'info',
      message: message.timeZoneUnknown(),
      location: { file },
    });
  }
  series.issues = issues.list();
  return series;
}

/** The best-ranked column of a role (the first of equal rank), or null. */
function pickColumn<T extends { use: ColumnUse }>(columns: readonly T[], role: ColumnRole): T | null {
  let best: T | null = null;
  for (const column of columns) {
    if (column.use.role === role && (best === null || column.use.rank < best.use.rank)) best = column;
  }
  return best;
}

type MapFunction = (column: RawColumn, target: string, label: string | null, scale?: number) => void;

/**
 * Current in A, positive for oxidation at the working electrode (EC-Lab's own convention, so no sign
 * change). A file without a current column but with `dq` gets EC-Lab's export formula
 * `<I> = dq / Δt` (mA·h → A·s: × 3600), row 0 counting as 0 when nothing passed.
 */
function currentOf(input: AssemblyInput, time_s: Float64Array, map: MapFunction): Float64Array | null {
  const currentColumn = pickColumn(input.columns, 'current');
  if (currentColumn) {
    map(currentColumn, 'current_A', bdfLabel.current_A);
    return asFloat64(currentColumn.values);
  }
  const increment = pickColumn(input.columns, 'chargeIncrement');
  if (increment === null || input.technique?.kind === 'ocv') return null;
  const dq_Ah = asFloat64(increment.values);
  const current_A = new Float64Array(input.rows);
  for (let row = 0; row < input.rows; row++) {
    const dt_s = row === 0 ? 0 : time_s[row]! - time_s[row - 1]!;
    const charge_As = dq_Ah[row]! * SECONDS_PER_HOUR;
    current_A[row] = dt_s > 0 ? charge_As / dt_s : charge_As === 0 ? 0 : Number.NaN;
  }
  map(increment, 'current_A', bdfLabel.current_A, increment.use.scale * SECONDS_PER_HOUR);
  input.issues.add({
    code: 'other',
    severity: 'info',
    message: message.currentFromChargeIncrement(increment.name),
    location: { file: input.file, column: increment.name },
  });
  return current_A;
}

/** Cycle number as EC-Lab counts it; files that store only `half cycle` count two half cycles per cycle. */
function cycleIndexOf(input: AssemblyInput, map: MapFunction): Int32Array | null {
  const cycle = pickColumn(input.columns, 'cycle') ?? pickColumn(input.columns, 'zCycle');
  if (cycle) {
    map(cycle, 'cycleIndex', bdfLabel.cycleIndex);
    return toInt32(cycle.values);
  }
  const half = pickColumn(input.columns, 'halfCycle');
  if (half === null) return null;
  map(half, 'cycleIndex', bdfLabel.cycleIndex, 0.5);
  // Two half cycles per cycle, rounded down; the int32 column is owned here, so it is reused.
  const cycleIndex = toInt32(half.values);
  forEachRowBlock(cycleIndex.length, (from, to) => {
    for (let row = from; row < to; row++) cycleIndex[row] = cycleIndex[row]! >> 1;
  });
  return cycleIndex;
}

/**
 * Charge and discharge counters in Ah. `Q charge/discharge` is signed per half cycle: EC-Lab's own
 * `Q charge` is its positive part and `Q discharge` its negative part negated, computed the same way
 * here. Without it, the separate columns are taken; without those, `(Q-Qo)` is split into running
 * sums of its rises (charge) and falls (discharge).
 */
function capacitiesOf(
  input: AssemblyInput,
  map: MapFunction,
): { charge: Float64Array; discharge: Float64Array } | null {
  const rows = input.rows;
  const signed = pickColumn(input.columns, 'chargeDischarge');
  if (signed) {
    // The signed column becomes the charge counter in place: one new array instead of two.
    const charge = asFloat64(signed.values);
    const discharge = new Float64Array(rows);
    forEachRowBlock(rows, (from, to) => {
      for (let row = from; row < to; row++) {
        const value = charge[row]!;
        charge[row] = Math.max(value, 0);
        discharge[row] = Math.max(-value, 0);
      }
    });
    map(signed, 'chargeCapacity_Ah', bdfLabel.chargeCapacity_Ah);
    map(signed, 'dischargeCapacity_Ah', bdfLabel.dischargeCapacity_Ah, -signed.use.scale);
    return { charge, discharge };
  }
  const chargeOnly = pickColumn(input.columns, 'chargeOnly');
  const dischargeOnly = pickColumn(input.columns, 'dischargeOnly');
  if (chargeOnly && dischargeOnly) {
    map(chargeOnly, 'chargeCapacity_Ah', bdfLabel.chargeCapacity_Ah);
    map(dischargeOnly, 'dischargeCapacity_Ah', bdfLabel.dischargeCapacity_Ah);
    return { charge: asFloat64(chargeOnly.values), discharge: asFloat64(dischargeOnly.values) };
  }
  const net = pickColumn(input.columns, 'netCharge');
  if (net === null) return null;
  const charge = new Float64Array(rows);
  const discharge = new Float64Array(rows);
  let charged = 0;
  let discharged = 0;
  const netValues = net.values;
  let previous = netValues[0] ?? 0;
  for (let row = 0; row < rows; row++) {
    const value = netValues[row]!;
    const change = value - previous;
    if (change > 0) charged += change;
    else if (change < 0) discharged -= change;
    if (!Number.isNaN(value)) previous = value;
    charge[row] = charged;
    discharge[row] = discharged;
  }
  map(net, 'chargeCapacity_Ah', bdfLabel.chargeCapacity_Ah);
  map(net, 'dischargeCapacity_Ah', bdfLabel.dischargeCapacity_Ah, -net.use.scale);
  return { charge, discharge };
}

/** Impedance columns when the file has frequency, Re(Z) and −Im(Z); Z'' = −(−Im(Z)). */
function impedanceOf(input: AssemblyInput, map: MapFunction): ImpedanceColumns | null {
  const frequency = pickColumn(input.columns, 'frequency');
  const real = pickColumn(input.columns, 'zReal');
  const negatedImaginary = pickColumn(input.columns, 'zImagNegated');
  if (!frequency || !real || !negatedImaginary) return null;
  map(frequency, 'impedance.frequency_Hz', null);
  map(real, 'impedance.zReal_Ohm', null);
  map(negatedImaginary, 'impedance.zImag_Ohm', null, -negatedImaginary.use.scale);
  const zImag_Ohm = asFloat64(negatedImaginary.values);
  for (let row = 0; row < zImag_Ohm.length; row++) zImag_Ohm[row] = -zImag_Ohm[row]!;
  return { frequency_Hz: asFloat64(frequency.values), zReal_Ohm: asFloat64(real.values), zImag_Ohm };
}

/**
 * `StepType` per row from EC-Lab's `mode` and `ox/red` flags: mode 1 is constant current, 2 constant
 * voltage (a sweep in CV/LSV), 3 rest (open circuit in an OCV technique); `ox/red` = 1 (oxidation at
 * the working electrode) is charge. Without `ox/red` the sign of the current decides. Impedance files
 * are impedance throughout; an OCV file without flags is open circuit throughout.
 */
function stepTypeOf(
  input: AssemblyInput,
  current_A: Float64Array | null,
  isImpedance: boolean,
  mappings: ColumnMapping[],
): Uint8Array | null {
  const rows = input.rows;
  const kind = input.technique?.kind ?? null;
  if (isImpedance || kind === 'impedance') return new Uint8Array(rows).fill(StepType.impedance);
  const mode = pickColumn(input.columns, 'mode');
  if (mode === null) return kind === 'ocv' ? new Uint8Array(rows).fill(StepType.ocv) : null;
  const oxRed = pickColumn(input.columns, 'oxRed');
  mappings.push({ source: mode.source, target: 'stepType', bdfLabel: null, sourceUnit: null, scale: 1 });
  if (oxRed)
    mappings.push({ source: oxRed.source, target: 'stepType', bdfLabel: null, sourceUnit: null, scale: 1 });
  const codes = stepTypeCodes(kind === 'ocv' ? StepType.ocv : StepType.rest, kind === 'sweep');
  const modes = mode.values;
  const oxRedValues = oxRed?.values ?? null;
  const stepType = new Uint8Array(rows);
  forEachRowBlock(rows, (from, to) => {
    for (let row = from; row < to; row++) {
      const rowMode = modes[row]!;
      if (!(rowMode >= 0 && rowMode <= MODE_REST)) continue;
      // 1 charging, 0 discharging, -1 unknown: `ox/red` when it is 0 or 1, else the sign of the current.
      let direction = oxRedValues === null ? UNKNOWN_DIRECTION : oxRedValues[row]!;
      if (direction !== 0 && direction !== 1) {
        const current = current_A === null ? 0 : current_A[row]!;
        direction = current > 0 ? 1 : current < 0 ? 0 : UNKNOWN_DIRECTION;
      }
      stepType[row] = codes[rowMode * DIRECTIONS + direction + 1]!;
    }
  });
  return stepType;
}

const UNKNOWN_DIRECTION = -1;
/** Directions a row can have: unknown, discharge, charge. */
const DIRECTIONS = 3;

/**
 * Step type by mode and direction (unknown, discharge, charge), one table lookup per row instead
 * of a chain of branches: rest is rest whatever the direction, a CV step of a sweep technique is
 * a sweep, CC and CV take the direction, an unknown direction or mode stays unknown.
 */
function stepTypeCodes(restType: StepTypeCode, sweepsInCv: boolean): Uint8Array {
  const codes = new Uint8Array((MODE_REST + 1) * DIRECTIONS).fill(StepType.unknown);
  const set = (mode: number, direction: number, code: StepTypeCode): void => {
    codes[mode * DIRECTIONS + direction + 1] = code;
  };
  set(MODE_CC, 0, StepType.constantCurrentDischarge);
  set(MODE_CC, 1, StepType.constantCurrentCharge);
  set(MODE_CV, 0, StepType.constantVoltageDischarge);
  set(MODE_CV, 1, StepType.constantVoltageCharge);
  for (const direction of [UNKNOWN_DIRECTION, 0, 1]) {
    if (sweepsInCv) set(MODE_CV, direction, StepType.sweep);
    set(MODE_REST, direction, restType);
  }
  return codes;
}

function auxOf(input: AssemblyInput, map: MapFunction): AuxChannel[] {
  const channels: AuxChannel[] = [];
  for (const column of input.columns) {
    if (column.use.role !== 'aux') continue;
    const quantity = column.use.auxQuantity ?? 'other';
    map(column, `aux:${column.name}`, null);
    channels.push({ name: column.name, quantity, values: asFloat64(column.values) });
  }
  return channels;
}

/** The values as float64: the array itself when it is one (owned, so callers may write to it). */
function asFloat64(values: RawValues): Float64Array {
  return values instanceof Float64Array ? values : Float64Array.from(values);
}

/** The values rounded to int32: the array itself when it is one (owned, so callers may write to it). */
function toInt32(values: RawValues): Int32Array {
  if (values instanceof Int32Array) return values;
  const out = new Int32Array(values.length);
  for (let row = 0; row < values.length; row++) out[row] = Math.round(values[row]!);
  return out;
}

/**
 * The columns `assembleSeries` will use, so a reader parses only those: the best-ranked column of
 * each role, with the fallbacks `assembleSeries` applies (current from `dq`, cycle from `half cycle`,
 * capacities from `(Q-Qo)`), and every auxiliary channel.
 */
export function columnsToRead<T extends { name: string; use: ColumnUse }>(columns: readonly T[]): T[] {
  const best = (role: ColumnRole): T | null => pickColumn(columns, role);
  const chosen = new Set<T | null>();
  for (const role of ['time', 'voltage', 'step', 'temperature', 'mode', 'oxRed'] as const)
    chosen.add(best(role));
  for (const role of ['frequency', 'zReal', 'zImagNegated'] as const) chosen.add(best(role));
  chosen.add(best('current') ?? best('chargeIncrement'));
  chosen.add(best('cycle') ?? best('zCycle') ?? best('halfCycle'));
  const signed = best('chargeDischarge');
  const chargeOnly = best('chargeOnly');
  const dischargeOnly = best('dischargeOnly');
  if (signed) chosen.add(signed);
  else if (chargeOnly && dischargeOnly) {
    chosen.add(chargeOnly);
    chosen.add(dischargeOnly);
  } else chosen.add(best('netCharge'));
  // The text export splits the set-point `control/V/mA` into `control/V` and `control/mA`: keep one form.
  const hasCombinedSetPoint = columns.some((column) => column.name === COMBINED_SET_POINT);
  for (const column of columns) {
    if (column.use.role !== 'aux') continue;
    if (hasCombinedSetPoint && SPLIT_SET_POINTS.has(column.name)) continue;
    chosen.add(column);
  }
  return columns.filter((column) => chosen.has(column));
}

const COMBINED_SET_POINT = 'control/V/mA';
const SPLIT_SET_POINTS = new Set(['control/V', 'control/mA']);
