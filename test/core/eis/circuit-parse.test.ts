import { describe, expect, it } from 'vitest';
import { parseCircuit } from '../../../lib/core/eis/circuit/index.ts';
import {
  CircuitSyntaxError,
  DuplicateElementError,
  UnknownElementError,
} from '../../../lib/core/eis/errors.ts';
import { message } from '../../../lib/core/messages.ts';

describe('circuit strings', () => {
  it('names parameters as impedance.py does', () => {
    const circuit = parseCircuit('R0-p(R1,CPE1)-p(R2,CPE2)-Wo1');
    expect(circuit.parameterNames).toEqual([
      'R0',
      'R1',
      'CPE1_0',
      'CPE1_1',
      'R2',
      'CPE2_0',
      'CPE2_1',
      'Wo1_0',
      'Wo1_1',
    ]);
    expect(circuit.parameterKinds[3]).toBe('exponent');
  });

  it('parses nested parallel blocks with more than two branches into a tree', () => {
    const circuit = parseCircuit(' R0 - p(R1, C1, p(R2-W1, CPE2)) ');
    expect(circuit.text).toBe('R0-p(R1,C1,p(R2-W1,CPE2))');
    expect(circuit.root.kind).toBe('series');
    const parallel = circuit.root.kind === 'series' ? circuit.root.children[1]! : circuit.root;
    expect(parallel.kind === 'parallel' && parallel.children.length).toBe(3);
  });

  it.each([
    ['R0-', 3, 'an element such as R1, CPE1 or p(…)'],
    ['R0-p(R1,C1', 10, '"," or ")"'],
    ['p(R1)', 4, 'at least two branches inside p(…)'],
    ['R0)R1', 2, '"-" between elements, or the end of the circuit'],
    ['', 0, 'a circuit such as R0-p(R1,CPE1)'],
  ])('refuses %j, saying where and what was expected', (text, position, expected) => {
    const error = captureError(() => parseCircuit(text));
    expect(error).toBeInstanceOf(CircuitSyntaxError);
    expect(error.message).toBe(message.circuitSyntax(text, position, expected));
    expect((error as CircuitSyntaxError).expected).toBe(expected);
  });

  it('refuses an unknown element type', () => {
    expect(() => parseCircuit('R0-X1')).toThrow(UnknownElementError);
  });

  it('refuses a duplicated element name', () => {
    const error = captureError(() => parseCircuit('R1-p(R1,C1)'));
    expect(error).toBeInstanceOf(DuplicateElementError);
    expect(error.message).toBe(message.circuitDuplicateElement('R1-p(R1,C1)', 'R1'));
  });
});

function captureError(action: () => unknown): Error {
  try {
    action();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}
