/**
 * The `.ndc` parts of a Neware `.ndax` archive.
 *
 * Every ndc starts with its file type (byte 0: 1 data, 5 auxiliary, 7 step, 18 run info) and its
 * layout version (byte 2). From version 5 on, an ndc is a sequence of 4096-byte pages after one
 * header page; a page holds fixed-size rows from byte 132, and a bitmask from byte 4 says which
 * rows hold data (bit k of the mask, least significant first, for row k). Version 2 uses
 * 512-byte pages of 94-byte records from byte 5, without a bitmask.
 *
 * Layouts by (version, file type): NewareNDA `NewareNDAx.py` (versions 2, 5, 11, 14) and
 * fastnda `_ndc/` (adds 16 and 17, and the bitmask).
 */
import { ReaderError } from '../../errors.ts';
import { message } from '../../messages.ts';
import { UnsupportedNewareVersionError } from './errors.ts';

export const NdcFileType = { data: 1, aux: 5, step: 7, runInfo: 18 } as const;

const PAGE_BYTES = 4096;
const ROWS_START = 132;
const BITMASK_START = 4;
const V2_PAGE_BYTES = 512;
const V2_ROWS_START = 5;
const V2_RECORD_BYTES = 94;
const V5_RECORD_BYTES = 87;
const DATA_MARK = 0x55;
const AUX_MARK = 0x65;

export interface NdcPart {
  /** Entry name in the archive, e.g. `data_runInfo.ndc`. */
  entry: string;
  fileType: number;
  version: number;
  bytes: Uint8Array;
  view: DataView;
}

/** Opens an ndc entry: its type and version from the first bytes. */
export function openNdc(file: string, entry: string, bytes: Uint8Array): NdcPart {
  if (bytes.length < 3) {
    throw new ReaderError(message.newareNdcTooShort(file, entry, bytes.length), {
      location: { file, column: entry },
      expected: 'an ndc part of at least one page',
    });
  }
  return {
    entry,
    fileType: bytes[0]!,
    version: bytes[2]!,
    bytes,
    view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength),
  };
}

/** The ndc versions whose layout is known, per file type. */
const supportedVersions: Record<number, readonly number[]> = {
  [NdcFileType.data]: [2, 5, 11, 14, 16, 17],
  [NdcFileType.aux]: [5, 11, 14, 16, 17],
  [NdcFileType.step]: [11, 14, 16, 17],
  [NdcFileType.runInfo]: [11, 14, 16, 17],
};

export function requireSupported(file: string, part: NdcPart): void {
  const versions = supportedVersions[part.fileType] ?? [];
  if (!versions.includes(part.version)) {
    throw new UnsupportedNewareVersionError(
      file,
      `ndc (${part.entry}, file type ${part.fileType})`,
      part.version,
      versions.length
        ? `ndc version ${versions.join(', ')} for file type ${part.fileType}`
        : 'ndc file types 1, 5, 7, 18',
      part.entry,
    );
  }
}

/**
 * Calls `visit(offset, slot)` for every row marked as data in a paged ndc (version ≥ 5), in file
 * order. `slot` is the 0-based row position counting every row of every page (data or not).
 */
export function forEachPagedRow(
  part: NdcPart,
  rowBytes: number,
  visit: (offset: number, slot: number) => void,
): void {
  const { bytes } = part;
  const rowsPerPage = Math.floor((PAGE_BYTES - ROWS_START - 1) / rowBytes);
  const pages = Math.floor(bytes.length / PAGE_BYTES) - 1;
  for (let page = 0; page < pages; page++) {
    const pageStart = PAGE_BYTES * (page + 1);
    const maskStart = pageStart + BITMASK_START;
    for (let row = 0; row < rowsPerPage; row++) {
      if (((bytes[maskStart + (row >> 3)]! >> (row & 7)) & 1) === 0) continue;
      visit(pageStart + ROWS_START + row * rowBytes, page * rowsPerPage + row);
    }
  }
}

