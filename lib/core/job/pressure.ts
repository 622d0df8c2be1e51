/**
 * A cell's stack pressure and soft shorts, shaped for report.json and the figures: the pressure
 * analysis (lib/core/pressure) and the soft-short detection (lib/core/softshort) on the cycler's
 * time base, plus the curves for "V and ΔP vs time with stages shaded" and "dV/dQ per cycle".
 */
import type { CyclingAnalysis } from '../cycling/analyze-cycling.ts';
import type { CellType } from '../cycling/cycles.ts';
import { differentialCurves, voltageProfiles } from '../cycling/differential.ts';
import { downsampleCurve, minMaxIndices } from '../downsample.ts';
import { analyzePressure, type ChargeCorrelation, type PressureCycle } from '../pressure/index.ts';
import type { CanonicalSeries } from '../series.ts';
import {
  detectSoftShorts,
  type SoftShortAnalysis,
  type SoftShortEntry,
  type SoftShortStage,
} from '../softshort/index.ts';
import { hours, PROFILE_POINTS, TIME_CURVE_POINTS } from './drawing.ts';

export type { SoftShortEntry };

export interface PressureSummary {
  /** Cycler time, s, and voltage vs Li+/Li, V, at each cycler row. */
  time_s: Float64Array;
  voltage_V: Float64Array;
  /** Absolute pressure and P − P(start of cycling), MPa; NaN where the log has no data. */
  pressure_MPa: Float64Array;
  pressureChange_MPa: Float64Array;
  /** Largest |ΔP|, MPa; null when the log covers no cycler row. */
  maxChange_MPa: number | null;
  /** Pearson r of voltage and pressure over the test; null below 3 rows. */
  voltageCorrelation: number | null;
  chargeCorrelations: ChargeCorrelation[];
  /** Lag of the pressure behind the voltage that maximises r, s, and that r; null when none. */
  lag_s: number | null;
  lagCorrelation: number | null;
  cycles: PressureCycle[];
  warnings: string[];
}

export interface CellForPressure {
  type: CellType;
  areaCm2: number | null;
}

/**
 * The reader already moved the log's start time by the manifest's `clockOffset_s`, so the
 * alignment uses no further offset. Without `cycling`, ΔP counts from the first row and there are
 * no per-cycle values.
 */
export function summarizePressure(
  cycler: CanonicalSeries,
  log: CanonicalSeries,
  referenceOffset_V: number,
  cycling: CyclingAnalysis | null = null,
  cell: CellForPressure = { type: 'full', areaCm2: null },
): PressureSummary {
  const analysis = analyzePressure(cycler, log, {
    details: cycling?.cycles.details ?? [],
    cyclingStartRow: cycling?.cycles.halves[0]?.firstRow ?? 0,
    cellType: cell.type,
    areaCm2: cell.areaCm2,
    referenceOffset_V,
  });
  return {
    time_s: analysis.time_s,
    voltage_V: analysis.voltage_V,
    pressure_MPa: analysis.pressure_MPa,
    pressureChange_MPa: analysis.change_MPa,
    maxChange_MPa: analysis.maxChange_MPa,
    voltageCorrelation: analysis.voltageCorrelation,
    chargeCorrelations: analysis.chargeCorrelations,
    lag_s: analysis.lag?.lag_s ?? null,
    lagCorrelation: analysis.lag?.correlation ?? null,
    cycles: analysis.cycles,
    warnings: analysis.warnings,
  };
}

export interface SoftShortSummary {
  entries: SoftShortEntry[];
  firstCycle: number | null;
  analysis: SoftShortAnalysis;
  warnings: string[];
}

