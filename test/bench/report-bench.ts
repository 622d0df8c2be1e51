/**
 * Report benchmarks (the lead wires `npm run bench`): downsampling and drawing a 1-million-point
 * series, and the whole report of the LBHI fixture. Returns timings in ms and peak RSS in MB;
 * never part of a timed test.
 */
import type { TopLevelSpec } from 'vega-lite';
import { downsampleMinMax } from '../../lib/core/downsample.ts';
import { renderSvg } from '../../lib/report/figures/render.ts';
import { loadFonts } from '../../lib/report/fonts.ts';
import { renderReport } from '../../lib/report/index.ts';
import { createTextMeasurer, useFontMetricsInVega } from '../../lib/report/text-metrics.ts';
import { FIXTURE_CREATION_DATE, lbhiAnalysisFixture } from '../generators/analysis-fixture.ts';

export interface ReportBenchResult {
  downsampleMillion_ms: number;
  /** Downsample + Vega-Lite compile + vega SVG of a 1-million-point line (target ≤ 200 ms). */
  drawMillion_ms: number;
  fixtureReport_ms: number;
  fixtureReport_bytes: number;
  peakRss_MB: number;
}

function millionPointSeries(): { time_h: Float64Array; voltage_V: Float64Array } {
  const count = 1_000_000;
  const time_h = new Float64Array(count);
  const voltage_V = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    time_h[i] = i / 3600;
    voltage_V[i] = 3.7 + 0.4 * Math.sin(i / 20_000) + (i % 99_991 === 0 ? 0.3 : 0);
  }
  return { time_h, voltage_V };
}

async function drawSeries(time_h: Float64Array, voltage_V: Float64Array): Promise<string> {
  const drawn = downsampleMinMax(time_h, voltage_V, 500);
  const values = drawn.x.map((time, index) => ({ time_h: time, voltage_V: drawn.y[index]! }));
  const spec = {
    width: 420,
    height: 170,
    data: { values },
    mark: 'line',
    encoding: {
      x: { field: 'time_h', type: 'quantitative', title: 'Time (h)' },
      y: { field: 'voltage_V', type: 'quantitative', title: 'Voltage (V)', scale: { zero: false } },
    },
  } as TopLevelSpec;
  return (await renderSvg(spec)).svg;
}

/** Median wall time of `runs` calls, ms (the first calls also pay for JIT compilation). */
async function medianOf(runs: number, task: () => Promise<void>): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    await task();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

export async function benchReport(): Promise<ReportBenchResult> {
  useFontMetricsInVega(createTextMeasurer(loadFonts()));
  const { time_h, voltage_V } = millionPointSeries();
  await drawSeries(time_h.subarray(0, 10_000), voltage_V.subarray(0, 10_000)); // warm-up
  const downsampleMillion_ms = await medianOf(5, async () => {
    downsampleMinMax(time_h, voltage_V, 500);
  });
  const drawMillion_ms = await medianOf(5, async () => {
    await drawSeries(time_h, voltage_V);
  });
  const analysis = lbhiAnalysisFixture();
  await renderReport(analysis, { creationDate: FIXTURE_CREATION_DATE }); // warm-up
  const start = performance.now();
  const { pdf } = await renderReport(analysis, { creationDate: FIXTURE_CREATION_DATE });
  const fixtureReport_ms = performance.now() - start;
  return {
    downsampleMillion_ms,
    drawMillion_ms,
    fixtureReport_ms,
    fixtureReport_bytes: pdf.length,
    peakRss_MB: process.resourceUsage().maxRSS / 1024,
  };
}
