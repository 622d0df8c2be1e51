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
 */
import { ReaderError, TruncatedFileError } from '../../errors.ts';
import { message } from '../../messages.ts';
import { type BinaryType, binaryTypeBytes, DATA_COLUMNS, FLAG_COLUMNS } from './mpr-columns.ts';
import { type MprModule, need } from './mpr-modules.ts';

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

export function dataModuleLayout(bytes: Uint8Array, module: MprModule, file: string): DataModuleLayout {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const base = module.dataOffset;
  const moduleEnd = base + module.length;
  const moduleBytes = bytes.subarray(0, moduleEnd);
  need(moduleBytes, file, 'data module header', base, 6);
  const rows = view.getUint32(base, true);
  const count = bytes[base + 4]!;
  let idsStart: number;
  let idBytes: 1 | 2;
  let recordsStart: number;
  if (module.version === 0 && bytes[base + 5] !== 0) [idsStart, idBytes, recordsStart] = [5, 1, 100];
  else if (module.version === 0) [idsStart, idBytes, recordsStart] = [6, 2, 1007];
  else if (module.version === 2) [idsStart, idBytes, recordsStart] = [5, 2, 405];
  else if (module.version === 3) [idsStart, idBytes, recordsStart] = [5, 2, 406];
  else {
    throw new ReaderError(message.unsupportedVersion(file, '"VMP data" module', module.version), {
      location: { file, byteOffset: module.offset },
      expected: 'data module version 0, 2 or 3',
    });
  }
  need(moduleBytes, file, 'data module header', base, recordsStart);
  const columnIds: number[] = [];
  const idOffsets: number[] = [];
  for (let index = 0; index < count; index++) {
    const offset = base + idsStart + index * idBytes;
    idOffsets.push(offset);
    columnIds.push(idBytes === 1 ? bytes[offset]! : view.getUint16(offset, true));
  }
  return {
    rows,
    columnIds,
    idOffsets,
    recordsOffset: base + recordsStart,
    recordsBytes: module.length - recordsStart,
  };
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

  const fits = layout.rows > 0 && layout.recordsBytes % layout.rows === 0;
  const recordBytes = fits ? layout.recordsBytes / layout.rows : null;
  if (recordBytes !== null) {
    let end = recordBytes;
    for (let index = fields.length - 1; index >= 0 && fields[index]!.kind !== 'unknown'; index--) {
      end -= widthOf(fields[index]!);
      place(fields[index]!, end);
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

/** Where one value of a record lies and how it is stored; a flag reads `(byte & mask) >> shift`. */
export type FieldReader =
  | { kind: 'value'; offset: number; type: BinaryType }
  | { kind: 'flag'; offset: number; mask: number; shift: number };

/** Rows read per block: a block of records stays in cache while each column is pulled from it. */
const BLOCK_ROWS = 4096;

/**
 * Several columns of every record as float64, read straight from the bytes with little-endian
 * DataView loads (float32 widens exactly). Records are visited block by block, so memory is
 * streamed once however many columns are read.
 */
export function readBinaryColumns(
  bytes: Uint8Array,
  recordsOffset: number,
  stride: number,
  rows: number,
  fields: readonly FieldReader[],
): Float64Array[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const columns = fields.map(() => new Float64Array(rows));
  for (let blockStart = 0; blockStart < rows; blockStart += BLOCK_ROWS) {
    const blockEnd = Math.min(rows, blockStart + BLOCK_ROWS);
    fields.forEach((field, index) => {
      readBlock(
        view,
        bytes,
        recordsOffset + blockStart * stride + field.offset,
        stride,
        blockStart,
        blockEnd,
        field,
        columns[index]!,
      );
    });
  }
  return columns;
}

function readBlock(
  view: DataView,
  bytes: Uint8Array,
  start: number,
  stride: number,
  from: number,
  to: number,
  field: FieldReader,
  out: Float64Array,
): void {
  let position = start;
  if (field.kind === 'flag') {
    const { mask, shift } = field;
    for (let row = from; row < to; row++, position += stride) out[row] = (bytes[position]! & mask) >> shift;
    return;
  }
  switch (field.type) {
    case 'f64':
      for (let row = from; row < to; row++, position += stride) out[row] = view.getFloat64(position, true);
      break;
    case 'f32':
      for (let row = from; row < to; row++, position += stride) out[row] = view.getFloat32(position, true);
      break;
    case 'u32':
      for (let row = from; row < to; row++, position += stride) out[row] = view.getUint32(position, true);
      break;
    case 'u16':
      for (let row = from; row < to; row++, position += stride) out[row] = view.getUint16(position, true);
      break;
    case 'u8':
      for (let row = from; row < to; row++, position += stride) out[row] = bytes[position]!;
      break;
  }
}
