/**
 * Synthetic impedance spectra with known truth: a circuit, its parameters, log-spaced
 * frequencies and seeded complex noise proportional to |Z| (σ·|Z| on the real and the
 * imaginary part independently). Used to check that fits recover what went in.
 */
import { circuitImpedance, parseCircuit } from '../../lib/core/eis/circuit/index.ts';
import { gaussian, mulberry32 } from '../../lib/core/eis/fit.ts';
import { makeSpectrum, type Spectrum } from '../../lib/core/eis/spectrum.ts';

/** `count` frequencies from `high_Hz` down to `low_Hz`, evenly spaced in log f. */
export function logFrequencies(high_Hz: number, low_Hz: number, count: number): Float64Array {
  const step = Math.log(low_Hz / high_Hz) / (count - 1);
  return Float64Array.from({ length: count }, (_, i) => high_Hz * Math.exp(step * i));
}

export interface GeneratedSpectrumOptions {
  circuit: string;
  parameters: Record<string, number>;
  frequency_Hz: Float64Array;
  /** Relative noise σ (0.005 = 0.5 %); 0 gives the exact model. */
  noise?: number;
  seed?: number;
  label?: string;
}

export function generateSpectrum(options: GeneratedSpectrumOptions): Spectrum {
  const circuit = parseCircuit(options.circuit);
  const values = circuit.parameterNames.map((name) => {
    const value = options.parameters[name];
    if (value === undefined) throw new Error(`generator: no value for ${name}`);
    return value;
  });
  const { zReal_Ohm, zImag_Ohm } = circuitImpedance(circuit, values, options.frequency_Hz);
  const noise = options.noise ?? 0;
  const random = mulberry32(options.seed ?? 1);
  for (let i = 0; i < zReal_Ohm.length; i++) {
    const modulus = Math.hypot(zReal_Ohm[i]!, zImag_Ohm[i]!);
    zReal_Ohm[i]! += noise * modulus * gaussian(random);
    zImag_Ohm[i]! += noise * modulus * gaussian(random);
  }
  return makeSpectrum({
    label: options.label ?? 'generated',
    time_s: 0,
    frequency_Hz: options.frequency_Hz,
    zReal_Ohm,
    zImag_Ohm,
  });
}

/**
 * A spectrum measured while the cell changes: point i (swept from high to low frequency) sees
 * `driftingParameter` scaled by (1 + drift · i/(N−1)). Kramers–Kronig must reject it.
 */
export function generateDriftingSpectrum(
  options: GeneratedSpectrumOptions & { driftingParameter: string; drift: number },
): Spectrum {
  const circuit = parseCircuit(options.circuit);
  const count = options.frequency_Hz.length;
  const zReal = new Float64Array(count);
  const zImag = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const scale = 1 + (options.drift * i) / (count - 1);
    const values = circuit.parameterNames.map(
      (name) => options.parameters[name]! * (name === options.driftingParameter ? scale : 1),
    );
    const point = circuitImpedance(circuit, values, [options.frequency_Hz[i]!]);
    zReal[i] = point.zReal_Ohm[0]!;
    zImag[i] = point.zImag_Ohm[0]!;
  }
  return makeSpectrum({
    label: 'drifting',
    time_s: 0,
    frequency_Hz: options.frequency_Hz,
    zReal_Ohm: zReal,
    zImag_Ohm: zImag,
  });
}

/** The two-arc + Warburg cell of the benchmark, in the LPSCl bulk / SEI windows. */
export const twoArcWarburg = {
  circuit: 'R0-p(R1,CPE1)-p(R2,CPE2)-W1',
  parameters: { R0: 12, R1: 85, CPE1_0: 5e-8, CPE1_1: 0.9, R2: 240, CPE2_0: 3e-6, CPE2_1: 0.8, W1: 150 },
} as const;

/** Two arcs and a blocking (capacitive CPE) tail: where unweighted fits go wrong. */
export const twoArcBlockingTail = {
  circuit: 'R0-p(R1,CPE1)-p(R2,CPE2)-CPE3',
  parameters: {
    R0: 12,
    R1: 85,
    CPE1_0: 5e-8,
    CPE1_1: 0.9,
    R2: 240,
    CPE2_0: 3e-6,
    CPE2_1: 0.8,
    CPE3_0: 2e-4,
    CPE3_1: 0.9,
  },
} as const;
