/**
 * Neware BTS `.nda` binary files.
 *
 * Layout (NewareNDA `NewareNDA.py`, fastnda `nda.py`): the file starts with `NEWARE`, byte 14 is
 * the layout version. Version 29 (BTS 7/8; also 26 and 28) stores fixed 86-byte records with
 * integer fields scaled by a current "range"; version 130 (BTS 9) stores float records starting at
 * byte 1024, in two sub-formats told apart by byte 1024: `0x55` (BTS 9.1, records of variable
 * length with test time, signed capacity and the T1 temperature) and `0x12` (BTS 9.0, 88-byte
 * records with step time). Current is negative on discharge already, as cellreport wants it.
 */
import { EmptyFileError, ReaderError, TruncatedFileError } from '../../errors.ts';
import { IssueSink } from '../../issues.ts';
import { message } from '../../messages.ts';
import { type AuxChannel, bdfLabel, type CanonicalSeries } from '../../series.ts';
import type { DetectionProbe, Reader } from '../reader.ts';
import type { ByteSource } from '../source.ts';
import { rangeMultiplier } from './current-range.ts';
import { UnsupportedNewareVersionError } from './errors.ts';
import {
  allocateRecords,
  binaryColumn,
  type NewareRecords,
  orderByRecordIndex,
  recordsToSeries,
  StepCodeMapper,
  stepTimeToTestTime,
} from './records.ts';
import { isoFromUnixSeconds, isoFromWallClock } from './start-time.ts';

const MAGIC = 'NEWARE';
const VERSION_OFFSET = 14;
const V29_RECORD_BYTES = 86;
const BTS9_DATA_START = 1024;
const BTS90_RECORD_BYTES = 88;
const BTS91_MIN_RECORD_BYTES = 52;
const BTS91_AUX_RECORD_BYTES = 56;
const DATA_MARK = 0x55;
const AUX_MARK = 0x65;
const FOOTER_MARK = 0x81;
const TWO_TO_32 = 4294967296;
const SUPPORTED = 'nda version 26, 28, 29 (BTS 7/8) or 130 (BTS 9.0 / 9.1)';
const INSTRUMENT = 'Neware BTS';

export const newareNdaReader: Reader = {
  format: 'neware-nda',
  description: 'Neware BTS binary (.nda)',
  detect(probe: DetectionProbe): number {
    return probe.headText.startsWith(MAGIC) ? 0.99 : 0;
  },
  async read(source: ByteSource): Promise<CanonicalSeries> {
    return readNda(source.name, await source.bytes());
  },
};

/** Reads a whole `.nda` file held in memory. */
export function readNda(file: string, bytes: Uint8Array): CanonicalSeries {
  if (bytes.length === 0) {
    throw new EmptyFileError(message.emptyFile(file), { location: { file }, expected: 'a Neware .nda file' });
  }
  if (!startsWithMagic(bytes)) {
    throw new ReaderError(message.newareNotNda(file), {
      location: { file, byteOffset: 0 },
      expected: 'a file starting with "NEWARE"',
    });
  }
  requireBytes(file, bytes, 0, VERSION_OFFSET + 1, 'the file header');
  const version = bytes[VERSION_OFFSET]!;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const issues = new IssueSink();
  if (version === 26 || version === 28 || version === 29)
    return readVersion29(file, bytes, view, version, issues);
  if (version === 130) {
    requireBytes(file, bytes, BTS9_DATA_START, 1, 'the first BTS 9 record');
    const subFormat = bytes[BTS9_DATA_START]!;
    if (subFormat === DATA_MARK) return readBts91(file, bytes, view, issues);
    if (subFormat === 0x12) return readBts90(file, bytes, view, issues);
    throw new UnsupportedNewareVersionError(
      file,
      'nda',
      `130 (sub-format 0x${subFormat.toString(16)})`,
      SUPPORTED,
    );
  }
  throw new UnsupportedNewareVersionError(file, 'nda', version, SUPPORTED);
}

