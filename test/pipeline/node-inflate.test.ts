/**
 * The zip readers give the same series whichever inflater they are handed, and the pipeline hands
 * them Node's zlib inflater (several times faster on worksheets than `DecompressionStream`).
 */
import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../lib/core/manifest.ts';
import { arbinXlsxReader } from '../../lib/core/readers/arbin/xlsx.ts';
import { newareNdaxReader } from '../../lib/core/readers/neware/ndax.ts';
import { newareXlsxReader } from '../../lib/core/readers/neware/xlsx.ts';
import type { Reader } from '../../lib/core/readers/reader.ts';
import { bytesSource } from '../../lib/core/readers/source.ts';
import type { RawInflater } from '../../lib/core/readers/zip.ts';
import { analyzeJob } from '../../lib/pipeline/analyze-job.ts';
import { nodeInflateRaw } from '../../lib/pipeline/node-inflate.ts';
import { arbinModelRows, defaultArbinModel } from '../generators/arbin-csv.ts';
import { writeArbinXlsx } from '../generators/arbin-xlsx.ts';
import { generateNewareXlsx } from '../generators/neware-xlsx.ts';
import { describeRealData, realDataSource } from '../support/real-data.ts';
import { expectSameSeries } from '../support/same-series.ts';

/** Rows enough that a sheet spans many inflated chunks, so rows are cut at chunk ends. */
const arbinRows = arbinModelRows({ ...defaultArbinModel, cycles: 2, sample_s: 1 });
const arbinWorkbook = writeArbinXlsx(arbinRows, { excelStyle: true });
const newareWorkbook = generateNewareXlsx({
  layout: 'bts8',
  language: 'en',
  cycles: 2,
  interval_s: 1,
  steps: [
    { type: 'CC Chg', duration_s: 600, current_mA: 1.5 },
    { type: 'Rest', duration_s: 60, current_mA: 0 },
    { type: 'CC DChg', duration_s: 600, current_mA: -1.5 },
  ],
  dateStyle: 'text',
  rowsPerSheet: 1000,
  repeatHeader: true,
  start: { year: 2024, month: 1, day: 2, hour: 3, minute: 4, second: 5 },
}).bytes;

/** Node's inflater, counting the bytes it hands out (to see that a reader used it). */
function countingInflater(): { inflateRaw: RawInflater; inflated_B: () => number } {
  let inflated_B = 0;
  return {
    inflateRaw: async function* (compressed) {
      for await (const chunk of nodeInflateRaw(compressed)) {
        inflated_B += chunk.length;
        yield chunk;
      }
    },
    inflated_B: () => inflated_B,
  };
}

describe.each<[string, Reader, Uint8Array]>([
  ['Arbin .xlsx', arbinXlsxReader, arbinWorkbook],
  ['Neware .xlsx', newareXlsxReader, newareWorkbook],
])("the %s reader with Node's zlib inflater", (_, reader, bytes) => {
  it('uses it, and gives the same series as with the platform inflater, value for value', async () => {
    const counting = countingInflater();

    const platform = await reader.read(bytesSource('cell.xlsx', bytes), {});
    const node = await reader.read(bytesSource('cell.xlsx', bytes), { inflateRaw: counting.inflateRaw });

    expect(counting.inflated_B()).toBeGreaterThan(bytes.length);
    expect(node.rows).toBeGreaterThan(2000);
    expectSameSeries(node, platform, "read through Node's inflater");
  });
});

describeRealData("real zip files with Node's zlib inflater", () => {
  it.each<[string, Reader]>([
    ['navani/test.ndax', newareNdaxReader],
    ['NewareNDA/123456789012_Unit27_Example_Data_File.ndax', newareNdaxReader],
    ['battery-data-format/filetype14-0.ndax', newareNdaxReader],
    ['cellpy/20260302_IFE_BTS85_2_9_8_1.ndax', newareNdaxReader],
    ['navani/bs542_004_gr_li_50ua_50mv_1v_191020_Channel_11.xlsx', arbinXlsxReader],
  ])('%s reads through it to the same series as through the platform inflater', async (path, reader) => {
    const counting = countingInflater();

    const platform = await reader.read(await realDataSource(path), {});
    const node = await reader.read(await realDataSource(path), { inflateRaw: counting.inflateRaw });

    expect(counting.inflated_B()).toBeGreaterThan(0);
    expect(node.rows).toBe(platform.rows);
    expectSameSeries(node, platform, path);
  });
});

describe('analyzeJob', () => {
  const manifest = parseManifest(
    JSON.stringify({
      version: 1,
      title: 'Excel export',
      baseline: 'LPSCl',
      cells: [
        {
          id: 'arbin-cell',
          group: 'LPSCl',
          type: 'full',
          areaCm2: 0.785,
          temperatureC: 25,
          activeMassMg: 1.74,
          files: [{ path: 'cell.xlsx', kind: 'cycling' }],
        },
      ],
    }),
  );
  const analyse = (inflateRaw?: RawInflater) =>
    analyzeJob({
      jobId: 'xlsx',
      manifest,
      open: async (path) => bytesSource(path, arbinWorkbook),
      version: 'test',
      ...(inflateRaw ? { inflateRaw } : {}),
    });

  it('hands the readers the inflater it is given', async () => {
    const counting = countingInflater();

    const analysis = await analyse(counting.inflateRaw);

    expect(counting.inflated_B()).toBeGreaterThan(arbinWorkbook.length);
    expect(analysis.results.cells[0]!.files[0]!.rows).toBe(arbinRows.length);
  });

  it("inflates with Node's zlib when given none, to the same results", async () => {
    const [byDefault, byNode] = await Promise.all([analyse(), analyse(nodeInflateRaw)]);

    expect(byDefault.results).toEqual(byNode.results);
  });
});
