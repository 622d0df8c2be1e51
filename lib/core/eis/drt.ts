/**
 * Distribution of relaxation times (DRT) by Tikhonov-regularised non-negative least squares.
 *
 *   Z(ω) ≈ R∞ + jωL [+ 1/(jωC)] + ∫ γ(ln τ) / (1 + jωτ) d ln τ,   γ ≥ 0,
 *
 * with γ expanded in Gaussian radial basis functions centred on a log-spaced τ grid (spacing Δ,
 * width Δ; Wan, Saccoccio, Chen, Ciucci, Electrochim. Acta 184, 483 (2015) use the same basis).
 * The basis integrals are computed once per spectrum by quadrature. The unknowns minimise
 *   ‖W (A x − Z)‖² + λ ‖x_γ‖²,   W = 1/|Z|,  x ≥ 0,
 * solved by Lawson–Hanson NNLS; λ is chosen by generalised cross-validation,
 * GCV(λ) = m·RSS / (m − tr H_λ)², tr H_λ evaluated on the unconstrained (passive) set.
 * Peaks of γ give a time constant τ, a frequency f = 1/(2πτ) and a resistance ∫γ d ln τ.
 */
import { choleskyFactor, choleskySolve, nonNegativeLeastSquares } from './linalg.ts';
import type { Spectrum } from './spectrum.ts';

export interface DrtOptions {
  /** Grid points per decade of τ; default 8. */
  pointsPerDecade?: number;
  /** Fixed λ instead of GCV. */
  lambda?: number;
}

export interface DrtPeak {
  tau_s: number;
  frequency_Hz: number;
  /** ∫ γ d ln τ over the peak (between the minima either side), Ω. */
  resistance_Ohm: number;
}

export interface DrtResult {
  lambda: number;
  /** γ(ln τ) in Ω per unit ln τ on `tau_s`. */
  tau_s: Float64Array;
  gamma_Ohm: Float64Array;
  highFrequencyResistance_Ohm: number;
  inductance_H: number;
  peaks: DrtPeak[];
  /** RMS of (Z − Z_DRT)/|Z| over real and imaginary parts. */
  residualRms: number;
  reconstructed: { zReal_Ohm: Float64Array; zImag_Ohm: Float64Array };
}

const QUADRATURE_POINTS = 41;
const QUADRATURE_HALF_WIDTH = 4;

