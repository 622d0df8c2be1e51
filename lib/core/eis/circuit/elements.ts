/**
 * Circuit elements: each a pure function of its parameters and the angular frequency ω = 2πf
 * (rad/s) that gives the impedance Z (Ω) and its analytic derivative with respect to every
 * parameter. Names, parameter order and formulas follow impedance.py
 * (`impedance/models/circuits/elements.py`) so circuit strings and parameter names carry over.
 *
 * An element evaluates a whole frequency grid per call (the fitting loop's hot path): Z into
 * `zRe`/`zIm`, and, when `jacobianRe`/`jacobianIm` are given, ∂Z/∂p_k at `(offset + k)·points + i`,
 * `offset` being the element's first parameter in the circuit's parameter vector.
 */
import { complexSqrt, complexTanh } from './complex.ts';

/** How a parameter is fitted: `positive` on a log scale, `exponent` linearly inside (0, 1]. */
export type ParameterKind = 'positive' | 'exponent';

/** Frequency-only quantities, computed once per spectrum. */
export interface FrequencyGrid {
  points: number;
  omega: Float64Array;
  logOmega: Float64Array;
  inverseSqrtOmega: Float64Array;
}

export function frequencyGrid(frequency_Hz: ArrayLike<number>): FrequencyGrid {
  const omega = Float64Array.from(frequency_Hz, (f) => 2 * Math.PI * f);
  return {
    points: omega.length,
    omega,
    logOmega: omega.map(Math.log),
    inverseSqrtOmega: omega.map((w) => 1 / Math.sqrt(w)),
  };
}

export interface ElementDefinition {
  /** Type letters in a circuit string: `R`, `CPE`, `Wo` … */
  readonly symbol: string;
  readonly description: string;
  /** Units of each parameter, in order. */
  readonly units: readonly string[];
  readonly kinds: readonly ParameterKind[];
  evaluate(
    params: Float64Array,
    offset: number,
    grid: FrequencyGrid,
    zRe: Float64Array,
    zIm: Float64Array,
    jacobianRe: Float64Array | null,
    jacobianIm: Float64Array | null,
  ): void;
}

const HALF_PI = Math.PI / 2;

/** Scratch for the transcendental helpers; elements run one at a time. */
const scratch = new Float64Array(2);

/** Resistor. Z = R. R in Ω. ∂Z/∂R = 1. */
const resistor: ElementDefinition = {
  symbol: 'R',
  description: 'resistor',
  units: ['Ohm'],
  kinds: ['positive'],
  evaluate(params, offset, grid, zRe, zIm, jacobianRe, jacobianIm) {
    const r = params[offset]!;
    const row = offset * grid.points;
    for (let i = 0; i < grid.points; i++) {
      zRe[i] = r;
      zIm[i] = 0;
      if (jacobianRe && jacobianIm) {
        jacobianRe[row + i] = 1;
        jacobianIm[row + i] = 0;
      }
    }
  },
};

/** Capacitor. Z = 1 / (jωC) = −j / (ωC). C in F. ∂Z/∂C = j / (ωC²). */
const capacitor: ElementDefinition = {
  symbol: 'C',
  description: 'capacitor',
  units: ['F'],
  kinds: ['positive'],
  evaluate(params, offset, grid, zRe, zIm, jacobianRe, jacobianIm) {
    const c = params[offset]!;
    const row = offset * grid.points;
    for (let i = 0; i < grid.points; i++) {
      const omega = grid.omega[i]!;
      zRe[i] = 0;
      zIm[i] = -1 / (omega * c);
      if (jacobianRe && jacobianIm) {
        jacobianRe[row + i] = 0;
        jacobianIm[row + i] = 1 / (omega * c * c);
      }
    }
  },
};

/** Inductor. Z = jωL. L in H. ∂Z/∂L = jω. */
const inductor: ElementDefinition = {
  symbol: 'L',
  description: 'inductor',
  units: ['H'],
  kinds: ['positive'],
  evaluate(params, offset, grid, zRe, zIm, jacobianRe, jacobianIm) {
    const l = params[offset]!;
    const row = offset * grid.points;
    for (let i = 0; i < grid.points; i++) {
      zRe[i] = 0;
      zIm[i] = grid.omega[i]! * l;
      if (jacobianRe && jacobianIm) {
        jacobianRe[row + i] = 0;
        jacobianIm[row + i] = grid.omega[i]!;
      }
    }
  },
};

/**
 * Constant phase element. Z = 1 / (Q (jω)^n) = ω^−n / Q · e^{−jπn/2}.
 * Q in Ω⁻¹ sⁿ (`CPEk_0`), n dimensionless in (0, 1] (`CPEk_1`).
 * ∂Z/∂Q = −Z/Q; ∂Z/∂n = −Z · ln(jω) = −Z (ln ω + jπ/2).
 */
