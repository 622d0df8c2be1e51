/**
 * The `VMP data` module of an `.mpr`: a count of records, the column ids that fix the record layout,
 * then fixed-size little-endian records. Layouts by module version (galvani `BioLogic.py`):
 *
 * | version | column count | column ids            | first record |
 * |---------|--------------|-----------------------|--------------|
 * | 0       | u8 at 4      | u8 each from 5        | 100          |
 * | 0 (EC-Lab ≥ 11.50, byte 5 = 0) | u16 at 4 | u16 each from 6 | 1007 |
 * | 2       | u8 at 4      | u16 each from 5       | 405          |
 * | 3       | u8 at 4      | u16 each from 5       | 406          |
 *
 * The record count is a u32 at 0. Flag ids share one byte, placed where the first flag id appears.
 * The records are decoded as they stream in, straight into the arrays the series keeps.
 */
import { ReaderError, TruncatedFileError } from '../../errors.ts';
import { message } from '../../messages.ts';
import type { ByteCursor } from './byte-cursor.ts';
import { type BinaryType, binaryTypeBytes, DATA_COLUMNS, FLAG_COLUMNS } from './mpr-columns.ts';
import { type MprModule, need, needModuleData } from './mpr-modules.ts';
import { allocateColumn, type DecodedValues, type FieldReader, RecordDecoder } from './record-kernels.ts';

export interface DataModuleLayout {
  rows: number;
  columnIds: number[];
  /** Absolute byte offset of each column id, for messages. */
  idOffsets: number[];
  /** Absolute byte offset of the first record. */
  recordsOffset: number;
  /** Bytes of the module after `recordsOffset`. */
  recordsBytes: number;
}

/** Bytes at the start of the data module that fix where the column ids and records lie. */
const COUNTS_BYTES = 6;

/**
 * Reads the data module's header (record count, column ids) from the cursor, which is at the
 * module's data, and leaves the cursor at the first record.
 */
export async function readDataModuleLayout(
  cursor: ByteCursor,
  module: MprModule,
  file: string,
): Promise<DataModuleLayout> {
  const base = module.dataOffset;
  const counts = await takeFromModule(cursor, module, 0, COUNTS_BYTES, file);
  need(counts, file, 'data module header', base, COUNTS_BYTES, base);
  const { idsStart, idBytes, recordsStart } = idPlacement(module, counts, file);
  const rest = await takeFromModule(cursor, module, COUNTS_BYTES, recordsStart - COUNTS_BYTES, file);
  const header = new Uint8Array(COUNTS_BYTES + rest.length);
  header.set(counts);
  header.set(rest, COUNTS_BYTES);
  need(header, file, 'data module header', base, recordsStart, base);
  const view = new DataView(header.buffer, header.byteOffset, header.byteLength);
  const count = header[4]!;
  if (idsStart + count * idBytes > recordsStart) {
    throw new ReaderError(message.columnIdsOverflow(file, count, base + recordsStart), {
      location: { file, byteOffset: base + 4 },
      expected: `at most ${Math.floor((recordsStart - idsStart) / idBytes)} column ids`,
    });
  }
  const columnIds: number[] = [];
  const idOffsets: number[] = [];
  for (let index = 0; index < count; index++) {
    const at = idsStart + index * idBytes;
    idOffsets.push(base + at);
    columnIds.push(idBytes === 1 ? header[at]! : view.getUint16(at, true));
  }
  return {
    rows: view.getUint32(0, true),
    columnIds,
    idOffsets,
    recordsOffset: base + recordsStart,
    recordsBytes: module.length - recordsStart,
  };
}

function idPlacement(
  module: MprModule,
  counts: Uint8Array,
  file: string,
): { idsStart: number; idBytes: 1 | 2; recordsStart: number } {
  if (module.version === 0 && counts[5] !== 0) return { idsStart: 5, idBytes: 1, recordsStart: 100 };
  if (module.version === 0) return { idsStart: 6, idBytes: 2, recordsStart: 1007 };
  if (module.version === 2) return { idsStart: 5, idBytes: 2, recordsStart: 405 };
  if (module.version === 3) return { idsStart: 5, idBytes: 2, recordsStart: 406 };
  throw new ReaderError(message.unsupportedVersion(file, '"VMP data" module', module.version), {
    location: { file, byteOffset: module.offset },
    expected: 'data module version 0, 2 or 3',
  });
}

/**
 * Up to `count` bytes of the module from `moduleOffset` on (fewer when the module is shorter); the
 * stream ending inside the module is a `TruncatedFileError` for the module.
 */
async function takeFromModule(
  cursor: ByteCursor,
  module: MprModule,
  moduleOffset: number,
  count: number,
  file: string,
): Promise<Uint8Array> {
  const wanted = Math.max(0, Math.min(count, module.length - moduleOffset));
  const bytes = await cursor.take(wanted);
  if (bytes.length < wanted) needModuleData(module, moduleOffset + bytes.length, file);
  return bytes;
}

/** Where one column sits in a record; `offset` is null when unknown columns around it hide it. */
export interface PlacedColumn {
  id: number;
  name: string;
  type: BinaryType;
  offset: number | null;
}

export interface RecordLayout {
  /** Bytes per record, or null when unknown columns make it undeterminable. */
  recordBytes: number | null;
  /** Offset of the shared flags byte, when flag ids are present. */
  flagsOffset: number | null;
  flagIds: number[];
  columns: PlacedColumn[];
  unknownIds: { id: number; index: number }[];
}

