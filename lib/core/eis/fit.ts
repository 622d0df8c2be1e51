/**
 * Equivalent-circuit fitting: complex non-linear least squares by bounded Levenberg–Marquardt on
 * log-scaled parameters with the circuit's analytic Jacobian, started from guesses read off the
 * spectrum (see `guess.ts`) and from perturbed copies of them; the best optimum is kept.
 *
 * Objective: χ² = Σᵢ wᵢ² |Z_model(ωᵢ) − Zᵢ|², split into real and imaginary residuals, with
 * - `modulus` weighting (default): wᵢ = 1/|Zᵢ|, every point counts by its relative error, so the
 *   small high-frequency arcs of a spectrum with a large blocking tail are still fitted;
 * - `unit`: wᵢ = 1 (impedance.py's default);
 * - `proportional` (Boukamp): real and imaginary parts each weighted by 1/|Z′ᵢ| and 1/|Z″ᵢ|.
 *
 * Uncertainties come from the weighted Jacobian at the optimum: Cov = σ² (JᵀJ)⁻¹ with
 * σ² = χ² / (2N − p), p the number of free parameters; 95 % intervals use Student's t.
 */

import { message } from '../messages.ts';
import {
  type ArcWindow,
  arcCapacitance,
  arcTimeConstant,
  defaultArcWindows,
  findArcs,
  labelForFrequency,
  orderArcsByFrequency,
  seriesResistance,
} from './arcs.ts';
import {
  type Circuit,
  type CircuitNode,
  createEvaluator,
  type ElementNode,
  parseCircuit,
} from './circuit/index.ts';
import { FitOptionsError, SpectrumError } from './errors.ts';
import { initialGuess } from './guess.ts';
import { createWorkspace, type LeastSquaresProblem, levenbergMarquardt } from './levenberg-marquardt.ts';
import { invertSymmetric } from './linalg.ts';
import type { Spectrum } from './spectrum.ts';

export type Weighting = 'modulus' | 'unit' | 'proportional';

export interface FitOptions {
  weighting?: Weighting;
  /** Starting values by parameter name; the rest come from the spectrum. */
  initialGuess?: Readonly<Record<string, number>>;
  /** Parameters held at the given value. */
  fixed?: Readonly<Record<string, number>>;
  /** [lower, upper] per parameter name, in the parameter's own units. */
  bounds?: Readonly<Record<string, readonly [number, number]>>;
  /**
   * Most starts (the spectrum's guess plus perturbed copies, log-normal ×4 spread); default 8. The
   * search ends early once three starts agree on the best optimum.
   */
  starts?: number;
  /** Seed of the perturbations, so a fit is reproducible. */
  seed?: number;
  maxIterations?: number;
  /** Frequency windows that name the arcs; DESIGN §4's by default. */
  arcWindows?: readonly ArcWindow[];
}

/** One fitted resistor‖CPE (or ‖C, Zarc, K) and what it means. */
export interface ArcResult {
  element: string;
  label: string;
  resistance_Ohm: number;
  characteristicFrequency_Hz: number;
  characteristicFrequencyError_Hz: number | null;
  /** Brug effective capacitance, F. */
  capacitance_F: number;
  capacitanceError_F: number | null;
}

export interface ParameterEstimate {
  name: string;
  unit: string;
  value: number;
  /** Null for fixed parameters or when the Jacobian is singular (a parameter the data cannot see). */
  standardError: number | null;
  interval95: [number, number] | null;
  fixed: boolean;
}

