/** Equivalent circuits: parse impedance.py strings, evaluate impedance and Jacobian. */
export {
  type ElementDefinition,
  elementDefinitions,
  elementImpedance,
  type ParameterKind,
} from './elements.ts';
export { type CircuitEvaluator, circuitImpedance, createEvaluator } from './evaluate.ts';
export { type Circuit, type CircuitNode, type ElementNode, parseCircuit } from './parse.ts';
