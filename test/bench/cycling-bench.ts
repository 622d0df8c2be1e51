/**
 * Benchmark of the cycling analysis on a synthetic series of `rows` rows (after reading):
 * steps, cycles, efficiency, nucleation, V(Q) of every half and dQ/dV–dV/dQ of the first
 * cycle. Target: 10 million rows in ≤ 2 s, with no copy of the series beyond one working array
 * per derived quantity. `npm run bench` prints what this returns.
 */
import { performance } from 'node:perf_hooks';
import { analyzeCycling } from '../../lib/core/cycling/analyze-cycling.ts';
import { differentialCurves, voltageProfiles } from '../../lib/core/cycling/differential.ts';
import { type CanonicalSeries, emptySeries } from '../../lib/core/series.ts';

const HALF_ROWS = 5000;
const REST_ROWS = 50;

/** A half-cell-like record sampled every second: plate, rest, strip (to 1 V), rest, repeated. */
function syntheticSeries(rows: number): CanonicalSeries {
  const series = emptySeries({
    file: 'bench',
    format: 'synthetic',
    formatVersion: null,
    instrument: null,
    columns: [],
    bytes: 0,
  });
  const time = new Float64Array(rows);
  const current = new Float64Array(rows);
  const voltage = new Float64Array(rows);
  const period = 2 * (HALF_ROWS + REST_ROWS);
  for (let row = 0; row < rows; row++) {
    const phase = row % period;
    time[row] = row;
    if (phase < HALF_ROWS) {
      current[row] = -4e-5;
      voltage[row] = -0.64 - 0.01 * Math.exp(-phase / 100);
    } else if (phase < HALF_ROWS + REST_ROWS) {
      voltage[row] = -0.62;
    } else if (phase < 2 * HALF_ROWS + REST_ROWS) {
      const x = (phase - HALF_ROWS - REST_ROWS) / HALF_ROWS;
      current[row] = 4e-5;
      voltage[row] = -0.6 + 0.98 * x ** 20;
    } else {
      voltage[row] = 0.2;
    }
  }
  series.rows = rows;
  series.time_s = time;
  series.current_A = current;
  series.voltage_V = voltage;
  return series;
}

export function benchmarkCycling(rows: number): { seconds: number; peakRssMb: number; cycles: number } {
  const series = syntheticSeries(rows);
  const cell = { type: 'half', areaCm2: 0.785, activeMassMg: null, referenceOffset_V: 0.62 } as const;
  const started = performance.now();
  const analysis = analyzeCycling(series, cell);
  const halves = analysis.cycles.details.flatMap((detail) =>
    [detail.discharge, detail.charge].flatMap((half) =>
      half === null ? [] : [{ cycle: detail.index, half }],
    ),
  );
  const profiles = voltageProfiles(series, halves, cell.referenceOffset_V);
  for (const profile of profiles.slice(0, 2)) differentialCurves(profile);
  const seconds = (performance.now() - started) / 1000;
  return { seconds, peakRssMb: process.resourceUsage().maxRSS / 1024, cycles: analysis.cycles.cycles.length };
}
