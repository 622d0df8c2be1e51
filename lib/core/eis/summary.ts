/**
 * One spectrum, analysed the way report.json `eis[]` and `cellreport fit` show it: the circuit
 * fit (parameters, errors, χ², characteristic frequencies of the arcs), the Kramers–Kronig
 * check, the DRT peaks, and the curves the report draws. A fit that fails still yields the
 * measured points and the KK result, with a warning saying why.
 */
import type { SpectrumCurves } from '../analysis.ts';
import { CoreError } from '../errors.ts';
import { message } from '../messages.ts';
import { type ArcWindow, defaultArcWindows, defaultCircuitFor } from './arcs.ts';
import { circuitImpedance, parseCircuit } from './circuit/index.ts';
import { distributionOfRelaxationTimes } from './drt.ts';
import { type ArcResult, type FitResult, fitCircuit } from './fit.ts';
import { kramersKronigTest } from './kramers-kronig.ts';
import type { Spectrum } from './spectrum.ts';

/** One entry of report.json `eis[]` (DESIGN §3.2, plus errors, intervals, arcs and DRT peaks). */
export interface EisEntry {
  label: string;
  /** Start of the spectrum on the cycling file's clock, s. */
  time_s: number;
  points: number;
  frequencyRange_Hz: [number, number];
  circuit: string;
  parameters: Record<string, number> | null;
  standardErrors: Record<string, number | null> | null;
  interval95: Record<string, [number, number] | null> | null;
  chiSquare: number | null;
  reducedChiSquare: number | null;
  relativeResidualRms: number | null;
  characteristicFrequencies_Hz: Record<string, number>;
  arcs: ArcResult[];
  kramersKronig: { pass: boolean; maxResidual: number; threshold: number } | null;
  drtPeaks: { tau_s: number; frequency_Hz: number; resistance_Ohm: number }[];
  warnings: string[];
}

export interface SpectrumOptions {
  cellType: 'half' | 'full' | 'symmetric';
  /** impedance.py circuit string; the cell type's default when absent. */
  circuit?: string;
  arcs?: readonly { label: string; minFrequency_Hz: number; maxFrequency_Hz: number }[];
  /** Skip the DRT (it is the slowest step; the `fit` command can leave it out). */
  withDrt?: boolean;
}

/** Points per decade of the drawn fit line. */
const FIT_CURVE_POINTS_PER_DECADE = 20;

export function summarizeSpectrum(
  spectrum: Spectrum,
  file: string,
  options: SpectrumOptions,
): { entry: EisEntry; curves: SpectrumCurves } {
  const warnings = spectrum.issues
    .filter((issue) => issue.severity === 'warning')
    .map((issue) => issue.message);
  const circuit = options.circuit ?? defaultCircuitFor(options.cellType);
  const arcWindows: readonly ArcWindow[] = options.arcs
    ? options.arcs.map((arc) => ({
        label: arc.label,
        low_Hz: arc.minFrequency_Hz,
        high_Hz: arc.maxFrequency_Hz,
      }))
    : defaultArcWindows;

  const attempt = <T>(what: string, run: () => T): T | null => {
    try {
      return run();
    } catch (error) {
      if (!(error instanceof CoreError)) throw error;
      warnings.push(message.eisStepFailed(spectrum.label, what, error.message));
      return null;
    }
  };
  const fit = attempt('the circuit fit', () => fitCircuit(spectrum, circuit, { arcWindows, seed: 1 }));
  if (fit) {
    // A parameter whose error exceeds its value is not seen by this spectrum: the circuit has more to it than the data.
    const undetermined = fit.estimates
      .filter(
        (estimate) =>
          !estimate.fixed &&
          (estimate.standardError === null || estimate.standardError > Math.abs(estimate.value)),
      )
      .map((estimate) => estimate.name);
    if (undetermined.length > 0) warnings.push(message.parametersUndetermined(spectrum.label, undetermined));
  }
  const kk = attempt('the Kramers–Kronig test', () => kramersKronigTest(spectrum));
  if (kk && !kk.pass)
    warnings.push(message.kramersKronigFailed(spectrum.label, kk.maxResidual, kk.threshold));
  const drt =
    options.withDrt === false ? null : attempt('the DRT', () => distributionOfRelaxationTimes(spectrum));

  const frequencies = Array.from(spectrum.frequency_Hz);
  const entry: EisEntry = {
    label: spectrum.label,
    time_s: spectrum.time_s,
    points: frequencies.length,
    frequencyRange_Hz: [Math.min(...frequencies), Math.max(...frequencies)],
    circuit,
    parameters: fit?.parameters ?? null,
    standardErrors: fit?.standardErrors ?? null,
    interval95: fit
      ? Object.fromEntries(fit.estimates.map((estimate) => [estimate.name, estimate.interval95]))
      : null,
    chiSquare: fit?.chiSquare ?? null,
    reducedChiSquare: fit?.reducedChiSquare ?? null,
    relativeResidualRms: fit?.relativeResidualRms ?? null,
    characteristicFrequencies_Hz: Object.fromEntries(
      (fit?.arcs ?? []).map((arc) => [arc.element, arc.characteristicFrequency_Hz]),
    ),
    arcs: fit?.arcs ?? [],
    kramersKronig: kk ? { pass: kk.pass, maxResidual: kk.maxResidual, threshold: kk.threshold } : null,
    drtPeaks: drt?.peaks ?? [],
    warnings,
  };
  const curves: SpectrumCurves = {
    label: spectrum.label,
    file,
    frequency_Hz: frequencies,
    zReal_Ohm: Array.from(spectrum.zReal_Ohm),
    zImag_Ohm: Array.from(spectrum.zImag_Ohm),
    fit: fit ? fitCurve(fit, entry.frequencyRange_Hz) : null,
    drt: drt ? { tau_s: Array.from(drt.tau_s), gamma_Ohm: Array.from(drt.gamma_Ohm) } : null,
  };
  return { entry, curves };
}

/** The fitted model on a dense log-spaced grid over the measured range, for drawing. */
function fitCurve(fit: FitResult, [low_Hz, high_Hz]: [number, number]): NonNullable<SpectrumCurves['fit']> {
  const decades = Math.log10(high_Hz / low_Hz);
  const count = Math.max(2, Math.ceil(decades * FIT_CURVE_POINTS_PER_DECADE) + 1);
  const frequency_Hz = Array.from(
    { length: count },
    (_, k) => high_Hz * 10 ** ((-decades * k) / (count - 1)),
  );
  const circuit = parseCircuit(fit.circuit);
  const parameters = Float64Array.from(circuit.parameterNames, (name) => fit.parameters[name]!);
  const z = circuitImpedance(circuit, parameters, Float64Array.from(frequency_Hz));
  return { frequency_Hz, zReal_Ohm: Array.from(z.zReal_Ohm), zImag_Ohm: Array.from(z.zImag_Ohm) };
}