/** Upper bound of the rows a paged ndc can hold. */
export function pagedRowCapacity(part: NdcPart, rowBytes: number): number {
  const rowsPerPage = Math.floor((PAGE_BYTES - ROWS_START - 1) / rowBytes);
  return Math.max(0, Math.floor(part.bytes.length / PAGE_BYTES) - 1) * rowsPerPage;
}

/** Whether a part ends inside a page (an archive entry cut short). */
export function endsMidPage(part: NdcPart): boolean {
  const page = part.version === 2 ? V2_PAGE_BYTES : PAGE_BYTES;
  return part.bytes.length % page !== 0;
}

/** One complete data record of ndc version 2 or 5 (everything in one place, integer fields). */
export interface NdcFullRecord {
  offset: number;
  index: number;
  cycle: number;
  stepIndex: number;
  stepCode: number;
  stepTime_ms: number;
  /** 0.1 mV units. */
  voltage: number;
  /** Range-scaled integers (see `current-range.ts`). */
  current: number;
  chargeCapacity: number;
  dischargeCapacity: number;
  dateParts: [number, number, number, number, number, number];
  range: number;
}

/**
 * Visits the records of a version 2 or 5 data ndc. Field offsets (relative to the record's mark
 * byte): index u32 @1, cycle u32 @5, step u8 @9, step type u8 @10, step time u64 ms @16, voltage
 * i32 @24, current i32 @28, charge / discharge capacity i64 @36/@44, date @68, range i32 @75.
 * Version 2 records carry 7 more bytes before the mark.
 */
export function forEachFullRecord(part: NdcPart, visit: (record: NdcFullRecord) => void): void {
  const { bytes, view } = part;
  const decode = (mark: number): void => {
    if (bytes[mark] !== DATA_MARK && part.version !== 2) return;
    const index = view.getUint32(mark + 1, true);
    const stepCode = bytes[mark + 10]!;
    if (index === 0 || stepCode === 0 || stepCode === 255) return;
    visit({
      offset: mark,
      index,
      cycle: view.getUint32(mark + 5, true),
      stepIndex: bytes[mark + 9]!,
      stepCode,
      stepTime_ms: view.getUint32(mark + 16, true) + view.getUint32(mark + 20, true) * 4294967296,
      voltage: view.getInt32(mark + 24, true),
      current: view.getInt32(mark + 28, true),
      chargeCapacity: view.getUint32(mark + 36, true) + view.getInt32(mark + 40, true) * 4294967296,
      dischargeCapacity: view.getUint32(mark + 44, true) + view.getInt32(mark + 48, true) * 4294967296,
      dateParts: [
        view.getUint16(mark + 68, true),
        bytes[mark + 70]!,
        bytes[mark + 71]!,
        bytes[mark + 72]!,
        bytes[mark + 73]!,
        bytes[mark + 74]!,
      ],
      range: view.getInt32(mark + 75, true),
    });
  };
  if (part.version === 2) {
    // 512-byte pages; the record's fields sit 7 bytes further than in version 5.
    const pages = Math.floor(bytes.length / V2_PAGE_BYTES) - 1;
    const perPage = Math.floor((V2_PAGE_BYTES - V2_ROWS_START - 1) / V2_RECORD_BYTES);
    for (let page = 0; page < pages; page++) {
      for (let row = 0; row < perPage; row++) {
        decode(V2_PAGE_BYTES * (page + 1) + V2_ROWS_START + row * V2_RECORD_BYTES + 7);
      }
    }
    return;
  }
  forEachPagedRow(part, V5_RECORD_BYTES, (offset) => decode(offset));
}

/** Voltage and current of a split data ndc (versions 11–17): two float32 per row. */
export interface NdcSplitData {
  rows: number;
  /** 1-based slot number: what run info and aux rows refer to as the record index. */
  index: Float64Array;
  voltage_V: Float64Array;
  current_A: Float64Array;
}

