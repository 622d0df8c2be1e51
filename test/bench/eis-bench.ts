/**
 * Fit benchmark of issue 4: one fit = a 60-point spectrum of R0-p(R1,CPE1)-p(R2,CPE2)-W1 with
 * 0.5 % complex noise, our own initial guess and all starts. Spectra are generated before the
 * clock starts. Target: median ≤ 5 ms per fit.
 */
import { fitCircuit } from '../../lib/core/eis/fit.ts';
import { generateSpectrum, logFrequencies, twoArcWarburg } from '../generators/eis.ts';

export interface FitBenchmark {
  fits: number;
  medianMs: number;
  totalMs: number;
  /** Reduced χ² (modulus weighting) over the fits, against the noise variance σ² = 2.5e-5. */
  chiSquare: { median: number; max: number; noiseVariance: number; aboveTwiceNoise: number };
}

export function benchmarkFits(count: number): FitBenchmark {
  const noise = 0.005;
  const frequencies = logFrequencies(1e6, 0.1, 60);
  const spectra = Array.from({ length: count }, (_, k) =>
    generateSpectrum({ ...twoArcWarburg, frequency_Hz: frequencies, noise, seed: k + 1 }),
  );
  // Warm the JIT on a few fits that are not counted.
  for (let k = 0; k < Math.min(20, count); k++) fitCircuit(spectra[k]!, twoArcWarburg.circuit);
  const times: number[] = [];
  const reduced: number[] = [];
  const started = performance.now();
  for (const spectrum of spectra) {
    const before = performance.now();
    const fit = fitCircuit(spectrum, twoArcWarburg.circuit);
    times.push(performance.now() - before);
    reduced.push(fit.reducedChiSquare);
  }
  const totalMs = performance.now() - started;
  const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  return {
    fits: count,
    medianMs: median(times),
    totalMs,
    chiSquare: {
      median: median(reduced),
      max: Math.max(...reduced),
      noiseVariance: noise ** 2,
      aboveTwiceNoise: reduced.filter((value) => value > 2 * noise ** 2).length,
    },
  };
}
