/**
 * The flat Neware CSV export: one header line, one line per record (BTS 7 `Record ID, Realtime,
 * Time(h:min:s.ms), Step ID, Cycle ID, Current(mA), …`; BTS 8 `DataPoint, Cycle Index, Step Index,
 * Step Type, Time, Cumulative Time, Current(A), …`). Streams through `scanDelimited`, each cell
 * straight into the array the records keep: numbers through the scanner's column builders,
 * step numbers, step types and times by row through its byte callbacks. Every array is sized once
 * from the file size and the first chunk's line length, so the text is never held and no column
 * is copied.
 */
import { NonNumericValueError } from '../../errors.ts';
import type { IssueSink } from '../../issues.ts';
import { message } from '../../messages.ts';
import { bdfLabel, type ColumnMapping, StepType } from '../../series.ts';
import type { ByteSource } from '../source.ts';
import { Float64ColumnBuilder, Int32ColumnBuilder } from '../text/columns.ts';
import { latin1Slice } from '../text/decode.ts';
import { type FieldSpec, fieldText, scanDelimited } from '../text/delimited.ts';
import { newParseState, ParseStatus, parseFieldNumberInFull } from '../text/numbers.ts';
import { RepeatedCell } from '../text/repeated-cell.ts';
import {
  type NewareColumn,
  type NewareColumnRole,
  parseDuration,
  parseDurationBytes,
} from './csv-columns.ts';
import { type CsvEncoding, redecode } from './csv-text.ts';
import { type RecordsInReadOrder, stepTimeToTestTime } from './records.ts';
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
  /** `recordIndex` null when the record numbers increase row by row (or the file has none). */
  records: RecordsInReadOrder;
  mappings: ColumnMapping[];
  /** Test time of the first row, s (to take the first row's clock back to time 0). */
  firstTime_s: number;
}

type FloatRole = 'voltage' | 'current' | 'capacity' | 'chargeCapacity' | 'dischargeCapacity';

const floatRoles: readonly NewareColumnRole[] = [
  'voltage',
  'current',
  'capacity',
  'chargeCapacity',
  'dischargeCapacity',
];

/** Rows the by-row columns hold before the first chunk tells how many the file has. */
const INITIAL_ROWS = 1024;
/** Headroom over the row estimate: the first chunk's lines may be shorter than the file's average. */
const ESTIMATE_HEADROOM = 1.05;
/** Unused capacity above which a finished column is copied to its length (as the column builders do). */
const MAX_SLACK = 0.25;

const SKIP: FieldSpec = { kind: 'skip' };

