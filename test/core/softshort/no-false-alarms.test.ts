/**
 * Zero false alarms: the same generated cells without shorts, with the things that move a
 * charging voltage for ordinary reasons (CV holds, rests, current steps, a temperature step,
 * changing logging rates, more noise), and the LBHI model's healthy cells, raise no soft short.
 */
import { describe, expect, it } from 'vitest';
import { analyzeCycling } from '../../../lib/core/cycling/analyze-cycling.ts';
import { detectSoftShorts } from '../../../lib/core/softshort/index.ts';
import {
  AREA_CM2,
  fullCellExperiment,
  halfCellExperiment,
  LI_IN_OFFSET_V,
  NCA_MASS_MG,
} from '../../generators/lbhi-model.ts';
import { analyzeGeneratedCell } from '../../generators/softshort-analysis.ts';
import type { SoftShortCellOptions } from '../../generators/softshort-cell.ts';

const healthy = { firstShortCycle: null } as const;

const variants: [string, SoftShortCellOptions][] = [
  ['the same cell without shorts', healthy],
  ['constant-voltage holds after each charge', { ...healthy, cvHold_s: 3600 }],
  ['a one-hour rest inside every charge', { ...healthy, restInCharge_s: 3600 }],
  ['charges that start at twice the current', { ...healthy, fastStartUntilX: 0.3 }],
  [
    'logging every 10 s, 60 s or 180 s by turns',
    { ...healthy, interval_s: (t) => [10, 60, 180][Math.floor(t / 20000) % 3]! },
  ],
  ['four times the voltage noise', { ...healthy, noise_V: 0.002 }],
];

describe('healthy generated cells raise no soft short', () => {
  for (const [name, options] of variants) {
    it(`${name}: no event, no warning`, async () => {
      const cell = await analyzeGeneratedCell(options);
      expect(cell.softShorts.entries).toEqual([]);
      expect(cell.softShorts.warnings).toEqual([]);
    });
  }

  it('a 20 °C temperature step that lowers the charging voltage is not a short', async () => {
    // Prepare
    const cell = await analyzeGeneratedCell({ ...healthy, temperatureStepCycle: 4 });
    const withoutTemperature = { ...cell.series, temperature_C: null };
    // Act
    const blind = detectSoftShorts({
      series: withoutTemperature,
      cycles: cell.cycling.cycles,
      pressure_MPa: null,
    });
    // Assess: the fall is real (a detector blind to temperature takes it for a short), yet no event.
    expect(blind.events.map((event) => event.cycle)).toEqual([4]);
    expect(cell.softShorts.entries).toEqual([]);
  });
});

describe('the LBHI model’s healthy cells raise no soft short', () => {
  it('full cells at 25, 60 and 100 °C with CV holds', () => {
    for (const temperatureC of [25, 60, 100] as const) {
      const { series } = fullCellExperiment('LBHI', temperatureC, { cycles: 6, cvHold_s: 1800 });
      const cycling = analyzeCycling(series, {
        type: 'full',
        areaCm2: AREA_CM2,
        activeMassMg: NCA_MASS_MG,
        referenceOffset_V: 0,
      });
      expect(detectSoftShorts({ series, cycles: cycling.cycles, pressure_MPa: null }).events).toEqual([]);
    }
  });

  it('Cu|LPSCl|Li–In half cells stripping at a flat plateau', () => {
    const { series } = halfCellExperiment('LPSCl', { cycles: 4 });
    const cycling = analyzeCycling(series, {
      type: 'half',
      areaCm2: AREA_CM2,
      activeMassMg: null,
      referenceOffset_V: LI_IN_OFFSET_V,
    });
    expect(detectSoftShorts({ series, cycles: cycling.cycles, pressure_MPa: null }).events).toEqual([]);
  });
});