/** Version 26/28/29: 86-byte records, data marked 0x55, auxiliary (T/V) marked 0x65. */
function readVersion29(
  file: string,
  bytes: Uint8Array,
  view: DataView,
  version: number,
  issues: IssueSink,
): CanonicalSeries {
  // The data section starts at the record with number 1; nothing in the header points at it.
  const start = indexOfBytes(bytes, [DATA_MARK, 0, 1, 0, 0, 0], 0);
  if (start < 0) {
    throw new EmptyFileError(message.newareNoRecords(file, 'no record number 1 in an nda v29 file'), {
      location: { file },
      expected: 'data records marked 0x55',
    });
  }
  const fixedRange = headerFixedRange(view);
  const records = allocateRecords((bytes.length - start) / V29_RECORD_BYTES, true);
  const cycleIndex = records.cycleIndex!;
  const steps = new StepCodeMapper(file, issues);
  const aux = new AuxCollector();
  let startParts: [number, number, number, number, number, number] | null = null;
  let offset = start;
  for (; offset + V29_RECORD_BYTES <= bytes.length; offset += V29_RECORD_BYTES) {
    const mark = bytes[offset]!;
    if (mark === AUX_MARK) {
      aux.add(
        bytes[offset + 1]!,
        view.getUint32(offset + 2, true),
        view.getInt32(offset + 22, true) * 1e-4,
        view.getInt16(offset + 34, true) * 0.1,
      );
      continue;
    }
    if (mark !== DATA_MARK) continue;
    const index = view.getUint32(offset + 2, true);
    const stepCode = bytes[offset + 12]!;
    if (index === 0 || stepCode === 0) continue;
    const range = view.getInt32(offset + 78, true);
    const multiplier = rangeMultiplier(range === 0 ? fixedRange : range);
    if (multiplier === null) {
      throw new ReaderError(message.newareUnknownCurrentRange(file, range, offset + 78), {
        location: { file, byteOffset: offset + 78 },
        expected: 'a current range listed by Neware (±1 … ±200000)',
      });
    }
    const row = records.rows++;
    records.recordIndex[row] = index;
    cycleIndex[row] = view.getUint32(offset + 6, true) + 1;
    records.stepIndex[row] = view.getUint16(offset + 10, true);
    records.stepType[row] = steps.stepType(stepCode);
    records.time_s[row] = readUint64(view, offset + 14) * 1e-3;
    records.voltage_V[row] = view.getInt32(offset + 22, true) * 1e-4;
    // multiplier: integer → mA and mA·s; /1000 → A, /3.6e6 → Ah.
    records.current_A[row] = view.getInt32(offset + 26, true) * multiplier * 1e-3;
    records.chargeCapacity_Ah[row] = (readInt64(view, offset + 38) * multiplier) / 3.6e6;
    records.dischargeCapacity_Ah[row] = (readInt64(view, offset + 46) * multiplier) / 3.6e6;
    if (startParts === null) {
      startParts = [
        view.getUint16(offset + 70, true),
        bytes[offset + 72]!,
        bytes[offset + 73]!,
        bytes[offset + 74]!,
        bytes[offset + 75]!,
        bytes[offset + 76]!,
      ];
    }
  }
  reportTruncatedTail(file, bytes, offset, issues);
  requireRows(file, records, 'nda v29');
  const ordered = orderByRecordIndex(records, file, issues);
  const firstStep_s = ordered.time_s[0]!;
  stepTimeToTestTime(ordered);
  const startTime = startParts ? isoFromWallClock(...startParts, firstStep_s) : null;
  if (startTime !== null) {
    issues.add({
      code: 'time_zone_unknown',
      severity: 'info',
      message: message.timeZoneUnknown(),
      location: { file, column: 'date' },
    });
  }
  return recordsToSeries(ordered, {
    file,
    format: 'neware-nda',
    formatVersion: `nda v${version}`,
    instrument: INSTRUMENT,
    bytes: bytes.length,
    columns: [
      binaryColumn('Time (step, ms)', 'time_s', bdfLabel.time_s, 1e-3),
      binaryColumn('Voltage (0.1 mV)', 'voltage_V', bdfLabel.voltage_V, 1e-4),
      binaryColumn('Current (range-scaled)', 'current_A', bdfLabel.current_A, 1e-3),
      binaryColumn('Charge_Capacity', 'chargeCapacity_Ah', bdfLabel.chargeCapacity_Ah, 1 / 3.6e6),
      binaryColumn('Discharge_Capacity', 'dischargeCapacity_Ah', bdfLabel.dischargeCapacity_Ah, 1 / 3.6e6),
      binaryColumn('Cycle (0-based)', 'cycleIndex', bdfLabel.cycleIndex, 1),
      binaryColumn('Step', 'stepIndex', bdfLabel.stepIndex, 1),
      binaryColumn('Status', 'stepType', null, 1),
      ...aux.mappings(),
    ],
    startTime,
    startTimeZoneKnown: false,
    aux: aux.channels(ordered),
    issues,
  });
}

