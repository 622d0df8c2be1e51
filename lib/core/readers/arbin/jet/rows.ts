/**
 * Rows of a Jet 4 table: where each live row lies, then the values of the wanted columns, read
 * straight from the page bytes into one float64 array per column, with no object per row
 * (mdbtools HACKING "Data Rows", Jet 4 layout).
 *
 * A row is `[column count: u16][fixed-length values][variable-length values][end offset: u16]
 * [variable offsets: u16 each, last column first][variable count: u16][null mask]`; the null
 * mask has one bit per column number, set when the column holds a value (for a boolean column
 * the bit is the value itself). Columns added after a row was written lie beyond its column count.
 */
import { ReaderError } from '../../../errors.ts';
import { message } from '../../../messages.ts';
import { decodeJetText, type JetDatabase, PageType, pageStart, structureError } from './database.ts';
import {
  DATA_PAGE,
  type JetColumn,
  type JetTable,
  JetType,
  ROW_DELETED_FLAG,
  ROW_OFFSET_MASK,
  ROW_OVERFLOW_FLAG,
  rowBounds,
  rowOutsidePage,
} from './table.ts';

/**
 * A table's live rows, in storage order: row `row` is `[starts[row], ends[row])` in the file, was
 * written with `columnCounts[row]` columns, and its null mask starts at `maskStarts[row]`.
 */
export interface RowLocations {
  count: number;
  starts: Int32Array;
  ends: Int32Array;
  columnCounts: Uint16Array;
  maskStarts: Int32Array;
  /**
   * Bit `index` set when every row holds a value in column `index` inside its fixed-length area:
   * the common case (no nulls, no rows older than a column), read without per-row checks.
   */
  everyRowHolds: Uint8Array;
}

/** A numeric column: NaN where a row holds no value, and `nulls[row] = 1` there (null when no row is empty). */
export interface NumericColumn {
  values: Float64Array;
  nulls: Uint8Array | null;
}

export type JetValue = number | string | boolean | null;

/**
 * Finds every live row of `table`: page by page, slot by slot, skipping deleted rows and
 * following an overflow slot's 4-byte pointer (row number in the low byte, page above it) to
 * where the row was moved. The moved row is itself flagged deleted, so it is read once.
 */
export function locateRows(database: JetDatabase, table: JetTable): RowLocations {
  const { view, bytes, pageBytes } = database;
  const what = `a data page of table "${table.name}"`;
  const pageOffsets = table.dataPages.map((page) => pageStart(database, page, PageType.data, what));
  let slots = 0;
  for (const offset of pageOffsets) slots += view.getUint16(offset + DATA_PAGE.rowCount, true);
  const starts = new Int32Array(slots);
  const ends = new Int32Array(slots);
  const columnCounts = new Uint16Array(slots);
  const maskStarts = new Int32Array(slots);
  const columns = table.columns.length;
  const everyRowHolds = new Uint8Array((columns + 7) >> 3).fill(0xff);
  const fixedEnd =
    2 +
    Math.max(
      0,
      ...table.columns.map((column) => (column.fixedLength ? column.fixedOffset + column.length : 0)),
    );
  let uniform = true;
  let count = 0;
  for (const offset of pageOffsets) {
    const rows = view.getUint16(offset + DATA_PAGE.rowCount, true);
    const firstRowStart = DATA_PAGE.rowOffsets + 2 * rows;
    // Row n ends where row n - 1 starts; row 0 at the page end. (The bounds test is
    // `rowInsidePage`, written out: this loop runs once per row, mostly before it is optimised.)
    let end = pageBytes;
    for (let row = 0; row < rows; row++) {
      const slot = view.getUint16(offset + DATA_PAGE.rowOffsets + 2 * row, true);
      const start = slot & ROW_OFFSET_MASK;
      if ((slot & ROW_DELETED_FLAG) === 0) {
        if (start < firstRowStart || end > pageBytes || start >= end)
          throw rowOutsidePage(database, offset, row);
        let rowStart = offset + start;
        let rowEnd = offset + end;
        if (slot & ROW_OVERFLOW_FLAG) {
          const pointer = view.getUint32(rowStart, true);
          const target = pageStart(
            database,
            pointer >>> 8,
            PageType.data,
            `the moved row of table "${table.name}"`,
          );
          [rowStart, rowEnd] = rowBounds(database, target, pointer & 0xff);
        }
        const columnCount = bytes[rowStart]! | (bytes[rowStart + 1]! << 8);
        const maskStart = rowEnd - ((columnCount + 7) >> 3);
        starts[count] = rowStart;
        ends[count] = rowEnd;
        columnCounts[count] = columnCount;
        maskStarts[count] = maskStart;
        if (columnCount !== columns || rowStart + fixedEnd > maskStart) uniform = false;
        for (let maskByte = 0; maskByte < everyRowHolds.length; maskByte++)
          everyRowHolds[maskByte]! &= bytes[maskStart + maskByte]!;
        count++;
      }
      end = start;
    }
  }
  if (!uniform) everyRowHolds.fill(0);
  return {
    count,
    starts: starts.subarray(0, count),
    ends: ends.subarray(0, count),
    columnCounts: columnCounts.subarray(0, count),
    maskStarts: maskStarts.subarray(0, count),
    everyRowHolds,
  };
}

