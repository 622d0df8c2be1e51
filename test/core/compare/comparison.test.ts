import { describe, expect, it } from 'vitest';
import { cellMetricsOf } from '../../../lib/core/compare/cell-metrics.ts';
import { compareCells } from '../../../lib/core/compare/comparison.ts';
import {
  type CellMetrics,
  comparisonMetrics,
  meanAndSpread,
  replicateSets,
} from '../../../lib/core/compare/replicates.ts';
import { analyzeCycling } from '../../../lib/core/cycling/analyze-cycling.ts';
import { ocvStability } from '../../../lib/core/cycling/ocv.ts';
import { segmentSteps } from '../../../lib/core/cycling/steps.ts';
import { message } from '../../../lib/core/messages.ts';
import {
  AREA_CM2,
  fullCellExperiment,
  type Group,
  halfCellExperiment,
  LI_IN_OFFSET_V,
  NCA_MASS_MG,
  ocvExperiment,
} from '../../generators/lbhi-model.ts';

function metrics(values: Partial<CellMetrics['metrics']>): CellMetrics['metrics'] {
  return {
    ...Object.fromEntries(comparisonMetrics.map((metric) => [metric, null])),
    ...values,
  } as CellMetrics['metrics'];
}

function halfCell(group: Group): CellMetrics {
  const cycling = analyzeCycling(halfCellExperiment(group).series, {
    type: 'half',
    areaCm2: AREA_CM2,
    activeMassMg: null,
    referenceOffset_V: LI_IN_OFFSET_V,
  });
  const { series } = ocvExperiment(group);
  const ocv = ocvStability(series, segmentSteps(series).steps, LI_IN_OFFSET_V).result;
  return { id: `cu-${group}`, group, type: 'half', temperatureC: 25, metrics: cellMetricsOf(cycling, ocv) };
}

function fullCell(group: Group, temperatureC: 25 | 60 | 100): CellMetrics {
  const cycling = analyzeCycling(fullCellExperiment(group, temperatureC).series, {
    type: 'full',
    areaCm2: AREA_CM2,
    activeMassMg: NCA_MASS_MG,
    referenceOffset_V: 0,
  });
  return {
    id: `nca-${group}-${temperatureC}`,
    group,
    type: 'full',
    temperatureC,
    metrics: cellMetricsOf(cycling, null),
  };
}

describe('replicates', () => {
  it('mean and sample standard deviation (n − 1) of the values present', () => {
    const { mean, spread } = meanAndSpread([0.7, 0.72, null, 0.74]);
    expect(mean).toBeCloseTo(0.72, 12);
    expect(spread).toEqual({ n: 3, standardDeviation: expect.closeTo(0.02, 12) });
    expect(meanAndSpread([null])).toEqual({ mean: null, spread: { n: 0, standardDeviation: null } });
  });

  it('cells of one group, type and temperature form one set', () => {
    const cells: CellMetrics[] = [
      {
        id: 'a1',
        group: 'LBHI',
        type: 'half',
        temperatureC: 25,
        metrics: metrics({ initialCoulombicEfficiency: 0.94 }),
      },
      {
        id: 'a2',
        group: 'LBHI',
        type: 'half',
        temperatureC: 25,
        metrics: metrics({ initialCoulombicEfficiency: 0.95 }),
      },
      {
        id: 'b',
        group: 'LBHI',
        type: 'half',
        temperatureC: 60,
        metrics: metrics({ initialCoulombicEfficiency: 0.9 }),
      },
    ];
    const sets = replicateSets(cells);
    expect(sets.map((set) => set.cells)).toEqual([['a1', 'a2'], ['b']]);
    expect(sets[0]!.metrics.initialCoulombicEfficiency.mean).toBeCloseTo(0.945, 12);
  });
});

