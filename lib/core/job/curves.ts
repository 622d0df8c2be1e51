/**
 * The curves the report draws, reduced for drawing with min/max-preserving downsampling
 * (`downsample.ts`); the analysis itself has already used every row.
 */
import type { CellCurves, DifferentialCurve, VoltageProfile } from '../analysis.ts';
import type { CyclingAnalysis } from '../cycling/analyze-cycling.ts';
import { differentialCurves, voltageProfiles } from '../cycling/differential.ts';
import type { LsvResult } from '../cycling/lsv.ts';
import type { OcvStabilityResult } from '../cycling/ocv.ts';
import { downsampleCurve, minMaxIndices } from '../downsample.ts';
import type { CanonicalSeries } from '../series.ts';
import { hours, PROFILE_POINTS, TIME_CURVE_POINTS } from './drawing.ts';
import type { PressureSummary } from './pressure.ts';

/** Cycles whose profiles are drawn (the first ones: where interlayer and baseline part ways). */
const MAX_PROFILE_CYCLES = 50;
const MAX_DIFFERENTIAL_CYCLES = 10;
/** Seconds of the first plating drawn around the nucleation dip. */
const NUCLEATION_WINDOW_S = 1800;

export function cyclingCurves(
  series: CanonicalSeries,
  cycling: CyclingAnalysis,
  offset_V: number,
): Pick<CellCurves, 'voltageTime' | 'profiles' | 'differential' | 'nucleation'> {
  const voltage = series.voltage_V;
  const voltageVsLi = voltage ? voltage.map((value) => value + offset_V) : null;
  const timeCurve = voltageVsLi
    ? downsampleCurve(series.time_s, voltageVsLi, TIME_CURVE_POINTS, 0, series.rows, hours)
    : null;
  const voltageTime = timeCurve ? { time_h: timeCurve.x, voltage_V: timeCurve.y } : null;

  const halves = cycling.cycles.details
    .filter((detail) => detail.index <= MAX_PROFILE_CYCLES)
    .flatMap((detail) =>
      [detail.discharge, detail.charge].flatMap((half) => (half ? [{ cycle: detail.index, half }] : [])),
    );
  const fullProfiles = voltageProfiles(series, halves, offset_V);
  const profiles: VoltageProfile[] = fullProfiles.map((profile) => {
    const curve = downsampleCurve(profile.capacity_mAh, profile.voltage_V, PROFILE_POINTS);
    return {
      cycle: profile.cycle,
      half: profile.direction > 0 ? 'charge' : 'discharge',
      capacity_mAh: curve.x,
      voltage_V: curve.y,
    };
  });
  const differential: DifferentialCurve[] = fullProfiles
    .filter((profile) => profile.cycle <= MAX_DIFFERENTIAL_CYCLES)
    .flatMap((profile) => {
      const curves = differentialCurves(profile);
      if (!curves) return [];
      const curve = downsampleCurve(curves.capacity_mAh, curves.dVdQ_V_per_mAh, PROFILE_POINTS);
      return [
        {
          cycle: profile.cycle,
          half: profile.direction > 0 ? 'charge' : 'discharge',
          capacity_mAh: curve.x,
          dVdQ_V_per_mAh: curve.y,
        },
      ];
    });

  const nucleationResult = cycling.nucleation;
  let nucleation: CellCurves['nucleation'] = null;
  const plating = cycling.cycles.halves.find((half) => half.direction < 0);
  if (nucleationResult && plating && voltageVsLi) {
    const start_s = series.time_s[plating.firstRow]!;
    let last = plating.firstRow;
    while (
      last < plating.lastRow &&
      series.time_s[last]! - start_s <
        Math.max(NUCLEATION_WINDOW_S, 2 * (nucleationResult.plateauEnd_s - start_s))
    )
      last++;
    const curve = downsampleCurve(
      series.time_s,
      voltageVsLi,
      PROFILE_POINTS * 2,
      plating.firstRow,
      last + 1,
      (t) => t - start_s,
    );
    nucleation = {
      time_s: curve.x,
      voltage_V: curve.y,
      dipTime_s: nucleationResult.dipTime_s - start_s,
      dipVoltage_V: nucleationResult.dipMinimum_V,
      plateauVoltage_V: nucleationResult.plateau_V,
    };
  }
  return { voltageTime, profiles, differential, nucleation };
}

export function ocvCurve(
  series: CanonicalSeries,
  ocv: OcvStabilityResult,
  offset_V: number,
): CellCurves['ocv'] {
  const voltage = series.voltage_V;
  if (!voltage) return null;
  let first = 0;
  while (first < series.rows && series.time_s[first]! < ocv.restStart_s) first++;
  const voltageVsLi = voltage.map((value) => value + offset_V);
  const curve = downsampleCurve(series.time_s, voltageVsLi, TIME_CURVE_POINTS, first, series.rows, (t) =>
    hours(t - ocv.restStart_s),
  );
  return { time_h: curve.x, voltage_V: curve.y, driftOnset_h: ocv.driftOnset_h };
}

export function pressureCurve(pressure: PressureSummary): CellCurves['pressure'] {
  const covered: number[] = [];
  for (let row = 0; row < pressure.time_s.length; row++)
    if (!Number.isNaN(pressure.pressureChange_MPa[row]!)) covered.push(row);
  if (covered.length === 0) return null;
  const changes = Float64Array.from(covered, (row) => pressure.pressureChange_MPa[row]!);
  const voltages = Float64Array.from(covered, (row) => pressure.voltage_V[row]!);
  // Both signals share one time base: keep the extremes of either, in time order.
  const kept = [
    ...new Set([...minMaxIndices(changes, TIME_CURVE_POINTS), ...minMaxIndices(voltages, TIME_CURVE_POINTS)]),
  ].sort((a, b) => a - b);
  return {
    time_h: kept.map((index) => hours(pressure.time_s[covered[index]!]!)),
    voltage_V: kept.map((index) => voltages[index]!),
    pressureChange_MPa: kept.map((index) => changes[index]!),
  };
}

export function lsvCurve(lsv: LsvResult): CellCurves['lsv'] {
  const curve = downsampleCurve(lsv.potential_V, lsv.currentDensity_mA_cm2, TIME_CURVE_POINTS);
  return { potential_V: curve.x, currentDensity_mA_cm2: curve.y, onsetPotential_V: lsv.onsetPotential_V };
}