export interface FitResult {
  circuit: string;
  weighting: Weighting;
  parameters: Record<string, number>;
  standardErrors: Record<string, number | null>;
  estimates: ParameterEstimate[];
  /** Names of the free parameters, the order of `correlation`'s rows and columns. */
  correlationNames: string[];
  correlation: number[][];
  /** Covariance of the free parameters (same order), in their own units. */
  covariance: number[][];
  arcs: ArcResult[];
  /** Weighted sum of squared residuals at the optimum. */
  chiSquare: number;
  /** χ² / (2N − p): the variance of one weighted residual. */
  reducedChiSquare: number;
  degreesOfFreedom: number;
  /** √(mean of the squared relative residuals (Z_model − Z)/|Z|, real and imaginary). */
  relativeResidualRms: number;
  /** Per point, (Z_model − Z)/|Z|, real and imaginary parts. */
  residuals: { frequency_Hz: Float64Array; real: Float64Array; imag: Float64Array };
  /** Model impedance at the spectrum's frequencies. */
  model: { zReal_Ohm: Float64Array; zImag_Ohm: Float64Array };
  starts: number;
  iterations: number;
}

const DEFAULT_STARTS = 8;
const AGREEING_STARTS = 3;
const POSITIVE_RANGE: readonly [number, number] = [1e-18, 1e18];
const EXPONENT_RANGE: readonly [number, number] = [0.1, 1];

