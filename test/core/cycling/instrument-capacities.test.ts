/**
 * Independent truth from the instruments themselves: the per-cycle capacities cellreport
 * integrates from current and time agree with the counters (Arbin) and the cycle rows (Neware)
 * the cycler recorded in the same file, within 0.5 %.
 */
import { expect, it } from 'vitest';
import { analyzeCycling } from '../../../lib/core/cycling/analyze-cycling.ts';
import type { CellType } from '../../../lib/core/manifest.ts';
import { allReaders } from '../../../lib/core/readers/catalog.ts';
import { readSeries } from '../../../lib/core/readers/detect.ts';
import { readNewareCsv } from '../../../lib/core/readers/neware/csv.ts';
import type { CanonicalSeries } from '../../../lib/core/series.ts';
import { describeRealData, realDataSource } from '../../support/real-data.ts';

const TOLERANCE = 0.005;

function analyze(series: CanonicalSeries, type: CellType) {
  return analyzeCycling(series, { type, areaCm2: null, activeMassMg: null, referenceOffset_V: 0 }).cycles
    .cycles;
}

/** Arbin resets its counters every cycle: the per-cycle capacity is the counter's maximum in the cycle. */
function arbinCounters(series: CanonicalSeries): Map<number, { charge_mAh: number; discharge_mAh: number }> {
  const byCycle = new Map<number, { charge_mAh: number; discharge_mAh: number }>();
  for (let row = 0; row < series.rows; row++) {
    const cycle = series.cycleIndex![row]!;
    const entry = byCycle.get(cycle) ?? { charge_mAh: 0, discharge_mAh: 0 };
    entry.charge_mAh = Math.max(entry.charge_mAh, series.chargeCapacity_Ah![row]! * 1000);
    entry.discharge_mAh = Math.max(entry.discharge_mAh, series.dischargeCapacity_Ah![row]! * 1000);
    byCycle.set(cycle, entry);
  }
  return byCycle;
}

/** A half the instrument never ran (its counter stayed at 0) must be null, not 0. */
function expectWithin(actual: number | null, expected: number, what: string): void {
  if (expected === 0) {
    expect(actual, what).toBeNull();
    return;
  }
  expect(actual, what).not.toBeNull();
  expect(Math.abs(actual! / expected - 1), `${what}: ${actual} vs ${expected}`).toBeLessThan(TOLERANCE);
}

describeRealData('capacities against what the instrument recorded', () => {
  it('matches Arbin’s per-cycle counters in every one of the 18 cycles of cellpy’s silicon half cell (.res)', async () => {
    const series = await readSeries(await realDataSource('cellpy/20160805_test001_45_cc_01.res'), allReaders);
    const cycles = analyze(series, 'half');
    const counters = arbinCounters(series);
    expect(cycles).toHaveLength(18);
    for (const cycle of cycles) {
      const recorded = counters.get(cycle.index)!;
      expectWithin(cycle.chargeCapacity_mAh, recorded.charge_mAh, `cycle ${cycle.index} charge`);
      expectWithin(cycle.dischargeCapacity_mAh, recorded.discharge_mAh, `cycle ${cycle.index} discharge`);
    }
  });

  it('matches Arbin’s counters of the navani coin cell logged every 300 s (.res)', async () => {
    const series = await readSeries(await realDataSource('navani/arbin_example.res'), allReaders);
    const counters = arbinCounters(series);
    for (const cycle of analyze(series, 'full')) {
      const recorded = counters.get(cycle.index)!;
      expectWithin(cycle.chargeCapacity_mAh, recorded.charge_mAh, `cycle ${cycle.index} charge`);
      expectWithin(cycle.dischargeCapacity_mAh, recorded.discharge_mAh, `cycle ${cycle.index} discharge`);
    }
  });

  it('matches the cycle rows Neware wrote in its nested export, all 20 cycles', async () => {
    const { series, cycles: recorded } = await readNewareCsv(
      await realDataSource('cellpy/nw_regular_export_ife_example.csv'),
    );
    const cycles = analyze(series, 'full');
    expect(cycles).toHaveLength(recorded.length);
    for (const cycle of cycles) {
      const row = recorded.find((entry) => entry.cycle === cycle.index)!;
      expectWithin(cycle.chargeCapacity_mAh, row.chargeCapacity_Ah * 1000, `cycle ${cycle.index} charge`);
      expectWithin(
        cycle.dischargeCapacity_mAh,
        row.dischargeCapacity_Ah * 1000,
        `cycle ${cycle.index} discharge`,
      );
    }
  });

  it('matches the Arbin CSV’s complete second cycle with its CC-CV charge and pulses', async () => {
    const series = await readSeries(
      await realDataSource('battery-data-toolkit/arbin_example.csv'),
      allReaders,
    );
    const second = analyze(series, 'full').find((cycle) => cycle.index === 2)!;
    const recorded = arbinCounters(series).get(2)!;
    expectWithin(second.chargeCapacity_mAh, recorded.charge_mAh, 'charge');
    expectWithin(second.dischargeCapacity_mAh, recorded.discharge_mAh, 'discharge');
  });
});
