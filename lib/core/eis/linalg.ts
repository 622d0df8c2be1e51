/**
 * The small dense linear algebra the impedance fits need, on row-major Float64Arrays:
 * Cholesky solves and inverses for normal equations, Householder least squares for the
 * linear Kramers–Kronig fit, and Lawson–Hanson non-negative least squares for the DRT.
 */

/**
 * Cholesky factorisation of the symmetric positive definite n×n `a` in place (lower triangle
 * holds L). Returns false when `a` is not positive definite.
 */
export function choleskyFactor(a: Float64Array, n: number): boolean {
  for (let j = 0; j < n; j++) {
    let diagonal = a[j * n + j]!;
    for (let k = 0; k < j; k++) diagonal -= a[j * n + k]! * a[j * n + k]!;
    if (!(diagonal > 0)) return false;
    const root = Math.sqrt(diagonal);
    a[j * n + j] = root;
    for (let i = j + 1; i < n; i++) {
      let sum = a[i * n + j]!;
      for (let k = 0; k < j; k++) sum -= a[i * n + k]! * a[j * n + k]!;
      a[i * n + j] = sum / root;
    }
  }
  return true;
}

/** Solves L Lᵀ x = b in place in `b`, with L from `choleskyFactor`. */
export function choleskySolve(factor: Float64Array, n: number, b: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let sum = b[i]!;
    for (let k = 0; k < i; k++) sum -= factor[i * n + k]! * b[k]!;
    b[i] = sum / factor[i * n + i]!;
  }
  for (let i = n - 1; i >= 0; i--) {
    let sum = b[i]!;
    for (let k = i + 1; k < n; k++) sum -= factor[k * n + i]! * b[k]!;
    b[i] = sum / factor[i * n + i]!;
  }
}

/** Inverse of a symmetric positive definite matrix, or null when it is singular. */
export function invertSymmetric(a: Float64Array, n: number): Float64Array | null {
  const factor = Float64Array.from(a);
  if (!choleskyFactor(factor, n)) return null;
  const inverse = new Float64Array(n * n);
  const column = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    column.fill(0);
    column[j] = 1;
    choleskySolve(factor, n, column);
    for (let i = 0; i < n; i++) inverse[i * n + j] = column[i]!;
  }
  return inverse;
}

/**
 * Least-squares solution of the m×n system a x ≈ b (m ≥ n) by Householder QR, which keeps the
 * accuracy that normal equations lose on the ill-conditioned RC bases of Kramers–Kronig fits.
 * `a` and `b` are overwritten.
 */
export function leastSquares(a: Float64Array, m: number, n: number, b: Float64Array): Float64Array {
  const diagonal = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    let norm = 0;
    for (let i = j; i < m; i++) norm += a[i * n + j]! * a[i * n + j]!;
    norm = Math.sqrt(norm);
    if (norm === 0) {
      diagonal[j] = 0;
      continue;
    }
    const alpha = a[j * n + j]! > 0 ? -norm : norm;
    a[j * n + j]! -= alpha;
    diagonal[j] = alpha;
    // v = column j below the diagonal; H = I − 2 v vᵀ / (vᵀv)
    let vNorm2 = 0;
    for (let i = j; i < m; i++) vNorm2 += a[i * n + j]! * a[i * n + j]!;
    for (let k = j + 1; k < n; k++) {
      let dot = 0;
      for (let i = j; i < m; i++) dot += a[i * n + j]! * a[i * n + k]!;
      const scale = (2 * dot) / vNorm2;
      for (let i = j; i < m; i++) a[i * n + k]! -= scale * a[i * n + j]!;
    }
    let dot = 0;
    for (let i = j; i < m; i++) dot += a[i * n + j]! * b[i]!;
    const scale = (2 * dot) / vNorm2;
    for (let i = j; i < m; i++) b[i]! -= scale * a[i * n + j]!;
  }
  const x = new Float64Array(n);
  for (let j = n - 1; j >= 0; j--) {
    if (diagonal[j] === 0) continue;
    let sum = b[j]!;
    for (let k = j + 1; k < n; k++) sum -= a[j * n + k]! * x[k]!;
    x[j] = sum / diagonal[j]!;
  }
  return x;
}

/**
 * Non-negative least squares, min ½xᵀHx − gᵀx subject to x ≥ 0, for a symmetric positive
 * (semi)definite n×n H = AᵀA: Lawson & Hanson's active-set method written on the normal
 * equations (Solving Least Squares Problems, 1974, ch. 23). `free[k]` marks unknowns that
 * may take any sign (a series resistance, say).
 */
export function nonNegativeLeastSquares(
  h: Float64Array,
  g: Float64Array,
  n: number,
  free: Uint8Array = new Uint8Array(n),
): Float64Array {
  const x = new Float64Array(n);
  const passive = new Uint8Array(n);
  for (let k = 0; k < n; k++) passive[k] = free[k]!;
  const gradient = new Float64Array(n);
  const tolerance = 1e-12 * Math.max(1, ...Array.from(g, Math.abs));
  const maxIterations = 3 * n + 10;

  const solvePassive = (): Float64Array | null => {
    const indices: number[] = [];
    for (let k = 0; k < n; k++) if (passive[k]) indices.push(k);
    const size = indices.length;
    const sub = new Float64Array(size * size);
    const rhs = new Float64Array(size);
    for (let a = 0; a < size; a++) {
      rhs[a] = g[indices[a]!]!;
      for (let b = 0; b < size; b++) sub[a * size + b] = h[indices[a]! * n + indices[b]!]!;
    }
    // A tiny ridge keeps a rank-deficient passive set solvable.
    for (let a = 0; a < size; a++) sub[a * size + a]! += 1e-14 * (Math.abs(sub[a * size + a]!) + 1e-300);
    if (!choleskyFactor(sub, size)) return null;
    choleskySolve(sub, size, rhs);
    const z = new Float64Array(n);
    indices.forEach((k, a) => {
      z[k] = rhs[a]!;
    });
    return z;
  };

  const setFromPassive = (): void => {
    if (!passive.some((flag) => flag === 1)) return;
    const z = solvePassive();
    if (z) x.set(z);
  };
  setFromPassive();

  for (let iteration = 0; iteration < maxIterations; iteration++) {
    for (let k = 0; k < n; k++) {
      let sum = g[k]!;
      for (let j = 0; j < n; j++) sum -= h[k * n + j]! * x[j]!;
      gradient[k] = sum;
    }
    let best = -1;
    let bestValue = tolerance;
    for (let k = 0; k < n; k++) {
      if (!passive[k] && gradient[k]! > bestValue) {
        best = k;
        bestValue = gradient[k]!;
      }
    }
    if (best < 0) break;
    passive[best] = 1;
    for (let inner = 0; inner < 3 * n; inner++) {
      const z = solvePassive();
      if (!z) {
        passive[best] = 0;
        break;
      }
      let alpha = 1;
      let blocking = -1;
      for (let k = 0; k < n; k++) {
        if (passive[k] && !free[k] && z[k]! <= 0) {
          const step = x[k]! / (x[k]! - z[k]!);
          if (step < alpha) {
            alpha = step;
            blocking = k;
          }
        }
      }
      if (blocking < 0) {
        x.set(z);
        break;
      }
      for (let k = 0; k < n; k++) x[k]! += alpha * (z[k]! - x[k]!);
      for (let k = 0; k < n; k++) {
        if (passive[k] && !free[k] && x[k]! <= 1e-300) {
          passive[k] = 0;
          x[k] = 0;
        }
      }
    }
  }
  return x;
}
