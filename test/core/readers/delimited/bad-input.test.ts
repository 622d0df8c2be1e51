import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CoreError, ReaderError } from '../../../../lib/core/errors.ts';
import { bdfReader, writeBdfCsv } from '../../../../lib/core/readers/bdf/index.ts';
import { genericDelimitedReader } from '../../../../lib/core/readers/delimited/index.ts';
import { maccorReader } from '../../../../lib/core/readers/maccor/index.ts';
import { pressureLogReader } from '../../../../lib/core/readers/pressure/index.ts';
import type { Reader } from '../../../../lib/core/readers/reader.ts';
import { bytesSource } from '../../../../lib/core/readers/source.ts';
import { cyclingModel, plainDialect, writeGenericCsv } from '../../../generators/generic-csv.ts';
import { writeMaccorText } from '../../../generators/maccor.ts';
import { writePressureLog } from '../../../generators/pressure-log.ts';

const encode = (text: string) => new TextEncoder().encode(text);
const model = cyclingModel({ cycles: 1, rowsPerStep: 5 });

async function bdfText(): Promise<Uint8Array> {
  const source = bytesSource('g.csv', encode(writeGenericCsv(model, plainDialect)));
  const series = await genericDelimitedReader.read(source, {});
  const parts: number[] = [];
  for await (const chunk of writeBdfCsv(series)) parts.push(...chunk);
  return Uint8Array.from(parts);
}

const cases: [string, Reader, () => Promise<Uint8Array>][] = [
  [
    'Maccor',
    maccorReader,
    async () =>
      encode(
        writeMaccorText(model, {
          preamble: 'one-line',
          timeColumn: 'Test (Sec)',
          dptTime: 'date-and-time',
          lineEnd: '\r\n',
        }),
      ),
  ],
  ['generic delimited', genericDelimitedReader, async () => encode(writeGenericCsv(model, plainDialect))],
  ['BDF', bdfReader, bdfText],
  [
    'pressure log',
    pressureLogReader,
    async () => encode(writePressureLog({ unit: 'MPa', startMs: 0, zone: 'Z', rows: 20, interval_s: 1 })),
  ],
];

/** Reads and returns the outcome; anything thrown that is not a CoreError fails the property. */
async function outcome(reader: Reader, bytes: Uint8Array): Promise<'read' | 'typed error'> {
  try {
    await reader.read(bytesSource('bad.csv', bytes, 64), {});
    return 'read';
  } catch (error) {
    if (error instanceof CoreError) return 'typed error';
    throw error;
  }
}

describe('truncated, garbage and empty inputs give typed errors, never crashes', () => {
  for (const [name, reader, valid] of cases) {
    it(`${name}: an empty file is a ReaderError`, async () => {
      await expect(reader.read(bytesSource('empty.csv', new Uint8Array(0)), {})).rejects.toBeInstanceOf(
        ReaderError,
      );
    });

    it(`${name}: any truncation either reads or throws a CoreError`, async () => {
      const bytes = await valid();
      await fc.assert(
        fc.asyncProperty(fc.integer({ min: 0, max: bytes.length }), async (cut) => {
          expect(['read', 'typed error']).toContain(await outcome(reader, bytes.subarray(0, cut)));
        }),
        { numRuns: 60 },
      );
    });

    it(`${name}: random bytes and corrupted files either read or throw a CoreError`, async () => {
      const bytes = await valid();
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.uint8Array({ maxLength: 400 }),
            fc
              .tuple(
                fc.integer({ min: 0, max: bytes.length - 1 }),
                fc.uint8Array({ minLength: 1, maxLength: 20 }),
              )
              .map(([at, noise]) => {
                const corrupted = bytes.slice();
                corrupted.set(noise.subarray(0, corrupted.length - at), at);
                return corrupted;
              }),
          ),
          async (input) => {
            expect(['read', 'typed error']).toContain(await outcome(reader, input));
          },
        ),
        { numRuns: 80 },
      );
    });
  }
});
