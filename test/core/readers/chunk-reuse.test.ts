/**
 * `ByteSource.chunks` promises a chunk only until the next one is asked for (the file source reads
 * every chunk into one buffer). Every streaming reader must copy what it keeps: read through a
 * source that poisons its one buffer before each refill, each gives the series it gives from
 * plain bytes, with chunk boundaries cutting lines, numbers and binary records anywhere.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, it } from 'vitest';
import { CoreError } from '../../../lib/core/errors.ts';
import { allReaders } from '../../../lib/core/readers/catalog.ts';
import { readSeries } from '../../../lib/core/readers/detect.ts';
import { type ByteSource, bytesSource } from '../../../lib/core/readers/source.ts';
import type { CanonicalSeries } from '../../../lib/core/series.ts';
import { arbinModelRows, defaultArbinModel, writeArbinCsv } from '../../generators/arbin-csv.ts';
import { buildBenchMpr } from '../../generators/bench-mpr.ts';
import { biologicModel, writeBiologicMpt } from '../../generators/biologic-mpt.ts';
import { cyclingModel, plainDialect, writeGenericCsv } from '../../generators/generic-csv.ts';
import { writeMaccorText } from '../../generators/maccor.ts';
import { generateNewareFlatCsv } from '../../generators/neware-csv.ts';
import { describeRealData, realDataPath } from '../../support/real-data.ts';
import { reusedBufferSource } from '../../support/reused-buffer-source.ts';
import { expectSameSeries } from '../../support/same-series.ts';

/** Odd sizes, so boundaries fall inside lines, numbers and records rather than between them. */
const CHUNK_SIZES = [1021, 65_537];

/** The series, or the typed error a file that is not a series (a summary sheet) is refused with. */
async function readWith(source: ByteSource): Promise<CanonicalSeries | { refused: string }> {
  try {
    return await readSeries(source, allReaders);
  } catch (error) {
    if (!(error instanceof CoreError)) throw error;
    return { refused: `${error.constructor.name}: ${error.message}` };
  }
}

/** Reads `content` plainly and through reused buffers, expects the same; returns the plain read. */
async function expectSameThroughReusedBuffer(
  name: string,
  content: Uint8Array,
): Promise<CanonicalSeries | { refused: string }> {
  const reference = await readWith(bytesSource(name, content));
  for (const chunkBytes of CHUNK_SIZES) {
    const reused = await readWith(reusedBufferSource(name, content, chunkBytes));
    expectSameSeries(reused, reference, `${name} in chunks of ${chunkBytes} bytes`);
  }
  return reference;
}

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

const generated: [string, () => Uint8Array][] = [
  ['cycling.csv', () => encode(writeGenericCsv(cyclingModel(), { ...plainDialect, dateTime: true }))],
  ['cell.mpt', () => writeBiologicMpt(biologicModel(), { locale: 'de', lineEnd: '\r\n' })],
  ['cell.mpr', () => buildBenchMpr(20_000)],
  ['arbin.csv', () => encode(writeArbinCsv(arbinModelRows({ ...defaultArbinModel, cycles: 3 }), 'mits8'))],
  [
    'maccor.txt',
    () =>
      encode(
        writeMaccorText(cyclingModel(), {
          preamble: 'three-lines',
          timeColumn: 'Test (Sec)',
          dptTime: 'date-and-time',
          lineEnd: '\r\n',
        }),
      ),
  ],
  [
    'neware.csv',
    () =>
      encode(
        generateNewareFlatCsv({
          language: 'zh',
          cycles: 3,
          steps: [
            { type: 'CC Chg', duration_s: 600, current_mA: 1.5 },
            { type: 'Rest', duration_s: 60, current_mA: 0 },
            { type: 'CC DChg', duration_s: 600, current_mA: -1.5 },
          ],
          interval_s: 1,
          durationStyle: 'hms',
          start: { year: 2024, month: 1, day: 10, hour: 11, minute: 2, second: 29 },
        }).text,
      ),
  ],
];

for (const [name, build] of generated) {
  it(`a generated ${name} reads the same when every chunk reuses one buffer`, async () => {
    // Prepare
    const content = build();
    // Act
    const series = await expectSameThroughReusedBuffer(name, content);
    // Assess
    expect('rows' in series ? series.rows : series.refused).toBeGreaterThan(100);
  });
}

function filesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((entry) => {
    const path = join(folder, entry);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describeRealData('real instrument files through one reused buffer', () => {
  const root = realDataPath('.');
  const files = root === null ? [] : filesUnder(root).filter((path) => !path.endsWith('.md'));
  let seriesRead = 0;
  for (const path of files) {
    const name = relative(root!, path);
    it(`${name} reads the same when every chunk reuses one buffer`, async () => {
      const result = await expectSameThroughReusedBuffer(name, readFileSync(path));
      if ('rows' in result) seriesRead++;
    });
  }
  it('compared the series of most of the corpus (runs after the files above)', () => {
    expect(seriesRead).toBeGreaterThan(50);
  });
});