/** Fits `circuitText` (or a parsed circuit) to `spectrum`. */
export function fitCircuit(
  spectrum: Spectrum,
  circuitInput: string | Circuit,
  options: FitOptions = {},
): FitResult {
  const circuit = typeof circuitInput === 'string' ? parseCircuit(circuitInput) : circuitInput;
  const weighting = options.weighting ?? 'modulus';
  const names = circuit.parameterNames;
  const parameterCount = names.length;
  const points = spectrum.frequency_Hz.length;
  for (const name of [
    ...Object.keys(options.fixed ?? {}),
    ...Object.keys(options.bounds ?? {}),
    ...Object.keys(options.initialGuess ?? {}),
  ]) {
    if (!names.includes(name)) {
      throw new FitOptionsError(message.fitUnknownParameter(circuit.text, name, names), {
        location: { file: circuit.text, column: name },
        expected: `one of ${names.join(', ')}`,
      });
    }
  }
  const isFixed = names.map((name) => options.fixed?.[name] !== undefined);
  const freeIndices = names.flatMap((_, k) => (isFixed[k] ? [] : [k]));
  const free = freeIndices.length;
  if (2 * points <= free) {
    throw new SpectrumError(message.spectrumTooFewPoints(spectrum.label, points, free), {
      location: { file: spectrum.label },
      expected: `more than ${free / 2} frequencies`,
    });
  }

  // Starting point in physical units, then the internal (log / linear) variables and their box.
  const guess = initialGuess(circuit, spectrum);
  names.forEach((name, k) => {
    const given = options.fixed?.[name] ?? options.initialGuess?.[name];
    if (given !== undefined) guess[k] = given;
  });
  const lower = new Float64Array(free);
  const upper = new Float64Array(free);
  const logScaled = new Uint8Array(free);
  freeIndices.forEach((k, v) => {
    const kind = circuit.parameterKinds[k]!;
    const [lo, hi] = options.bounds?.[names[k]!] ?? (kind === 'exponent' ? EXPONENT_RANGE : POSITIVE_RANGE);
    if (!(hi >= lo) || (kind === 'positive' && !(hi > 0))) {
      throw new FitOptionsError(message.fitBadBounds(names[k]!, lo, hi), {
        location: { file: circuit.text, column: names[k]! },
        expected: 'lower ≤ upper, and positive for this parameter',
      });
    }
    logScaled[v] = kind === 'positive' ? 1 : 0;
    lower[v] = kind === 'positive' ? Math.log(Math.max(lo, 1e-300)) : lo;
    upper[v] = kind === 'positive' ? Math.log(hi) : hi;
    guess[k] = Math.min(
      hi,
      Math.max(lo, guess[k]! > 0 || kind === 'exponent' ? guess[k]! : Math.sqrt(lo * hi)),
    );
  });

  const weightRe = new Float64Array(points);
  const weightIm = new Float64Array(points);
  for (let i = 0; i < points; i++) {
    const re = spectrum.zReal_Ohm[i]!;
    const im = spectrum.zImag_Ohm[i]!;
    const modulus = Math.hypot(re, im) || 1;
    if (weighting === 'unit') {
      weightRe[i] = 1;
      weightIm[i] = 1;
    } else if (weighting === 'modulus') {
      weightRe[i] = 1 / modulus;
      weightIm[i] = 1 / modulus;
    } else {
      weightRe[i] = 1 / Math.max(Math.abs(re), 1e-3 * modulus);
      weightIm[i] = 1 / Math.max(Math.abs(im), 1e-3 * modulus);
    }
  }

  const evaluator = createEvaluator(circuit, spectrum.frequency_Hz);
  const params = Float64Array.from(guess);
  const zRe = new Float64Array(points);
  const zIm = new Float64Array(points);
  const jacobianRe = new Float64Array(parameterCount * points);
  const jacobianIm = new Float64Array(parameterCount * points);
  const toParams = (u: Float64Array): void => {
    for (let v = 0; v < free; v++) params[freeIndices[v]!] = logScaled[v] ? Math.exp(u[v]!) : u[v]!;
  };
  const problem: LeastSquaresProblem = {
    residuals: 2 * points,
    variables: free,
    lower,
    upper,
    evaluate(u, r, jacobian) {
      toParams(u);
      evaluator.evaluate(params, zRe, zIm, jacobian ? jacobianRe : null, jacobian ? jacobianIm : null);
      for (let i = 0; i < points; i++) {
        r[i] = weightRe[i]! * (zRe[i]! - spectrum.zReal_Ohm[i]!);
        r[points + i] = weightIm[i]! * (zIm[i]! - spectrum.zImag_Ohm[i]!);
      }
      if (!jacobian) return;
      for (let v = 0; v < free; v++) {
        const k = freeIndices[v]!;
        const chain = logScaled[v] ? params[k]! : 1;
        const row = v * 2 * points;
        for (let i = 0; i < points; i++) {
          jacobian[row + i] = weightRe[i]! * jacobianRe[k * points + i]! * chain;
          jacobian[row + points + i] = weightIm[i]! * jacobianIm[k * points + i]! * chain;
        }
      }
    },
  };

  const startU = new Float64Array(free);
  freeIndices.forEach((k, v) => {
    startU[v] = logScaled[v] ? Math.log(guess[k]!) : guess[k]!;
  });
  const maxIterations = options.maxIterations ?? 200;
  const work = createWorkspace(2 * points, free);
  const random = mulberry32(options.seed ?? 0x5eed);
  const startCount = Math.max(1, options.starts ?? DEFAULT_STARTS);
  let best = levenbergMarquardt(problem, startU, { maxIterations, tolerance: 1e-10 }, work);
  let iterations = best.iterations;
  // Starts that find the best optimum again confirm it; three agreeing starts end the search.
  let confirmations = 1;
  let starts = 1;
  for (; starts < startCount && confirmations < AGREEING_STARTS; starts++) {
    const perturbed = Float64Array.from(startU, (value, v) =>
      logScaled[v]
        ? value + Math.log(4) * gaussian(random)
        : Math.min(upper[v]!, Math.max(lower[v]!, 0.55 + 0.45 * random())),
    );
    const result = levenbergMarquardt(
      problem,
      perturbed,
      { maxIterations, tolerance: 1e-10, abandonAbove: 3 * best.cost },
      work,
    );
    iterations += result.iterations;
    if (result.cost < best.cost * (1 - 1e-6)) {
      best = result;
      confirmations = 1;
    } else if (result.cost <= best.cost * (1 + 1e-6)) {
      confirmations++;
    }
  }
  // Interchangeable arcs come out fastest first (unless the caller pinned some of their values).
  if (!options.fixed && !options.bounds) {
    const physical = Float64Array.from(guess);
    freeIndices.forEach((k, v) => {
      physical[k] = logScaled[v] ? Math.exp(best.u[v]!) : best.u[v]!;
    });
    const ordered = orderArcsByFrequency(circuit, physical);
    freeIndices.forEach((k, v) => {
      best.u[v] = logScaled[v] ? Math.log(ordered[k]!) : ordered[k]!;
    });
  }
  return summarise(circuit, spectrum, weighting, best.u, problem, options.arcWindows ?? defaultArcWindows, {
    toParams,
    params,
    freeIndices,
    logScaled,
    isFixed,
    zRe,
    zIm,
    weightRe,
    weightIm,
    starts,
    iterations,
    work,
  });
}

