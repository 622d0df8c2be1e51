import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderSvg } from '../../lib/report/figures/render.ts';
import { buildFigureSpecs } from '../../lib/report/index.ts';
import { lbhiAnalysisFixture } from '../generators/analysis-fixture.ts';

const goldenDir = join(import.meta.dirname, 'golden');
const updateGolden = process.env.UPDATE_GOLDEN === '1';

type Dataset = Record<string, unknown>[];

/**
 * The spec with each dataset as runs of consecutive rows that share their keys and their text
 * values: the text values written once per run (`same`), the numbers as rows under `columns`.
 * The same data in a fraction of the bytes, and a diff still shows which value moved.
 */
function tabular(spec: unknown): unknown {
  const { datasets, ...rest } = (spec ?? {}) as { datasets?: Record<string, Dataset> };
  if (!datasets) return spec;
  const runs = (rows: Dataset) => {
    const result: { same: Record<string, unknown>; columns: string[]; rows: unknown[][] }[] = [];
    for (const row of rows) {
      const entries = Object.entries(row);
      const same = Object.fromEntries(entries.filter(([, value]) => typeof value === 'string'));
      const columns = entries.filter(([, value]) => typeof value !== 'string').map(([key]) => key);
      const last = result.at(-1);
      if (last && JSON.stringify([last.same, last.columns]) === JSON.stringify([same, columns]))
        last.rows.push(columns.map((key) => row[key]));
      else result.push({ same, columns, rows: [columns.map((key) => row[key])] });
    }
    return result;
  };
  return {
    ...rest,
    datasets: Object.fromEntries(Object.entries(datasets).map(([name, rows]) => [name, runs(rows)])),
  };
}

describe('figure specs (golden data, not pixels)', () => {
  const specs = buildFigureSpecs(lbhiAnalysisFixture());

  for (const [name, figure] of specs) {
    it(`the filled ${name} spec equals its golden file`, () => {
      // Prepare
      const path = join(goldenDir, `${name}.vl.json`);
      // Act
      const actual = tabular(figure?.spec ?? null);
      if (updateGolden || !existsSync(path)) {
        mkdirSync(goldenDir, { recursive: true });
        // Formatted by biome afterwards (npm run format); the comparison is of the data, not the text.
        writeFileSync(path, `${JSON.stringify(actual, null, 2)}\n`);
      }
      // Assess
      expect(actual).toEqual(JSON.parse(readFileSync(path, 'utf8')));
    });
  }

  it('every figure of the fixture has data: none is left out', () => {
    expect([...specs].filter(([, figure]) => figure === null).map(([name]) => name)).toEqual([]);
  });

  it('every figure renders to SVG without a vega or vega-lite warning', async () => {
    const warnings: string[] = [];
    for (const [name, figure] of specs) {
      const rendered = await renderSvg(figure!.spec as never);
      expect(rendered.svg.startsWith('<svg')).toBe(true);
      warnings.push(...rendered.warnings.map((warning) => `${name}: ${warning}`));
    }
    expect(warnings).toEqual([]);
  });
});

describe('figures follow the data', () => {
  it('the baseline group keeps the first colour in every figure', () => {
    const specs = buildFigureSpecs(lbhiAnalysisFixture());
    const text = JSON.stringify([...specs.values()].map((figure) => figure?.spec));
    const domains = [...text.matchAll(/"domain":\["LPSCl","LBHI"\],"range":\["(#\w+)","(#\w+)"\]/g)];
    expect(domains.length).toBeGreaterThanOrEqual(specs.size);
    expect(new Set(domains.map((match) => `${match[1]} ${match[2]}`))).toEqual(new Set(['#3b6fb6 #d1495b']));
  });

  it('a job without impedance spectra leaves the Nyquist, Bode and DRT figures out', () => {
    const analysis = lbhiAnalysisFixture();
    for (const curves of analysis.curves) curves.spectra = [];
    const specs = buildFigureSpecs(analysis);
    expect([specs.get('nyquist'), specs.get('bode'), specs.get('drt')]).toEqual([null, null, null]);
    expect(specs.get('half-cell-profiles')).not.toBeNull();
  });

  it('Nyquist panels have equal x and y spans', () => {
    const nyquist = buildFigureSpecs(lbhiAnalysisFixture()).get('nyquist')!.spec as {
      concat: {
        layer: { encoding: { x: { scale: { domain: number[] } }; y: { scale: { domain: number[] } } } }[];
      }[];
    };
    for (const panel of nyquist.concat) {
      const { x, y } = panel.layer[0]!.encoding;
      expect(x.scale.domain[1]! - x.scale.domain[0]!).toBeCloseTo(y.scale.domain[1]! - y.scale.domain[0]!, 6);
    }
    expect(nyquist.concat).toHaveLength(4);
  });
});

type SpecRow = Record<string, unknown>;
const datasetsOf = (name: string, analysis = lbhiAnalysisFixture()) =>
  (buildFigureSpecs(analysis).get(name)!.spec as { datasets: Record<string, SpecRow[]> }).datasets;