/**
 * BTS 9.1: records of a length found from the distance between the first two record marks;
 * test time (s + ns), current in mA, capacity signed in mA·s (negative on discharge), Unix time,
 * and the T1 temperature when records are 56 bytes or longer.
 */
function readBts91(file: string, bytes: Uint8Array, view: DataView, issues: IssueSink): CanonicalSeries {
  const next = indexOfBytes(
    bytes,
    [bytes[BTS9_DATA_START]!, bytes[BTS9_DATA_START + 1]!],
    BTS9_DATA_START + 2,
  );
  const recordBytes = next - BTS9_DATA_START;
  if (next < 0 || recordBytes < BTS91_MIN_RECORD_BYTES) {
    requireBytes(file, bytes, BTS9_DATA_START, BTS91_MIN_RECORD_BYTES * 2, 'the first two BTS 9.1 records');
    throw new EmptyFileError(
      message.newareNoRecords(file, 'no second BTS 9.1 record to measure the record length'),
      {
        location: { file, byteOffset: BTS9_DATA_START },
        expected: 'records marked 0x55 from byte 1024',
      },
    );
  }
  const hasTemperature = recordBytes >= BTS91_AUX_RECORD_BYTES;
  const records = allocateRecords((bytes.length - BTS9_DATA_START) / recordBytes, true);
  const cycleIndex = records.cycleIndex!;
  const temperature_C = hasTemperature ? new Float64Array(records.time_s.length) : null;
  const steps = new StepCodeMapper(file, issues);
  let firstUnix_s = Number.NaN;
  let offset = BTS9_DATA_START;
  let footer = false;
  for (; offset + recordBytes <= bytes.length; offset += recordBytes) {
    const mark = bytes[offset]!;
    if (mark === FOOTER_MARK) {
      footer = true;
      break;
    }
    if (mark !== DATA_MARK) continue;
    const row = records.rows++;
    records.recordIndex[row] = view.getUint32(offset + 8, true);
    records.stepIndex[row] = bytes[offset + 2]!;
    records.stepType[row] = steps.stepType(bytes[offset + 3]!);
    records.time_s[row] = view.getUint32(offset + 12, true) + view.getUint32(offset + 16, true) * 1e-9;
    records.current_A[row] = view.getFloat32(offset + 20, true) * 1e-3;
    records.voltage_V[row] = view.getFloat32(offset + 24, true);
    const capacity_Ah = view.getFloat32(offset + 28, true) / 3.6e6;
    records.chargeCapacity_Ah[row] = Math.max(capacity_Ah, 0);
    records.dischargeCapacity_Ah[row] = Math.max(-capacity_Ah, 0);
    cycleIndex[row] = view.getUint32(offset + 36, true) + 1;
    if (temperature_C) temperature_C[row] = view.getFloat32(offset + 52, true);
    if (row === 0) firstUnix_s = view.getUint32(offset + 44, true) + view.getUint32(offset + 48, true) * 1e-9;
  }
  if (!footer) reportTruncatedTail(file, bytes, offset, issues);
  requireRows(file, records, 'nda v130, BTS 9.1');
  const firstTime_s = records.time_s[0]!;
  const aux: AuxChannel[] = temperature_C
    ? [{ name: 'T1', quantity: 'temperature', values: temperature_C.subarray(0, records.rows) }]
    : [];
  const ordered = orderByRecordIndex(records, file, issues);
  if (ordered !== records && temperature_C) {
    // Reordering is rare; keep the temperature aligned by re-reading it through record numbers.
    aux[0] = { ...aux[0]!, values: alignByRecordIndex(records, ordered, temperature_C) };
  }
  return recordsToSeries(ordered, {
    file,
    format: 'neware-nda',
    formatVersion: 'nda v130 (BTS 9.1)',
    instrument: INSTRUMENT,
    bytes: bytes.length,
    columns: [
      binaryColumn('Time (test, s + ns)', 'time_s', bdfLabel.time_s, 1),
      binaryColumn('Voltage (V, f32)', 'voltage_V', bdfLabel.voltage_V, 1),
      binaryColumn('Current (mA, f32)', 'current_A', bdfLabel.current_A, 1e-3),
      binaryColumn('Capacity (mA·s, signed)', 'chargeCapacity_Ah', bdfLabel.chargeCapacity_Ah, 1 / 3.6e6),
      binaryColumn(
        'Capacity (mA·s, signed)',
        'dischargeCapacity_Ah',
        bdfLabel.dischargeCapacity_Ah,
        -1 / 3.6e6,
      ),
      binaryColumn('Cycle (0-based)', 'cycleIndex', bdfLabel.cycleIndex, 1),
      binaryColumn('Step', 'stepIndex', bdfLabel.stepIndex, 1),
      binaryColumn('Status', 'stepType', null, 1),
      ...(temperature_C ? [binaryColumn('T1 (°C, f32)', 'aux:T1', bdfLabel.temperature_C, 1)] : []),
    ],
    startTime: isoFromUnixSeconds(firstUnix_s - firstTime_s),
    startTimeZoneKnown: true,
    aux,
    issues,
  });
}