export function summarizeSoftShorts(
  cycler: CanonicalSeries,
  cycling: CyclingAnalysis,
  pressure: PressureSummary | null,
): SoftShortSummary {
  const analysis = detectSoftShorts({
    series: cycler,
    cycles: cycling.cycles,
    pressure_MPa: pressure?.pressure_MPa ?? null,
  });
  return {
    entries: analysis.events.map((event) => ({
      cycle: event.cycle,
      time_s: event.start_s,
      start_s: event.start_s,
      end_s: event.end_s,
      stage: event.stage,
      confidence: event.confidence,
      magnitude_mV: event.magnitude_mV,
      magnitude_MPa: event.magnitude_MPa,
      evidence: event.description,
      evidenceCodes: event.evidence,
    })),
    firstCycle: analysis.firstCycle,
    analysis,
    warnings: analysis.warnings,
  };
}

/** Figure data for a soft-shorting cell. */
export interface SoftShortCurves {
  /** V vs Li+/Li and ΔP (null where the log has no data) vs time, h, from the last healthy cycle on. */
  voltagePressure: { time_h: number[]; voltage_V: number[]; pressureChange_MPa: (number | null)[] };
  /** Stage windows to shade, h. */
  stages: { cycle: number; stage: SoftShortStage; start_h: number; end_h: number }[];
  /** dV/dQ of the charges of the last healthy cycle and every shorted cycle. */
  differential: { cycle: number; capacity_mAh: number[]; dVdQ_V_per_mAh: number[] }[];
}

/** Null when the cell has no soft-short event. */
export function softShortCurves(
  cycler: CanonicalSeries,
  cycling: CyclingAnalysis,
  softShorts: SoftShortSummary,
  pressure: PressureSummary | null,
  referenceOffset_V: number,
): SoftShortCurves | null {
  const first = softShorts.firstCycle;
  const voltage = cycler.voltage_V;
  if (first === null || voltage === null) return null;
  const shorted = new Set(softShorts.analysis.events.map((event) => event.cycle));
  const details = cycling.cycles.details;
  const lastHealthy = details.filter((detail) => detail.index < first && detail.charge).at(-1) ?? null;
  const shown = details.filter(
    (detail) => detail.charge && (detail === lastHealthy || shorted.has(detail.index)),
  );
  const fromRow = Math.min(...shown.map((detail) => detail.charge!.firstRow));
  const voltageVsLi = voltage.map((value) => value + referenceOffset_V);
  const change = pressure?.pressureChange_MPa ?? null;
  const kept = change
    ? [
        ...new Set([
          ...minMaxIndices(voltageVsLi, TIME_CURVE_POINTS, fromRow, cycler.rows),
          ...minMaxIndices(
            change.map((value) => (Number.isNaN(value) ? 0 : value)),
            TIME_CURVE_POINTS,
            fromRow,
            cycler.rows,
          ),
        ]),
      ].sort((a, b) => a - b)
    : minMaxIndices(voltageVsLi, TIME_CURVE_POINTS, fromRow, cycler.rows);
  const profiles = voltageProfiles(
    cycler,
    shown.map((detail) => ({ cycle: detail.index, half: detail.charge! })),
    referenceOffset_V,
  );
  return {
    voltagePressure: {
      time_h: kept.map((row) => hours(cycler.time_s[row]!)),
      voltage_V: kept.map((row) => voltageVsLi[row]!),
      pressureChange_MPa: kept.map((row) => {
        const value = change?.[row] ?? Number.NaN;
        return Number.isNaN(value) ? null : value;
      }),
    },
    stages: softShorts.analysis.charges.flatMap((charge) =>
      charge.stages.map((window) => ({
        cycle: charge.cycle,
        stage: window.stage,
        start_h: hours(window.start_s),
        end_h: hours(window.end_s),
      })),
    ),
    differential: profiles.flatMap((profile) => {
      const curves = differentialCurves(profile);
      if (curves === null) return [];
      const curve = downsampleCurve(curves.capacity_mAh, curves.dVdQ_V_per_mAh, PROFILE_POINTS);
      return [{ cycle: profile.cycle, capacity_mAh: curve.x, dVdQ_V_per_mAh: curve.y }];
    }),
  };
}
