/** Impedance analysis: spectra, equivalent circuits and their fits, Kramers–Kronig, DRT. */
export {
  type ArcWindow,
  defaultArcWindows,
  defaultCircuitFor,
  findArcs,
  labelForFrequency,
} from './arcs.ts';
export * from './circuit/index.ts';
export { type DrtOptions, type DrtPeak, type DrtResult, distributionOfRelaxationTimes } from './drt.ts';
export * from './errors.ts';
export {
  type ArcResult,
  type FitOptions,
  type FitResult,
  fitCircuit,
  type ParameterEstimate,
  type Weighting,
} from './fit.ts';
export { initialGuess } from './guess.ts';
export { type KramersKronigOptions, type KramersKronigResult, kramersKronigTest } from './kramers-kronig.ts';
export { makeSpectrum, type Spectrum, splitSpectra } from './spectrum.ts';