const constantPhaseElement: ElementDefinition = {
  symbol: 'CPE',
  description: 'constant phase element',
  units: ['Ohm^-1 s^n', ''],
  kinds: ['positive', 'exponent'],
  evaluate(params, offset, grid, zRe, zIm, jacobianRe, jacobianIm) {
    const q = params[offset]!;
    const n = params[offset + 1]!;
    const cosine = Math.cos(HALF_PI * n) / q;
    const sine = -Math.sin(HALF_PI * n) / q;
    const rowQ = offset * grid.points;
    const rowN = rowQ + grid.points;
    for (let i = 0; i < grid.points; i++) {
      const logOmega = grid.logOmega[i]!;
      const modulus = Math.exp(-n * logOmega);
      const re = modulus * cosine;
      const im = modulus * sine;
      zRe[i] = re;
      zIm[i] = im;
      if (jacobianRe && jacobianIm) {
        jacobianRe[rowQ + i] = -re / q;
        jacobianIm[rowQ + i] = -im / q;
        jacobianRe[rowN + i] = -(re * logOmega - im * HALF_PI);
        jacobianIm[rowN + i] = -(im * logOmega + re * HALF_PI);
      }
    }
  },
};

/** Semi-infinite Warburg element. Z = A_W (1 − j) / √ω. A_W in Ω s^−1/2. ∂Z/∂A_W = (1 − j) / √ω. */
const warburg: ElementDefinition = {
  symbol: 'W',
  description: 'semi-infinite Warburg element',
  units: ['Ohm s^-1/2'],
  kinds: ['positive'],
  evaluate(params, offset, grid, zRe, zIm, jacobianRe, jacobianIm) {
    const a = params[offset]!;
    const row = offset * grid.points;
    for (let i = 0; i < grid.points; i++) {
      const factor = grid.inverseSqrtOmega[i]!;
      zRe[i] = a * factor;
      zIm[i] = -a * factor;
      if (jacobianRe && jacobianIm) {
        jacobianRe[row + i] = factor;
        jacobianIm[row + i] = -factor;
      }
    }
  },
};

/**
 * Finite-space ("open", reflective boundary) Warburg element.
 * Z = Z₀ coth(s) / s with s = √(jωτ). Z₀ in Ω (`Wok_0`), τ = L²/D in s (`Wok_1`).
 * At low frequency Z → Z₀/(jωτ) + Z₀/3: a capacitive (blocking) tail.
 * ∂Z/∂Z₀ = coth(s)/s; ∂Z/∂τ = Z₀/(2τ) · (1 − coth²(s) − coth(s)/s).
 */
const warburgOpen: ElementDefinition = {
  symbol: 'Wo',
  description: 'finite-space (open) Warburg element',
  units: ['Ohm', 's'],
  kinds: ['positive', 'positive'],
  evaluate(params, offset, grid, zRe, zIm, jacobianRe, jacobianIm) {
    const z0 = params[offset]!;
    const tau = params[offset + 1]!;
    const factor = z0 / (2 * tau);
    const row0 = offset * grid.points;
    const row1 = row0 + grid.points;
    for (let i = 0; i < grid.points; i++) {
      const root = Math.sqrt((grid.omega[i]! * tau) / 2);
      // s = root (1 + j); coth(s) = 1 / tanh(s); 1/s = (1 − j) / (2 root)
      complexTanh(root, root, scratch, 0);
      const tRe = scratch[0]!;
      const tIm = scratch[1]!;
      const tModulus2 = tRe * tRe + tIm * tIm;
      const cRe = tRe / tModulus2;
      const cIm = -tIm / tModulus2;
      const invS = 1 / (2 * root);
      const ratioRe = (cRe + cIm) * invS;
      const ratioIm = (cIm - cRe) * invS;
      zRe[i] = z0 * ratioRe;
      zIm[i] = z0 * ratioIm;
      if (jacobianRe && jacobianIm) {
        jacobianRe[row0 + i] = ratioRe;
        jacobianIm[row0 + i] = ratioIm;
        jacobianRe[row1 + i] = factor * (1 - (cRe * cRe - cIm * cIm) - ratioRe);
        jacobianIm[row1 + i] = factor * (-2 * cRe * cIm - ratioIm);
      }
    }
  },
};

/**
 * Finite-length ("short", transmissive boundary) Warburg element.
 * Z = Z₀ tanh(s) / s with s = √(jωτ). Z₀ in Ω (`Wsk_0`), τ in s (`Wsk_1`); Z → Z₀ as ω → 0.
 * ∂Z/∂Z₀ = tanh(s)/s; ∂Z/∂τ = Z₀/(2τ) · (1 − tanh²(s) − tanh(s)/s), by its series
 * (tanh(s)/s ≈ 1 − s²/3 + 2s⁴/15, derivative term ≈ −2s²/3 + 8s⁴/15) for small |s| where the
 * closed form cancels.
 */
