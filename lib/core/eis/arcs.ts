/**
 * What a fitted arc means: for every resistor‖CPE (or ‖C, Zarc, K) its characteristic frequency
 * f = 1 / (2π (RQ)^{1/n}) and effective capacitance, and a label from the frequency window it
 * falls in (DESIGN §4: LPSCl bulk 700–32 kHz, SEI 32–1.5 kHz, charge transfer 1.5 kHz–2 Hz).
 *
 * Effective capacitance (Brug et al., J. Electroanal. Chem. 176, 275 (1984)):
 * C = Q^{1/n} (1/R_s + 1/R)^{(n−1)/n}, R_s the series resistance of the circuit (its top-level
 * resistors); without one it reduces to C = Q^{1/n} R^{(1−n)/n}. Errors are propagated from the
 * fit's covariance to first order (delta method).
 */
import type { Circuit, CircuitNode, ElementNode } from './circuit/parse.ts';

export type ArcKind = 'R-CPE' | 'R-C' | 'Zarc' | 'K';

export interface ArcParameters {
  /** The sub-circuit as written, e.g. `p(R1,CPE1)`. */
  element: string;
  kind: ArcKind;
  /** Parameter indices of R, Q (or C, or τ for K) and n (−1 when fixed at 1). */
  resistance: number;
  capacitive: number;
  exponent: number;
  /** Position among the circuit's top-level series terms. */
  topLevelIndex: number;
}

export interface ArcWindow {
  label: string;
  /** The window covers characteristic frequencies in [low_Hz, high_Hz). */
  low_Hz: number;
  high_Hz: number;
}

/** DESIGN §4's windows for LPSCl cells; above 32 kHz is bulk, below 2 Hz diffusion. */
export const defaultArcWindows: readonly ArcWindow[] = [
  { label: 'bulk', low_Hz: 32e3, high_Hz: Number.POSITIVE_INFINITY },
  { label: 'SEI', low_Hz: 1.5e3, high_Hz: 32e3 },
  { label: 'charge transfer', low_Hz: 2, high_Hz: 1.5e3 },
  { label: 'diffusion', low_Hz: 0, high_Hz: 2 },
];

/** Default circuit per cell type, used when the manifest names none. */
export function defaultCircuitFor(cellType: 'half' | 'full' | 'symmetric'): string {
  switch (cellType) {
    // Cu|SE|Li–In: bulk and interphase arcs, and a blocking tail while no Li is plated.
    case 'half':
      return 'R0-p(R1,CPE1)-p(R2,CPE2)-CPE3';
    // Cathode composite: bulk / interphase arcs and solid-state diffusion.
    case 'full':
      return 'R0-p(R1,CPE1)-p(R2,CPE2)-W1';
    default:
      return 'R0-p(R1,CPE1)-p(R2,CPE2)';
  }
}

export function labelForFrequency(
  frequency_Hz: number,
  windows: readonly ArcWindow[] = defaultArcWindows,
): string {
  return (
    windows.find((window) => frequency_Hz >= window.low_Hz && frequency_Hz < window.high_Hz)?.label ??
    'unassigned'
  );
}