/** Reads the data lines of a flat export into Neware records (time already test time). */
export async function readFlatRecords(
  source: ByteSource,
  layout: FlatLayout,
  issues: IssueSink,
): Promise<FlatResult> {
  const { file, columns } = layout;
  const firstOf = (role: NewareColumnRole) => columns.findIndex((column) => column.role === role);
  const hasTotalTime = firstOf('totalTime') >= 0;
  const hasChargeAndDischarge = firstOf('chargeCapacity') >= 0 && firstOf('dischargeCapacity') >= 0;
  const timeHeader = columns[firstOf(hasTotalTime ? 'totalTime' : 'stepTime')]?.header ?? 'time';
  const floats = new Map<FloatRole, Float64ColumnBuilder>();
  const integers = new Map<'cycle' | 'step', Int32ColumnBuilder>();
  const stepTypes = new StepTypeCells(file, layout.encoding, issues);
  const time = new DurationCells(file, timeHeader);
  const recordHeader = columns[firstOf('record')]?.header;
  const recordNumbers =
    recordHeader === undefined ? null : new RecordNumbers(new NumberCells(file, recordHeader, issues));
  const mappings: ColumnMapping[] = [];
  const fields = columns.map((column, index): FieldSpec => {
    const role = column.role;
    if (role === null || firstOf(role) !== index) return SKIP;
    if (role === 'cycle' || role === 'step') {
      mappings.push(mappingOf(column, role, 1));
      const builder = new Int32ColumnBuilder(INITIAL_ROWS);
      integers.set(role, builder);
      return { kind: 'integer', name: column.header, column: builder, required: false };
    }
    if (role === 'record' && recordNumbers !== null) {
      mappings.push(mappingOf(column, role, 1));
      return { kind: 'bytes', name: column.header, onBytes: recordNumbers.onBytes };
    }
    if (floatRoles.includes(role)) {
      const scale = scaleOf(column, role, file, issues);
      mappings.push(mappingOf(column, role, scale));
      // The unsigned counter only matters when the charge and discharge counters are not both there.
      if (role === 'capacity' && hasChargeAndDischarge) return SKIP;
      const builder = new Float64ColumnBuilder(INITIAL_ROWS);
      floats.set(role as FloatRole, builder);
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
      return { kind: 'bytes', name: column.header, onBytes: stepTypes.onBytes };
    }
    if (role === 'totalTime' || (role === 'stepTime' && !hasTotalTime)) {
      mappings.push(mappingOf(column, role, 1));
      return { kind: 'bytes', name: column.header, onBytes: time.onBytes };
    }
    return SKIP;
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
      const estimate = Math.ceil(((layout.size - layout.dataOffset) / lineBytes) * ESTIMATE_HEADROOM);
      for (const builder of floats.values()) builder.reserve(estimate);
      for (const builder of integers.values()) builder.reserve(estimate);
      recordNumbers?.reserve(estimate);
      stepTypes.reserve(estimate);
      time.reserve(estimate);
    },
  });

  const time_s = time.finish(scanned.rows);
  const rows = keepRowsWithTime(scanned.rows, time_s, timeHeader, scanned.nextLine - 1, file, issues);
  const stepType = stepTypes.finish(rows);
  const current_A = floats.get('current')!.finish();
  const [chargeCapacity_Ah, dischargeCapacity_Ah] = chargeAndDischarge(
    rows,
    floats.get('chargeCapacity')?.finish() ?? null,
    floats.get('dischargeCapacity')?.finish() ?? null,
    floats.get('capacity')?.finish() ?? null,
    stepType,
    current_A,
  );
  const records: RecordsInReadOrder = {
    rows,
    recordIndex: recordNumbers?.finish(rows) ?? null,
    time_s,
    voltage_V: floats.get('voltage')!.finish(),
    current_A,
    chargeCapacity_Ah,
    dischargeCapacity_Ah,
    stepIndex: integers.get('step')?.finish().subarray(0, rows) ?? new Int32Array(rows),
    cycleIndex: integers.get('cycle')?.finish().subarray(0, rows) ?? null,
    stepType,
  };
  const firstTime_s = rows > 0 ? time_s[0]! : 0;
  if (!hasTotalTime) stepTimeToTestTime(records);
  return { records, mappings, firstTime_s };
}

/**
 * Charge and discharge counters, Ah. With both columns they are read as written; a lone unsigned
 * `Capacity` counter belongs to charge or discharge by the step, else by the current's sign (it
 * becomes the charge column in place).
 */
function chargeAndDischarge(
  rows: number,
  charge: Float64Array | null,
  discharge: Float64Array | null,
  capacity: Float64Array | null,
  stepType: Uint8Array,
  current_A: Float64Array,
): [Float64Array, Float64Array] {
  if (charge && discharge) return [charge, discharge];
  if (!capacity) return [new Float64Array(rows), new Float64Array(rows)];
  const split = new Float64Array(rows);
  for (let row = 0; row < rows; row++) {
    const direction = chargeDirection(stepType[row]!) || Math.sign(current_A[row]!);
    const counter = Math.abs(capacity[row]!);
    capacity[row] = direction > 0 ? counter : 0;
    split[row] = direction < 0 ? counter : 0;
  }
  return [capacity, split];
}

/**
 * A line cut inside its time cells (a file copied while being written) still has its numbers,
 * so the scanner keeps it: drop it here. A time cell missing elsewhere takes the time before it.
 */