describe('the soft-short figure', () => {
  it('shades the stage windows of the soft-short curves, I–IV in each shorted charge', () => {
    // Prepare
    const analysis = lbhiAnalysisFixture();
    const stages = analysis.curves.find((curves) => curves.cell === 'nca-lbhi-cu-60')!.softShort!.stages;
    // Act
    const rows = datasetsOf('soft-short', analysis).softShort1!;
    // Assess
    const shaded = rows.filter((row) => row.kind === 'stage');
    expect(shaded.map((row) => `${row.cycle}${row.stage}`)).toEqual(
      [7, 8, 9, 10].flatMap((cycle) => ['I', 'II', 'III', 'IV'].map((stage) => `${cycle}${stage}`)),
    );
    shaded.forEach((row, index) => {
      // Drawn values keep 5 significant digits: 0.01 h at ~100 h.
      expect(row.start_h).toBeCloseTo(stages[index]!.start_h, 1);
      expect(row.end_h).toBeCloseTo(stages[index]!.end_h, 1);
    });
    expect(rows.filter((row) => row.kind === 'zoomStage').map((row) => row.cycle)).toEqual([7, 7, 7, 7]);
  });

  it('draws dV/dQ of the last healthy charge and every shorted charge, the zoom inside the first shorted charge', () => {
    const rows = datasetsOf('soft-short').softShort1!;
    expect([...new Set(rows.filter((row) => row.kind === 'dvdq').map((row) => row.cycle))]).toEqual([
      'cycle 6 (before)',
      'cycle 7',
      'cycle 8',
      'cycle 9',
      'cycle 10',
    ]);
    // Stage III of the model falls 60 mV over 10 % of the charge: dV/dQ goes negative there.
    expect(
      Math.min(...rows.filter((row) => row.kind === 'dvdq').map((row) => row.dVdQ_V_per_mAh as number)),
    ).toBeLessThan(0);
    const zoom = rows.filter((row) => row.kind === 'zoom').map((row) => row.time_h as number);
    const first = rows.filter((row) => row.kind === 'zoomStage');
    expect(Math.min(...zoom)).toBeGreaterThanOrEqual((first[0]!.start_h as number) - 1e-3);
    expect(Math.max(...zoom)).toBeLessThanOrEqual((first.at(-1)!.end_h as number) + 1e-3);
  });

  it('a soft short found without a pressure log draws the voltage alone, without a warning', async () => {
    // Prepare
    const analysis = lbhiAnalysisFixture();
    const curves = analysis.curves.find((entry) => entry.cell === 'nca-lbhi-cu-60')!.softShort!;
    curves.voltagePressure.pressureChange_MPa = curves.voltagePressure.pressureChange_MPa.map(() => null);
    // Act
    const figure = buildFigureSpecs(analysis).get('soft-short')!;
    const rendered = await renderSvg(figure.spec as never);
    // Assess
    expect(JSON.stringify(figure.spec)).not.toContain('ΔP (MPa)');
    expect(rendered.warnings).toEqual([]);
  });

  it('a job without soft shorts leaves the figure out', () => {
    const analysis = lbhiAnalysisFixture();
    for (const curves of analysis.curves) curves.softShort = null;
    for (const cell of analysis.results.cells) cell.softShorts = [];
    expect(buildFigureSpecs(analysis).get('soft-short')).toBeNull();
  });
});

describe('pressure and dV/dQ overviews', () => {
  it('each pressure row holds voltage and ΔP at one time, for the two 60 °C cells', () => {
    const rows = datasetsOf('pressure').pressure!;
    expect(new Set(rows.map((row) => row.panel))).toEqual(
      new Set(['nca-lpscl-cu-60 (LPSCl, 60 °C)', 'nca-lbhi-cu-60 (LBHI, 60 °C)']),
    );
    expect(
      rows.every((row) => typeof row.voltage_V === 'number' && typeof row.pressureChange_MPa === 'number'),
    ).toBe(true);
  });

  it('the dV/dQ overview draws the first three charges of each cell, one panel per cell', () => {
    const rows = datasetsOf('differential').differential!;
    expect(new Set(rows.map((row) => row.panel)).size).toBe(8);
    expect(new Set(rows.map((row) => row.cycle))).toEqual(new Set(['cycle 1', 'cycle 2', 'cycle 3']));
  });
});

describe('figure SVG', () => {
  it('leanSvg keeps every drawn element and drops only browser attributes and empty groups', async () => {
    const spec = buildFigureSpecs(lbhiAnalysisFixture()).get('ocv')!.spec;
    const { svg } = await renderSvg(spec as never);
    expect(svg).not.toMatch(/ class=| role=| aria-/);
    expect(svg).not.toContain('<g>');
    expect(svg.match(/<g\b[^>]*[^/]>/g)!.length).toBe(svg.match(/<\/g>/g)!.length);
    expect(svg.match(/<text\b/g)!.length).toBeGreaterThan(10);
  });
});
