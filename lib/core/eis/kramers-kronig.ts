/**
 * Linear Kramers–Kronig test (Schönleber, Klotz, Ivers-Tiffée, Electrochim. Acta 131, 20 (2014)).
 *
 * The spectrum is fitted by a model that satisfies the KK relations by construction:
 *   Z(ω) = R_s + jωL [+ 1/(jωC)] + Σ_k R_k / (1 + jωτ_k),
 * with M time constants τ_k log-spaced from 1/ω_max to 1/ω_min. The model is linear in
 * (R_s, L, 1/C, R_k), so it is a weighted (1/|Z|) complex linear least-squares problem, solved
 * by Householder QR. M grows from 1 until μ = 1 − Σ_{R_k<0}|R_k| / Σ_{R_k≥0}R_k drops below 0.85
 * (over-fitting shows as negative resistances). The series capacitance is included when the
 * low-frequency end is a capacitive tail (−Z″ still rising), which the RC sum alone cannot follow
 * and which otherwise fails valid spectra of blocking electrodes.
 *
 * Residuals are (Z − Ẑ)/|Z| for real and imaginary parts; the spectrum passes when every
 * residual stays below `threshold` (default 1 %: instrument accuracy of a good potentiostat is
 * ~0.1–1 %, while drift during a sweep leaves residuals of several %).
 */
import { leastSquares } from './linalg.ts';
import type { Spectrum } from './spectrum.ts';

export interface KramersKronigOptions {
  /** Largest acceptable |residual| (fraction of |Z|); default 0.01. */
  threshold?: number;
  /** μ cut-off that stops adding RC elements; default 0.85 (Schönleber). */
  muCutoff?: number;
  /** Add a series capacitance: `auto` (default) when the spectrum ends in a capacitive tail. */
  includeCapacitance?: boolean | 'auto';
}

export interface KramersKronigResult {
  pass: boolean;
  threshold: number;
  /** Largest |residual| over real and imaginary parts, fraction of |Z|. */
  maxResidual: number;
  residualRms: number;
  elements: number;
  mu: number;
  includesCapacitance: boolean;
  residuals: { frequency_Hz: Float64Array; real: Float64Array; imag: Float64Array };
}

export function kramersKronigTest(
  spectrum: Spectrum,
  options: KramersKronigOptions = {},
): KramersKronigResult {
  const threshold = options.threshold ?? 0.01;
  const muCutoff = options.muCutoff ?? 0.85;
  const { frequency_Hz: f, zReal_Ohm: zr, zImag_Ohm: zi } = spectrum;
  const points = f.length;
  const n = points - 1;
  const includesCapacitance =
    options.includeCapacitance === 'auto' || options.includeCapacitance === undefined
      ? points >= 3 && -zi[n]! > -zi[n - 1]! && -zi[n - 1]! > -zi[n - 2]! && -zi[n]! > 0
      : options.includeCapacitance;
  const omega = Float64Array.from(f, (value) => 2 * Math.PI * value);
  const weight = Float64Array.from(f, (_, i) => 1 / (Math.hypot(zr[i]!, zi[i]!) || 1));
  const omegaMax = Math.max(...omega);
  const omegaMin = Math.min(...omega);
  const extra = includesCapacitance ? 3 : 2;
  const maxElements = Math.max(1, Math.min(points - extra - 1, 2 * points - extra - 2));

  let chosen: { m: number; mu: number; coefficients: Float64Array } | null = null;
  for (let m = 1; m <= maxElements; m++) {
    const coefficients = solve(m);
    let positive = 0;
    let negative = 0;
    for (let k = 0; k < m; k++) {
      const r = coefficients[extra + k]!;
      if (r >= 0) positive += r;
      else negative -= r;
    }
    const mu = positive > 0 ? 1 - negative / positive : 0;
    chosen = { m, mu, coefficients };
    if (mu < muCutoff) break;
  }
  const { m, mu, coefficients } = chosen!;
  const taus = timeConstants(m);
  const real = new Float64Array(points);
  const imag = new Float64Array(points);
  let maxResidual = 0;
  let sumSquares = 0;
  for (let i = 0; i < points; i++) {
    let modelRe = coefficients[0]!;
    let modelIm = coefficients[1]! * omega[i]!;
    if (includesCapacitance) modelIm -= coefficients[2]! / omega[i]!;
    for (let k = 0; k < m; k++) {
      const x = omega[i]! * taus[k]!;
      const denominator = 1 + x * x;
      modelRe += coefficients[extra + k]! / denominator;
      modelIm -= (coefficients[extra + k]! * x) / denominator;
    }
    real[i] = (zr[i]! - modelRe) * weight[i]!;
    imag[i] = (zi[i]! - modelIm) * weight[i]!;
    maxResidual = Math.max(maxResidual, Math.abs(real[i]!), Math.abs(imag[i]!));
    sumSquares += real[i]! * real[i]! + imag[i]! * imag[i]!;
  }
  return {
    pass: maxResidual < threshold,
    threshold,
    maxResidual,
    residualRms: Math.sqrt(sumSquares / (2 * points)),
    elements: m,
    mu,
    includesCapacitance,
    residuals: { frequency_Hz: Float64Array.from(f), real, imag },
  };

  function timeConstants(m: number): Float64Array {
    if (m === 1) return Float64Array.of(1 / Math.sqrt(omegaMax * omegaMin));
    const step = Math.log(omegaMax / omegaMin) / (m - 1);
    return Float64Array.from({ length: m }, (_, k) => Math.exp(-Math.log(omegaMax) + step * k));
  }

  /** Weighted least squares for (R_s, L, [1/C], R_1..R_m): rows are real parts, then imaginary parts. */
  function solve(m: number): Float64Array {
    const columns = extra + m;
    const taus = timeConstants(m);
    const a = new Float64Array(2 * points * columns);
    const b = new Float64Array(2 * points);
    for (let i = 0; i < points; i++) {
      const w = weight[i]!;
      const re = i * columns;
      const im = (points + i) * columns;
      a[re] = w;
      a[im + 1] = w * omega[i]!;
      if (includesCapacitance) a[im + 2] = -w / omega[i]!;
      for (let k = 0; k < m; k++) {
        const x = omega[i]! * taus[k]!;
        const denominator = 1 + x * x;
        a[re + extra + k] = w / denominator;
        a[im + extra + k] = (-w * x) / denominator;
      }
      b[i] = w * zr[i]!;
      b[points + i] = w * zi[i]!;
    }
    return leastSquares(a, 2 * points, columns, b);
  }
}
