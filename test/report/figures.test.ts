import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderSvg } from '../../lib/report/figures/render.ts';
import { buildFigureSpecs } from '../../lib/report/index.ts';
import { lbhiAnalysisFixture } from '../generators/analysis-fixture.ts';

const goldenDir = join(import.meta.dirname, 'golden');
const updateGolden = process.env.UPDATE_GOLDEN === '1';

/** JSON with one line per data row: objects and arrays holding only primitives stay on one line. */
function goldenJson(value: unknown, indent: string): string {
  const flat = (item: unknown) => item === null || typeof item !== 'object';
  if (flat(value)) return JSON.stringify(value);
  const entries: [string | null, unknown][] = Array.isArray(value)
    ? value.map((item) => [null, item])
    : Object.entries(value as Record<string, unknown>);
  if (entries.every(([, item]) => flat(item))) return JSON.stringify(value);
  const inner = `${indent} `;
  const lines = entries.map(
    ([key, item]) => `${inner}${key === null ? '' : `${JSON.stringify(key)}: `}${goldenJson(item, inner)}`,
  );
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  return `${open}\n${lines.join(',\n')}\n${indent}${close}`;
}

describe('figure specs (golden data, not pixels)', () => {
  const specs = buildFigureSpecs(lbhiAnalysisFixture());

  for (const [name, figure] of specs) {
    it(`the filled ${name} spec equals its golden file`, () => {
      // Prepare
      const path = join(goldenDir, `${name}.vl.json`);
      // Act
      const actual = `${goldenJson(figure?.spec ?? null, '')}\n`;
      if (updateGolden || !existsSync(path)) {
        mkdirSync(goldenDir, { recursive: true });
        writeFileSync(path, actual);
      }
      // Assess
      expect(actual).toBe(readFileSync(path, 'utf8'));
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
