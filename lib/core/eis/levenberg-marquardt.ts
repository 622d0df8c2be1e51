/**
 * Bounded Levenberg–Marquardt for complex non-linear least squares.
 *
 * Minimises ½‖r(u)‖² over the internal variables u (log of positive parameters, the exponents
 * themselves) inside box bounds. Each step solves (JᵀJ + λ·diag(JᵀJ)) δ = −Jᵀr (Marquardt's
 * scaling), projects u + δ onto the box, and holds variables that sit on a bound and are pushed
 * outward by the gradient (a simple active set), so a bounded optimum is reached, not orbited.
 */
import { choleskyFactor, choleskySolve } from './linalg.ts';

export interface LeastSquaresProblem {
  /** Number of residuals. */
  residuals: number;
  /** Number of internal variables. */
  variables: number;
  lower: Float64Array;
  upper: Float64Array;
  /** Writes r(u) and, when `jacobian` is given, ∂r/∂u (row-major: variable k at k·residuals + i). */
  evaluate(u: Float64Array, r: Float64Array, jacobian: Float64Array | null): void;
}

export interface LeastSquaresResult {
  u: Float64Array;
  /** ‖r‖² at `u`. */
  cost: number;
  iterations: number;
  converged: boolean;
}

/** Scratch reused across the starts of one fit. */
export interface Workspace {
  r: Float64Array;
  rTrial: Float64Array;
  jacobian: Float64Array;
  normal: Float64Array;
  gradient: Float64Array;
  step: Float64Array;
  trial: Float64Array;
  active: Uint8Array;
  reduced: Float64Array;
  reducedRhs: Float64Array;
}

export function createWorkspace(residuals: number, variables: number): Workspace {
  return {
    r: new Float64Array(residuals),
    rTrial: new Float64Array(residuals),
    jacobian: new Float64Array(residuals * variables),
    normal: new Float64Array(variables * variables),
    gradient: new Float64Array(variables),
    step: new Float64Array(variables),
    trial: new Float64Array(variables),
    active: new Uint8Array(variables),
    reduced: new Float64Array(variables * variables),
    reducedRhs: new Float64Array(variables),
  };
}

function sumOfSquares(values: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]! * values[i]!;
  return sum;
}

export function levenbergMarquardt(
  problem: LeastSquaresProblem,
  start: Float64Array,
  options: {
    maxIterations: number;
    tolerance: number;
    /** Give up after 10 iterations while the cost is still above this (a start heading elsewhere). */
    abandonAbove?: number;
  },
  work: Workspace = createWorkspace(problem.residuals, problem.variables),
): LeastSquaresResult {
  const m = problem.residuals;
  const n = problem.variables;
  const { r, rTrial, jacobian, normal, gradient, step, trial, active, reduced, reducedRhs } = work;
  const u = Float64Array.from(start, (value, k) =>
    Math.min(problem.upper[k]!, Math.max(problem.lower[k]!, value)),
  );
  problem.evaluate(u, r, jacobian);
  let cost = sumOfSquares(r);
  let lambda = 1e-3;
  let iterations = 0;
  let converged = false;
  let needsJacobian = false;

  while (iterations < options.maxIterations) {
    iterations++;
    if (needsJacobian) {
      problem.evaluate(u, r, jacobian);
      needsJacobian = false;
    }
    // Normal equations JᵀJ and gradient Jᵀr.
    for (let a = 0; a < n; a++) {
      const rowA = a * m;
      let g = 0;
      for (let i = 0; i < m; i++) g += jacobian[rowA + i]! * r[i]!;
      gradient[a] = g;
      for (let b = 0; b <= a; b++) {
        const rowB = b * m;
        let sum = 0;
        for (let i = 0; i < m; i++) sum += jacobian[rowA + i]! * jacobian[rowB + i]!;
        normal[a * n + b] = sum;
        normal[b * n + a] = sum;
      }
    }
    let free = 0;
    let gradientNorm = 0;
    for (let k = 0; k < n; k++) {
      const atLower = u[k]! <= problem.lower[k]! && gradient[k]! > 0;
      const atUpper = u[k]! >= problem.upper[k]! && gradient[k]! < 0;
      active[k] = atLower || atUpper ? 1 : 0;
      if (!active[k]) {
        free++;
        gradientNorm = Math.max(gradientNorm, Math.abs(gradient[k]!));
      }
    }
    if (free === 0 || gradientNorm <= 1e-14 * Math.max(cost, 1e-300)) {
      converged = true;
      break;
    }

    // Try steps with growing damping until the cost falls.
    let accepted = false;
    for (let attempt = 0; attempt < 30; attempt++) {
      let row = 0;
      for (let a = 0; a < n; a++) {
        if (active[a]) continue;
        let column = 0;
        for (let b = 0; b < n; b++) {
          if (active[b]) continue;
          reduced[row * free + column] = normal[a * n + b]!;
          column++;
        }
        const diagonal = Math.max(normal[a * n + a]!, 1e-12);
        reduced[row * free + row]! += lambda * diagonal;
        reducedRhs[row] = -gradient[a]!;
        row++;
      }
      if (!choleskyFactor(reduced, free)) {
        lambda *= 10;
        continue;
      }
      choleskySolve(reduced, free, reducedRhs);
      row = 0;
      let largestStep = 0;
      for (let k = 0; k < n; k++) {
        step[k] = active[k] ? 0 : reducedRhs[row++]!;
        trial[k] = Math.min(problem.upper[k]!, Math.max(problem.lower[k]!, u[k]! + step[k]!));
        largestStep = Math.max(largestStep, Math.abs(trial[k]! - u[k]!));
      }
      problem.evaluate(trial, rTrial, null);
      const trialCost = sumOfSquares(rTrial);
      if (trialCost < cost) {
        const improvement = (cost - trialCost) / Math.max(cost, 1e-300);
        u.set(trial);
        r.set(rTrial);
        cost = trialCost;
        lambda = Math.max(lambda / 5, 1e-12);
        accepted = true;
        needsJacobian = true;
        if (improvement < options.tolerance || largestStep < 1e-10) converged = true;
        break;
      }
      if (largestStep < 1e-12) {
        converged = true;
        break;
      }
      lambda *= 4;
    }
    if (!accepted || converged) break;
    if (options.abandonAbove !== undefined && iterations >= 10 && cost > options.abandonAbove) break;
  }
  return { u, cost, iterations, converged: converged || iterations < options.maxIterations };
}