/**
 * BTS 9.0: 88-byte records (mark 0x55 at byte 4), step time in µs, voltage in V and current in mA
 * as floats, capacity signed in mA·s at byte 60, Unix time in µs. No cycle number is stored.
 */
function readBts90(file: string, bytes: Uint8Array, view: DataView, issues: IssueSink): CanonicalSeries {
  const records = allocateRecords((bytes.length - BTS9_DATA_START) / BTS90_RECORD_BYTES, false);
  const steps = new StepCodeMapper(file, issues);
  let firstUnix_s = Number.NaN;
  let offset = BTS9_DATA_START;
  let footer = false;
  for (; offset + BTS90_RECORD_BYTES <= bytes.length; offset += BTS90_RECORD_BYTES) {
    if (bytes[offset] === FOOTER_MARK) {
      footer = true;
      break;
    }
    if (bytes[offset + 4] !== DATA_MARK) continue;
    const row = records.rows++;
    records.recordIndex[row] = view.getUint32(offset + 16, true);
    records.stepIndex[row] = bytes[offset + 9]!;
    records.stepType[row] = steps.stepType(bytes[offset + 10]!);
    records.time_s[row] = readUint64(view, offset + 28) * 1e-6;
    records.voltage_V[row] = view.getFloat32(offset + 36, true);
    records.current_A[row] = view.getFloat32(offset + 40, true) * 1e-3;
    const capacity_Ah = view.getFloat32(offset + 60, true) / 3.6e6;
    records.chargeCapacity_Ah[row] = Math.max(capacity_Ah, 0);
    records.dischargeCapacity_Ah[row] = Math.max(-capacity_Ah, 0);
    if (row === 0) firstUnix_s = readUint64(view, offset + 68) * 1e-6;
  }
  if (!footer) reportTruncatedTail(file, bytes, offset, issues);
  requireRows(file, records, 'nda v130, BTS 9.0');
  const ordered = orderByRecordIndex(records, file, issues);
  const firstStep_s = ordered.time_s[0]!;
  stepTimeToTestTime(ordered);
  return recordsToSeries(ordered, {
    file,
    format: 'neware-nda',
    formatVersion: 'nda v130 (BTS 9.0)',
    instrument: INSTRUMENT,
    bytes: bytes.length,
    columns: [
      binaryColumn('Time (step, µs)', 'time_s', bdfLabel.time_s, 1e-6),
      binaryColumn('Voltage (V, f32)', 'voltage_V', bdfLabel.voltage_V, 1),
      binaryColumn('Current (mA, f32)', 'current_A', bdfLabel.current_A, 1e-3),
      binaryColumn('Capacity (mA·s, signed)', 'chargeCapacity_Ah', bdfLabel.chargeCapacity_Ah, 1 / 3.6e6),
      binaryColumn(
        'Capacity (mA·s, signed)',
        'dischargeCapacity_Ah',
        bdfLabel.dischargeCapacity_Ah,
        -1 / 3.6e6,
      ),
      binaryColumn('Step', 'stepIndex', bdfLabel.stepIndex, 1),
      binaryColumn('Status', 'stepType', null, 1),
    ],
    startTime: isoFromUnixSeconds(firstUnix_s - firstStep_s),
    startTimeZoneKnown: true,
    aux: [],
    issues,
  });
}

/** Auxiliary records of nda v29 (thermocouple T and voltage V per channel), joined to data by record number. */
class AuxCollector {
  readonly #byChannel = new Map<number, { index: number[]; voltage_V: number[]; temperature_C: number[] }>();

  add(channel: number, index: number, voltage_V: number, temperature_C: number): void {
    let values = this.#byChannel.get(channel);
    if (!values) {
      values = { index: [], voltage_V: [], temperature_C: [] };
      this.#byChannel.set(channel, values);
    }
    values.index.push(index);
    values.voltage_V.push(voltage_V);
    values.temperature_C.push(temperature_C);
  }

