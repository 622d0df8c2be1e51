/**
 * impedance.py circuit strings parsed into a tree, never evaluated as code.
 *
 * Grammar (whitespace ignored):
 *   circuit  := series
 *   series   := term ('-' term)*
 *   term     := 'p(' series (',' series)+ ')' | element
 *   element  := type identifier, type = letters (`R`, `CPE`, `Wo` …), identifier = digits/underscores
 *
 * Parameter names follow impedance.py: a one-parameter element is named by itself (`R0`), the
 * k-th parameter of a multi-parameter element is `<name>_<k>` (`CPE1_0` = Q, `CPE1_1` = n).
 */
import { message } from '../../messages.ts';
import { CircuitSyntaxError, DuplicateElementError, UnknownElementError } from '../errors.ts';
import { type ElementDefinition, elementDefinitions, type ParameterKind } from './elements.ts';

export interface ElementNode {
  kind: 'element';
  /** Name as written, e.g. `CPE1`. */
  name: string;
  definition: ElementDefinition;
  /** Index of the element's first parameter in the circuit's parameter vector. */
  parameterOffset: number;
}

export interface CompositeNode {
  kind: 'series' | 'parallel';
  children: CircuitNode[];
}

export type CircuitNode = ElementNode | CompositeNode;

export interface Circuit {
  /** The circuit string without whitespace. */
  text: string;
  root: CircuitNode;
  elements: ElementNode[];
  parameterNames: string[];
  parameterKinds: ParameterKind[];
  parameterUnits: string[];
}

/** Parses an impedance.py circuit string; throws a `CircuitSyntaxError` saying where and what was expected. */
export function parseCircuit(circuitText: string): Circuit {
  const text = circuitText.replace(/\s+/g, '');
  const elements: ElementNode[] = [];
  let position = 0;
  let parameterCount = 0;

  const fail = (expected: string): never => {
    throw new CircuitSyntaxError(message.circuitSyntax(text, position, expected), {
      location: { file: 'circuit', column: String(position + 1) },
      expected,
    });
  };

  const parseSeries = (): CircuitNode => {
    const children = [parseTerm()];
    while (text[position] === '-') {
      position++;
      children.push(parseTerm());
    }
    return children.length === 1 ? children[0]! : { kind: 'series', children };
  };

  const parseTerm = (): CircuitNode => {
    if (text.startsWith('p(', position)) {
      position += 2;
      const children = [parseSeries()];
      while (text[position] === ',') {
        position++;
        children.push(parseSeries());
      }
      if (text[position] !== ')') fail('"," or ")"');
      if (children.length < 2) fail('at least two branches inside p(…)');
      position++;
      return { kind: 'parallel', children };
    }
    return parseElement();
  };

  const parseElement = (): ElementNode => {
    const match = /^([A-Za-z]+)([0-9_]*)/.exec(text.slice(position));
    if (!match) fail('an element such as R1, CPE1 or p(…)');
    const [name, symbol] = [match![0], match![1]!];
    const definition = elementDefinitions.get(symbol);
    if (!definition) {
      throw new UnknownElementError(
        message.circuitUnknownElement(text, name, [...elementDefinitions.keys()]),
        {
          location: { file: 'circuit', column: String(position + 1) },
          expected: `one of ${[...elementDefinitions.keys()].join(', ')}`,
        },
      );
    }
    if (elements.some((element) => element.name === name)) {
      throw new DuplicateElementError(message.circuitDuplicateElement(text, name), {
        location: { file: 'circuit', column: String(position + 1) },
        expected: 'each element name once',
      });
    }
    position += name.length;
    const node: ElementNode = { kind: 'element', name, definition, parameterOffset: parameterCount };
    parameterCount += definition.units.length;
    elements.push(node);
    return node;
  };

  if (text.length === 0) fail('a circuit such as R0-p(R1,CPE1)');
  const root = parseSeries();
  if (position !== text.length) fail('"-" between elements, or the end of the circuit');

  const parameterNames: string[] = [];
  const parameterKinds: ParameterKind[] = [];
  const parameterUnits: string[] = [];
  for (const element of elements) {
    const count = element.definition.units.length;
    element.definition.units.forEach((unit, k) => {
      parameterNames.push(count === 1 ? element.name : `${element.name}_${k}`);
      parameterKinds.push(element.definition.kinds[k]!);
      parameterUnits.push(unit);
    });
  }
  return { text, root, elements, parameterNames, parameterKinds, parameterUnits };
}