type Field = { kind: 'flags' } | { kind: 'known'; column: PlacedColumn } | { kind: 'unknown' };

/**
 * Places every column in the record. Columns before the first unknown id are placed from the start;
 * the record size then comes from the module size, and columns after the last unknown id are placed
 * from the end. Columns between two unknown ids stay unplaced.
 */
export function recordLayout(layout: DataModuleLayout): RecordLayout {
  const fields: Field[] = [];
  const flagIds: number[] = [];
  const columns: PlacedColumn[] = [];
  const unknownIds: { id: number; index: number }[] = [];
  layout.columnIds.forEach((id, index) => {
    if (FLAG_COLUMNS.has(id)) {
      if (flagIds.length === 0) fields.push({ kind: 'flags' });
      flagIds.push(id);
      return;
    }
    const known = DATA_COLUMNS.get(id);
    if (known) {
      const column: PlacedColumn = { id, name: known.name, type: known.type, offset: null };
      columns.push(column);
      fields.push({ kind: 'known', column });
      return;
    }
    unknownIds.push({ id, index });
    fields.push({ kind: 'unknown' });
  });

  let flagsOffset: number | null = null;
  const widthOf = (field: Field): number =>
    field.kind === 'flags' ? 1 : field.kind === 'known' ? binaryTypeBytes[field.column.type] : 0;
  const place = (field: Field, offset: number): void => {
    if (field.kind === 'flags') flagsOffset = offset;
    else if (field.kind === 'known') field.column.offset = offset;
  };

  let position = 0;
  let firstUnknown = fields.length;
  for (let index = 0; index < fields.length; index++) {
    const field = fields[index]!;
    if (field.kind === 'unknown') {
      firstUnknown = index;
      break;
    }
    place(field, position);
    position += widthOf(field);
  }
  if (firstUnknown === fields.length)
    return { recordBytes: position, flagsOffset, flagIds, columns, unknownIds };

  let lastUnknown = fields.length - 1;
  while (fields[lastUnknown]!.kind !== 'unknown') lastUnknown--;
  const trailing = fields.slice(lastUnknown + 1);
  const trailingBytes = trailing.reduce((sum, field) => sum + widthOf(field), 0);
  // A record size that cannot hold the columns before the first unknown id and after the last
  // one comes from a damaged record count: the columns cannot be placed from it.
  const fits =
    layout.rows > 0 &&
    layout.recordsBytes % layout.rows === 0 &&
    layout.recordsBytes / layout.rows >= position + trailingBytes;
  const recordBytes = fits ? layout.recordsBytes / layout.rows : null;
  if (recordBytes !== null) {
    let end = recordBytes;
    for (const field of trailing.reverse()) {
      end -= widthOf(field);
      place(field, end);
    }
  }
  return { recordBytes, flagsOffset, flagIds, columns, unknownIds };
}

/** Throws a `TruncatedFileError` when the module holds fewer records than it announces. */
export function checkRecordsPresent(layout: DataModuleLayout, recordBytes: number, file: string): void {
  const needed = layout.rows * recordBytes;
  if (layout.recordsBytes >= needed) return;
  const completeRecords = Math.floor(layout.recordsBytes / recordBytes);
  const offset = layout.recordsOffset + completeRecords * recordBytes;
  throw new TruncatedFileError(
    message.truncatedBinary(
      file,
      `data record ${completeRecords + 1} of ${layout.rows}`,
      offset,
      recordBytes,
      layout.recordsBytes - completeRecords * recordBytes,
    ),
    { location: { file, byteOffset: offset }, expected: `${layout.rows} records of ${recordBytes} bytes` },
  );
}

/**
 * Decodes the `rows` records of `recordBytes` bytes that follow the cursor, chunk by chunk as they
 * stream in, into one array per field; then skips the rest of the module. A record split across
 * two chunks is copied whole into a small buffer first.
 */
export async function readRecords(
  cursor: ByteCursor,
  module: MprModule,
  layout: DataModuleLayout,
  recordBytes: number,
  fields: readonly FieldReader[],
  file: string,
): Promise<DecodedValues[]> {
  const { rows } = layout;
  const columns = fields.map((field) => allocateColumn(field, rows));
  const decoder = new RecordDecoder(recordBytes, fields);
  const recordsStart = layout.recordsOffset - module.dataOffset;
  const split = new Uint8Array(recordBytes);
  let splitFilled = 0;
  let row = 0;
  let consumed = recordsStart;
  while (row < rows) {
    const piece = await cursor.piece((rows - row) * recordBytes - splitFilled);
    if (piece.length === 0) needModuleData(module, consumed, file);
    consumed += piece.length;
    let at = 0;
    if (splitFilled > 0) {
      at = Math.min(recordBytes - splitFilled, piece.length);
      split.set(piece.subarray(0, at), splitFilled);
      splitFilled += at;
      if (splitFilled < recordBytes) continue;
      decoder.decode(split, 0, row, 1, columns);
      row++;
      splitFilled = 0;
    }
    const whole = Math.floor((piece.length - at) / recordBytes);
    decoder.decode(piece, at, row, whole, columns);
    row += whole;
    at += whole * recordBytes;
    split.set(piece.subarray(at), 0);
    splitFilled = piece.length - at;
  }
  const trailing = module.length - consumed;
  needModuleData(module, consumed + (await cursor.skip(trailing)), file);
  return columns;
}
