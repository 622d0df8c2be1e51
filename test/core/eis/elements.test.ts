import { describe, expect, it } from 'vitest';
import {
  circuitImpedance,
  createEvaluator,
  elementImpedance,
  parseCircuit,
} from '../../../lib/core/eis/circuit/index.ts';

const omegaToHz = (omega: number) => omega / (2 * Math.PI);

describe('circuit elements', () => {
  // Truth: closed forms evaluated by hand (or with Python's cmath for tanh/coth).
  it.each([
    ['R', [5], 1, 5, 0],
    ['C', [1e-3], 1, 0, -1000],
    ['L', [1e-3], 1000, 0, 1],
    ['CPE', [1e-3, 0.5], 1, 1000 * Math.SQRT1_2, -1000 * Math.SQRT1_2],
    ['CPE', [2e-3, 0.8], 1, 154.50849718747372, -475.52825814757676],
    ['W', [10], 4, 5, -5],
    ['Wo', [1, 1], 1, 0.3312380919845216, -1.0220127244259885],
    ['Ws', [2, 0.5], 2, 1.7709016245182325, -0.573955745538458],
    ['G', [3, 2], 1, 1.7065934430173493, -1.0547327527624286],
    ['Zarc', [100, 1e-3, 1], 10, 50, -50],
    ['K', [10, 0.1], 10, 5, -5],
  ])('%s with %j at ω = %d rad/s gives the hand-computed impedance', (symbol, params, omega, re, im) => {
    // Act
    const z = elementImpedance(symbol, params, omegaToHz(omega));
    // Assess
    expect(z.re).toBeCloseTo(re, 9);
    expect(z.im).toBeCloseTo(im, 9);
  });

  it('a finite-length Warburg tends to Z₀ at low frequency and its small-s series joins the closed form', () => {
    const veryLow = elementImpedance('Ws', [7, 1], omegaToHz(1e-9));
    const justBelow = elementImpedance('Ws', [7, 1], omegaToHz(1.9e-6));
    const justAbove = elementImpedance('Ws', [7, 1], omegaToHz(2.1e-6));
    expect(veryLow.re).toBeCloseTo(7, 9);
    expect(justBelow.re).toBeCloseTo(justAbove.re, 9);
    expect(justBelow.derivatives[1]!.im / justAbove.derivatives[1]!.im).toBeCloseTo(1.9 / 2.1, 3);
  });

  const elementCases: [string, number[]][] = [
    ['R', [5]],
    ['C', [2e-6]],
    ['L', [3e-7]],
    ['CPE', [2e-5, 0.83]],
    ['W', [40]],
    ['Wo', [30, 0.7]],
    ['Ws', [30, 0.7]],
    ['G', [20, 1e-3]],
    ['Zarc', [80, 3e-6, 0.88]],
    ['K', [50, 2e-4]],
  ];
  it.each(elementCases)(
    'the analytic derivatives of %s match central finite differences',
    (symbol, params) => {
      for (const frequency of [1e-2, 3, 700, 2e5]) {
        const analytic = elementImpedance(symbol, params, frequency).derivatives;
        params.forEach((value, k) => {
          const step = value * 1e-6;
          const up = elementImpedance(
            symbol,
            params.map((p, j) => (j === k ? p + step : p)),
            frequency,
          );
          const down = elementImpedance(
            symbol,
            params.map((p, j) => (j === k ? p - step : p)),
            frequency,
          );
          const numericRe = (up.re - down.re) / (2 * step);
          const numericIm = (up.im - down.im) / (2 * step);
          const scale = Math.hypot(numericRe, numericIm) + 1e-12;
          expect(Math.abs(analytic[k]!.re - numericRe) / scale).toBeLessThan(1e-5);
          expect(Math.abs(analytic[k]!.im - numericIm) / scale).toBeLessThan(1e-5);
        });
      }
    },
  );
});

describe('circuit evaluation', () => {
  it('series adds and parallel adds admittances, nested as written', () => {
    // Prepare: R0 + (R1 ‖ (R2 + C1)) at ω = 1: R2 + C1 = 10 − 10j; ‖ 20 → 20(10 − 10j)/(30 − 10j)
    const circuit = parseCircuit('R0-p(R1,R2-C1)');
    const branch = { re: 10, im: -10 };
    const numerator = { re: 20 * branch.re, im: 20 * branch.im };
    const denominator = { re: 30, im: -10 };
    const d2 = denominator.re ** 2 + denominator.im ** 2;
    const expectedRe = 1 + (numerator.re * denominator.re + numerator.im * denominator.im) / d2;
    const expectedIm = (numerator.im * denominator.re - numerator.re * denominator.im) / d2;
    // Act
    const z = circuitImpedance(circuit, [1, 20, 10, 0.1], [omegaToHz(1)]);
    // Assess
    expect(z.zReal_Ohm[0]).toBeCloseTo(expectedRe, 12);
    expect(z.zImag_Ohm[0]).toBeCloseTo(expectedIm, 12);
  });

  it('the Jacobian of a nested circuit matches finite differences for every parameter', () => {
    // Prepare
    const circuit = parseCircuit('L0-R0-p(R1,CPE1)-p(R2-Wo1,C2,p(R3,G1))-Zarc1-K1-Ws1-W1');
    const params = [
      2e-7, 10, 50, 1e-6, 0.9, 30, 20, 0.5, 1e-4, 40, 15, 1e-3, 25, 2e-5, 0.8, 5, 1e-2, 12, 3, 8,
    ];
    const frequency = [1e5, 3e3, 120, 7, 0.2, 0.01];
    const evaluator = createEvaluator(circuit, frequency);
    const n = frequency.length;
    const p = circuit.parameterNames.length;
    const zRe = new Float64Array(n);
    const zIm = new Float64Array(n);
    const jacobianRe = new Float64Array(p * n);
    const jacobianIm = new Float64Array(p * n);
    // Act
    evaluator.evaluate(Float64Array.from(params), zRe, zIm, jacobianRe, jacobianIm);
    // Assess
    expect(p).toBe(params.length);
    for (let k = 0; k < p; k++) {
      const step = params[k]! * 1e-6;
      const up = circuitImpedance(
        circuit,
        params.map((value, j) => (j === k ? value + step : value)),
        frequency,
      );
      const down = circuitImpedance(
        circuit,
        params.map((value, j) => (j === k ? value - step : value)),
        frequency,
      );
      for (let i = 0; i < n; i++) {
        const numericRe = (up.zReal_Ohm[i]! - down.zReal_Ohm[i]!) / (2 * step);
        const numericIm = (up.zImag_Ohm[i]! - down.zImag_Ohm[i]!) / (2 * step);
        // Round-off of the difference quotient is ~1e-16·|Z|/step: allow for it.
        const scale = Math.hypot(numericRe, numericIm) + (1e-12 * Math.hypot(zRe[i]!, zIm[i]!)) / step;
        expect(
          Math.abs(jacobianRe[k * n + i]! - numericRe) / scale,
          `${circuit.parameterNames[k]} at ${frequency[i]} Hz`,
        ).toBeLessThan(1e-4);
        expect(
          Math.abs(jacobianIm[k * n + i]! - numericIm) / scale,
          `${circuit.parameterNames[k]} at ${frequency[i]} Hz: ${jacobianIm[k * n + i]} vs ${numericIm}, ${jacobianRe[k * n + i]} vs ${numericRe}`,
        ).toBeLessThan(1e-4);
      }
    }
  });
});