describe('the comparison block', () => {
  it('half cells at 25 °C: LBHI against the LPSCl baseline with the paper’s ICE gap and the deltas', () => {
    // Prepare
    const cells = [halfCell('LPSCl'), halfCell('LBHI')];
    // Act
    const { comparison, warnings } = compareCells(cells, 'LPSCl');
    // Assess
    expect(warnings).toEqual([]);
    const byMetric = new Map(comparison.map((entry) => [entry.metric, entry]));
    const ice = byMetric.get('initialCoulombicEfficiency')!;
    expect(ice.type).toBe('half');
    expect(ice.temperatureC).toBe(25);
    expect(ice.baseline.cell).toBe('cu-LPSCl');
    expect(ice.baseline.value).toBeCloseTo(0.703, 2);
    expect(ice.others[0]!.cell).toBe('cu-LBHI');
    expect(ice.others[0]!.group).toBe('LBHI');
    expect(ice.others[0]!.value).toBeCloseTo(0.947, 2);
    expect(ice.others[0]!.delta).toBeCloseTo(0.244, 2);
    expect(ice.others[0]!.delta).toBe(ice.others[0]!.value! - ice.baseline.value!);
    const drift = byMetric.get('ocvDriftOnset_h')!;
    expect(Math.abs(drift.baseline.value! - 72)).toBeLessThan(6);
    expect(drift.others[0]!.value).toBeNull();
    expect(drift.others[0]!.delta).toBeNull();
    expect(byMetric.get('nucleationOverpotential_V')!.others[0]!.delta!).toBeGreaterThan(0.02);
    expect(byMetric.has('firstCycleDischargeSpecificCapacity_mAh_g')).toBe(false);
  });

  it('full cells pair by temperature: the 100 °C LBHI ICE is 60 points above the baseline', () => {
    const cells = ([25, 60, 100] as const).flatMap((temperature) => [
      fullCell('LPSCl', temperature),
      fullCell('LBHI', temperature),
    ]);
    const { comparison } = compareCells(cells, 'LPSCl');
    const ice = comparison.filter((entry) => entry.metric === 'initialCoulombicEfficiency');
    expect(ice.map((entry) => entry.temperatureC)).toEqual([25, 60, 100]);
    const deltas = ice.map((entry) => entry.others[0]!.delta!);
    expect(deltas[0]).toBeCloseTo(0.659 - 0.664, 2);
    expect(deltas[1]).toBeCloseTo(0.78 - 0.531, 2);
    expect(deltas[2]).toBeCloseTo(0.805 - 0.201, 2);
    const specific = comparison.find(
      (entry) => entry.metric === 'firstCycleDischargeSpecificCapacity_mAh_g' && entry.temperatureC === 25,
    )!;
    expect(specific.baseline.value!).toBeGreaterThan(100);
  });

  it('replicates enter as their mean with n and the sample standard deviation', () => {
    const cells: CellMetrics[] = [
      {
        id: 'base',
        group: 'LPSCl',
        type: 'half',
        temperatureC: 25,
        metrics: metrics({ initialCoulombicEfficiency: 0.7 }),
      },
      {
        id: 'i1',
        group: 'LBHI',
        type: 'half',
        temperatureC: 25,
        metrics: metrics({ initialCoulombicEfficiency: 0.94 }),
      },
      {
        id: 'i2',
        group: 'LBHI',
        type: 'half',
        temperatureC: 25,
        metrics: metrics({ initialCoulombicEfficiency: 0.96 }),
      },
    ];
    const [entry] = compareCells(cells, 'LPSCl').comparison;
    expect(entry!.others[0]!.cells).toEqual(['i1', 'i2']);
    expect(entry!.others[0]!.value).toBeCloseTo(0.95, 12);
    expect(entry!.others[0]!.spread.n).toBe(2);
    expect(entry!.others[0]!.spread.standardDeviation).toBeCloseTo(Math.SQRT2 * 0.01, 12);
    expect(entry!.others[0]!.delta).toBeCloseTo(0.25, 12);
    expect(entry!.baseline.spread).toEqual({ n: 1, standardDeviation: null });
  });

  it('a condition without a baseline cell is named in a warning, not compared', () => {
    const cells: CellMetrics[] = [
      {
        id: 'x',
        group: 'LBHI',
        type: 'full',
        temperatureC: 60,
        metrics: metrics({ initialCoulombicEfficiency: 0.78 }),
      },
    ];
    const { comparison, warnings } = compareCells(cells, 'LPSCl');
    expect(comparison).toEqual([]);
    expect(warnings).toEqual([message.comparisonNoBaseline('LPSCl', 'full', 60)]);
  });
});