/**
 * Versions 14 and 17 store volts and amperes; 11 stores 0.1 mV and mA; 16 stores 0.1 mV and mA
 * (fastnda `ndc_main.py`).
 */
export function readSplitData(part: NdcPart): NdcSplitData {
  const capacity = pagedRowCapacity(part, 8);
  const index = new Float64Array(capacity);
  const voltage_V = new Float64Array(capacity);
  const current_A = new Float64Array(capacity);
  const voltsPerUnit = part.version === 14 || part.version === 17 ? 1 : 1e-4;
  const ampsPerUnit = part.version === 14 || part.version === 17 ? 1 : 1e-3;
  const { view } = part;
  let rows = 0;
  forEachPagedRow(part, 8, (offset, slot) => {
    index[rows] = slot + 1;
    voltage_V[rows] = view.getFloat32(offset, true) * voltsPerUnit;
    current_A[rows] = view.getFloat32(offset + 4, true) * ampsPerUnit;
    rows++;
  });
  return {
    rows,
    index: index.subarray(0, rows),
    voltage_V: voltage_V.subarray(0, rows),
    current_A: current_A.subarray(0, rows),
  };
}

/** Run-info rows: time, capacity counters and clock of (some of) the data records. */
export interface NdcRunInfo {
  rows: number;
  recordIndex: Float64Array;
  stepTime_s: Float64Array;
  chargeCapacity_Ah: Float64Array;
  dischargeCapacity_Ah: Float64Array;
  /** Logging interval, s. */
  interval_s: Float64Array;
  unix_s: Float64Array;
  /** 1-based count of step changes (the raw step counter changes at every new step). */
  stepNumber: Int32Array;
}

/**
 * Run-info row (offsets): step time u32 ms @0, charge / discharge capacity f32 @5/@9, logging
 * interval i32 ms @29, Unix time u32 s @33, step counter u32 @37, record index u32 @41, ms of the
 * Unix time @45. Versions 14 and 17 store capacity in Ah, 11 and 16 in mA·s. Row size: 47 (v11),
 * 55 (v14), 100 (v16, v17).
 */
export function readRunInfo(part: NdcPart): NdcRunInfo {
  const rowBytes = part.version === 11 ? 47 : part.version === 14 ? 55 : 100;
  const ahPerUnit = part.version === 14 || part.version === 17 ? 1 : 1 / 3.6e6;
  const capacity = pagedRowCapacity(part, rowBytes);
  const info: NdcRunInfo = {
    rows: 0,
    recordIndex: new Float64Array(capacity),
    stepTime_s: new Float64Array(capacity),
    chargeCapacity_Ah: new Float64Array(capacity),
    dischargeCapacity_Ah: new Float64Array(capacity),
    interval_s: new Float64Array(capacity),
    unix_s: new Float64Array(capacity),
    stepNumber: new Int32Array(capacity),
  };
  const { view } = part;
  let stepNumber = 0;
  let previousCounter = -1;
  forEachPagedRow(part, rowBytes, (offset) => {
    const recordIndex = view.getUint32(offset + 41, true);
    if (recordIndex === 0) return;
    const counter = view.getUint32(offset + 37, true);
    if (counter !== previousCounter) stepNumber++;
    previousCounter = counter;
    const row = info.rows++;
    info.recordIndex[row] = recordIndex;
    info.stepTime_s[row] = view.getUint32(offset, true) * 1e-3;
    info.chargeCapacity_Ah[row] = Math.abs(view.getFloat32(offset + 5, true)) * ahPerUnit;
    info.dischargeCapacity_Ah[row] = Math.abs(view.getFloat32(offset + 9, true)) * ahPerUnit;
    info.interval_s[row] = view.getInt32(offset + 29, true) * 1e-3;
    info.unix_s[row] = view.getUint32(offset + 33, true) + view.getUint16(offset + 45, true) * 1e-3;
    info.stepNumber[row] = stepNumber;
  });
  return info;
}

