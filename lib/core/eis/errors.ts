/**
 * Typed errors of the impedance analysis. They extend the core's `AnalysisError` so the CLI and
 * the pipeline report them like any other unusable input.
 */
import { AnalysisError } from '../errors.ts';

/** A circuit string that does not follow the impedance.py syntax (`R0-p(R1,CPE1)-W1`). */
export class CircuitSyntaxError extends AnalysisError {}

/** A circuit string naming an element type we do not know (`X1`). */
export class UnknownElementError extends CircuitSyntaxError {}

/** A circuit string using the same element name twice (`R1-p(R1,C1)`). */
export class DuplicateElementError extends CircuitSyntaxError {}

/** A spectrum that cannot be analysed: NaN values, too few points for the parameters. */
export class SpectrumError extends AnalysisError {}

/** Fit options that contradict the circuit (an unknown parameter name, empty bounds). */
export class FitOptionsError extends AnalysisError {}