export function distributionOfRelaxationTimes(spectrum: Spectrum, options: DrtOptions = {}): DrtResult {
  const { frequency_Hz: f, zReal_Ohm: zr, zImag_Ohm: zi } = spectrum;
  const points = f.length;
  const omega = Float64Array.from(f, (value) => 2 * Math.PI * value);
  const weight = Float64Array.from(f, (_, i) => 1 / (Math.hypot(zr[i]!, zi[i]!) || 1));
  const perDecade = options.pointsPerDecade ?? 8;
  const logTauMin = Math.log(1 / Math.max(...omega)) - Math.LN10;
  const logTauMax = Math.log(1 / Math.min(...omega)) + Math.LN10;
  const spacing = Math.LN10 / perDecade;
  const basisCount = Math.ceil((logTauMax - logTauMin) / spacing) + 1;
  const centres = Float64Array.from({ length: basisCount }, (_, j) => logTauMin + j * spacing);
  const hasInductance = zi[0]! > 0;
  const extra = hasInductance ? 2 : 1;
  const columns = extra + basisCount;
  const rows = 2 * points;

  // Design matrix: real rows then imaginary rows, weighted.
  const a = new Float64Array(rows * columns);
  const quadratureStep = (2 * QUADRATURE_HALF_WIDTH * spacing) / (QUADRATURE_POINTS - 1);
  for (let i = 0; i < points; i++) {
    const w = weight[i]!;
    a[i * columns] = w;
    if (hasInductance) a[(points + i) * columns + 1] = w * omega[i]!;
    for (let j = 0; j < basisCount; j++) {
      let re = 0;
      let im = 0;
      for (let q = 0; q < QUADRATURE_POINTS; q++) {
        const offset = -QUADRATURE_HALF_WIDTH * spacing + q * quadratureStep;
        const basis =
          Math.exp(-((offset / spacing) ** 2)) * (q === 0 || q === QUADRATURE_POINTS - 1 ? 0.5 : 1);
        const x = omega[i]! * Math.exp(centres[j]! + offset);
        const denominator = 1 + x * x;
        re += basis / denominator;
        im -= (basis * x) / denominator;
      }
      a[i * columns + extra + j] = w * re * quadratureStep;
      a[(points + i) * columns + extra + j] = w * im * quadratureStep;
    }
  }
  const b = new Float64Array(rows);
  for (let i = 0; i < points; i++) {
    b[i] = weight[i]! * zr[i]!;
    b[points + i] = weight[i]! * zi[i]!;
  }
  const gram = new Float64Array(columns * columns);
  const rhs = new Float64Array(columns);
  for (let p = 0; p < columns; p++) {
    for (let i = 0; i < rows; i++) rhs[p]! += a[i * columns + p]! * b[i]!;
    for (let q = 0; q <= p; q++) {
      let sum = 0;
      for (let i = 0; i < rows; i++) sum += a[i * columns + p]! * a[i * columns + q]!;
      gram[p * columns + q] = sum;
      gram[q * columns + p] = sum;
    }
  }
  let gramScale = 0;
  for (let j = extra; j < columns; j++) gramScale += gram[j * columns + j]!;
  gramScale /= basisCount;

  const solveFor = (lambda: number) => {
    const h = Float64Array.from(gram);
    for (let j = extra; j < columns; j++) h[j * columns + j]! += lambda * gramScale;
    const x = nonNegativeLeastSquares(h, rhs, columns);
    let rss = 0;
    for (let i = 0; i < rows; i++) {
      let model = 0;
      for (let p = 0; p < columns; p++) model += a[i * columns + p]! * x[p]!;
      rss += (model - b[i]!) ** 2;
    }
    // tr H_λ on the passive set: trace((G_P + λI)⁻¹ G_P).
    const passive: number[] = [];
    for (let p = 0; p < columns; p++) if (x[p]! > 0) passive.push(p);
    const size = passive.length;
    const factor = new Float64Array(size * size);
    passive.forEach((p, r) => {
      passive.forEach((q, c) => {
        factor[r * size + c] = h[p * columns + q]!;
      });
    });
    let trace = 0;
    if (size > 0 && choleskyFactor(factor, size)) {
      const column = new Float64Array(size);
      for (let c = 0; c < size; c++) {
        passive.forEach((p, r) => {
          column[r] = gram[p * columns + passive[c]!]!;
        });
        choleskySolve(factor, size, column);
        trace += column[c]!;
      }
    }
    const gcv = (rows * rss) / Math.max(rows - trace, 1) ** 2;
    return { x, rss, gcv };
  };

  let lambda = options.lambda ?? 0;
  let best = options.lambda !== undefined ? solveFor(options.lambda) : null;
  if (best === null) {
    for (let exponent = -8; exponent <= 0; exponent += 0.5) {
      const candidate = solveFor(10 ** exponent);
      if (best === null || candidate.gcv < best.gcv) {
        best = candidate;
        lambda = 10 ** exponent;
      }
    }
  }
  const x = best!.x;

  // γ on the grid centres (the basis overlaps, so sum the neighbours' contributions).
  const gamma = new Float64Array(basisCount);
  for (let k = 0; k < basisCount; k++) {
    let sum = 0;
    for (let j = 0; j < basisCount; j++)
      sum += x[extra + j]! * Math.exp(-(((centres[k]! - centres[j]!) / spacing) ** 2));
    gamma[k] = sum;
  }
  const tau_s = centres.map(Math.exp);
  const reconstructedRe = new Float64Array(points);
  const reconstructedIm = new Float64Array(points);
  let sumSquares = 0;
  for (let i = 0; i < points; i++) {
    let re = 0;
    let im = 0;
    for (let p = 0; p < columns; p++) {
      re += a[i * columns + p]! * x[p]!;
      im += a[(points + i) * columns + p]! * x[p]!;
    }
    reconstructedRe[i] = re / weight[i]!;
    reconstructedIm[i] = im / weight[i]!;
    sumSquares += (re - b[i]!) ** 2 + (im - b[points + i]!) ** 2;
  }
  return {
    lambda,
    tau_s,
    gamma_Ohm: gamma,
    highFrequencyResistance_Ohm: x[0]!,
    inductance_H: hasInductance ? x[1]! : 0,
    peaks: findPeaks(tau_s, gamma, spacing),
    residualRms: Math.sqrt(sumSquares / rows),
    reconstructed: { zReal_Ohm: reconstructedRe, zImag_Ohm: reconstructedIm },
  };
}

/** Local maxima of γ above 2 % of the largest, each with the area between its flanking minima. */
function findPeaks(tau_s: Float64Array, gamma: Float64Array, spacing: number): DrtPeak[] {
  const largest = Math.max(...gamma);
  const peaks: DrtPeak[] = [];
  for (let k = 0; k < gamma.length; k++) {
    const left = k === 0 ? 0 : gamma[k - 1]!;
    const right = k === gamma.length - 1 ? 0 : gamma[k + 1]!;
    if (!(gamma[k]! > left && gamma[k]! >= right && gamma[k]! > 0.02 * largest)) continue;
    let from = k;
    while (from > 0 && gamma[from - 1]! < gamma[from]!) from--;
    let to = k;
    while (to < gamma.length - 1 && gamma[to + 1]! < gamma[to]!) to++;
    let area = 0;
    for (let j = from; j <= to; j++) area += gamma[j]! * spacing * (j === from || j === to ? 0.5 : 1);
    // Parabolic interpolation of the apex in ln τ.
    const curvature = left - 2 * gamma[k]! + right;
    const shift = curvature < 0 ? (0.5 * (left - right)) / curvature : 0;
    const tau = tau_s[k]! * Math.exp(shift * spacing);
    peaks.push({ tau_s: tau, frequency_Hz: 1 / (2 * Math.PI * tau), resistance_Ohm: area });
  }
  return peaks;
}
