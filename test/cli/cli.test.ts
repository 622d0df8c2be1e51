/**
 * The `cellreport` command as a user runs it: a real process, real files, exit codes and output.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateSpectrum, logFrequencies } from '../generators/eis.ts';
import { cyclingModel, plainDialect, writeGenericCsv } from '../generators/generic-csv.ts';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../..');
const cli = join(root, 'lib/cli/cellreport.mjs');

async function cellreport(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], {
      cwd: root,
      maxBuffer: 64 << 20,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'cellreport-cli-'));
});

describe('cellreport inspect', () => {
  it('describes a readable file and reports an unreadable one without stopping', async () => {
    const csv = join(folder, 'cycling.csv');
    await writeFile(csv, writeGenericCsv(cyclingModel(), plainDialect));
    const garbage = join(folder, 'garbage.bin');
    await writeFile(
      garbage,
      Uint8Array.from({ length: 300 }, (_, index) => (index * 37) % 256),
    );

    const { code, stdout } = await cellreport('inspect', csv, garbage, '--json');

    expect(code).toBe(1);
    const { files } = JSON.parse(stdout) as { files: Record<string, unknown>[] };
    expect(files[0]).toMatchObject({
      file: csv,
      format: 'delimited-text',
      rows: cyclingModel().time_s.length,
    });
    expect(files[1]).toMatchObject({ file: garbage });
    expect(String(files[1]!['error'])).toMatch(/format is not recognised/);
  });

  it('exports the canonical series as BDF that reads back with the same rows', async () => {
    const csv = join(folder, 'for-bdf.csv');
    await writeFile(csv, writeGenericCsv(cyclingModel(), plainDialect));
    const bdf = join(folder, 'out.bdf.csv');

    await cellreport('inspect', csv, '--bdf', bdf);
    const { stdout } = await cellreport('inspect', bdf, '--json');

    expect((await readFile(bdf, 'utf8')).split('\n')[0]).toMatch(/^Test Time \/ s,Voltage \/ V,Current \/ A/);
    expect(JSON.parse(stdout).files[0]).toMatchObject({
      format: 'bdf-csv',
      rows: cyclingModel().time_s.length,
    });
  });
});

describe('cellreport analyze', () => {
  it('writes report.json for the example job, with the paper’s half-cell ICEs', async () => {
    const out = join(folder, 'analysis');
    const { code } = await cellreport('analyze', join(root, 'templates/example-job/job.json'), '--out', out);

    expect(code).toBe(0);
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8'));
    const ice = Object.fromEntries(
      report.cells.map((cell: { id: string; initialCoulombicEfficiency: number }) => [
        cell.id,
        cell.initialCoulombicEfficiency,
      ]),
    );
    expect(ice['cu-lpscl-liin']).toBeCloseTo(0.703, 2);
    expect(ice['cu-lbhi-lpscl-liin']).toBeCloseTo(0.947, 2);
  });

  it('names the manifest field of a file that is not there', async () => {
    const manifest = join(folder, 'job.json');
    await writeFile(
      manifest,
      JSON.stringify({
        version: 1,
        title: 'missing file',
        baseline: 'A',
        cells: [
          {
            id: 'c1',
            group: 'A',
            type: 'half',
            areaCm2: 1,
            temperatureC: 25,
            files: [{ path: 'nope.mpt', kind: 'cycling' }],
          },
        ],
      }),
    );
    const { code, stderr } = await cellreport('analyze', manifest, '--out', join(folder, 'never'));

    expect(code).toBe(1);
    expect(stderr).toContain('cells[0].files[0].path');
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});

describe('cellreport report', () => {
  it('writes the PDF, report.json and one SVG per figure for the example job', async () => {
    const out = join(folder, 'report');
    const { code, stdout } = await cellreport(
      'report',
      join(root, 'templates/example-job/job.json'),
      '--out',
      out,
      '--creation-date',
      '2026-01-01T00:00:00Z',
    );

    expect(code).toBe(0);
    expect(stdout).toMatch(/report\.pdf/);
    const pdf = await readFile(join(out, 'report.pdf'));
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.byteLength).toBeLessThan(5 * 1024 * 1024);
    const figures = await readdir(join(out, 'figures'));
    expect(figures.length).toBeGreaterThanOrEqual(6);
    expect(figures.every((name) => name.endsWith('.svg'))).toBe(true);
    expect(JSON.parse(await readFile(join(out, 'report.json'), 'utf8')).cells).toHaveLength(8);
  });
});

describe('cellreport fit', () => {
  it('recovers the arcs of a generated spectrum and passes Kramers–Kronig', async () => {
    const spectrum = generateSpectrum({
      circuit: 'R0-p(R1,CPE1)-p(R2,CPE2)',
      parameters: { R0: 10, R1: 50, CPE1_0: 2e-7, CPE1_1: 0.9, R2: 200, CPE2_0: 5e-5, CPE2_1: 0.85 },
      frequency_Hz: logFrequencies(1e6, 0.1, 61),
      noise: 0.002,
      seed: 5,
    });
    const lines = ['frequency,Zreal,Zimag'];
    spectrum.frequency_Hz.forEach((frequency, index) => {
      lines.push(`${frequency},${spectrum.zReal_Ohm[index]},${spectrum.zImag_Ohm[index]}`);
    });
    const file = join(folder, 'spectrum.csv');
    await writeFile(file, `${lines.join('\n')}\n`);

    const { code, stdout } = await cellreport(
      'fit',
      file,
      '--circuit',
      'R0-p(R1,CPE1)-p(R2,CPE2)',
      '--no-drt',
      '--json',
    );

    expect(code).toBe(0);
    const [entry] = JSON.parse(stdout).spectra;
    expect(entry.parameters.R1).toBeGreaterThan(45);
    expect(entry.parameters.R1).toBeLessThan(55);
    expect(entry.parameters.R2).toBeGreaterThan(190);
    expect(entry.parameters.R2).toBeLessThan(210);
    expect(entry.kramersKronig.pass).toBe(true);
  });
});
