/**
 * Impedance of a parsed circuit and its Jacobian at a fixed set of frequencies.
 *
 * Series: Z = Σ Zᵢ, so ∂Z/∂p = ∂Zᵢ/∂p for the branch i that owns p.
 * Parallel: Z = 1 / Σ (1/Zᵢ), so ∂Z/∂p = (Z/Zᵢ)² · ∂Zᵢ/∂p.
 * Every parameter belongs to one element, and a subtree owns a contiguous range of parameters
 * (they are numbered left to right), so the chain rule is applied in place, bottom-up.
 */
import { frequencyGrid } from './elements.ts';
import type { Circuit, CircuitNode } from './parse.ts';

export interface CircuitEvaluator {
  readonly points: number;
  readonly parameterCount: number;
  /**
   * Writes Z(ωᵢ) into `zRe`/`zIm`; when `jacobianRe`/`jacobianIm` are given (length parameters × points),
   * writes ∂Z(ωᵢ)/∂p_k at index k·points + i.
   */
  evaluate(
    params: Float64Array,
    zRe: Float64Array,
    zIm: Float64Array,
    jacobianRe: Float64Array | null,
    jacobianIm: Float64Array | null,
  ): void;
}

interface CompiledNode {
  node: CircuitNode;
  children: CompiledNode[];
  firstParameter: number;
  endParameter: number;
  zRe: Float64Array;
  zIm: Float64Array;
}

/** Prepares the evaluation of `circuit` at `frequency_Hz` (buffers are allocated once, here). */
export function createEvaluator(circuit: Circuit, frequency_Hz: ArrayLike<number>): CircuitEvaluator {
  const points = frequency_Hz.length;
  const grid = frequencyGrid(frequency_Hz);
  const parameterCount = circuit.parameterNames.length;
  const sumRe = new Float64Array(points);
  const sumIm = new Float64Array(points);

  const compile = (node: CircuitNode): CompiledNode => {
    if (node.kind === 'element') {
      return {
        node,
        children: [],
        firstParameter: node.parameterOffset,
        endParameter: node.parameterOffset + node.definition.units.length,
        zRe: new Float64Array(points),
        zIm: new Float64Array(points),
      };
    }
    const children = node.children.map(compile);
    return {
      node,
      children,
      firstParameter: children[0]!.firstParameter,
      endParameter: children[children.length - 1]!.endParameter,
      zRe: new Float64Array(points),
      zIm: new Float64Array(points),
    };
  };
  const root = compile(circuit.root);

  const run = (
    compiled: CompiledNode,
    params: Float64Array,
    jacobianRe: Float64Array | null,
    jacobianIm: Float64Array | null,
  ): void => {
    const { node, zRe, zIm } = compiled;
    if (node.kind === 'element') {
      node.definition.evaluate(params, node.parameterOffset, grid, zRe, zIm, jacobianRe, jacobianIm);
      return;
    }
    for (const child of compiled.children) run(child, params, jacobianRe, jacobianIm);
    if (node.kind === 'series') {
      zRe.fill(0);
      zIm.fill(0);
      for (const child of compiled.children) {
        for (let i = 0; i < points; i++) {
          zRe[i]! += child.zRe[i]!;
          zIm[i]! += child.zIm[i]!;
        }
      }
      return;
    }
    // Parallel: admittances add.
    sumRe.fill(0);
    sumIm.fill(0);
    for (const child of compiled.children) {
      for (let i = 0; i < points; i++) {
        const re = child.zRe[i]!;
        const im = child.zIm[i]!;
        const modulus2 = re * re + im * im;
        sumRe[i]! += re / modulus2;
        sumIm[i]! -= im / modulus2;
      }
    }
    for (let i = 0; i < points; i++) {
      const modulus2 = sumRe[i]! * sumRe[i]! + sumIm[i]! * sumIm[i]!;
      zRe[i] = sumRe[i]! / modulus2;
      zIm[i] = -sumIm[i]! / modulus2;
    }
    if (!jacobianRe || !jacobianIm) return;
    for (const child of compiled.children) {
      for (let i = 0; i < points; i++) {
        // ratio = Z / Zᵢ, factor = ratio²
        const cRe = child.zRe[i]!;
        const cIm = child.zIm[i]!;
        const cModulus2 = cRe * cRe + cIm * cIm;
        const ratioRe = (zRe[i]! * cRe + zIm[i]! * cIm) / cModulus2;
        const ratioIm = (zIm[i]! * cRe - zRe[i]! * cIm) / cModulus2;
        const factorRe = ratioRe * ratioRe - ratioIm * ratioIm;
        const factorIm = 2 * ratioRe * ratioIm;
        for (let k = child.firstParameter; k < child.endParameter; k++) {
          const index = k * points + i;
          const jRe = jacobianRe[index]!;
          const jIm = jacobianIm[index]!;
          jacobianRe[index] = jRe * factorRe - jIm * factorIm;
          jacobianIm[index] = jRe * factorIm + jIm * factorRe;
        }
      }
    }
  };

  return {
    points,
    parameterCount,
    evaluate(params, zRe, zIm, jacobianRe, jacobianIm) {
      run(root, params, jacobianRe, jacobianIm);
      zRe.set(root.zRe);
      zIm.set(root.zIm);
    },
  };
}

/** Impedance of `circuit` with `params` at `frequency_Hz`: a convenience for reports and tests. */
export function circuitImpedance(
  circuit: Circuit,
  params: ArrayLike<number>,
  frequency_Hz: ArrayLike<number>,
): { zReal_Ohm: Float64Array; zImag_Ohm: Float64Array } {
  const evaluator = createEvaluator(circuit, frequency_Hz);
  const zReal_Ohm = new Float64Array(frequency_Hz.length);
  const zImag_Ohm = new Float64Array(frequency_Hz.length);
  evaluator.evaluate(Float64Array.from(params), zReal_Ohm, zImag_Ohm, null, null);
  return { zReal_Ohm, zImag_Ohm };
}
