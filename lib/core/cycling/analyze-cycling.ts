/**
 * One cycling file of one cell, analysed end to end: steps → cycles → efficiency summary →
 * nucleation overpotential (half cells: the first plating on Cu). The orchestration of a job
 * calls this per cycling file; OCV and LSV files have their own functions (ocv.ts, lsv.ts).
 */
import { AnalysisError } from '../errors.ts';
import type { DataIssue } from '../issues.ts';
import { message } from '../messages.ts';
import type { CanonicalSeries } from '../series.ts';
import { analyzeCycles, type CellDescription, type CycleAnalysis, type CycleOptions } from './cycles.ts';
import { type EfficiencySummary, summariseEfficiency } from './efficiency.ts';
import { type NucleationResult, nucleationOverpotential } from './nucleation.ts';
import { type StepOptions, type StepSegmentation, segmentSteps } from './steps.ts';

export interface CyclingAnalysis {
  segmentation: StepSegmentation;
  cycles: CycleAnalysis;
  efficiency: EfficiencySummary;
  /** Half cells only; null elsewhere or when it cannot be computed (with a warning). */
  nucleation: NucleationResult | null;
  /** Every warning line, in order: cycles, efficiency, nucleation. */
  warnings: string[];
  /** Data issues found while analysing (step/cycle disagreements with the instrument). */
  issues: DataIssue[];
}

export function analyzeCycling(
  series: CanonicalSeries,
  cell: CellDescription,
  options: CycleOptions & StepOptions = {},
): CyclingAnalysis {
  if (series.current_A === null) {
    throw new AnalysisError(message.noCurrentForCycling(series.provenance.file), {
      location: { file: series.provenance.file },
      expected: 'a current column',
    });
  }
  const segmentation = segmentSteps(series, options);
  const cycles = analyzeCycles(series, segmentation.steps, cell, options);
  const efficiency = summariseEfficiency(cell.type, cycles.cycles);
  const warnings = [...cycles.warnings, ...efficiency.warnings];
  let nucleation: NucleationResult | null = null;
  if (cell.type === 'half') {
    const plating = cycles.halves.find((half) => half.direction < 0) ?? null;
    const outcome = nucleationOverpotential(series, plating, cell.referenceOffset_V);
    nucleation = outcome.result;
    warnings.push(...outcome.warnings);
  }
  return {
    segmentation,
    cycles,
    efficiency,
    nucleation,
    warnings,
    issues: [...segmentation.issues, ...cycles.issues],
  };
}