/** Whether row `row` holds a value in column `index` (for a boolean column, the value itself). */
function hasValue(bytes: Uint8Array, rows: RowLocations, row: number, index: number): boolean {
  return (
    index < rows.columnCounts[row]! &&
    (bytes[rows.maskStarts[row]! + (index >> 3)]! & (1 << (index & 7))) !== 0
  );
}

function fixedBytes(database: JetDatabase, table: JetTable, column: JetColumn): number {
  switch (column.type) {
    case JetType.byte:
      return 1;
    case JetType.integer:
      return 2;
    case JetType.long:
    case JetType.float:
      return 4;
    case JetType.double:
    case JetType.dateTime:
      return 8;
    case JetType.boolean:
      return 0;
    default:
      throw new ReaderError(
        message.jetColumnTypeUnsupported(database.file, table.name, column.name, column.type),
        { location: { file: database.file, column: column.name }, expected: 'a numeric column' },
      );
  }
}

/** The fixed-length value at byte `at`; a date is Access's day count from 1899-12-30 (as a double). */
function fixedValue(view: DataView, at: number, type: number): number {
  switch (type) {
    case JetType.byte:
      return view.getUint8(at);
    case JetType.integer:
      return view.getInt16(at, true);
    case JetType.long:
      return view.getInt32(at, true);
    case JetType.float:
      return view.getFloat32(at, true);
    default:
      return view.getFloat64(at, true);
  }
}

function valueOutsideRow(database: JetDatabase, table: JetTable, column: JetColumn, at: number): ReaderError {
  return structureError(
    database,
    `column "${column.name}" of table "${table.name}"`,
    at,
    'a value inside its row',
  );
}

/**
 * For a column that some rows lack: where its value lies in each row, into `valueAt` (-1 where
 * the row holds none; the test of `hasValue`, written out). Returns the number of empty rows, or
 * `-1 - row` for the first row whose value would run past the row's end.
 */
function locateValues(
  bytes: Uint8Array,
  rows: RowLocations,
  index: number,
  valueOffset: number,
  size: number,
  valueAt: Int32Array,
): number {
  const { starts, columnCounts, maskStarts, count } = rows;
  const maskByte = index >> 3;
  const maskBit = 1 << (index & 7);
  let empty = 0;
  for (let row = 0; row < count; row++) {
    const maskStart = maskStarts[row]!;
    if (index < columnCounts[row]! && (bytes[maskStart + maskByte]! & maskBit) !== 0) {
      const at = starts[row]! + valueOffset;
      if (at + size > maskStart) return -1 - row;
      valueAt[row] = at;
    } else {
      valueAt[row] = -1;
      empty++;
    }
  }
  return empty;
}

/** Rows decoded per block: a block's rows (≈ 100 KB) stay in cache while each column is pulled from them. */
const BLOCK_ROWS = 2048;

/** Where one wanted column's values lie, and the array they go into. */
interface ColumnRead {
  positions: Int32Array;
  offset: number;
  type: number;
  values: Float64Array;
}

/**
 * Second hot loop: the wanted columns, block of rows by block of rows, one column at a time within
 * a block (a column-at-a-time pass over the whole table would pull every row's cache line once per
 * column; one row at a time would make every load polymorphic).
 */
function readColumns(view: DataView, reads: readonly ColumnRead[], count: number): void {
  for (let from = 0; from < count; from += BLOCK_ROWS) {
    const to = Math.min(count, from + BLOCK_ROWS);
    for (const read of reads) readColumn(view, read.positions, read.offset, read.type, read.values, from, to);
  }
}

/**
 * Rows `[from, to)` of one column: value `row` is at `positions[row] + offset` (NaN where
 * `positions[row]` is negative: -1 marks an empty row, and row starts are never negative). One
 * loop per storage type, so each loop's loads stay monomorphic.
 */
function readColumn(
  view: DataView,
  positions: Int32Array,
  offset: number,
  type: number,
  values: Float64Array,
  from: number,
  to: number,
): void {
  switch (type) {
    case JetType.float:
      for (let row = from; row < to; row++) {
        const at = positions[row]!;
        values[row] = at < 0 ? Number.NaN : view.getFloat32(at + offset, true);
      }
      return;
    case JetType.long:
      for (let row = from; row < to; row++) {
        const at = positions[row]!;
        values[row] = at < 0 ? Number.NaN : view.getInt32(at + offset, true);
      }
      return;
    case JetType.integer:
      for (let row = from; row < to; row++) {
        const at = positions[row]!;
        values[row] = at < 0 ? Number.NaN : view.getInt16(at + offset, true);
      }
      return;
    case JetType.byte:
      for (let row = from; row < to; row++) {
        const at = positions[row]!;
        values[row] = at < 0 ? Number.NaN : view.getUint8(at + offset);
      }
      return;
    default:
      for (let row = from; row < to; row++) {
        const at = positions[row]!;
        values[row] = at < 0 ? Number.NaN : view.getFloat64(at + offset, true);
      }
  }
}

