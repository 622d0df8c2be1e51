import { describe, expect, it } from 'vitest';
import { segmentSteps, stepCapacity_mAh } from '../../../lib/core/cycling/steps.ts';
import { currentThreshold } from '../../../lib/core/cycling/threshold.ts';
import { message } from '../../../lib/core/messages.ts';
import { fullCellExperiment, HALF_CELL_CURRENT_A, halfCellExperiment } from '../../generators/lbhi-model.ts';

describe('step segmentation', () => {
  it('derives a no-current threshold between the rest noise and the plating current', () => {
    const { series } = halfCellExperiment('LPSCl');
    const { threshold_A, activeLevel_A, restNoise_A } = currentThreshold(series.current_A!, series.rows);
    expect(activeLevel_A! / HALF_CELL_CURRENT_A).toBeGreaterThan(0.93);
    expect(activeLevel_A! / HALF_CELL_CURRENT_A).toBeLessThan(1.07);
    expect(restNoise_A!).toBeGreaterThan(1e-9);
    expect(restNoise_A!).toBeLessThan(4e-9);
    expect(threshold_A).toBeGreaterThan(5 * restNoise_A!);
    expect(threshold_A).toBeLessThan(0.02 * HALF_CELL_CURRENT_A);
  });

  it('cuts a half-cell record into rest, plating and stripping steps, none spanning a change of sign', () => {
    const { series } = halfCellExperiment('LBHI', { cycles: 2 });
    const { steps } = segmentSteps(series);
    expect(steps.map((step) => step.kind)).toEqual([
      'rest',
      'constantCurrentDischarge',
      'rest',
      'constantCurrentCharge',
      'rest',
      'constantCurrentDischarge',
      'rest',
      'constantCurrentCharge',
      'rest',
    ]);
    const current = series.current_A!;
    let rowsAgainstTheirStep = 0;
    for (const step of steps) {
      if (step.direction === 0) continue;
      for (let row = step.firstRow; row <= step.lastRow; row++) {
        if (Math.sign(current[row]!) !== step.direction) rowsAgainstTheirStep++;
      }
    }
    expect(rowsAgainstTheirStep).toBe(0);
    expect(stepCapacity_mAh(steps[1]!)).toBeCloseTo((HALF_CELL_CURRENT_A * 4 * 3600) / 3.6, 4);
  });

  it('finds the constant-voltage tail of a CC-CV charge as its own step', () => {
    const { series } = fullCellExperiment('LPSCl', 25, { cvHold_s: 3600, cycles: 1 });
    const { steps } = segmentSteps(series);
    const cv = steps.find((step) => step.kind === 'constantVoltageCharge')!;
    const cc = steps[steps.indexOf(cv) - 1]!;
    expect(cc.kind).toBe('constantCurrentCharge');
    expect(cv.endTime_s - cv.startTime_s).toBeGreaterThan(3000);
    expect(cv.endTime_s - cv.startTime_s).toBeLessThanOrEqual(3600);
  });

  it('an instrument step holding both a charge and a discharge is reported, not silently resolved', () => {
    const { series } = halfCellExperiment('LPSCl', { cycles: 2, instrumentColumns: true });
    const stepIndex = series.stepIndex!;
    // Prepare: the instrument numbers the first plating, its rest and the stripping as one step
    const { steps: detected } = segmentSteps(series);
    const plating = detected[1]!;
    const stripping = detected[3]!;
    for (let row = plating.firstRow; row <= stripping.lastRow; row++)
      stepIndex[row] = stepIndex[plating.firstRow]!;
    const { issues } = segmentSteps(series);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.code).toBe('step_disagreement');
    expect(issues[0]!.message).toBe(
      message.stepDisagreement(
        message.directionChangeInsideStep(stepIndex[plating.firstRow]!, series.time_s[stripping.firstRow]!),
      ),
    );
    expect(issues[0]!.location.row).toBe(stripping.firstRow);
  });

  it('agrees silently with an instrument step column that matches', () => {
    const { series } = halfCellExperiment('LPSCl', { cycles: 2, instrumentColumns: true });
    expect(segmentSteps(series).issues).toEqual([]);
  });
});