const warburgShort: ElementDefinition = {
  symbol: 'Ws',
  description: 'finite-length (short) Warburg element',
  units: ['Ohm', 's'],
  kinds: ['positive', 'positive'],
  evaluate(params, offset, grid, zRe, zIm, jacobianRe, jacobianIm) {
    const z0 = params[offset]!;
    const tau = params[offset + 1]!;
    const factor = z0 / (2 * tau);
    const row0 = offset * grid.points;
    const row1 = row0 + grid.points;
    for (let i = 0; i < grid.points; i++) {
      const omegaTau = grid.omega[i]! * tau;
      const root = Math.sqrt(omegaTau / 2);
      let ratioRe: number;
      let ratioIm: number;
      let derivativeRe: number;
      let derivativeIm: number;
      if (root < 1e-3) {
        // s² = jωτ, s⁴ = −(ωτ)²
        const s4Re = -omegaTau * omegaTau;
        ratioRe = 1 + (2 * s4Re) / 15;
        ratioIm = -omegaTau / 3;
        derivativeRe = (8 * s4Re) / 15;
        derivativeIm = (-2 * omegaTau) / 3;
      } else {
        complexTanh(root, root, scratch, 0);
        const tRe = scratch[0]!;
        const tIm = scratch[1]!;
        const invS = 1 / (2 * root);
        ratioRe = (tRe + tIm) * invS;
        ratioIm = (tIm - tRe) * invS;
        derivativeRe = 1 - (tRe * tRe - tIm * tIm) - ratioRe;
        derivativeIm = -2 * tRe * tIm - ratioIm;
      }
      zRe[i] = z0 * ratioRe;
      zIm[i] = z0 * ratioIm;
      if (jacobianRe && jacobianIm) {
        jacobianRe[row0 + i] = ratioRe;
        jacobianIm[row0 + i] = ratioIm;
        jacobianRe[row1 + i] = factor * derivativeRe;
        jacobianIm[row1 + i] = factor * derivativeIm;
      }
    }
  },
};

/**
 * Gerischer element. Z = R_G / √(1 + jωt_G). R_G in Ω (`Gk_0`), t_G in s (`Gk_1`)
 * (Lu, Kreller, Adler, J. Electrochem. Soc. 156, B513 (2009)).
 * ∂Z/∂R_G = Z/R_G; ∂Z/∂t_G = −Z · jω / (2 (1 + jωt_G)).
 */
const gerischer: ElementDefinition = {
  symbol: 'G',
  description: 'Gerischer element',
  units: ['Ohm', 's'],
  kinds: ['positive', 'positive'],
  evaluate(params, offset, grid, zRe, zIm, jacobianRe, jacobianIm) {
    const r = params[offset]!;
    const t = params[offset + 1]!;
    const row0 = offset * grid.points;
    const row1 = row0 + grid.points;
    for (let i = 0; i < grid.points; i++) {
      const omega = grid.omega[i]!;
      const x = omega * t;
      complexSqrt(1, x, scratch, 0);
      const sqRe = scratch[0]!;
      const sqIm = scratch[1]!;
      const sqModulus2 = sqRe * sqRe + sqIm * sqIm;
      const invRe = sqRe / sqModulus2;
      const invIm = -sqIm / sqModulus2;
      const re = r * invRe;
      const im = r * invIm;
      zRe[i] = re;
      zIm[i] = im;
      if (jacobianRe && jacobianIm) {
        // jω / (2 (1 + jx)) = ω (x + j) / (2 (1 + x²))
        const scale = omega / (2 * (1 + x * x));
        const fRe = scale * x;
        const fIm = scale;
        jacobianRe[row0 + i] = invRe;
        jacobianIm[row0 + i] = invIm;
        jacobianRe[row1 + i] = -(re * fRe - im * fIm);
        jacobianIm[row1 + i] = -(re * fIm + im * fRe);
      }
    }
  },
};

/**
 * Zarc: a resistor in parallel with a CPE as one element. Z = R / (1 + R Q (jω)^n).
 * R in Ω (`Zarck_0`), Q in Ω⁻¹ sⁿ (`Zarck_1`), n in (0, 1] (`Zarck_2`).
 * With u = (jω)^n and D = 1 + RQu: ∂Z/∂R = 1/D², ∂Z/∂Q = −R²u/D², ∂Z/∂n = −R²Q u ln(jω)/D².
 */