function summarise(
  circuit: Circuit,
  spectrum: Spectrum,
  weighting: Weighting,
  u: Float64Array,
  problem: LeastSquaresProblem,
  arcWindows: readonly ArcWindow[],
  state: {
    toParams: (u: Float64Array) => void;
    params: Float64Array;
    freeIndices: number[];
    logScaled: Uint8Array;
    isFixed: boolean[];
    zRe: Float64Array;
    zIm: Float64Array;
    weightRe: Float64Array;
    weightIm: Float64Array;
    starts: number;
    iterations: number;
    work: ReturnType<typeof createWorkspace>;
  },
): FitResult {
  const { params, freeIndices, logScaled } = state;
  const points = spectrum.frequency_Hz.length;
  const m = 2 * points;
  const free = freeIndices.length;
  const r = new Float64Array(m);
  const jacobian = new Float64Array(m * free);
  problem.evaluate(u, r, jacobian);
  let chiSquare = 0;
  for (let i = 0; i < m; i++) chiSquare += r[i]! * r[i]!;
  const degreesOfFreedom = m - free;
  const reducedChiSquare = chiSquare / degreesOfFreedom;

  // Covariance of the physical parameters: J_phys = J_internal / (∂p/∂u).
  const normal = new Float64Array(free * free);
  for (let a = 0; a < free; a++) {
    const scaleA = logScaled[a] ? params[freeIndices[a]!]! : 1;
    for (let b = 0; b <= a; b++) {
      const scaleB = logScaled[b] ? params[freeIndices[b]!]! : 1;
      let sum = 0;
      for (let i = 0; i < m; i++) sum += jacobian[a * m + i]! * jacobian[b * m + i]!;
      normal[a * free + b] = sum / (scaleA * scaleB);
      normal[b * free + a] = normal[a * free + b]!;
    }
  }
  const inverse = invertSymmetric(normal, free);
  const t95 = studentT975(degreesOfFreedom);
  const names = circuit.parameterNames;
  const parameters: Record<string, number> = {};
  const standardErrors: Record<string, number | null> = {};
  const estimates: ParameterEstimate[] = names.map((name, k) => {
    const value = params[k]!;
    parameters[name] = value;
    const v = freeIndices.indexOf(k);
    const variance = v >= 0 && inverse ? inverse[v * free + v]! * reducedChiSquare : null;
    const standardError = variance !== null && variance >= 0 ? Math.sqrt(variance) : null;
    standardErrors[name] = standardError;
    return {
      name,
      unit: circuit.parameterUnits[k]!,
      value,
      standardError,
      interval95: standardError === null ? null : [value - t95 * standardError, value + t95 * standardError],
      fixed: state.isFixed[k]!,
    };
  });
  const covariance: number[][] = [];
  for (let a = 0; a < free; a++) {
    const row: number[] = [];
    for (let b = 0; b < free; b++) row.push(inverse ? inverse[a * free + b]! * reducedChiSquare : Number.NaN);
    covariance.push(row);
  }
  const arcs = describeArcs(circuit, params, freeIndices, inverse ? covariance : null, arcWindows);
  const correlation: number[][] = [];
  for (let a = 0; a < free; a++) {
    const row: number[] = [];
    for (let b = 0; b < free; b++) {
      row.push(
        inverse
          ? inverse[a * free + b]! / Math.sqrt(inverse[a * free + a]! * inverse[b * free + b]!)
          : Number.NaN,
      );
    }
    correlation.push(row);
  }
  const real = new Float64Array(points);
  const imag = new Float64Array(points);
  let sumSquares = 0;
  for (let i = 0; i < points; i++) {
    const modulus = Math.hypot(spectrum.zReal_Ohm[i]!, spectrum.zImag_Ohm[i]!) || 1;
    real[i] = (state.zRe[i]! - spectrum.zReal_Ohm[i]!) / modulus;
    imag[i] = (state.zIm[i]! - spectrum.zImag_Ohm[i]!) / modulus;
    sumSquares += real[i]! * real[i]! + imag[i]! * imag[i]!;
  }
  return {
    circuit: circuit.text,
    weighting,
    parameters,
    standardErrors,
    estimates,
    correlationNames: freeIndices.map((k) => names[k]!),
    correlation,
    covariance,
    arcs,
    chiSquare,
    reducedChiSquare,
    degreesOfFreedom,
    relativeResidualRms: Math.sqrt(sumSquares / (2 * points)),
    residuals: { frequency_Hz: Float64Array.from(spectrum.frequency_Hz), real, imag },
    model: { zReal_Ohm: Float64Array.from(state.zRe), zImag_Ohm: Float64Array.from(state.zIm) },
    starts: state.starts,
    iterations: state.iterations,
  };
}

