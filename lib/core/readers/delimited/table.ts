/**
 * Scans the data lines of a table whose columns a reader has already chosen: numbers, date-time
 * texts and state texts, each into its typed column. The streaming, the number parsing and the
 * line errors are `scanDelimited`'s; this module only wires the chosen columns to it.
 */
import type { IssueSink } from '../../issues.ts';
import type { ByteSource } from '../source.ts';
import type { Float64ColumnBuilder } from '../text/columns.ts';
import { type FieldSpec, scanDelimited } from '../text/delimited.ts';
import type { TableDialect } from './dialect.ts';
import { ColumnSet, numberSpec, type RowValue, StateColumn, WallClockColumn } from './fields.ts';

export type ColumnPlan =
  /** Number times `scale`; `required` fields may not be empty. */
  | { kind: 'number'; index: number; key: string; header: string; scale: number; required: boolean }
  /** Date-times as epoch ms; with `keepValues: false` only the first and last are kept. */
  | { kind: 'wallClock'; index: number; key: string; header: string; keepValues?: boolean }
  | { kind: 'state'; index: number; key: string; header: string }
  /** A number written as text the scanner cannot parse (`2d 02:52:51.57`): `parse` returns NaN for blanks. */
  | { kind: 'parsedText'; index: number; key: string; header: string; parse: (text: string) => number }
  /** Only the first row's text is kept (a start date-time). */
  | { kind: 'firstText'; index: number; key: string; header: string };

export interface ScannedTable {
  rows: number;
  numbers: Map<string, Float64Array>;
  wallClocks: Map<string, ScannedClock>;
  states: Map<string, Uint8Array>;
  firstTexts: Map<string, string>;
}

export interface ScannedClock {
  /** Every row's epoch ms (NaN where unreadable), or null when the plan kept none. */
  values: Float64Array | null;
  /** First and last finite values with their rows. */
  first: RowValue | null;
  last: RowValue | null;
  offsetMinutes: number | null;
}

export interface ScanTableOptions {
  isEndOfData?: (bytes: Uint8Array, start: number, end: number) => boolean;
}

export async function scanTable(
  source: ByteSource,
  dialect: TableDialect,
  plans: readonly ColumnPlan[],
  issues: IssueSink,
  options: ScanTableOptions = {},
): Promise<ScannedTable> {
  const file = source.name;
  const columns = new ColumnSet(source.size);
  const width = plans.reduce((max, plan) => Math.max(max, plan.index + 1), 0);
  const fields: FieldSpec[] = Array.from({ length: width }, () => ({ kind: 'skip' }));
  const numberBuilders = new Map<string, Float64ColumnBuilder>();
  const wallClockColumns = new Map<string, WallClockColumn>();
  const stateColumns = new Map<string, StateColumn>();
  const firstTexts = new Map<string, string>();
  for (const plan of plans) {
    if (plan.kind === 'number') {
      const builder = columns.float();
      numberBuilders.set(plan.key, builder);
      fields[plan.index] = numberSpec(plan.header, builder, plan.scale, plan.required);
    } else if (plan.kind === 'wallClock') {
      const column = new WallClockColumn(columns, plan.header, file, issues, plan.keepValues ?? true);
      wallClockColumns.set(plan.key, column);
      fields[plan.index] = column.spec;
    } else if (plan.kind === 'parsedText') {
      const builder = columns.float();
      numberBuilders.set(plan.key, builder);
      const parse = plan.parse;
      fields[plan.index] = {
        kind: 'text',
        name: plan.header,
        onValue: (text, row) => {
          while (builder.length < row) builder.push(Number.NaN);
          builder.push(parse(text));
        },
      };
    } else if (plan.kind === 'firstText') {
      const key = plan.key;
      fields[plan.index] = {
        kind: 'text',
        name: plan.header,
        onValue: (text) => {
          if (!firstTexts.has(key)) firstTexts.set(key, text);
        },
      };
    } else {
      const column = new StateColumn(columns, plan.header);
      stateColumns.set(plan.key, column);
      fields[plan.index] = column.spec;
    }
  }
  const result = await scanDelimited(source.chunks(), {
    file,
    delimiter: dialect.delimiter,
    decimal: dialect.decimal,
    dataOffset: dialect.dataOffset,
    firstDataLine: dialect.firstDataLine,
    fields,
    issues,
    onLineLength: columns.reserve,
    ...(options.isEndOfData ? { isEndOfData: options.isEndOfData } : {}),
  });
  // Text columns get no value on a short line, or keep one of a dropped truncated line: realign.
  const rows = result.rows;
  const fitRows = <T extends Float64Array | Uint8Array>(values: T, fill: number): T => {
    if (values.length === rows) return values;
    if (values.length > rows) return values.subarray(0, rows) as T;
    const grown = new (values.constructor as new (length: number) => T)(rows);
    grown.set(values);
    grown.fill(fill, values.length);
    return grown;
  };
  return {
    rows,
    numbers: new Map(
      [...numberBuilders].map(([key, builder]) => [key, fitRows(builder.finish(), Number.NaN)]),
    ),
    wallClocks: new Map(
      [...wallClockColumns].map(([key, column]) => [
        key,
        {
          values: column.values === null ? null : fitRows(column.values.finish(), Number.NaN),
          first: column.first !== null && column.first.row < rows ? column.first : null,
          // A truncated last line may have been parsed and then dropped.
          last: column.last !== null && column.last.row >= rows ? column.beforeLast : column.last,
          offsetMinutes: column.offsetMinutes,
        },
      ]),
    ),
    states: new Map([...stateColumns].map(([key, column]) => [key, fitRows(column.values.finish(), 0)])),
    firstTexts,
  };
}
