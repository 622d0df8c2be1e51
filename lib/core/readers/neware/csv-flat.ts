/**
 * The flat Neware CSV export: one header line, one line per record (BTS 7 `Record ID, Realtime,
 * Time(h:min:s.ms), Step ID, Cycle ID, Current(mA), …`; BTS 8 `DataPoint, Cycle Index, Step Index,
 * Step Type, Time, Cumulative Time, Current(A), …`). Streams through `scanDelimited`.
 */
import { NonNumericValueError } from '../../errors.ts';
import type { IssueSink } from '../../issues.ts';
import { message } from '../../messages.ts';
import { bdfLabel, type ColumnMapping, StepType } from '../../series.ts';
import type { ByteSource } from '../source.ts';
import { Float64ColumnBuilder } from '../text/columns.ts';
import { latin1Slice } from '../text/decode.ts';
import { type FieldSpec, scanDelimited } from '../text/delimited.ts';
import {
  type NewareColumn,
  type NewareColumnRole,
  parseDuration,
  parseDurationBytes,
} from './csv-columns.ts';
import { type CsvEncoding, redecode } from './csv-text.ts';
import { allocateRecords, type NewareRecords, stepTimeToTestTime } from './records.ts';
import { chargeDirection, stepTypeOfName } from './step-types.ts';

export interface FlatLayout {
  file: string;
  columns: readonly NewareColumn[];
  delimiter: number;
  /** Bytes before the first data line. */
  dataOffset: number;
  encoding: CsvEncoding;
  size: number | null;
}

export interface FlatResult {
  records: NewareRecords;
  mappings: ColumnMapping[];
  /** Test time of the first row, s (to take the first row's clock back to time 0). */
  firstTime_s: number;
}

const numericRoles: readonly NewareColumnRole[] = [
  'record',
  'cycle',
  'step',
  'voltage',
  'current',
  'capacity',
  'chargeCapacity',
  'dischargeCapacity',
];

/** Reads the data lines of a flat export into Neware records (time already test time). */
export async function readFlatRecords(
  source: ByteSource,
  layout: FlatLayout,
  issues: IssueSink,
): Promise<FlatResult> {
  const { file, columns } = layout;
  const firstOf = (role: NewareColumnRole) => columns.findIndex((column) => column.role === role);
  const builders = new Map<NewareColumnRole, Float64ColumnBuilder>();
  const mappings: ColumnMapping[] = [];
  const stepTypes = new RowBytes();
  const totalTime = new RowNumbers();
  const stepTime = new RowNumbers();
  const hasTotalTime = firstOf('totalTime') >= 0;
  const stepTypeCache = new Map<string, number>();
  const fields: FieldSpec[] = columns.map((column, index): FieldSpec => {
    const role = column.role;
    if (role === null || firstOf(role) !== index) return { kind: 'skip' };
    if (numericRoles.includes(role)) {
      const builder = new Float64ColumnBuilder();
      builders.set(role, builder);
      const scale = scaleOf(column, role, file, issues);
      mappings.push(mappingOf(column, role, scale));
      return {
        kind: 'number',
        name: column.header,
        column: builder,
        scale,
        required: role === 'voltage' || role === 'current',
      };
    }
    if (role === 'stepType') {
      mappings.push(mappingOf(column, role, 1));
      const lastName = new SameBytes();
      let lastCode = 0;
      return {
        kind: 'bytes',
        name: column.header,
        // Consecutive rows share their step: compare bytes, and decode only when the name changes.
        onBytes: (bytes, start, end, row) => {
          if (!lastName.matches(bytes, start, end)) {
            const text = unquote(latin1Slice(bytes, start, end));
            lastCode = stepTypeOf(text, layout.encoding, stepTypeCache, file, issues);
            lastName.remember(bytes, start, end);
          }
          stepTypes.set(row, lastCode);
        },
      };
    }
    if (role === 'totalTime' || (role === 'stepTime' && !hasTotalTime)) {
      const target = role === 'totalTime' ? totalTime : stepTime;
      mappings.push(mappingOf(column, role, 1));
      return {
        kind: 'bytes',
        name: column.header,
        onBytes: (bytes, start, end, row, line) => {
          const seconds = parseDurationBytes(bytes, start, end);
          target.set(
            row,
            Number.isNaN(seconds)
              ? durationOf(unquote(latin1Slice(bytes, start, end)), file, line, column.header)
              : seconds,
          );
        },
      };
    }
    return { kind: 'skip' };
  });

  const scanned = await scanDelimited(source.chunks(), {
    file,
    delimiter: layout.delimiter,
    decimal: 46,
    dataOffset: layout.dataOffset,
    firstDataLine: 2,
    fields,
    issues,
    onLineLength: (lineBytes) => {
      if (layout.size === null || lineBytes <= 0) return;
      const estimate = (layout.size - layout.dataOffset) / lineBytes;
      for (const builder of builders.values()) builder.reserve(estimate * 1.05);
      stepTypes.reserve(estimate * 1.05);
      (hasTotalTime ? totalTime : stepTime).reserve(estimate * 1.05);
    },
  });

  const timeColumn = hasTotalTime ? totalTime : stepTime;
  const timeHeader = columns[firstOf(hasTotalTime ? 'totalTime' : 'stepTime')]?.header ?? 'time';
  const rows = keepRowsWithTime(scanned.rows, timeColumn, timeHeader, scanned.nextLine - 1, file, issues);
  const column = (role: NewareColumnRole) => builders.get(role)?.finish() ?? null;
  const records = allocateRecords(rows, builders.has('cycle'));
  records.rows = rows;
  const recordIndex = column('record');
  const cycle = column('cycle');
  const step = column('step');
  const voltage = column('voltage')!;
  const current = column('current')!;
  const charge = column('chargeCapacity');
  const discharge = column('dischargeCapacity');
  const capacity = column('capacity');
  for (let row = 0; row < rows; row++) {
    records.recordIndex[row] = recordIndex ? recordIndex[row]! : row + 1;
    records.voltage_V[row] = voltage[row]!;
    const current_A = current[row]!;
    records.current_A[row] = current_A;
    if (records.cycleIndex && cycle) records.cycleIndex[row] = cycle[row]!;
    records.stepIndex[row] = step ? step[row]! : 0;
    const stepType = stepTypes.get(row);
    records.stepType[row] = stepType;
    records.time_s[row] = hasTotalTime ? totalTime.get(row) : stepTime.get(row);
    if (charge && discharge) {
      records.chargeCapacity_Ah[row] = charge[row]!;
      records.dischargeCapacity_Ah[row] = discharge[row]!;
    } else if (capacity) {
      // One unsigned counter: it belongs to charge or discharge by the step, else by the current's sign.
      const direction = chargeDirection(stepType) || Math.sign(current_A);
      records.chargeCapacity_Ah[row] = direction > 0 ? Math.abs(capacity[row]!) : 0;
      records.dischargeCapacity_Ah[row] = direction < 0 ? Math.abs(capacity[row]!) : 0;
    }
  }
  const firstTime_s = records.time_s[0] ?? 0;
  if (!hasTotalTime) stepTimeToTestTime(records);
  return { records, mappings, firstTime_s };
}

