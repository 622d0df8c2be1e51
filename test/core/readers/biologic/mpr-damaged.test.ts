/**
 * Damaged and unusual `.mpr` files, made by cutting or patching a real EC-Lab 11.50 file
 * (yadg/gcpl.issue_149.mpr: modules VMP Set, VMP data, VMP LOG, VMP loop; 59-byte module headers;
 * 16 column ids as u16 from byte 6 of the data module, records from byte 1007).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  EmptyFileError,
  MissingColumnError,
  ReaderError,
  TruncatedFileError,
} from '../../../../lib/core/errors.ts';
import { message } from '../../../../lib/core/messages.ts';
import { biologicMprReader } from '../../../../lib/core/readers/biologic/index.ts';
import { bytesSource } from '../../../../lib/core/readers/source.ts';
import type { CanonicalSeries } from '../../../../lib/core/series.ts';
import { describeRealData, realDataSource } from '../../../support/real-data.ts';

function read(bytes: Uint8Array): Promise<CanonicalSeries> {
  return biologicMprReader.read(bytesSource('cell.mpr', bytes), {});
}

/** Byte offsets of the data module of a 59-byte-header (EC-Lab ≥ 11.50) file. */
function dataModule(bytes: Uint8Array): { magic: number; version: number; data: number; ids: number } {
  const magic = Buffer.from(bytes).indexOf('MODULEVMP data');
  const header = magic + 6;
  const data = header + 59;
  return { magic, version: header + 43, data, ids: data + 6 };
}

function withColumnId(original: Uint8Array, index: number, id: number): Uint8Array {
  const bytes = original.slice();
  new DataView(bytes.buffer).setUint16(dataModule(bytes).ids + 2 * index, id, true);
  return bytes;
}

describe('BioLogic .mpr: unusable input', () => {
  it('an empty file is an EmptyFileError', async () => {
    await expect(read(new Uint8Array(0))).rejects.toBeInstanceOf(EmptyFileError);
  });

  it('random bytes are a ReaderError, never a crash', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 300 }), async (garbage) => {
        await expect(read(garbage)).rejects.toBeInstanceOf(ReaderError);
      }),
      { numRuns: 200 },
    );
  });

  it('the right magic followed by garbage is a ReaderError naming the byte where a module was expected', async () => {
    const bytes = new Uint8Array(200).fill(0x41);
    bytes.set(new TextEncoder().encode('BIO-LOGIC MODULAR FILE\x1a'));

    const error = await read(bytes).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ReaderError);
    expect((error as ReaderError).message).toBe(message.moduleExpected('cell.mpr', 52));
    expect((error as ReaderError).location?.byteOffset).toBe(52);
  });
});

