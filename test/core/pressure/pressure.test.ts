/**
 * Stack pressure beside voltage for a generated NCA|SE|Cu cell whose pressure log comes from its
 * own logger (own start, clock and rate) as CSV text, read back by the pressure-log reader.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { pearson } from '../../../lib/core/pressure/correlation.ts';
import { LI_UM_PER_MAH_CM2, lithiumThickness_um } from '../../../lib/core/pressure/lithium.ts';
import { analyzeGeneratedCell, type GeneratedCellAnalysis } from '../../generators/softshort-analysis.ts';
import { AREA_CM2, modelPressure_MPa, PRESSURE_PER_MAH_CM2_MPA } from '../../generators/softshort-cell.ts';
import { defaultLogger } from '../../generators/softshort-pressure-log.ts';

const healthy = { firstShortCycle: null, cycles: 6 } as const;

describe('pressure of a healthy anode-free cell on the cycler’s clock', () => {
  let cell: GeneratedCellAnalysis;
  beforeAll(async () => {
    cell = await analyzeGeneratedCell(healthy);
  });

  it('ΔP counts from the start of cycling and follows the Li the model plated, within the logger noise', () => {
    const pressure = cell.pressure!;
    const start = cell.cycling.cycles.halves[0]!.firstRow;
    let firstCovered = start;
    while (Number.isNaN(pressure.pressureChange_MPa[firstCovered]!)) firstCovered++;
    const reference = modelPressure_MPa(cell.truth, cell.series.time_s[firstCovered]!);
    let compared = 0;
    for (let row = firstCovered; row < cell.series.rows; row++) {
      const change = pressure.pressureChange_MPa[row]!;
      if (Number.isNaN(change)) continue;
      const model = modelPressure_MPa(cell.truth, cell.series.time_s[row]!) - reference;
      expect(Math.abs(change - model)).toBeLessThan(0.004);
      compared++;
    }
    expect(compared).toBeGreaterThan(0.95 * (cell.series.rows - firstCovered));
    expect(pressure.maxChange_MPa!).toBeCloseTo(
      Math.max(...pressure.pressureChange_MPa.filter((v) => !Number.isNaN(v))),
      9,
    );
  });

  it('per cycle, the rise, fall and residual are the Li the capacities imply times the stack’s MPa per mAh/cm²', () => {
    for (const [index, cycle] of cell.pressure!.cycles.entries()) {
      const { charge_mAh, discharge_mAh } = cell.truth.cycles[index]!;
      const expectRise = (PRESSURE_PER_MAH_CM2_MPA * charge_mAh) / AREA_CM2;
      const expectFall = (PRESSURE_PER_MAH_CM2_MPA * discharge_mAh!) / AREA_CM2;
      expect(Math.abs(cycle.chargeRise_MPa! - expectRise)).toBeLessThan(0.01 * expectRise + 0.002);
      expect(Math.abs(cycle.dischargeFall_MPa! - expectFall)).toBeLessThan(0.01 * expectFall + 0.002);
      expect(Math.abs(cycle.residual_MPa! - (expectRise - expectFall))).toBeLessThan(0.003);
      expect(cycle.chargeLithium_um!).toBeCloseTo((charge_mAh / AREA_CM2) * 4.85, 2);
      expect(cycle.residualLithium_um!).toBeCloseTo(((charge_mAh - discharge_mAh!) / AREA_CM2) * 4.85, 2);
    }
    expect(cell.pressure!.cycles).toHaveLength(6);
  });

  it('voltage and pressure correlate over the test and in every charge', () => {
    expect(cell.pressure!.voltageCorrelation!).toBeGreaterThan(0.7);
    expect(cell.pressure!.chargeCorrelations).toHaveLength(6);
    for (const charge of cell.pressure!.chargeCorrelations) expect(charge.correlation!).toBeGreaterThan(0.98);
  });
});

describe('pressure log quirks', () => {
  it('a gap in the log stays empty on the cycler’s rows, never bridged', async () => {
    const gap: [number, number] = [20 * 3600, 26 * 3600];
    const cell = await analyzeGeneratedCell(healthy, { ...defaultLogger, gap });
    const { time_s } = cell.series;
    const change = cell.pressure!.pressureChange_MPa;
    for (let row = 0; row < cell.series.rows; row++) {
      // Logger clock runs 23 s fast and is corrected; a row is inside the gap by true time.
      if (time_s[row]! > gap[0] && time_s[row]! < gap[1] - defaultLogger.interval_s)
        expect(change[row]).toBeNaN();
      if (time_s[row]! > gap[1] + defaultLogger.interval_s && time_s[row]! < gap[0] + 40 * 3600)
        expect(change[row]).not.toBeNaN();
    }
    expect(cell.pressure!.warnings.some((line) => line.startsWith('No data from'))).toBe(true);
  });

  it('delaying the pressure by 600 s moves the lag that maximises r later by 450–660 s', async () => {
    // The lag also holds the voltage's own relaxation after each step (τ = 600 s in the model), so a
    // delay of the pressure shifts the peak of r(lag) by most, not all, of itself.
    const prompt = await analyzeGeneratedCell(healthy);
    const delayed = await analyzeGeneratedCell({ ...healthy, pressureDelay_s: 600 });
    const shift_s = delayed.pressure!.lag_s! - prompt.pressure!.lag_s!;
    expect(shift_s).toBeGreaterThan(450);
    expect(shift_s).toBeLessThan(660);
    expect(delayed.pressure!.lagCorrelation!).toBeGreaterThanOrEqual(delayed.pressure!.voltageCorrelation!);
  });
});

describe('the physics helpers', () => {
  it('1 mAh/cm² of Li is 4.85 µm thick', () => {
    expect(LI_UM_PER_MAH_CM2).toBeCloseTo(4.85, 2);
    expect(lithiumThickness_um(0.785, 0.785)).toBeCloseTo(4.85, 2);
    expect(lithiumThickness_um(1, null)).toBeNull();
  });

  it('Pearson r is ±1 for linear relations, null for a constant signal, and skips NaN rows', () => {
    const x = [1, 2, 3, 4, Number.NaN, 6];
    expect(pearson(x, [3, 5, 7, 9, 0, 13])).toBeCloseTo(1, 12);
    expect(pearson(x, [-1, -2, -3, -4, 1, -6])).toBeCloseTo(-1, 12);
    expect(pearson(x, [2, 2, 2, 2, 2, 2])).toBeNull();
  });
});