function describeArcs(
  circuit: Circuit,
  params: Float64Array,
  freeIndices: number[],
  covariance: number[][] | null,
  windows: readonly ArcWindow[],
): ArcResult[] {
  // First-order error of a scalar function of the parameters: √(gᵀ Cov g), g by central differences.
  const propagate = (fn: (values: Float64Array) => number): number | null => {
    if (!covariance) return null;
    const gradient = freeIndices.map((k) => {
      const step = 1e-6 * (Math.abs(params[k]!) || 1e-12);
      const up = Float64Array.from(params);
      const down = Float64Array.from(params);
      up[k]! += step;
      down[k]! -= step;
      return (fn(up) - fn(down)) / (2 * step);
    });
    let variance = 0;
    gradient.forEach((ga, a) => {
      gradient.forEach((gb, b) => {
        variance += ga * covariance[a]![b]! * gb;
      });
    });
    return variance >= 0 ? Math.sqrt(variance) : null;
  };
  return findArcs(circuit).map((arc) => {
    const frequency = (values: Float64Array) => 1 / (2 * Math.PI * arcTimeConstant(arc, values));
    const capacitance = (values: Float64Array) =>
      arcCapacitance(arc, values, seriesResistance(circuit, values));
    const characteristicFrequency_Hz = frequency(params);
    return {
      element: arc.element,
      label: labelForFrequency(characteristicFrequency_Hz, windows),
      resistance_Ohm: params[arc.resistance]!,
      characteristicFrequency_Hz,
      characteristicFrequencyError_Hz: propagate(frequency),
      capacitance_F: capacitance(params),
      capacitanceError_F: propagate(capacitance),
    };
  });
}

/**
 * 97.5 % quantile of Student's t with ν degrees of freedom (Cornish–Fisher expansion around the
 * normal quantile 1.959964; error below 0.2 % for ν ≥ 3).
 */
export function studentT975(degreesOfFreedom: number): number {
  const z = 1.959963984540054;
  const nu = Math.max(1, degreesOfFreedom);
  const z3 = z ** 3;
  const z5 = z ** 5;
  const z7 = z ** 7;
  return (
    z +
    (z3 + z) / (4 * nu) +
    (5 * z5 + 16 * z3 + 3 * z) / (96 * nu ** 2) +
    (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * nu ** 3)
  );
}

/** A small seeded PRNG (mulberry32): reproducible multi-starts without global state. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal deviate by Box–Muller. */
export function gaussian(random: () => number): number {
  const u = Math.max(random(), 1e-300);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** The elements a sub-tree holds, for reports that look inside parallel nodes. */
export function elementsOf(node: CircuitNode): ElementNode[] {
  return node.kind === 'element' ? [node] : node.children.flatMap(elementsOf);
}
