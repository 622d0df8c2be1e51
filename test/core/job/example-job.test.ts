/**
 * The bundled example job, analysed end to end from its instrument files: the numbers the LBHI
 * paper reports (DESIGN §4), recovered from files written by the model that knows them.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Analysis } from '../../../lib/core/analysis.ts';
import { ManifestError } from '../../../lib/core/errors.ts';
import { parseManifest } from '../../../lib/core/manifest.ts';
import { bytesSource } from '../../../lib/core/readers/source.ts';
import type { CellResult } from '../../../lib/core/results.ts';
import { analyzeJob } from '../../../lib/pipeline/analyze-job.ts';
import { resultsSummary } from '../../../lib/pipeline/email.ts';
import { type ExampleFile, exampleJob } from '../../generators/example-job.ts';
import { fullCellCe, halfCellCe } from '../../generators/lbhi-model.ts';

const templateFolder = resolve(import.meta.dirname, '../../../templates/example-job');

let files: ExampleFile[];
let analysis: Analysis;

async function analyze(manifestText: string, jobFiles: ExampleFile[]): Promise<Analysis> {
  const byPath = new Map(jobFiles.map((file) => [file.path, file.content]));
  return analyzeJob({
    jobId: 'example',
    manifest: parseManifest(manifestText),
    open: async (path) => bytesSource(path, byPath.get(path)!),
    version: 'test',
  });
}

function cell(id: string): CellResult {
  const found = analysis.results.cells.find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no cell ${id}`);
  return found;
}

beforeAll(async () => {
  files = await exampleJob();
  const manifest = files.find((file) => file.path === 'job.json')!;
  analysis = await analyze(new TextDecoder().decode(manifest.content), files);
});

describe('the bundled example job', () => {
  it('is exactly what the generator writes (the committed folder never drifts from its model)', async () => {
    for (const file of files) {
      const committed = await readFile(join(templateFolder, file.path));
      expect(Buffer.compare(committed, Buffer.from(file.content)), file.path).toBe(0);
    }
  });

  it('recovers the half cells’ ICE and second-cycle CE within 0.5 points', () => {
    for (const [id, group] of [
      ['cu-lpscl-liin', 'LPSCl'],
      ['cu-lbhi-lpscl-liin', 'LBHI'],
    ] as const) {
      const result = cell(id);
      expect(result.coulombicEfficiencyConvention).toBe('charge/discharge');
      expect(result.initialCoulombicEfficiency).toBeCloseTo(halfCellCe[group][0]!, 2);
      expect(Math.abs(result.cycles[1]!.coulombicEfficiency! - halfCellCe[group][1]!)).toBeLessThan(0.005);
    }
  });

  it('recovers every full cell’s ICE at 25, 60 and 100 °C within 0.5 points', () => {
    for (const group of ['LPSCl', 'LBHI'] as const) {
      for (const temperature of [25, 60, 100] as const) {
        const result = cell(`nca-${group.toLowerCase()}-cu-${temperature}c`);
        expect(result.coulombicEfficiencyConvention).toBe('discharge/charge');
        expect(
          Math.abs(result.initialCoulombicEfficiency! - fullCellCe[group][temperature][0]!),
        ).toBeLessThan(0.005);
      }
    }
  });

  it('finds the deeper nucleation dip with LBHI and the OCV drift only without it', () => {
    expect(cell('cu-lbhi-lpscl-liin').nucleationOverpotential_V!).toBeGreaterThan(
      2 * cell('cu-lpscl-liin').nucleationOverpotential_V!,
    );
    expect(Math.abs(cell('cu-lpscl-liin').ocv!.driftOnset_h! - 72)).toBeLessThan(6);
    expect(cell('cu-lbhi-lpscl-liin').ocv!.driftOnset_h).toBeNull();
    expect(cell('cu-lbhi-lpscl-liin').warnings.some((warning) => /OCV drift onset/.test(warning))).toBe(true);
  });

  it('fits the impedance arcs at the frequencies the spectra were made with (within 5 %)', () => {
    const lpscl = cell('cu-lpscl-liin').eis[0]!;
    const expected = { 'p(R1,CPE1)': 150e3, 'p(R2,CPE2)': 6e3, 'p(R3,CPE3)': 60 };
    for (const [arc, frequency] of Object.entries(expected)) {
      expect(Math.abs(lpscl.characteristicFrequencies_Hz[arc]! / frequency - 1)).toBeLessThan(0.05);
    }
    expect(lpscl.kramersKronig!.pass).toBe(true);
    expect(cell('cu-lbhi-lpscl-liin').eis[0]!.arcs.map((arc) => arc.label)).toEqual(['bulk', 'SEI']);
  });

  it('puts the pressure log on the cycler’s clock and sees it follow the Li inventory', () => {
    const pressure = cell('nca-lbhi-cu-60c').pressure!;
    expect(pressure.maxChange_MPa!).toBeGreaterThan(0.03);
    expect(pressure.voltageCorrelation!).toBeGreaterThan(0.5);
  });

  it('finds the 60 °C LBHI cell’s soft shorts from cycle 7 on, confirmed by pressure, and no others', () => {
    const shorting = cell('nca-lbhi-cu-60c');
    expect(Math.min(...shorting.softShorts.map((event) => event.cycle))).toBe(7);
    expect([...new Set(shorting.softShorts.map((event) => event.cycle))]).toEqual([7, 8, 9, 10]);
    expect(shorting.softShorts.some((event) => event.stage === 'III' && event.confidence === 'high')).toBe(
      true,
    );
    expect(shorting.cycles.find((cycle) => cycle.index === 10)!.complete).toBe(false);
    const others = analysis.results.cells.filter((candidate) => candidate.id !== 'nca-lbhi-cu-60c');
    expect(others.flatMap((candidate) => candidate.softShorts)).toEqual([]);
  });

  it('says so in the email summary, on the shorting cell’s line only', () => {
    const lines = resultsSummary(analysis.results).split('\n');
    const flagged = lines.filter((line) => line.includes('SOFT SHORTS'));
    expect(flagged).toHaveLength(1);
    expect(flagged[0]).toMatch(/^- nca-lbhi-cu-60c .*SOFT SHORTS from cycle 7 \(cycles 7, 8, 9, 10\)$/);
  });

  it('compares LBHI with the LPSCl baseline per type and temperature', () => {
    const ice = analysis.results.comparison.filter((entry) => entry.metric === 'initialCoulombicEfficiency');
    expect(ice.map((entry) => `${entry.type}@${entry.temperatureC}`).sort()).toEqual([
      'full@100',
      'full@25',
      'full@60',
      'half@25',
    ]);
    const half = ice.find((entry) => entry.type === 'half')!;
    expect(half.others[0]!.delta!).toBeCloseTo(0.947 - 0.703, 2);
  });

  it('draws only reduced curves (no curve beyond a few thousand points)', () => {
    const lengths = analysis.curves.flatMap((curves) => [
      curves.voltageTime?.time_h.length ?? 0,
      ...curves.profiles.map((profile) => profile.voltage_V.length),
    ]);
    expect(Math.max(...lengths)).toBeLessThanOrEqual(4000);
  });

  it('refuses an EIS file declared as cycling, naming the manifest field', async () => {
    const manifest = JSON.parse(
      new TextDecoder().decode(files.find((file) => file.path === 'job.json')!.content),
    );
    manifest.cells[0].files[2].kind = 'cycling';
    const error = await analyze(JSON.stringify(manifest), files).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ManifestError);
    expect((error as ManifestError).location?.column).toBe('cells[0].files[2].kind');
  });
});