const zarc: ElementDefinition = {
  symbol: 'Zarc',
  description: 'resistor in parallel with a constant phase element',
  units: ['Ohm', 'Ohm^-1 s^n', ''],
  kinds: ['positive', 'positive', 'exponent'],
  evaluate(params, offset, grid, zRe, zIm, jacobianRe, jacobianIm) {
    const r = params[offset]!;
    const q = params[offset + 1]!;
    const n = params[offset + 2]!;
    const cosine = Math.cos(HALF_PI * n);
    const sine = Math.sin(HALF_PI * n);
    const r2 = r * r;
    const row0 = offset * grid.points;
    const row1 = row0 + grid.points;
    const row2 = row1 + grid.points;
    for (let i = 0; i < grid.points; i++) {
      const logOmega = grid.logOmega[i]!;
      const uModulus = Math.exp(n * logOmega);
      const uRe = uModulus * cosine;
      const uIm = uModulus * sine;
      const dRe = 1 + r * q * uRe;
      const dIm = r * q * uIm;
      const dModulus2 = dRe * dRe + dIm * dIm;
      const invRe = dRe / dModulus2;
      const invIm = -dIm / dModulus2;
      zRe[i] = r * invRe;
      zIm[i] = r * invIm;
      if (jacobianRe && jacobianIm) {
        const inv2Re = invRe * invRe - invIm * invIm;
        const inv2Im = 2 * invRe * invIm;
        const aRe = -r2 * (uRe * inv2Re - uIm * inv2Im);
        const aIm = -r2 * (uRe * inv2Im + uIm * inv2Re);
        jacobianRe[row0 + i] = inv2Re;
        jacobianIm[row0 + i] = inv2Im;
        jacobianRe[row1 + i] = aRe;
        jacobianIm[row1 + i] = aIm;
        jacobianRe[row2 + i] = q * (aRe * logOmega - aIm * HALF_PI);
        jacobianIm[row2 + i] = q * (aRe * HALF_PI + aIm * logOmega);
      }
    }
  },
};

/**
 * Voigt RC element written with its time constant. Z = R / (1 + jωτ). R in Ω (`Kk_0`), τ in s (`Kk_1`).
 * ∂Z/∂R = 1/(1 + jωτ); ∂Z/∂τ = −R jω / (1 + jωτ)² = −R (2ωx + jω(1 − x²)) / (1 + x²)², x = ωτ.
 */
const voigt: ElementDefinition = {
  symbol: 'K',
  description: 'RC element with time constant',
  units: ['Ohm', 's'],
  kinds: ['positive', 'positive'],
  evaluate(params, offset, grid, zRe, zIm, jacobianRe, jacobianIm) {
    const r = params[offset]!;
    const tau = params[offset + 1]!;
    const row0 = offset * grid.points;
    const row1 = row0 + grid.points;
    for (let i = 0; i < grid.points; i++) {
      const omega = grid.omega[i]!;
      const x = omega * tau;
      const denominator = 1 + x * x;
      zRe[i] = r / denominator;
      zIm[i] = (-r * x) / denominator;
      if (jacobianRe && jacobianIm) {
        const denominator2 = denominator * denominator;
        jacobianRe[row0 + i] = 1 / denominator;
        jacobianIm[row0 + i] = -x / denominator;
        jacobianRe[row1 + i] = (-r * 2 * omega * x) / denominator2;
        jacobianIm[row1 + i] = (-r * omega * (1 - x * x)) / denominator2;
      }
    }
  },
};

/** Every element a circuit string may use, by symbol. */
export const elementDefinitions: ReadonlyMap<string, ElementDefinition> = new Map(
  [
    resistor,
    capacitor,
    inductor,
    constantPhaseElement,
    warburg,
    warburgOpen,
    warburgShort,
    gerischer,
    zarc,
    voigt,
  ].map((definition) => [definition.symbol, definition]),
);

/** Impedance of one element at one frequency (Hz) with its derivatives: for checks, not the fitting loop. */
export function elementImpedance(
  symbol: string,
  params: readonly number[],
  frequency_Hz: number,
): { re: number; im: number; derivatives: { re: number; im: number }[] } {
  const definition = elementDefinitions.get(symbol);
  if (!definition) throw new RangeError(`unknown element ${symbol}`);
  const count = definition.units.length;
  const zRe = new Float64Array(1);
  const zIm = new Float64Array(1);
  const jacobianRe = new Float64Array(count);
  const jacobianIm = new Float64Array(count);
  definition.evaluate(
    Float64Array.from(params),
    0,
    frequencyGrid([frequency_Hz]),
    zRe,
    zIm,
    jacobianRe,
    jacobianIm,
  );
  return {
    re: zRe[0]!,
    im: zIm[0]!,
    derivatives: Array.from({ length: count }, (_, k) => ({ re: jacobianRe[k]!, im: jacobianIm[k]! })),
  };
}