function keepRowsWithTime(
  rows: number,
  time_s: Float64Array,
  header: string,
  lastLine: number,
  file: string,
  issues: IssueSink,
): number {
  if (rows > 0 && Number.isNaN(time_s[rows - 1])) {
    issues.add({
      code: 'truncated_record',
      severity: 'warning',
      message: message.truncatedLastLine(lastLine),
      location: { file, line: lastLine },
    });
    rows--;
  }
  for (let row = 0; row < rows; row++) {
    if (!Number.isNaN(time_s[row])) continue;
    time_s[row] = row > 0 ? time_s[row - 1]! : 0;
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

/*
 * The by-row columns below take the scanner's byte callbacks. Each is an arrow property reading
 * only its own object's fields, so the per-row call touches one object. Rows arrive in order,
 * except that the row of a cut last line is seen and then dropped; its cells are simply left past
 * the end.
 */

/** Durations by row, s; NaN for a row whose cell never arrived (a line cut before its time). */
class DurationCells {
  values = new Float64Array(INITIAL_ROWS);
  /** Rows before this one hold a duration or NaN. */
  next = 0;
  readonly file: string;
  readonly header: string;

  constructor(file: string, header: string) {
    this.file = file;
    this.header = header;
  }

  readonly onBytes = (bytes: Uint8Array, start: number, end: number, row: number, line: number): void => {
    if (row !== this.next || row >= this.values.length) this.makeRoom(row);
    let seconds = parseDurationBytes(bytes, start, end);
    if (Number.isNaN(seconds))
      seconds = durationOf(fieldText(bytes, start, end), this.file, line, this.header);
    this.values[row] = seconds;
    this.next = row + 1;
  };

  reserve(rows: number): void {
    if (rows > this.values.length) this.values = resized(this.values, rows, this.next);
  }

  /** The column of `rows` rows (a view when it fits snugly). */
  finish(rows: number): Float64Array {
    this.reserve(rows);
    this.fillMissing(rows);
    return trimmed(this.values, rows);
  }

  /** Room for `row`, and NaN for the rows skipped since the last cell. */
  private makeRoom(row: number): void {
    if (row >= this.values.length) this.reserve(Math.max(row + 1, this.values.length * 1.5));
    this.fillMissing(row);
  }

  private fillMissing(row: number): void {
    if (row <= this.next) return;
    this.values.fill(Number.NaN, this.next, row);
    this.next = row;
  }
}

/** `StepType` codes by row from the step names; 0 for a row whose cell never arrived. */
class StepTypeCells {
  values = new Uint8Array(INITIAL_ROWS);
  /** Rows written so far (those beyond are zero). */
  written = 0;
  /** The last name, to tell whether the next cell repeats it without decoding it. */
  readonly lastName = new RepeatedCell();
  lastCode = 0;
  readonly cache = new Map<string, number>();
  readonly file: string;
  readonly encoding: CsvEncoding;
  readonly issues: IssueSink;

  constructor(file: string, encoding: CsvEncoding, issues: IssueSink) {
    this.file = file;
    this.encoding = encoding;
    this.issues = issues;
  }

  readonly onBytes = (bytes: Uint8Array, start: number, end: number, row: number): void => {
    if (row >= this.values.length) this.reserve(Math.max(row + 1, this.values.length * 1.5));
    // Consecutive rows share their step: compare bytes, and decode only when the name changes.
    if (!this.lastName.matches(bytes, start, end)) this.decode(bytes, start, end);
    this.values[row] = this.lastCode;
    this.written = row + 1;
  };

  reserve(rows: number): void {
    if (rows > this.values.length) this.values = resized(this.values, rows, this.written);
  }

  finish(rows: number): Uint8Array {
    this.reserve(rows);
    return trimmed(this.values, rows);
  }

  private decode(bytes: Uint8Array, start: number, end: number): void {
    this.lastCode = stepTypeOf(
      fieldText(bytes, start, end),
      this.encoding,
      this.cache,
      this.file,
      this.issues,
    );
    this.lastName.remember(bytes, start, end);
  }
}

/**
 * The value of a cell of plain digits (at most 15, so exact), or -1 for any other cell (a sign, a
 * fraction, padding, quotes, an empty cell), which `NumberCells.parse` reads.
 */
function plainDigits(bytes: Uint8Array, start: number, end: number): number {
  if (end <= start || end - start > 15) return -1;
  let value = 0;
  for (let index = start; index < end; index++) {
    const digit = bytes[index]! - 48;
    if (digit >>> 0 > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** Any other number cell, read and reported as the scanner reads and reports a number column's. */
class NumberCells {
  readonly state = newParseState();
  emptyReported = false;
  readonly file: string;
  readonly header: string;
  readonly issues: IssueSink;

  constructor(file: string, header: string, issues: IssueSink) {
    this.file = file;
    this.header = header;
    this.issues = issues;
  }

  /** NaN for an empty cell (reported once); garbage is a `NonNumericValueError`. */
  parse(bytes: Uint8Array, start: number, end: number, line: number): number {
    const value = parseFieldNumberInFull(bytes, start, end, -1, 46, this.state);
    if (this.state.status === ParseStatus.invalid) {
      const text = latin1Slice(bytes, start, end).trim();
      throw new NonNumericValueError(message.nonNumeric(this.file, line, this.header, text), {
        location: { file: this.file, line, column: this.header },
        expected: 'a number',
      });
    }
    if (this.state.status === ParseStatus.empty && !this.emptyReported) {
      this.emptyReported = true;
      this.issues.add({
        code: 'missing_value',
        severity: 'warning',
        message: message.missingValue(this.header),
        location: { file: this.file, line, column: this.header },
      });
    }
    return value;
  }
}

/**
 * Record numbers, kept only as far as putting the rows in record order needs them. Neware numbers
 * its records 1, 2, 3 …: while each number is one above the one before, only where each run of
 * consecutive numbers starts is kept (one run for a whole export). A number that is not above the
 * one before, a missing cell, or runs too many to be cheaper than the numbers themselves switch to
 * every row's number, stored by row from then on.
 */
class RecordNumbers {
  /** Row, and record number, where each run of consecutive numbers starts. */
  runRows = new Float64Array(16);
  runNumbers = new Float64Array(16);
  runs = 0;
  /** Every row's number, once runs no longer do. */
  byRow: Float64Array | null = null;
  /** Rows the by-row numbers are sized for (the estimate from the file size). */
  capacity = INITIAL_ROWS;
  previous = Number.NEGATIVE_INFINITY;
  increasing = true;
  written = 0;
  readonly other: NumberCells;

  constructor(other: NumberCells) {
    this.other = other;
  }

  readonly onBytes = (bytes: Uint8Array, start: number, end: number, row: number, line: number): void => {
    let number = plainDigits(bytes, start, end);
    if (number < 0) number = this.other.parse(bytes, start, end, line);
    if (number === this.previous + 1 && row === this.written && this.byRow === null) {
      this.previous = number;
      this.written = row + 1;
      return;
    }
    this.store(number, row);
  };

  reserve(rows: number): void {
    this.capacity = Math.max(this.capacity, Math.ceil(rows));
    if (this.byRow !== null && rows > this.byRow.length) this.byRow = resized(this.byRow, rows, this.written);
  }

  /** Null when the first `rows` numbers (and any seen after) increase row by row. */
  finish(rows: number): Float64Array | null {
    // Rows at the end whose cell never arrived.
    if (rows > this.written) this.store(Number.NaN, rows - 1);
    if (this.increasing) return null;
    return trimmed(this.byRow ?? this.toByRow(), rows);
  }

  private store(number: number, row: number): void {
    if (!(number > this.previous) || row !== this.written) this.increasing = false;
    let byRow = this.byRow;
    if (byRow === null && this.increasing && (this.runs < 64 || this.runs * 4 < this.written)) {
      this.addRun(row, number);
    } else {
      byRow ??= this.toByRow();
      if (row >= byRow.length)
        byRow = this.byRow = resized(byRow, Math.max(row + 1, byRow.length * 1.5), this.written);
      // A row whose cell never arrived: NaN, as a number column's missing value.
      if (row > this.written) byRow.fill(Number.NaN, this.written, row);
      byRow[row] = number;
    }
    this.previous = number;
    this.written = row + 1;
  }

  private addRun(row: number, number: number): void {
    if (this.runs === this.runRows.length) {
      this.runRows = resized(this.runRows, this.runs * 2, this.runs);
      this.runNumbers = resized(this.runNumbers, this.runs * 2, this.runs);
    }
    this.runRows[this.runs] = row;
    this.runNumbers[this.runs] = number;
    this.runs++;
  }

  /** The numbers of the rows written so far, from the runs. */
  private toByRow(): Float64Array {
    const byRow = new Float64Array(Math.max(this.capacity, this.written + 1));
    for (let run = 0; run < this.runs; run++) {
      const first = this.runRows[run]!;
      const last = run + 1 < this.runs ? this.runRows[run + 1]! : this.written;
      for (let row = first; row < last; row++) byRow[row] = this.runNumbers[run]! + (row - first);
    }
    this.byRow = byRow;
    return byRow;
  }
}

/** `values` in an array of `length` rows (rounded up), its first `kept` rows copied. */
function resized<T extends Float64Array | Int32Array | Uint8Array>(
  values: T,
  length: number,
  kept: number,
): T {
  const next = new (values.constructor as new (length: number) => T)(Math.ceil(length));
  next.set(values.subarray(0, Math.min(kept, values.length)));
  return next;
}

/** The first `rows` rows: a view, or a right-sized copy when most of the array would sit unused. */
function trimmed<T extends Float64Array | Int32Array | Uint8Array>(values: T, rows: number): T {
  const slack = values.length - rows;
  return (slack <= values.length * MAX_SLACK ? values.subarray(0, rows) : values.slice(0, rows)) as T;
}