/**
 * A line cut inside its time cells (a file copied while being written) still has its numbers,
 * so the scanner keeps it: drop it here. An empty time cell elsewhere takes the time before it.
 */
function keepRowsWithTime(
  rows: number,
  time: RowNumbers,
  header: string,
  lastLine: number,
  file: string,
  issues: IssueSink,
): number {
  if (rows > 0 && Number.isNaN(time.get(rows - 1))) {
    issues.add({
      code: 'truncated_record',
      severity: 'warning',
      message: message.truncatedLastLine(lastLine),
      location: { file, line: lastLine },
    });
    rows--;
  }
  for (let row = 0; row < rows; row++) {
    if (!Number.isNaN(time.get(row))) continue;
    time.set(row, row > 0 ? time.get(row - 1) : 0);
    issues.add({
      code: 'missing_value',
      severity: 'warning',
      message: message.missingValue(header),
      location: { file, row, column: header },
    });
  }
  return rows;
}

function scaleOf(column: NewareColumn, role: NewareColumnRole, file: string, issues: IssueSink): number {
  const expected =
    role === 'current'
      ? 'current'
      : role === 'voltage'
        ? 'voltage'
        : role.endsWith('apacity')
          ? 'charge'
          : null;
  if (expected === null) return 1;
  if (column.unit?.quantity === expected) return column.unit.scale;
  // BTS 7 writes mA and mAh; a header without a unit is read that way.
  const guessed =
    expected === 'current'
      ? { unit: 'mA', scale: 1e-3 }
      : expected === 'charge'
        ? { unit: 'mAh', scale: 1e-3 }
        : { unit: 'V', scale: 1 };
  issues.add({
    code: 'unit_guessed',
    severity: 'warning',
    message: message.unitGuessed(column.header, guessed.unit, 'Neware BTS 7 exports use it'),
    location: { file, line: 1, column: column.header },
  });
  return guessed.scale;
}

