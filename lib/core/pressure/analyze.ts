/**
 * Stack pressure beside voltage for one cell: the logger's pressure on the cycler's rows, ΔP from
 * the start of cycling, per-cycle rise / fall / residual beside the Li the capacities imply, and
 * the voltage–pressure coupling (Pearson r over the test and per charge, and the lag of the
 * pressure that maximises r).
 */
import type { CellType, CycleDetail } from '../cycling/cycles.ts';
import { message } from '../messages.ts';
import type { CanonicalSeries } from '../series.ts';
import { bestLag, type LagSearch, pearson } from './correlation.ts';
import { type PressureCycle, pressureCycles } from './cycles.ts';
import { pressureOnCycler } from './resample.ts';

export interface PressureContext {
  /** Cycles of the cycling analysis (`analyzeCycling(...).cycles.details`); empty when unknown. */
  details: readonly CycleDetail[];
  /** First row of the first current-carrying half: where cycling starts. */
  cyclingStartRow: number;
  cellType: CellType;
  areaCm2: number | null;
  /** Counter/reference electrode potential vs Li+/Li, V: voltages are reported vs Li+/Li. */
  referenceOffset_V: number;
  /** Largest lag of the pressure behind the voltage tried, s (default 3600). */
  maxLag_s?: number;
}

export interface ChargeCorrelation {
  cycle: number;
  /** Pearson r of voltage and ΔP over the rows of the cycle's charge; null when it cannot be formed. */
  correlation: number | null;
}

export interface PressureAnalysis {
  /** Cycler time, s, and voltage vs Li+/Li, V, at each cycler row. */
  time_s: Float64Array;
  voltage_V: Float64Array;
  /** Absolute pressure and P − P(start of cycling), MPa, at each cycler row; NaN where the log has no data. */
  pressure_MPa: Float64Array;
  change_MPa: Float64Array;
  /** Where ΔP counts from; null when the log covers nothing from the start of cycling on. */
  reference: { row: number; time_s: number; pressure_MPa: number } | null;
  /** Largest |ΔP|, MPa; null when no row is covered. */
  maxChange_MPa: number | null;
  /** Pearson r of voltage and pressure over the whole test (no lag). */
  voltageCorrelation: number | null;
  chargeCorrelations: ChargeCorrelation[];
  /**
   * The lag of the pressure behind the voltage that maximises r over the test, and that r. It
   * holds every delay between the two signals, the mechanical one of the stack and the
   * electrochemical relaxation of the voltage after each step alike. Null when r cannot be formed.
   */
  lag: LagSearch | null;
  cycles: PressureCycle[];
  warnings: string[];
}

const DEFAULT_MAX_LAG_S = 3600;
/** Lags tried on each side of zero (the step is the larger of the cycler interval and maxLag / this). */
const LAG_STEPS_PER_SIDE = 30;

export function analyzePressure(
  cycler: CanonicalSeries,
  log: CanonicalSeries,
  context: PressureContext,
): PressureAnalysis {
  const onCycler = pressureOnCycler(cycler, log, context.cyclingStartRow);
  const warnings = [...onCycler.warnings];
  const rows = cycler.rows;
  const voltage = cycler.voltage_V;
  const voltage_V = new Float64Array(rows).fill(Number.NaN);
  if (voltage)
    for (let row = 0; row < rows; row++) voltage_V[row] = voltage[row]! + context.referenceOffset_V;
  if (!onCycler.isPressure) warnings.push(message.forceLogWithoutArea(log.provenance.file));
  else if (onCycler.reference === null) warnings.push(message.pressureNoOverlap(log.provenance.file));

  let maxChange_MPa: number | null = null;
  for (let row = 0; row < rows; row++) {
    const change = Math.abs(onCycler.change_MPa[row]!);
    if (!Number.isNaN(change) && (maxChange_MPa === null || change > maxChange_MPa)) maxChange_MPa = change;
  }
  const covered = onCycler.reference !== null;
  const voltageCorrelation = covered ? pearson(voltage_V, onCycler.pressure_MPa) : null;
  const chargeCorrelations: ChargeCorrelation[] = context.details.flatMap((detail) =>
    detail.charge
      ? [
          {
            cycle: detail.index,
            correlation: covered
              ? pearson(voltage_V, onCycler.pressure_MPa, detail.charge.firstRow, detail.charge.lastRow + 1)
              : null,
          },
        ]
      : [],
  );
  let lag: LagSearch | null = null;
  if (covered && voltageCorrelation !== null) {
    const maxLag_s = context.maxLag_s ?? DEFAULT_MAX_LAG_S;
    const step_s = Math.max(medianInterval(cycler.time_s), maxLag_s / LAG_STEPS_PER_SIDE);
    lag = bestLag(
      voltage_V,
      (lag_s) =>
        lag_s === 0
          ? onCycler.pressure_MPa
          : pressureOnCycler(cycler, log, context.cyclingStartRow, lag_s).pressure_MPa,
      maxLag_s,
      step_s,
    );
  }
  return {
    time_s: cycler.time_s,
    voltage_V,
    pressure_MPa: onCycler.pressure_MPa,
    change_MPa: onCycler.change_MPa,
    reference: onCycler.reference,
    maxChange_MPa,
    voltageCorrelation,
    chargeCorrelations,
    lag,
    cycles: covered
      ? pressureCycles(context.details, onCycler.pressure_MPa, context.cellType, context.areaCm2)
      : [],
    warnings,
  };
}

/** Median positive interval between rows, s (1 when there is none). */
export function medianInterval(time_s: Float64Array): number {
  const steps: number[] = [];
  for (let row = 1; row < time_s.length; row++) {
    const step = time_s[row]! - time_s[row - 1]!;
    if (step > 0) steps.push(step);
  }
  if (steps.length === 0) return 1;
  steps.sort((a, b) => a - b);
  return steps[steps.length >> 1]!;
}
