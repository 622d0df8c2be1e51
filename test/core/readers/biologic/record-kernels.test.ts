/**
 * The WebAssembly record kernels: the bytes the reader carries are the compiled .wat, and every
 * stored type decodes as a little-endian DataView read of the same bytes would, across block ends,
 * split calls, unaligned offsets and odd strides.
 */
import { describe, expect, it } from 'vitest';
import {
  allocateColumn,
  type DecodedValues,
  type FieldReader,
  RecordDecoder,
} from '../../../../lib/core/readers/biologic/record-kernels.ts';
import { RECORD_KERNELS_WASM_BASE64 } from '../../../../lib/core/readers/biologic/record-kernels-binary.ts';
import { compileRecordKernels } from '../../../support/record-kernels-wasm.ts';

it('carries exactly the compiled record-kernels.wat (else run npm run build:kernels)', async () => {
  const compiled = await compileRecordKernels();

  expect(Buffer.from(RECORD_KERNELS_WASM_BASE64, 'base64').equals(compiled)).toBe(true);
});

/** A deterministic byte generator (xorshift32), so a failure can be replayed. */
function randomBytes(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = seed >>> 0 || 1;
  for (let index = 0; index < length; index++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[index] = state & 0xff;
  }
  return bytes;
}

/** What the kernels must give: the plain DataView reading of every field of every record. */
function referenceDecode(
  bytes: Uint8Array,
  start: number,
  recordBytes: number,
  rows: number,
  field: FieldReader,
) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Array.from({ length: rows }, (_, row) => {
    const at = start + row * recordBytes + field.offset;
    if (field.kind === 'flag') return (bytes[at]! & field.mask) >> field.shift;
    switch (field.type) {
      case 'f64':
        return view.getFloat64(at, true) * field.scale;
      case 'f32':
        return view.getFloat32(at, true) * field.scale;
      case 'u32':
        return view.getUint32(at, true) | 0;
      case 'u16':
        return view.getUint16(at, true);
      default:
        return view.getUint8(at);
    }
  });
}

/** A record of 57 bytes like EC-Lab's GCPL: every stored type at an unaligned offset. */
const RECORD_BYTES = 57;
const fields: FieldReader[] = [
  { kind: 'flag', offset: 0, mask: 0x03, shift: 0 },
  { kind: 'flag', offset: 0, mask: 0x04, shift: 2 },
  { kind: 'value', offset: 1, type: 'u16', scale: 1 },
  { kind: 'value', offset: 3, type: 'f64', scale: 1 },
  { kind: 'value', offset: 11, type: 'f32', scale: 1 },
  { kind: 'value', offset: 15, type: 'f32', scale: 0.001 },
  { kind: 'value', offset: 19, type: 'f64', scale: 0.001 },
  { kind: 'value', offset: 27, type: 'u32', scale: 1 },
  { kind: 'value', offset: 31, type: 'u8', scale: 1 },
  { kind: 'value', offset: 53, type: 'f32', scale: 1 },
];

function expectDecoded(columns: DecodedValues[], bytes: Uint8Array, start: number, rows: number): void {
  fields.forEach((field, index) => {
    expect(Array.from(columns[index]!), `field ${index} (${JSON.stringify(field)})`).toEqual(
      referenceDecode(bytes, start, RECORD_BYTES, rows, field),
    );
  });
}

describe('RecordDecoder', () => {
  it.each([1, 4095, 4096, 4097, 10_000])(
    'decodes %i records of every stored type as DataView reads them (NaNs, infinities, signed zeros)',
    (rows) => {
      const start = 3;
      const bytes = randomBytes(start + rows * RECORD_BYTES + 5, rows);
      const columns = fields.map((field) => allocateColumn(field, rows));

      new RecordDecoder(RECORD_BYTES, fields).decode(bytes, start, 0, rows, columns);

      expectDecoded(columns, bytes, start, rows);
    },
  );

  it('fills the rows it is told, so records arriving in pieces join up', () => {
    const rows = 9000;
    const bytes = randomBytes(rows * RECORD_BYTES, 7);
    const columns = fields.map((field) => allocateColumn(field, rows));
    const decoder = new RecordDecoder(RECORD_BYTES, fields);

    let row = 0;
    for (const count of [1, 4100, 3, 4895, 1]) {
      decoder.decode(bytes.subarray(row * RECORD_BYTES), 0, row, count, columns);
      row += count;
    }

    expect(row).toBe(rows);
    expectDecoded(columns, bytes, 0, rows);
  });

  it('refuses a field that does not lie wholly inside the record', () => {
    const outside: FieldReader[] = [
      { kind: 'value', offset: -1, type: 'u8', scale: 1 },
      { kind: 'value', offset: RECORD_BYTES - 3, type: 'f32', scale: 1 },
      { kind: 'flag', offset: RECORD_BYTES, mask: 1, shift: 0 },
    ];
    for (const field of outside) expect(() => new RecordDecoder(RECORD_BYTES, [field])).toThrow(RangeError);
  });

  it('decodes special values exactly: float NaN and ±Infinity, -0, the largest integers', () => {
    const record = new Uint8Array(RECORD_BYTES);
    const view = new DataView(record.buffer);
    view.setUint16(1, 0xffff, true);
    view.setFloat64(3, -0, true);
    view.setFloat32(11, Number.NaN, true);
    view.setFloat32(15, Number.NEGATIVE_INFINITY, true);
    view.setFloat64(19, Number.MAX_VALUE, true);
    view.setUint32(27, 0x7fffffff, true);
    record[31] = 0xff;
    view.setFloat32(53, -0, true);
    record[0] = 0x07;
    const columns = fields.map((field) => allocateColumn(field, 1));

    new RecordDecoder(RECORD_BYTES, fields).decode(record, 0, 0, 1, columns);

    expect(columns.map((column) => column[0])).toEqual([
      3,
      1,
      0xffff,
      -0,
      Number.NaN,
      Number.NEGATIVE_INFINITY,
      Number.MAX_VALUE * 0.001,
      0x7fffffff,
      0xff,
      -0,
    ]);
  });
});