/** The arcs of a circuit: top-level terms that are R‖CPE, R‖C, Zarc or K. */
export function findArcs(circuit: Circuit): ArcParameters[] {
  const topLevel = circuit.root.kind === 'series' ? circuit.root.children : [circuit.root];
  const arcs: ArcParameters[] = [];
  topLevel.forEach((node, topLevelIndex) => {
    const element = nodeText(node);
    if (node.kind === 'element') {
      const symbol = node.definition.symbol;
      const offset = node.parameterOffset;
      if (symbol === 'Zarc')
        arcs.push({
          element,
          kind: 'Zarc',
          resistance: offset,
          capacitive: offset + 1,
          exponent: offset + 2,
          topLevelIndex,
        });
      if (symbol === 'K')
        arcs.push({
          element,
          kind: 'K',
          resistance: offset,
          capacitive: offset + 1,
          exponent: -1,
          topLevelIndex,
        });
      return;
    }
    if (node.kind !== 'parallel' || node.children.length !== 2) return;
    const [a, b] = node.children as [CircuitNode, CircuitNode];
    if (a.kind !== 'element' || b.kind !== 'element') return;
    const resistor = [a, b].find((child) => child.definition.symbol === 'R');
    const capacitive = [a, b].find((child) => ['CPE', 'C'].includes(child.definition.symbol));
    if (!resistor || !capacitive) return;
    const isCpe = capacitive.definition.symbol === 'CPE';
    arcs.push({
      element,
      kind: isCpe ? 'R-CPE' : 'R-C',
      resistance: resistor.parameterOffset,
      capacitive: capacitive.parameterOffset,
      exponent: isCpe ? capacitive.parameterOffset + 1 : -1,
      topLevelIndex,
    });
  });
  return arcs;
}

/** Time constant τ = (RQ)^{1/n} (RC for n = 1, τ itself for K), s. */
export function arcTimeConstant(arc: ArcParameters, params: ArrayLike<number>): number {
  const r = params[arc.resistance]!;
  const q = params[arc.capacitive]!;
  if (arc.kind === 'K') return q;
  const n = arc.exponent >= 0 ? params[arc.exponent]! : 1;
  return (r * q) ** (1 / n);
}

/** Brug effective capacitance, F (see the module comment). */
export function arcCapacitance(
  arc: ArcParameters,
  params: ArrayLike<number>,
  seriesResistance_Ohm: number,
): number {
  const r = params[arc.resistance]!;
  const q = params[arc.capacitive]!;
  if (arc.kind === 'K') return q / r;
  if (arc.kind === 'R-C') return q;
  const n = params[arc.exponent]!;
  const conductance = (seriesResistance_Ohm > 0 ? 1 / seriesResistance_Ohm : 0) + 1 / r;
  return q ** (1 / n) * conductance ** ((n - 1) / n);
}

/** Sum of the resistors in series at the top level of the circuit, Ω (0 when none). */
export function seriesResistance(circuit: Circuit, params: ArrayLike<number>): number {
  const topLevel = circuit.root.kind === 'series' ? circuit.root.children : [circuit.root];
  return topLevel
    .filter((node): node is ElementNode => node.kind === 'element' && node.definition.symbol === 'R')
    .reduce((sum, node) => sum + params[node.parameterOffset]!, 0);
}

/**
 * Reorders the values of interchangeable arcs (same kind) so they appear in the circuit from the
 * highest characteristic frequency to the lowest. `p(R1,CPE1)-p(R2,CPE2)` is symmetric, so a fit
 * may land on either labelling; this makes R1 always the faster arc. Returns a new vector.
 */
export function orderArcsByFrequency(circuit: Circuit, params: Float64Array): Float64Array {
  const ordered = Float64Array.from(params);
  const arcs = findArcs(circuit);
  for (const kind of ['R-CPE', 'R-C', 'Zarc', 'K'] as const) {
    const group = arcs.filter((arc) => arc.kind === kind);
    const bySpeed = [...group].sort((a, b) => arcTimeConstant(a, params) - arcTimeConstant(b, params));
    group.forEach((slot, k) => {
      const source = bySpeed[k]!;
      ordered[slot.resistance] = params[source.resistance]!;
      ordered[slot.capacitive] = params[source.capacitive]!;
      if (slot.exponent >= 0) ordered[slot.exponent] = params[source.exponent]!;
    });
  }
  return ordered;
}

/** The sub-circuit as a circuit string. */
export function nodeText(node: CircuitNode): string {
  if (node.kind === 'element') return node.name;
  const parts = node.children.map(nodeText);
  return node.kind === 'series' ? parts.join('-') : `p(${parts.join(',')})`;
}
