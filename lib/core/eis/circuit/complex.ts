/**
 * Complex arithmetic on plain numbers, written into caller-owned scratch arrays so the fitting
 * loop allocates nothing. A complex value is a (re, im) pair at `out[index]`, `out[index + 1]`.
 */

/** tanh(re + j·im), stable for large |re| (where cosh overflows): tanh → ±1. */
export function complexTanh(re: number, im: number, out: Float64Array, index: number): void {
  if (Math.abs(re) > 20) {
    // tanh(x + jy) = sign(x) + O(e^{-2|x|}); the correction is below double precision here.
    out[index] = Math.sign(re);
    out[index + 1] = 0;
    return;
  }
  const denominator = Math.cosh(2 * re) + Math.cos(2 * im);
  out[index] = Math.sinh(2 * re) / denominator;
  out[index + 1] = Math.sin(2 * im) / denominator;
}

/** Principal square root of re + j·im, without the cancellation of √((|z| − re)/2) when |im| ≪ re. */
export function complexSqrt(re: number, im: number, out: Float64Array, index: number): void {
  const modulus = Math.hypot(re, im);
  if (modulus === 0) {
    out[index] = 0;
    out[index + 1] = 0;
    return;
  }
  if (re >= 0) {
    const real = Math.sqrt((modulus + re) / 2);
    out[index] = real;
    out[index + 1] = im / (2 * real);
    return;
  }
  const imag = Math.sqrt((modulus - re) / 2);
  out[index] = Math.abs(im) / (2 * imag);
  out[index + 1] = im < 0 ? -imag : imag;
}
