/**
 * A 60 °C NCA|SE|Cu cell that soft-shorts from cycle 7 on (DESIGN §4), generated with known
 * stage windows and a last charge that never completes, its pressure from a separate logger with
 * its own clock and rate.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { message } from '../../../lib/core/messages.ts';
import { analyzeGeneratedCell, type GeneratedCellAnalysis } from '../../generators/softshort-analysis.ts';
import { modelPressure_MPa } from '../../generators/softshort-cell.ts';

const INTERVAL_S = 60;
const TOLERANCE_S = 3 * INTERVAL_S;

describe('a cell that soft-shorts from cycle 7, with its stack-pressure log', () => {
  let cell: GeneratedCellAnalysis;
  beforeAll(async () => {
    cell = await analyzeGeneratedCell();
  });

  it('names cycle 7 as the first soft-short cycle, in a warning', () => {
    expect(cell.softShorts.firstCycle).toBe(7);
    expect(cell.softShorts.warnings[0]).toBe(message.softShortFirstCycle(7, [7, 8, 9, 10]));
  });

  it('finds every shorted cycle and no healthy one', () => {
    const cycles = [...new Set(cell.softShorts.entries.map((entry) => entry.cycle))];
    expect(cycles).toEqual(cell.truth.shortedCycles);
  });

  it('puts stages I–IV within three samples of the model’s windows', () => {
    const detected = cell.softShorts.analysis.charges.flatMap((charge) =>
      charge.stages.map((window) => ({ ...window, cycle: charge.cycle })),
    );
    for (const truth of cell.truth.stages) {
      const match = detected.find(
        (window) =>
          window.cycle === truth.cycle &&
          window.stage === truth.stage &&
          Math.abs(window.start_s - truth.start_s) <= TOLERANCE_S,
      );
      expect(match, `cycle ${truth.cycle} stage ${truth.stage} at ${truth.start_s} s`).toBeDefined();
      expect(Math.abs(match!.end_s - truth.end_s)).toBeLessThanOrEqual(TOLERANCE_S);
    }
    expect(detected).toHaveLength(cell.truth.stages.length);
  });

  it('reports each stage-III fall as an event confirmed by the pressure, with the model’s pressure drop', () => {
    const falls = cell.softShorts.entries.filter((entry) => entry.evidenceCodes.includes('voltageReversal'));
    const modelFalls = cell.truth.stages.filter((window) => window.stage === 'III');
    expect(falls).toHaveLength(modelFalls.length);
    falls.forEach((event, index) => {
      const model = modelFalls[index]!;
      const drop_MPa =
        modelPressure_MPa(cell.truth, model.start_s) - modelPressure_MPa(cell.truth, model.end_s);
      expect(event.stage).toBe('III');
      expect(event.confidence).toBe('high');
      expect(event.evidenceCodes).toContain('pressureFollows');
      expect(Math.abs(event.magnitude_MPa! / drop_MPa - 1)).toBeLessThan(0.15);
      expect(event.magnitude_mV!).toBeGreaterThan(30);
    });
  });

  it('flags the last charge, which never completes', () => {
    const incomplete = cell.softShorts.entries.filter((entry) =>
      entry.evidenceCodes.includes('incompleteCharge'),
    );
    expect(incomplete.map((entry) => entry.cycle)).toEqual([cell.truth.incompleteCycle]);
    expect(cell.softShorts.analysis.charges.find((charge) => charge.cycle === 10)!.incomplete).toBe(true);
    expect(cell.softShorts.warnings.some((line) => line.startsWith('Cycle 10: the charge passed'))).toBe(
      true,
    );
  });

  it('backs the shorted complete cycles with their drop in Coulombic efficiency', () => {
    for (const cycle of [7, 8, 9]) {
      const event = cell.softShorts.entries.find((entry) => entry.cycle === cycle)!;
      expect(event.evidenceCodes).toContain('coulombicEfficiencyDrop');
    }
  });
});

describe('the same shorting cell without a pressure log', () => {
  let cell: GeneratedCellAnalysis;
  beforeAll(async () => {
    cell = await analyzeGeneratedCell({}, null);
  });

  it('finds the same cycles from the voltage alone, stating the lower confidence', () => {
    expect(cell.softShorts.firstCycle).toBe(7);
    expect([...new Set(cell.softShorts.entries.map((entry) => entry.cycle))]).toEqual([7, 8, 9, 10]);
    expect(cell.softShorts.entries.every((entry) => entry.confidence === 'lower')).toBe(true);
    expect(cell.softShorts.warnings).toContain(message.softShortStagesFromVoltage());
  });

  it('still places the stage-III windows within three samples', () => {
    const falls = cell.softShorts.analysis.charges.flatMap((charge) =>
      charge.stages.filter((window) => window.stage === 'III'),
    );
    const model = cell.truth.stages.filter((window) => window.stage === 'III');
    expect(falls).toHaveLength(model.length);
    falls.forEach((window, index) => {
      expect(Math.abs(window.start_s - model[index]!.start_s)).toBeLessThanOrEqual(TOLERANCE_S);
      expect(Math.abs(window.end_s - model[index]!.end_s)).toBeLessThanOrEqual(TOLERANCE_S);
      expect(window.basis).toBe('voltage');
    });
  });
});
