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
import type { FieldSpec } from '../text/delimited.ts';
import { stateClassifier } from './state.ts';
import { parseWallClock } from './wallclock.ts';

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

  /** For `DelimitedOptions.onLineLength`: reserve rows for the whole file once the line length is known. */
  readonly reserve = (averageLineBytes: number): void => {
    if (this.#bytes === null || averageLineBytes <= 0) return;
    const rows = Math.ceil((this.#bytes / averageLineBytes) * 1.02) + 16;
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

/**
 * A date-time text column parsed per row into epoch milliseconds (see `wallclock.ts`). Texts
 * that are not date-times become NaN with one `missing_value` issue.
 */
export class WallClockColumn {
  readonly values: Float64ColumnBuilder;
  /** Offset stated by the first parsed value (null: no zone). */
  offsetMinutes: number | null = null;
  readonly spec: FieldSpec;
  #first = true;

  constructor(columns: ColumnSet, name: string, file: string, issues: IssueSink) {
    this.values = columns.float();
    this.spec = {
      kind: 'bytes',
      name,
      onBytes: (bytes, start, end, row, line) => {
        // Most loggers write ISO-like local times: parse those from bytes, the rest as text.
        const fast_ms = parseIsoDateTimeBytes(bytes, start, end);
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
        } else if (this.#first) {
          this.#first = false;
          this.offsetMinutes = clock.offsetMinutes;
        }
        while (this.values.length < row) this.values.push(Number.NaN);
        this.values.push(clock === null ? Number.NaN : clock.ms);
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
    this.spec = {
      kind: 'text',
      name,
      onValue: (text, row) => {
        // A short line may have skipped this field: keep values on their rows.
        while (this.values.length < row) this.values.push(0);
        this.values.push(classify(text));
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