function mappingOf(column: NewareColumn, role: NewareColumnRole, scale: number): ColumnMapping {
  const targets: Partial<Record<NewareColumnRole, [string, string | null]>> = {
    record: ['recordIndex', null],
    cycle: ['cycleIndex', bdfLabel.cycleIndex],
    step: ['stepIndex', bdfLabel.stepIndex],
    stepType: ['stepType', null],
    stepTime: ['time_s', bdfLabel.time_s],
    totalTime: ['time_s', bdfLabel.time_s],
    voltage: ['voltage_V', bdfLabel.voltage_V],
    current: ['current_A', bdfLabel.current_A],
    capacity: ['chargeCapacity_Ah', bdfLabel.chargeCapacity_Ah],
    chargeCapacity: ['chargeCapacity_Ah', bdfLabel.chargeCapacity_Ah],
    dischargeCapacity: ['dischargeCapacity_Ah', bdfLabel.dischargeCapacity_Ah],
  };
  const [target, label] = targets[role] ?? [role, null];
  return { source: column.header, target, bdfLabel: label, sourceUnit: column.unitText, scale };
}

export function stepTypeOf(
  latin1: string,
  encoding: CsvEncoding,
  cache: Map<string, number>,
  file: string,
  issues: IssueSink,
): number {
  const cached = cache.get(latin1);
  if (cached !== undefined) return cached;
  const name = redecode(latin1, encoding);
  const stepType = stepTypeOfName(name);
  if (stepType === null && name.trim() !== '') {
    issues.add({
      code: 'other',
      severity: 'warning',
      message: message.unknownStepName(name),
      location: { file, column: 'step type' },
    });
  }
  const code = stepType ?? StepType.unknown;
  cache.set(latin1, code);
  return code;
}

export function durationOf(text: string, file: string, line: number, column: string): number {
  const seconds = parseDuration(text);
  if (Number.isNaN(seconds)) {
    throw new NonDurationError(message.newareCsvBadDuration(file, line, column, text), {
      location: { file, line, column },
      expected: 'a duration h:mm:ss.ms or d-hh:mm:ss',
    });
  }
  return seconds;
}

/** A time cell that is not a duration. */
export class NonDurationError extends NonNumericValueError {}

/** Numbers stored by row (rows may arrive out of push order when the scanner drops a cut last line). */
class RowNumbers {
  #values = new Float64Array(1024).fill(Number.NaN);

  set(row: number, value: number): void {
    if (row >= this.#values.length) this.reserve(row + 1);
    this.#values[row] = value;
  }

  /** Room for `rows` rows (an estimate from the file size), so the cells are not copied while growing. */
  reserve(rows: number): void {
    const length = this.#values.length;
    if (rows <= length) return;
    this.#values = grow(this.#values, Math.ceil(rows) - 1);
    this.#values.fill(Number.NaN, length);
  }

  /** NaN for a row whose cell never arrived. */
  get(row: number): number {
    return row < this.#values.length ? this.#values[row]! : Number.NaN;
  }
}

class RowBytes {
  #values = new Uint8Array(1024);

  set(row: number, value: number): void {
    if (row >= this.#values.length) this.reserve(row + 1);
    this.#values[row] = value;
  }

  /** Room for `rows` rows (an estimate from the file size). */
  reserve(rows: number): void {
    if (rows > this.#values.length) this.#values = grow(this.#values, Math.ceil(rows) - 1);
  }

  get(row: number): number {
    return row < this.#values.length ? this.#values[row]! : 0;
  }
}

function grow<T extends Float64Array | Uint8Array>(values: T, row: number): T {
  const next = new (values.constructor as new (length: number) => T)(Math.max(row + 1, values.length * 2));
  next.set(values);
  return next;
}

/** A cell's text as the scanner's `text` kind hands it over: trimmed, surrounding quotes removed. */
function unquote(text: string): string {
  const trimmed = text.trim();
  if (trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"')) return trimmed.slice(1, -1);
  return trimmed.replace(/^"|"$/g, '');
}

/** The bytes of the last cell seen (up to 64), to tell whether the next cell repeats it. */
class SameBytes {
  readonly #bytes = new Uint8Array(64);
  #length = -1;

  matches(bytes: Uint8Array, start: number, end: number): boolean {
    const length = end - start;
    if (length !== this.#length) return false;
    for (let index = 0; index < length; index++)
      if (bytes[start + index] !== this.#bytes[index]) return false;
    return true;
  }

  remember(bytes: Uint8Array, start: number, end: number): void {
    const length = end - start;
    if (length > this.#bytes.length) {
      this.#length = -1; // too long to keep: every row decodes it (a cache hit by text)
      return;
    }
    this.#bytes.set(bytes.subarray(start, end));
    this.#length = length;
  }
}
