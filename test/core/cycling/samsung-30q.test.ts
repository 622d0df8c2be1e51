import { expect, it } from 'vitest';
import { analyzeCycling } from '../../../lib/core/cycling/analyze-cycling.ts';
import { type CanonicalSeries, emptySeries } from '../../../lib/core/series.ts';
import { describeRealData, realDataSource } from '../../support/real-data.ts';

const folder = 'dataset-cycling-with-strain-monitoring-for-samsung-30Q-cell';

/** Rows of a headerless tab-separated .lvm (the reader for these is written elsewhere). */
async function readLvm(name: string): Promise<number[][]> {
  const text = new TextDecoder().decode(await (await realDataSource(`${folder}/${name}`)).bytes());
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => line.split('\t').map(Number));
}

/** Charge then discharge log of one cycle as a canonical series: time s, current A, voltage V. */
async function cycleOne(): Promise<CanonicalSeries> {
  const rows = [...(await readLvm('charge_1_1.lvm')), ...(await readLvm('discharge_1_1.lvm'))];
  const series = emptySeries({
    file: folder,
    format: 'lvm',
    formatVersion: null,
    instrument: null,
    columns: [],
    bytes: 0,
  });
  series.rows = rows.length;
  series.time_s = Float64Array.from(rows, (row) => row[0]!);
  series.current_A = Float64Array.from(rows, (row) => row[1]!);
  series.voltage_V = Float64Array.from(rows, (row) => row[2]!);
  return series;
}

/**
 * The authors' summary (Capacity_Extractor.py) gives cycle 1 charge as QSTART + ∫I dt with
 * QSTART = 0.15 Ah for cell 1 (SOURCES.md), and "remaining capacity after discharge" as that
 * charge minus the discharged ∫|I| dt.
 */
async function authorsCycleOne(): Promise<{ charge_mAh: number; discharge_mAh: number }> {
  const [, first] = await readLvm('cell1_capacity_summary.lvm');
  const qStart_Ah = 0.15;
  const charge_Ah = first![1]!;
  const remaining_Ah = first![2]!;
  return { charge_mAh: (charge_Ah - qStart_Ah) * 1000, discharge_mAh: (charge_Ah - remaining_Ah) * 1000 };
}

describeRealData('Samsung 30Q cell 1, cycle 1 (ARTS Laboratory)', () => {
  it('charge and discharge capacities agree with the authors’ capacity summary within 0.5 %', async () => {
    // Prepare
    const series = await cycleOne();
    const authors = await authorsCycleOne();
    // Act
    const analysis = analyzeCycling(series, {
      type: 'full',
      areaCm2: null,
      activeMassMg: null,
      referenceOffset_V: 0,
    });
    // Assess
    const [cycle] = analysis.cycles.cycles;
    expect(analysis.cycles.cycles).toHaveLength(1);
    expect(Math.abs(cycle!.chargeCapacity_mAh! / authors.charge_mAh - 1)).toBeLessThan(0.005);
    expect(Math.abs(cycle!.dischargeCapacity_mAh! / authors.discharge_mAh - 1)).toBeLessThan(0.005);
    expect(authors.charge_mAh).toBeCloseTo(2844.5, 0);
  });

  it('the 1C CC-CV charge is found as CC then CV, and ends on its constant-voltage hold', async () => {
    const series = await cycleOne();
    const analysis = analyzeCycling(series, {
      type: 'full',
      areaCm2: null,
      activeMassMg: null,
      referenceOffset_V: 0,
    });
    const kinds = analysis.cycles.details[0]!.charge!.steps.map((step) => step.kind);
    expect(kinds[0]).toBe('constantCurrentCharge');
    expect(kinds[1]).toBe('constantVoltageCharge');
    expect(analysis.cycles.cycles[0]!.chargeEndReason).toBe('constantVoltage');
  });
});