describeRealData('BioLogic .mpr: a real file cut or patched', () => {
  const file = 'yadg/gcpl.issue_149.mpr';
  const load = async (): Promise<Uint8Array> => (await realDataSource(file)).bytes();

  it('a file cut anywhere is a TruncatedFileError at a byte inside the file, or reads whole at a module end', async () => {
    const bytes = await load();
    const whole = await read(bytes);
    const dataEnd =
      dataModule(bytes).data + new DataView(bytes.buffer).getUint32(dataModule(bytes).magic + 6 + 39, true);

    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: bytes.length - 1 }), async (length) => {
        const outcome = await read(bytes.subarray(0, length)).catch((caught: unknown) => caught);
        if (outcome instanceof TruncatedFileError) {
          expect(outcome.location?.byteOffset).toBeLessThanOrEqual(length);
          return;
        }
        if (outcome instanceof ReaderError) {
          // A cut exactly at the end of a module before the data module leaves a well-formed file without data.
          expect(outcome.message).toMatch(/has no "VMP data" module/);
          expect(length).toBeLessThanOrEqual(dataModule(bytes).magic);
          return;
        }
        // Only a cut exactly between two modules after the data module leaves a readable file.
        expect(outcome).not.toBeInstanceOf(Error);
        expect(length).toBeGreaterThanOrEqual(dataEnd);
        expect((outcome as CanonicalSeries).time_s).toEqual(whole.time_s);
      }),
      { numRuns: 300 },
    );
  });

  it('a file streamed in small chunks that split records and headers reads the same as in one piece', async () => {
    const bytes = await load();
    const whole = await read(bytes);

    // 53-byte records and 59-byte module headers: chunks of 7 and 50 bytes cut through both.
    const inSevens = await biologicMprReader.read(bytesSource('cell.mpr', bytes, 7), {});
    const inFifties = await biologicMprReader.read(bytesSource('cell.mpr', bytes, 50), {});

    for (const series of [inSevens, inFifties]) {
      expect(series.rows).toBe(whole.rows);
      expect(series.time_s).toEqual(whole.time_s);
      expect(series.voltage_V).toEqual(whole.voltage_V);
      expect(series.current_A).toEqual(whole.current_A);
      expect(series.stepType).toEqual(whole.stepType);
      expect(series.chargeCapacity_Ah).toEqual(whole.chargeCapacity_Ah);
      expect(series.startTime).toBe(whole.startTime);
    }
  });

  it('a data module that announces more records than it holds is a TruncatedFileError at the missing record', async () => {
    const bytes = (await load()).slice();
    const { data } = dataModule(bytes);
    new DataView(bytes.buffer).setUint32(data, 133, true);

    const error = await read(bytes).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(TruncatedFileError);
    // 132 records of 53 bytes from byte 1007 of the module data.
    expect((error as TruncatedFileError).location?.byteOffset).toBe(data + 1007 + 132 * 53);
  });

  it('an unknown data module version is a ReaderError saying which', async () => {
    const bytes = (await load()).slice();
    new DataView(bytes.buffer).setUint32(dataModule(bytes).version, 7, true);

    await expect(read(bytes)).rejects.toThrow(message.unsupportedVersion('cell.mpr', '"VMP data" module', 7));
  });

  it('a file without a data module is a ReaderError', async () => {
    const bytes = (await load()).slice();
    bytes.set(new TextEncoder().encode('VMP dat?'), dataModule(bytes).magic + 6);

    await expect(read(bytes)).rejects.toThrow(message.moduleMissing('cell.mpr', 'VMP data'));
  });

  it('an unknown last column id becomes an issue naming the id; everything else reads as before', async () => {
    const original = await load();
    const whole = await read(original);
    const patched = withColumnId(original, 15, 999); // P/W, the last column

    const series = await read(patched);

    expect(series.voltage_V).toEqual(whole.voltage_V);
    expect(series.current_A).toEqual(whole.current_A);
    expect(series.chargeCapacity_Ah).toEqual(whole.chargeCapacity_Ah);
    const issue = series.issues.find((candidate) => candidate.code === 'unknown_column');
    expect(issue?.message).toBe(message.unknownColumnId(999));
    expect(issue?.location.byteOffset).toBe(dataModule(original).ids + 30);
  });

  it('columns after an unknown id in mid-record are placed from the record end and still read', async () => {
    const original = await load();
    const whole = await read(original);
    const patched = withColumnId(original, 8, 998); // dq/mA.h, f64 in mid-record

    const series = await read(patched);

    expect(series.time_s).toEqual(whole.time_s);
    expect(series.voltage_V).toEqual(whole.voltage_V);
    expect(series.dischargeCapacity_Ah).toEqual(whole.dischargeCapacity_Ah);
    expect(series.cycleIndex).toEqual(whole.cycleIndex);
  });

  it('a record count that leaves too few bytes per record for the columns around an unknown id places none of them', async () => {
    const patched = withColumnId(await load(), 8, 998);
    const view = new DataView(patched.buffer);
    const { magic, data } = dataModule(patched);
    // One byte per record: the module's record bytes divide evenly, but cannot hold the columns.
    const recordsBytes = view.getUint32(magic + 6 + 39, true) - 1007;
    view.setUint32(data, recordsBytes, true);

    // As for a record count that does not divide the records' bytes: no column is located.
    await expect(read(patched)).rejects.toBeInstanceOf(MissingColumnError);
  });

  it('a needed column between two unknown ids is reported, not guessed', async () => {
    const original = await load();
    // dq/mA.h (index 8) and I Range (index 12) unknown: (Q-Qo), control and Ewe lie between them.
    const patched = withColumnId(withColumnId(original, 8, 998), 12, 997);

    const series = await read(patched);

    expect(series.voltage_V).toBeNull();
    expect(series.issues.map((issue) => issue.message)).toContain(message.binaryColumnUnlocatable('Ewe/V'));
    expect(series.time_s.length).toBe(132);
  });
});