  mappings() {
    return [...this.#byChannel.keys()].flatMap((channel) => [
      binaryColumn(`T${channel} (0.1 °C)`, `aux:T${channel}`, null, 0.1),
      binaryColumn(`V${channel} (0.1 mV)`, `aux:V${channel}`, null, 1e-4),
    ]);
  }

  /** One channel per quantity that is not all zero (an unconnected input reads 0). */
  channels(records: NewareRecords): AuxChannel[] {
    if (this.#byChannel.size === 0) return [];
    const rowOf = new Map<number, number>();
    for (let row = 0; row < records.rows; row++) rowOf.set(records.recordIndex[row]!, row);
    const channels: AuxChannel[] = [];
    for (const [channel, values] of [...this.#byChannel].sort((a, b) => a[0] - b[0])) {
      for (const [quantity, prefix, source] of [
        ['temperature', 'T', values.temperature_C],
        ['voltage', 'V', values.voltage_V],
      ] as const) {
        if (source.every((value) => value === 0)) continue;
        const column = new Float64Array(records.rows).fill(Number.NaN);
        values.index.forEach((index, k) => {
          const row = rowOf.get(index);
          if (row !== undefined) column[row] = source[k]!;
        });
        channels.push({ name: `${prefix}${channel}`, quantity, values: column });
      }
    }
    return channels;
  }
}

function alignByRecordIndex(
  original: NewareRecords,
  ordered: NewareRecords,
  values: Float64Array,
): Float64Array {
  const valueByRecord = new Map<number, number>();
  for (let row = original.rows - 1; row >= 0; row--)
    valueByRecord.set(original.recordIndex[row]!, values[row]!);
  const aligned = new Float64Array(ordered.rows);
  for (let row = 0; row < ordered.rows; row++)
    aligned[row] = valueByRecord.get(ordered.recordIndex[row]!) ?? Number.NaN;
  return aligned;
}

/** The test's fixed current range: a 32-bit value 26 bytes into the block the u32 at byte 16 points at. */
function headerFixedRange(view: DataView): number {
  if (view.byteLength < 20) return 0;
  const block = view.getUint32(16, true);
  return block + 30 <= view.byteLength ? view.getInt32(block + 26, true) : 0;
}

function reportTruncatedTail(file: string, bytes: Uint8Array, offset: number, issues: IssueSink): void {
  if (offset < bytes.length && bytes[offset] !== 0) {
    issues.add({
      code: 'truncated_record',
      severity: 'warning',
      message: message.truncatedRecords(1),
      location: { file, byteOffset: offset },
    });
  }
}

function requireRows(file: string, records: NewareRecords, what: string): void {
  if (records.rows === 0) {
    throw new EmptyFileError(message.newareNoRecords(file, what), {
      location: { file },
      expected: 'data records',
    });
  }
}

function requireBytes(file: string, bytes: Uint8Array, offset: number, needed: number, what: string): void {
  if (offset + needed > bytes.length) {
    const available = Math.max(0, bytes.length - offset);
    throw new TruncatedFileError(message.truncatedBinary(file, what, offset, needed, available), {
      location: { file, byteOffset: offset },
      expected: `${needed} bytes`,
    });
  }
}

function startsWithMagic(bytes: Uint8Array): boolean {
  if (bytes.length < MAGIC.length) return false;
  for (let i = 0; i < MAGIC.length; i++) if (bytes[i] !== MAGIC.charCodeAt(i)) return false;
  return true;
}

function indexOfBytes(bytes: Uint8Array, pattern: readonly number[], from: number): number {
  const first = pattern[0]!;
  for (
    let i = bytes.indexOf(first, from);
    i !== -1 && i + pattern.length <= bytes.length;
    i = bytes.indexOf(first, i + 1)
  ) {
    let k = 1;
    while (k < pattern.length && bytes[i + k] === pattern[k]) k++;
    if (k === pattern.length) return i;
  }
  return -1;
}

/** Little-endian unsigned 64-bit integer as a double (exact below 2^53). */
export function readUint64(view: DataView, offset: number): number {
  return view.getUint32(offset, true) + view.getUint32(offset + 4, true) * TWO_TO_32;
}

/** Little-endian signed 64-bit integer as a double (exact below 2^53 in magnitude). */
export function readInt64(view: DataView, offset: number): number {
  return view.getUint32(offset, true) + view.getInt32(offset + 4, true) * TWO_TO_32;
}
