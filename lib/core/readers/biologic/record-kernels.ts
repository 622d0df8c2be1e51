/**
 * Decoding fixed-size records into columns with the WebAssembly kernels of record-kernels.wat: a
 * block of records is copied into the kernels' memory, each kernel pulls one field out of every
 * record of the block, and the block's values are copied into the series' arrays. The kernels run
 * about twice as fast as the same strided loops over a `DataView` here, which check bounds and
 * convert every value; the two copies cost less than that difference.
 */
import { type BinaryType, binaryTypeBytes } from './mpr-columns.ts';
import { RECORD_KERNELS_WASM_BASE64 } from './record-kernels-binary.ts';

/**
 * Where one value of a record lies and how it is stored; a flag reads `(byte & mask) >> shift`. A
 * float value is multiplied by `scale` as it is decoded (to the canonical unit: mA → A); integer
 * columns are counts and ids, whose factor is 1.
 */
export type FieldReader =
  | { kind: 'value'; offset: number; type: BinaryType; scale: number }
  | { kind: 'flag'; offset: number; mask: number; shift: number };

/**
 * A decoded column in the narrowest array that holds it exactly: float32/float64 as float64, integer
 * ids and counters as int32, flags as uint8 (no float64 copy of a one-bit flag).
 */
export type DecodedValues = Float64Array | Int32Array | Uint8Array;

/**
 * The part of the WebAssembly JavaScript API used here: every runtime the readers run on has it,
 * but TypeScript declares it only in the DOM library, which the core does not load.
 */
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => { readonly exports: unknown };
};
type WasmModule = { readonly __wasmModule: unique symbol };
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

interface Kernels {
  memory: WasmMemory;
  f32(src: number, stride: number, dst: number, count: number, scale: number): void;
  f64(src: number, stride: number, dst: number, count: number, scale: number): void;
  u32(src: number, stride: number, dst: number, count: number): void;
  u16(src: number, stride: number, dst: number, count: number): void;
  u8(src: number, stride: number, dst: number, count: number): void;
  flag(src: number, stride: number, dst: number, count: number, mask: number, shift: number): void;
}

/** Records per block: the block and its columns stay in the CPU cache between the two copies. */
const BLOCK_ROWS = 4096;
const WASM_PAGE_BYTES = 65536;
/** Bytes per decoded value in the kernels' memory (float64 for floats, int32 for integers). */
const OUTPUT_BYTES = 8;

let compiled: WasmModule | null = null;

/** Compiled once per process (a few hundred bytes: microseconds), instantiated once per decoder. */
function kernelModule(): WasmModule {
  compiled ??= new WebAssembly.Module(
    Uint8Array.from(atob(RECORD_KERNELS_WASM_BASE64), (c) => c.charCodeAt(0)),
  );
  return compiled;
}

type ColumnArrayType = Float64ArrayConstructor | Int32ArrayConstructor | Uint8ArrayConstructor;

function columnArrayType(field: FieldReader): ColumnArrayType {
  if (field.kind === 'flag') return Uint8Array;
  return field.type === 'f64' || field.type === 'f32' ? Float64Array : Int32Array;
}

export function allocateColumn(field: FieldReader, rows: number): DecodedValues {
  return new (columnArrayType(field))(rows);
}

/** Decodes records of `recordBytes` bytes into one column per field. */
export class RecordDecoder {
  readonly #recordBytes: number;
  readonly #fields: readonly FieldReader[];
  readonly #kernels: Kernels;
  readonly #input: Uint8Array;
  /** Each field's block of decoded values in the kernels' memory, as its column's array type. */
  readonly #outputs: DecodedValues[];

  constructor(recordBytes: number, fields: readonly FieldReader[]) {
    for (const field of fields) {
      const width = field.kind === 'flag' ? 1 : binaryTypeBytes[field.type];
      // Inside the kernels' memory a field past its record would read the next record silently.
      if (field.offset < 0 || field.offset + width > recordBytes) {
        throw new RangeError(
          `field at byte ${field.offset} (${width} bytes) outside a ${recordBytes}-byte record`,
        );
      }
    }
    this.#recordBytes = recordBytes;
    this.#fields = fields;
    const inputBytes = BLOCK_ROWS * recordBytes;
    const firstOutput = Math.ceil(inputBytes / OUTPUT_BYTES) * OUTPUT_BYTES;
    const totalBytes = firstOutput + fields.length * BLOCK_ROWS * OUTPUT_BYTES;
    this.#kernels = new WebAssembly.Instance(kernelModule(), {}).exports as unknown as Kernels;
    const { memory } = this.#kernels;
    memory.grow(
      Math.max(0, Math.ceil(totalBytes / WASM_PAGE_BYTES) - memory.buffer.byteLength / WASM_PAGE_BYTES),
    );
    // The memory never grows again, so these views stay valid.
    const buffer = memory.buffer;
    this.#input = new Uint8Array(buffer, 0, inputBytes);
    this.#outputs = fields.map(
      (field, index) =>
        new (columnArrayType(field))(buffer, firstOutput + index * BLOCK_ROWS * OUTPUT_BYTES, BLOCK_ROWS),
    );
  }

  /** Decodes `count` records starting at `bytes[start]` into rows `firstRow …` of `columns`. */
  decode(bytes: Uint8Array, start: number, firstRow: number, count: number, columns: DecodedValues[]): void {
    const recordBytes = this.#recordBytes;
    const kernels = this.#kernels;
    for (let blockStart = 0; blockStart < count; blockStart += BLOCK_ROWS) {
      const blockRows = Math.min(BLOCK_ROWS, count - blockStart);
      const blockOffset = start + blockStart * recordBytes;
      this.#input.set(bytes.subarray(blockOffset, blockOffset + blockRows * recordBytes));
      for (let index = 0; index < this.#fields.length; index++) {
        const field = this.#fields[index]!;
        const output = this.#outputs[index]!;
        const dst = output.byteOffset;
        if (field.kind === 'flag')
          kernels.flag(field.offset, recordBytes, dst, blockRows, field.mask, field.shift);
        else if (field.type === 'f64') kernels.f64(field.offset, recordBytes, dst, blockRows, field.scale);
        else if (field.type === 'f32') kernels.f32(field.offset, recordBytes, dst, blockRows, field.scale);
        else if (field.type === 'u32') kernels.u32(field.offset, recordBytes, dst, blockRows);
        else if (field.type === 'u16') kernels.u16(field.offset, recordBytes, dst, blockRows);
        else kernels.u8(field.offset, recordBytes, dst, blockRows);
        const values = blockRows === BLOCK_ROWS ? output : output.subarray(0, blockRows);
        columns[index]!.set(values, firstRow + blockStart);
      }
    }
  }
}
