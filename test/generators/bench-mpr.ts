/**
 * A BioLogic EC-Lab `.mpr` of a galvanostatic cycling run (GCPL) for the benchmark, built byte by
 * byte as galvani's `BioLogic.py` and yadg's `eclab/mpr.py` describe the format: the 52-byte file
 * header, then `VMP Set` (technique byte 0x04 = GCPL), `VMP data` (module version 3: u32 rows,
 * u8 column count, u16 column ids, records from byte 406) and `VMP LOG` (the acquisition start as
 * an OLE date at byte 585, the software version as a Pascal string at 0x3b7), each behind the
 * 51-byte module header EC-Lab wrote before 11.50.
 *
 * Records carry EC-Lab's GCPL columns: the flags byte (mode, ox/red, error, control changes,
 * Ns changes, counter inc.), Ns, time/s, control/V/mA, Ewe/V, dq/mA.h, I/mA, (Q-Qo)/mA.h,
 * I Range, Q charge/discharge/mA.h, half cycle, P/W: 57 bytes a record. The model is the one the
 * benchmark CSV holds (`benchCsvRow`): row r at r × 0.5 s, ±1.5 mA halves of 3600 rows.
 */
import { writeFileSync } from 'node:fs';
import { benchCsvRow } from './bench-csv.ts';

const encoder = new TextEncoder();
const OLD_MODULE_HEADER_BYTES = 51;
const DATA_RECORDS_OFFSET_V3 = 406;
const LOG_BYTES = 1200;
const LOG_START_OFFSET = 585;
const LOG_VERSION_OFFSET = 0x3b7;
const SETTINGS_BYTES = 7019;
const TECHNIQUE_GCPL = 0x04;
const HALF_ROWS = 3600;
const I_RANGE_10_MA = 41;

/** Column ids in record order, and where each value sits in the 57-byte record. */
export const BENCH_MPR_COLUMN_IDS = [1, 2, 3, 21, 31, 65, 131, 4, 5, 6, 7, 8, 13, 39, 467, 468, 70] as const;
export const BENCH_MPR_RECORD_BYTES = 57;

/** Acquisition start: 2024-01-10 11:02:29.886 (wall clock), as the CSV's first row. */
export const BENCH_MPR_START_OLE_DAYS = 45301 + (11 * 3600 + 2 * 60 + 29.886) / 86400;

/** What the reader must give back for row `row` (values as stored: float32 where the format has float32). */
export function benchMprRow(row: number): {
  time_s: number;
  voltage_V: number;
  current_mA: number;
  halfCycle: number;
  charging: boolean;
} {
  const model = benchCsvRow(row);
  return {
    time_s: model.time_s,
    voltage_V: Math.fround(model.voltage_V),
    current_mA: Math.fround(model.current_A * 1000),
    halfCycle: Math.floor(row / HALF_ROWS),
    charging: model.current_A > 0,
  };
}

/** The whole file in memory. */
export function buildBenchMpr(rows: number): Uint8Array {
  const dataBytes = DATA_RECORDS_OFFSET_V3 + rows * BENCH_MPR_RECORD_BYTES;
  const total = 52 + 3 * (6 + OLD_MODULE_HEADER_BYTES) + SETTINGS_BYTES + dataBytes + LOG_BYTES;
  const bytes = new Uint8Array(total);
  const view = new DataView(bytes.buffer);
  bytes.fill(0x20, 0, 48);
  bytes.set(encoder.encode('BIO-LOGIC MODULAR FILE\x1a'));
  let offset = 52;

  offset = writeModuleHeader(bytes, view, offset, 'VMP Set', 'VMP settings', SETTINGS_BYTES, 0);
  bytes[offset] = TECHNIQUE_GCPL;
  offset += SETTINGS_BYTES;

  offset = writeModuleHeader(bytes, view, offset, 'VMP data', 'VMP data', dataBytes, 3);
  view.setUint32(offset, rows, true);
  bytes[offset + 4] = BENCH_MPR_COLUMN_IDS.length;
  BENCH_MPR_COLUMN_IDS.forEach((id, index) => {
    view.setUint16(offset + 5 + 2 * index, id, true);
  });
  writeRecords(view, offset + DATA_RECORDS_OFFSET_V3, rows);
  offset += dataBytes;

  offset = writeModuleHeader(bytes, view, offset, 'VMP LOG', 'VMP LOG', LOG_BYTES, 0);
  view.setFloat64(offset + LOG_START_OFFSET, BENCH_MPR_START_OLE_DAYS, true);
  const version = encoder.encode('11.50');
  bytes[offset + LOG_VERSION_OFFSET] = version.length;
  bytes.set(version, offset + LOG_VERSION_OFFSET + 1);
  return bytes;
}

/** Writes the file to `path`; returns its size in bytes. */
export function writeBenchMpr(path: string, rows: number): number {
  const bytes = buildBenchMpr(rows);
  writeFileSync(path, bytes);
  return bytes.length;
}

/** `MODULE`, then short name (10 B), long name (25 B), length u32, version u32, date (8 B). */
function writeModuleHeader(
  bytes: Uint8Array,
  view: DataView,
  offset: number,
  shortName: string,
  longName: string,
  length: number,
  version: number,
): number {
  bytes.set(encoder.encode('MODULE'), offset);
  const header = offset + 6;
  bytes.set(encoder.encode(shortName.padEnd(10)), header);
  bytes.set(encoder.encode(longName.padEnd(25)), header + 10);
  view.setUint32(header + 35, length, true);
  view.setUint32(header + 39, version, true);
  bytes.set(encoder.encode('01/10/24'), header + 43);
  return header + OLD_MODULE_HEADER_BYTES;
}

function writeRecords(view: DataView, start: number, rows: number): void {
  let net_mAh = 0;
  let half_mAh = 0;
  let previousHalf = 0;
  for (let row = 0; row < rows; row++) {
    const model = benchMprRow(row);
    const at = start + row * BENCH_MPR_RECORD_BYTES;
    const dq_mAh = row === 0 ? 0 : (model.current_mA * 0.5) / 3600;
    if (model.halfCycle !== previousHalf) {
      previousHalf = model.halfCycle;
      half_mAh = 0;
    }
    net_mAh += dq_mAh;
    half_mAh += dq_mAh;
    // mode 1 (CC) in bits 0–1, ox/red in bit 2; error, control changes, Ns changes, counter inc. clear.
    view.setUint8(at, 1 | (model.charging ? 4 : 0));
    view.setUint16(at + 1, model.charging ? 1 : 2, true); // Ns
    view.setFloat64(at + 3, model.time_s, true);
    view.setFloat32(at + 11, model.current_mA, true); // control/V/mA
    view.setFloat32(at + 15, model.voltage_V, true);
    view.setFloat64(at + 19, dq_mAh, true);
    view.setFloat32(at + 27, model.current_mA, true);
    view.setFloat64(at + 31, net_mAh, true);
    view.setUint16(at + 39, I_RANGE_10_MA, true);
    view.setFloat64(at + 41, half_mAh, true);
    view.setUint32(at + 49, model.halfCycle, true);
    view.setFloat32(at + 53, (model.voltage_V * model.current_mA) / 1000, true);
  }
}