/** One step of the test: cycle (1-based, as BTSDA shows it), step number of the schedule, step type code. */
export interface NdcStep {
  cycle: number;
  stepIndex: number;
  stepCode: number;
}

/** Step rows (offsets): cycle u32 @0 (0-based), step index u32 @4, step type u8 @24. Row size 37 (v11, v14) or 100. */
export function readSteps(part: NdcPart): NdcStep[] {
  const rowBytes = part.version === 11 || part.version === 14 ? 37 : 100;
  const steps: NdcStep[] = [];
  const { view, bytes } = part;
  forEachPagedRow(part, rowBytes, (offset) => {
    const stepIndex = view.getUint32(offset + 4, true);
    if (stepIndex === 0) return;
    steps.push({ cycle: view.getUint32(offset, true) + 1, stepIndex, stepCode: bytes[offset + 24]! });
  });
  return steps;
}

/** Values of one auxiliary ndc, by the record index they belong to. */
export interface NdcAuxValues {
  recordIndex: Float64Array;
  /** One or two quantities: a v14/v17 aux holds one unnamed value (named by TestInfo.xml). */
  values: { quantity: 'temperature' | 'voltage' | 'unnamed'; values: Float64Array }[];
}

/**
 * Aux rows. v14/v17: one float32 per row, the n-th data row of the aux file belongs to record n.
 * v11/v16: 7-byte rows `0x65, voltage f32 (0.1 mV), temperature i16 (0.1 °C)`, numbered the same
 * way. v5: 87-byte records, record index u32 @1, voltage i32 @24 (0.1 mV), temperature i16 @34.
 */
export function readAux(part: NdcPart): NdcAuxValues {
  const { view, bytes } = part;
  if (part.version === 14 || part.version === 17) {
    const values = new Float64Array(pagedRowCapacity(part, 4));
    let rows = 0;
    forEachPagedRow(part, 4, (offset) => {
      values[rows++] = view.getFloat32(offset, true);
    });
    return { recordIndex: oneToN(rows), values: [{ quantity: 'unnamed', values: values.subarray(0, rows) }] };
  }
  const rowBytes = part.version === 5 ? V5_RECORD_BYTES : 7;
  const capacity = pagedRowCapacity(part, rowBytes);
  const recordIndex = new Float64Array(capacity);
  const voltage_V = new Float64Array(capacity);
  const temperature_C = new Float64Array(capacity);
  let rows = 0;
  forEachPagedRow(part, rowBytes, (offset) => {
    if (part.version === 5) {
      const index = view.getUint32(offset + 1, true);
      if (index === 0) return;
      recordIndex[rows] = index;
      voltage_V[rows] = view.getInt32(offset + 24, true) * 1e-4;
      temperature_C[rows] = view.getInt16(offset + 34, true) * 0.1;
    } else {
      if (bytes[offset] !== AUX_MARK) return;
      recordIndex[rows] = rows + 1;
      voltage_V[rows] = view.getFloat32(offset + 1, true) * 1e-4;
      temperature_C[rows] = view.getInt16(offset + 5, true) * 0.1;
    }
    rows++;
  });
  const quantities: NdcAuxValues['values'] = [];
  if (temperature_C.subarray(0, rows).some((value) => value !== 0)) {
    quantities.push({ quantity: 'temperature', values: temperature_C.subarray(0, rows) });
  }
  if (voltage_V.subarray(0, rows).some((value) => value !== 0)) {
    quantities.push({ quantity: 'voltage', values: voltage_V.subarray(0, rows) });
  }
  return { recordIndex: recordIndex.subarray(0, rows), values: quantities };
}

function oneToN(rows: number): Float64Array {
  const index = new Float64Array(rows);
  for (let row = 0; row < rows; row++) index[row] = row + 1;
  return index;
}
