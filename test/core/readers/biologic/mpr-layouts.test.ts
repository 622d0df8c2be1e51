/**
 * Data-module layouts no real file in the corpus has (versions 0 and 2 with the 51-byte module
 * header), built byte by byte from a known two-row record as galvani's BioLogic.py describes them.
 */
import { describe, expect, it } from 'vitest';
import { ReaderError } from '../../../../lib/core/errors.ts';
import { message } from '../../../../lib/core/messages.ts';
import { biologicMprReader } from '../../../../lib/core/readers/biologic/index.ts';
import { bytesSource } from '../../../../lib/core/readers/source.ts';
import { StepType } from '../../../../lib/core/series.ts';

const encoder = new TextEncoder();

/** `MODULE` + 51-byte header (short name, long name, length, version, date) + data. */
function module(shortName: string, version: number, data: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(6 + 51 + data.length).fill(0x20);
  bytes.set(encoder.encode('MODULE'));
  bytes.set(encoder.encode(shortName.padEnd(10)), 6);
  bytes.set(encoder.encode('VMP module'.padEnd(25)), 16);
  const view = new DataView(bytes.buffer);
  view.setUint32(6 + 35, data.length, true);
  view.setUint32(6 + 39, version, true);
  bytes.set(encoder.encode('01/10/24'), 6 + 43);
  bytes.set(data, 6 + 51);
  return bytes;
}

/** Two records: flags (mode, ox/red), time/s f64, Ewe/V f32, I/mA f32. */
const rows = [
  { mode: 1, oxRed: 1, time_s: 0.5, voltage_V: 3.25, current_mA: 0.5 },
  { mode: 3, oxRed: 0, time_s: 1.75, voltage_V: 3.5, current_mA: 0 },
];
const ids = [1, 2, 4, 6, 8];
const RECORD_BYTES = 1 + 8 + 4 + 4;

function dataModule(version: 0 | 2): Uint8Array {
  const recordsStart = version === 0 ? 100 : 405;
  const bytes = new Uint8Array(recordsStart + rows.length * RECORD_BYTES);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, rows.length, true);
  bytes[4] = ids.length;
  ids.forEach((id, index) => {
    if (version === 0) bytes[5 + index] = id;
    else view.setUint16(5 + 2 * index, id, true);
  });
  rows.forEach((row, index) => {
    const at = recordsStart + index * RECORD_BYTES;
    bytes[at] = row.mode | (row.oxRed << 2);
    view.setFloat64(at + 1, row.time_s, true);
    view.setFloat32(at + 9, row.voltage_V, true);
    view.setFloat32(at + 13, row.current_mA, true);
  });
  return bytes;
}

function mprFile(version: 0 | 2): Uint8Array {
  const magic = new Uint8Array(52).fill(0x20);
  magic.set(encoder.encode('BIO-LOGIC MODULAR FILE\x1a'));
  magic.fill(0, 48);
  const settings = new Uint8Array(16);
  settings[0] = 0x04; // GCPL
  const parts = [magic, module('VMP Set', 0, settings), module('VMP data', version, dataModule(version))];
  const bytes = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    bytes.set(part, offset);
    offset += part.length;
  }
  return bytes;
}

describe('BioLogic .mpr data module versions', () => {
  for (const version of [0, 2] as const) {
    it(`version ${version}: reads the records back with flags, time, Ewe and I`, async () => {
      const series = await biologicMprReader.read(bytesSource('built.mpr', mprFile(version)), {});

      expect(series.rows).toBe(2);
      expect(Array.from(series.time_s)).toEqual([0.5, 1.75]);
      expect(Array.from(series.voltage_V!)).toEqual([3.25, 3.5]);
      expect(Array.from(series.current_A!)).toEqual([0.5e-3, 0]);
      expect(Array.from(series.stepType!)).toEqual([StepType.constantCurrentCharge, StepType.rest]);
      expect(series.startTime).toBeNull();
    });

    it(`version ${version}: more column ids than fit before the records is a ReaderError naming the module`, async () => {
      const bytes = mprFile(version);
      const dataStart = bytes.length - dataModule(version).length;
      // Version 0 has room for 95 one-byte ids, version 2 for 200 two-byte ids.
      bytes[dataStart + 4] = version === 0 ? 96 : 201;

      const act = biologicMprReader.read(bytesSource('built.mpr', bytes), {});

      await expect(act).rejects.toBeInstanceOf(ReaderError);
      await expect(act).rejects.toThrow(
        message.columnIdsOverflow(
          'built.mpr',
          version === 0 ? 96 : 201,
          dataStart + (version === 0 ? 100 : 405),
        ),
      );
    });
  }
});