/** `mask[row] = 1` where the row holds no value of column `index`. */
function emptyRows(rows: RowLocations, bytes: Uint8Array, index: number): Uint8Array {
  const mask = new Uint8Array(rows.count);
  for (let row = 0; row < rows.count; row++) mask[row] = hasValue(bytes, rows, row, index) ? 0 : 1;
  return mask;
}

/**
 * Numeric columns (byte, integer, long, float, double, date as day number, boolean as 0/1) of
 * every located row, as float64, in the order asked.
 */
export function readNumericColumns(
  database: JetDatabase,
  table: JetTable,
  rows: RowLocations,
  columns: readonly JetColumn[],
): NumericColumn[] {
  const { view, bytes } = database;
  const { count, starts } = rows;
  const decoded: NumericColumn[] = [];
  const reads: ColumnRead[] = [];
  for (const column of columns) {
    const size = fixedBytes(database, table, column);
    const columnValues = new Float64Array(count);
    if (column.type === JetType.boolean) {
      const mask = emptyRows(rows, bytes, column.index);
      for (let row = 0; row < count; row++) columnValues[row] = 1 - mask[row]!;
      decoded.push({ values: columnValues, nulls: null });
      continue;
    }
    const valueOffset = 2 + column.fixedOffset;
    if ((rows.everyRowHolds[column.index >> 3]! & (1 << (column.index & 7))) !== 0) {
      reads.push({ positions: starts, offset: valueOffset, type: column.type, values: columnValues });
      decoded.push({ values: columnValues, nulls: null });
    } else {
      const valueAt = new Int32Array(count);
      const empty = locateValues(bytes, rows, column.index, valueOffset, size, valueAt);
      if (empty < 0) throw valueOutsideRow(database, table, column, starts[-1 - empty]! + valueOffset);
      reads.push({ positions: valueAt, offset: 0, type: column.type, values: columnValues });
      decoded.push({
        values: columnValues,
        nulls: empty === 0 ? null : emptyRows(rows, bytes, column.index),
      });
    }
  }
  readColumns(view, reads, count);
  return decoded;
}

/** A text column's value in the row `[start, end)`, or null. */
function variableText(
  database: JetDatabase,
  table: JetTable,
  start: number,
  end: number,
  maskStart: number,
  column: JetColumn,
): string | null {
  const { view, bytes } = database;
  const variableCount = view.getUint16(maskStart - 2, true);
  if (column.variableIndex >= variableCount) return null;
  const offsetAt = maskStart - 4 - 2 * column.variableIndex;
  const from = start + view.getUint16(offsetAt, true);
  const to = start + view.getUint16(offsetAt - 2, true);
  if (from < start || to > end || from > to) {
    throw valueOutsideRow(database, table, column, offsetAt);
  }
  return decodeJetText(bytes, from, to);
}

/**
 * The named columns of the first `limit` rows as records (absent names are left out). For the
 * small tables only: it builds one object per row. Text columns are decoded; memo and other
 * long-value columns are not supported.
 */
export function readRecords(
  database: JetDatabase,
  table: JetTable,
  names: readonly string[],
  limit = Number.POSITIVE_INFINITY,
): Record<string, JetValue>[] {
  const { view, bytes } = database;
  const rows = locateRows(database, table);
  const columns = table.columns.filter((column) => names.includes(column.name));
  const sizes = columns.map((column) =>
    column.type === JetType.text ? 0 : fixedBytes(database, table, column),
  );
  const records: Record<string, JetValue>[] = [];
  for (let row = 0; row < Math.min(rows.count, limit); row++) {
    const start = rows.starts[row]!;
    const end = rows.ends[row]!;
    const maskStart = rows.maskStarts[row]!;
    const record: Record<string, JetValue> = {};
    columns.forEach((column, order) => {
      const present = hasValue(bytes, rows, row, column.index);
      if (column.type === JetType.boolean) record[column.name] = present;
      else if (!present) record[column.name] = null;
      else if (column.type === JetType.text)
        record[column.name] = variableText(database, table, start, end, maskStart, column);
      else {
        const at = start + 2 + column.fixedOffset;
        if (at + sizes[order]! > maskStart) throw valueOutsideRow(database, table, column, at);
        record[column.name] = fixedValue(view, at, column.type);
      }
    });
    records.push(record);
  }
  return records;
}
