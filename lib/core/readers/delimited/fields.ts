/**
 * Column collectors for `scanDelimited`: numbers straight into typed columns, date-time and
 * state texts parsed per row into typed columns. All of them size together from the first
 * lines' length so memory follows the rows, not the text.
 */
import type { IssueSink } from '../../issues.ts';
import { message } from '../../messages.ts';
import type { StepTypeCode } from '../../series.ts';
import { type AnyColumnBuilder, Float64ColumnBuilder, Uint8ColumnBuilder } from '../text/columns.ts';
import { parseIsoDateTimeBytes } from '../text/datetime.ts';
import { latin1Slice } from '../text/decode.ts';
import { type FieldSpec, fieldText } from '../text/delimited.ts';
import { RepeatedCell } from '../text/repeated-cell.ts';
import { stateClassifier } from './state.ts';
import { parseWallClock } from './wallclock.ts';
import { SameDayWallClock } from './wallclock-bytes.ts';

/** Rows reserved above the first lines' estimate (see `ColumnSet.reserve`). */
const RESERVE_MARGIN = 1.15;

/** The columns of one read, sized together. */
export class ColumnSet {
  readonly #builders: AnyColumnBuilder[] = [];
  readonly #bytes: number | null;

  constructor(sourceBytes: number | null) {
    this.#bytes = sourceBytes;
  }

  float(): Float64ColumnBuilder {
    const builder = new Float64ColumnBuilder();
    this.#builders.push(builder);
    return builder;
  }

  uint8(): Uint8ColumnBuilder {
    const builder = new Uint8ColumnBuilder();
    this.#builders.push(builder);
    return builder;
  }

  /**
   * For `DelimitedOptions.onLineLength`: reserve rows for the whole file once the line length is
   * known. The first lines are often shorter than later ones (times and counters gain digits), so
   * 15 % is added: capacity never written costs no resident memory, and `finish` keeps a view while
   * the slack stays under 25 %, whereas growing late would copy every column.
   */
  readonly reserve = (averageLineBytes: number): void => {
    if (this.#bytes === null || averageLineBytes <= 0) return;
    const rows = Math.ceil((this.#bytes / averageLineBytes) * RESERVE_MARGIN) + 16;
    for (const builder of this.#builders) builder.reserve(rows);
  };
}

export function numberSpec(
  name: string,
  column: Float64ColumnBuilder,
  scale: number,
  required: boolean,
): FieldSpec {
  return { kind: 'number', name, column, scale, required };
}

/** A finite value and its row. */
export interface RowValue {
  row: number;
  value: number;
}

/**
 * A date-time text column parsed per row into epoch milliseconds (see `wallclock.ts`). Texts
 * that are not date-times become NaN with one `missing_value` issue. ISO-like local times, what
 * most loggers write, are read from bytes in the scanner's pass (`dateTime` field kind); the rest
 * as text. Without `keepValues` only the first and last parsed values are kept: a reader that has
 * a time column needs the clock for the start time and its span alone, not 8 bytes a row.
 */
export class WallClockColumn {
  readonly values: Float64ColumnBuilder | null;
  /** Offset stated by the first parsed value (null: no zone). */
  offsetMinutes: number | null = null;
  /** First and last parsed values (finite), with their rows. */
  first: RowValue | null = null;
  last: RowValue | null = null;
  /** The value parsed before `last`: the last one when the final line is dropped as truncated. */
  beforeLast: RowValue | null = null;
  readonly spec: FieldSpec;

  constructor(columns: ColumnSet, name: string, file: string, issues: IssueSink, keepValues = true) {
    const values = keepValues ? columns.float() : null;
    this.values = values;
    const record = (ms: number, row: number): void => {
      if (this.first === null) {
        this.first = { row, value: ms };
        this.last = { row, value: ms };
        this.beforeLast = { row, value: ms };
      } else {
        const last = this.last!;
        const beforeLast = this.beforeLast!;
        beforeLast.row = last.row;
        beforeLast.value = last.value;
        last.row = row;
        last.value = ms;
      }
      if (values === null) return;
      // A short line may have skipped this field: keep values on their rows.
      while (values.length < row) values.push(Number.NaN);
      values.push(ms);
    };
    const sameDay = new SameDayWallClock();
    this.spec = {
      kind: 'dateTime',
      name,
      onMs: record,
      onOther: (bytes, start, end, row, line) => {
        const local_ms = sameDay.parse(bytes, start, end); // `04/30/2024 14:33:19` and the like
        if (!Number.isNaN(local_ms)) {
          record(local_ms, row);
          return;
        }
        const fast_ms = parseIsoDateTimeBytes(bytes, start, end); // quoted or padded ISO
        const clock = Number.isNaN(fast_ms)
          ? parseWallClock(latin1Slice(bytes, start, end).replace(/^"|"$/g, ''))
          : { ms: fast_ms, offsetMinutes: null };
        if (clock === null) {
          issues.add({
            code: 'missing_value',
            severity: 'warning',
            message: message.missingValue(name),
            location: { file, line, column: name },
          });
          if (values !== null) {
            while (values.length < row) values.push(Number.NaN);
            values.push(Number.NaN);
          }
          return;
        }
        if (this.first === null) this.offsetMinutes = clock.offsetMinutes;
        record(clock.ms, row);
      },
    };
  }
}

/** A state text column classified per row into `StepType` codes. */
export class StateColumn {
  readonly values: Uint8ColumnBuilder;
  readonly spec: FieldSpec;

  constructor(
    columns: ColumnSet,
    name: string,
    classify: (text: string) => StepTypeCode = stateClassifier(),
  ) {
    this.values = columns.uint8();
    const last = new RepeatedCell();
    let lastCode: StepTypeCode = 0;
    this.spec = {
      kind: 'bytes',
      name,
      onBytes: (bytes, start, end, row) => {
        // A short line may have skipped this field: keep values on their rows.
        while (this.values.length < row) this.values.push(0);
        if (!last.matches(bytes, start, end)) {
          lastCode = classify(fieldText(bytes, start, end));
          last.remember(bytes, start, end);
        }
        this.values.push(lastCode);
      },
    };
  }
}

/** First finite value and its row, or null. */
export function firstFinite(values: Float64Array): { row: number; value: number } | null {
  for (let row = 0; row < values.length; row++)
    if (Number.isFinite(values[row]!)) return { row, value: values[row]! };
  return null;
}

/** Last finite value and its row, or null. */
export function lastFinite(values: Float64Array): { row: number; value: number } | null {
  for (let row = values.length - 1; row >= 0; row--)
    if (Number.isFinite(values[row]!)) return { row, value: values[row]! };
  return null;
}

/** Integer column from a float column (NaN → 0; instruments count cycles and steps as integers). */
export function toInt32(values: Float64Array): Int32Array {
  const out = new Int32Array(values.length);
  for (let row = 0; row < values.length; row++) {
    const value = values[row]!;
    out[row] = Number.isFinite(value) ? Math.round(value) : 0;
  }
  return out;
}
