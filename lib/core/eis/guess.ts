/**
 * Initial guesses read off the spectrum, so a fit needs no hand-typed starting values:
 *
 * - the high-frequency intercept on the real axis → the series resistance;
 * - each arc (a local maximum of −Z″ over log f) → one parallel sub-circuit, in circuit order from
 *   high to low frequency: R from the arc's share of the real-axis span, Q from the apex frequency
 *   via f = 1 / (2π (RQ)^{1/n}) with n = 0.85, C from f = 1 / (2πRC);
 * - the low-frequency tail's slope and size → a CPE (n from the angle of the tail), W, Wo, Ws or C.
 *
 * Circuits have more arcs than a noisy spectrum shows peaks: missing apexes are placed in the
 * widest gap in log f. The fit then starts from this guess and from perturbed copies of it.
 */
import type { Circuit, CircuitNode, ElementNode } from './circuit/parse.ts';
import type { Spectrum } from './spectrum.ts';

const DEFAULT_EXPONENT = 0.85;

interface SpectrumFeatures {
  highFrequencyResistance_Ohm: number;
  /** Apex frequencies of the arcs seen, high to low, with their heights (−Z″ at the apex, Ω). */
  peaks: { frequency_Hz: number; height_Ohm: number }[];
  /** Z′ where the arcs end and the tail begins (or Z′ at the lowest frequency without a tail). */
  arcEndResistance_Ohm: number;
  lowestFrequency_Hz: number;
  highestFrequency_Hz: number;
  /** −Z″ and Z′ at the lowest frequency. */
  tailReactance_Ohm: number;
  tailResistance_Ohm: number;
  /** Angle of the low-frequency tail on the Nyquist plot as a CPE exponent (π/2 ↔ 1). */
  tailExponent: number;
  /** Positive Z″ at the highest frequency (inductive cables), Ω. */
  inductiveReactance_Ohm: number;
}

/** Reads the features the guesses need from a spectrum sorted by descending frequency. */
export function spectrumFeatures(spectrum: Spectrum): SpectrumFeatures {
  const f = spectrum.frequency_Hz;
  const x = spectrum.zReal_Ohm;
  const count = f.length;
  const y = Float64Array.from(spectrum.zImag_Ohm, (value) => -value);
  const smooth = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const from = Math.max(0, i - 1);
    const to = Math.min(count - 1, i + 1);
    let sum = 0;
    for (let k = from; k <= to; k++) sum += y[k]!;
    smooth[i] = sum / (to - from + 1);
  }
  const span = Math.max(...x) - Math.min(...x) || Math.max(...x) || 1;

  // High-frequency intercept: where −Z″ turns positive, or an extrapolation of the first arc.
  let highFrequencyResistance_Ohm = x[0]!;
  let firstCapacitive = 0;
  if (y[0]! <= 0) {
    while (firstCapacitive < count && y[firstCapacitive]! <= 0) firstCapacitive++;
    if (firstCapacitive < count && firstCapacitive > 0) {
      const a = firstCapacitive - 1;
      const b = firstCapacitive;
      const t = y[a]! / (y[a]! - y[b]!);
      highFrequencyResistance_Ohm = x[a]! + t * (x[b]! - x[a]!);
    }
  } else {
    highFrequencyResistance_Ohm = Math.max(x[0]! - 0.25 * y[0]!, 0.05 * Math.abs(x[0]!));
  }
  if (!(highFrequencyResistance_Ohm > 0)) highFrequencyResistance_Ohm = 0.01 * span;

  // Arcs: local maxima of the smoothed −Z″ that stand out from the valleys on both sides.
  const maxY = Math.max(...smooth, 0);
  const candidates: number[] = [];
  for (let i = Math.max(1, firstCapacitive); i < count - 1; i++) {
    if (smooth[i]! > 0 && smooth[i]! >= smooth[i - 1]! && smooth[i]! > smooth[i + 1]!) candidates.push(i);
  }
  const peaks: { index: number; height: number }[] = [];
  for (const index of candidates) {
    let leftValley = smooth[index]!;
    for (let k = index - 1; k >= 0 && smooth[k]! <= smooth[index]!; k--)
      leftValley = Math.min(leftValley, smooth[k]!);
    let rightValley = smooth[index]!;
    for (let k = index + 1; k < count && smooth[k]! <= smooth[index]!; k++)
      rightValley = Math.min(rightValley, smooth[k]!);
    const prominence = smooth[index]! - Math.max(leftValley, rightValley);
    if (prominence > 0.02 * maxY) peaks.push({ index, height: y[index]! });
  }

  // Tail: −Z″ rising towards the lowest frequency after the last valley.
  let valley = count - 1;
  while (valley > 0 && smooth[valley - 1]! < smooth[valley]!) valley--;
  const hasTail = valley < count - 2;
  const arcEndResistance_Ohm = hasTail ? x[valley]! : x[count - 1]!;

  let tailExponent = DEFAULT_EXPONENT;
  if (hasTail) {
    const from = Math.max(valley, count - 4);
    const angle = Math.atan2(y[count - 1]! - y[from]!, x[count - 1]! - x[from]!);
    tailExponent = Math.min(1, Math.max(0.3, angle / (Math.PI / 2)));
  }
  return {
    highFrequencyResistance_Ohm,
    peaks: peaks.map((peak) => ({ frequency_Hz: f[peak.index]!, height_Ohm: peak.height })),
    arcEndResistance_Ohm,
    lowestFrequency_Hz: f[count - 1]!,
    highestFrequency_Hz: f[0]!,
    tailReactance_Ohm: y[count - 1]!,
    tailResistance_Ohm: x[count - 1]!,
    tailExponent,
    inductiveReactance_Ohm: Math.max(0, -y[0]!),
  };
}

/** One initial guess for every parameter of `circuit`, in parameter order. */
export function initialGuess(circuit: Circuit, spectrum: Spectrum): Float64Array {
  const features = spectrumFeatures(spectrum);
  const guess = new Float64Array(circuit.parameterNames.length);
  const topLevel: CircuitNode[] = circuit.root.kind === 'series' ? circuit.root.children : [circuit.root];
  const isArc = (node: CircuitNode): boolean =>
    node.kind === 'parallel' || (node.kind === 'element' && ['Zarc', 'K'].includes(node.definition.symbol));
  const arcs = topLevel.filter(isArc);
  const tails = topLevel.filter(
    (node) => node.kind === 'element' && ['W', 'Wo', 'Ws', 'CPE', 'C', 'G'].includes(node.definition.symbol),
  );
  const rHf = features.highFrequencyResistance_Ohm;
  const arcEnd = tails.length > 0 ? features.arcEndResistance_Ohm : features.tailResistance_Ohm;
  const arcTotal = Math.max(arcEnd - rHf, 0.05 * Math.abs(arcEnd), 1e-12);
  const apexes = arcApexes(features, arcs.length);
  const heightSum = apexes.reduce((sum, apex) => sum + apex.height_Ohm, 0);

  arcs.forEach((node, k) => {
    const apex = apexes[k]!;
    const share = heightSum > 0 ? apex.height_Ohm / heightSum : 1 / arcs.length;
    guessArc(node, Math.max(arcTotal * share, 1e-3 * arcTotal), apex.frequency_Hz, features, guess);
  });
  const omegaLow = 2 * Math.PI * features.lowestFrequency_Hz;
  const tailReactance = Math.max(features.tailReactance_Ohm, 0.05 * arcTotal);
  for (const node of tails) {
    const element = node as ElementNode;
    const offset = element.parameterOffset;
    switch (element.definition.symbol) {
      case 'W':
        guess[offset] = tailReactance * Math.sqrt(omegaLow);
        break;
      case 'CPE': {
        const n = features.tailExponent;
        const modulus = tailReactance / Math.sin((n * Math.PI) / 2);
        guess[offset] = 1 / (modulus * omegaLow ** n);
        guess[offset + 1] = n;
        break;
      }
      case 'C':
        guess[offset] = 1 / (omegaLow * tailReactance);
        break;
      case 'Wo':
        guess[offset] = tailReactance;
        guess[offset + 1] = 1 / omegaLow;
        break;
      default:
        // Ws and G: a finite resistance reached at the lowest frequencies.
        guess[offset] = Math.max(features.tailResistance_Ohm - arcEnd, 0.2 * arcTotal);
        guess[offset + 1] = 1 / omegaLow;
    }
  }
  // Everything else at the top level: series resistances and inductors.
  let seriesResistors = 0;
  for (const node of topLevel) {
    if (node.kind !== 'element' || isArc(node) || tails.includes(node)) continue;
    const offset = node.parameterOffset;
    if (node.definition.symbol === 'R') {
      guess[offset] = seriesResistors === 0 ? rHf : 0.05 * arcTotal;
      seriesResistors++;
    } else if (node.definition.symbol === 'L') {
      const omegaHigh = 2 * Math.PI * features.highestFrequency_Hz;
      guess[offset] = Math.max(features.inductiveReactance_Ohm, 1e-3 * arcTotal) / omegaHigh;
    } else {
      fillGeneric(node, arcTotal, features, guess);
    }
  }
  return guess;
}

/** `count` apex frequencies, high to low: the most prominent peaks, gaps filled in log f. */
function arcApexes(
  features: SpectrumFeatures,
  count: number,
): { frequency_Hz: number; height_Ohm: number }[] {
  const chosen = [...features.peaks]
    .sort((a, b) => b.height_Ohm - a.height_Ohm)
    .slice(0, count)
    .sort((a, b) => b.frequency_Hz - a.frequency_Hz);
  const fallbackHeight = Math.max(...chosen.map((peak) => peak.height_Ohm), 1e-12) / 2;
  while (chosen.length < count) {
    const edges = [
      { frequency_Hz: features.highestFrequency_Hz * 3, height_Ohm: 0 },
      ...chosen,
      { frequency_Hz: features.lowestFrequency_Hz, height_Ohm: 0 },
    ];
    let widest = 0;
    for (let k = 1; k + 1 < edges.length; k++) {
      if (
        edges[k]!.frequency_Hz / edges[k + 1]!.frequency_Hz >
        edges[widest]!.frequency_Hz / edges[widest + 1]!.frequency_Hz
      )
        widest = k;
    }
    const frequency_Hz = Math.sqrt(edges[widest]!.frequency_Hz * edges[widest + 1]!.frequency_Hz);
    chosen.splice(widest, 0, { frequency_Hz, height_Ohm: fallbackHeight });
  }
  return chosen;
}

/** Guesses for one arc-like sub-circuit of resistance `r_Ohm` peaking at `apex_Hz`. */
function guessArc(
  node: CircuitNode,
  r_Ohm: number,
  apex_Hz: number,
  features: SpectrumFeatures,
  guess: Float64Array,
) {
  const omega = 2 * Math.PI * apex_Hz;
  if (node.kind === 'element') {
    const offset = node.parameterOffset;
    if (node.definition.symbol === 'Zarc') {
      guess[offset] = r_Ohm;
      guess[offset + 1] = omega ** -DEFAULT_EXPONENT / r_Ohm;
      guess[offset + 2] = DEFAULT_EXPONENT;
    } else {
      guess[offset] = r_Ohm;
      guess[offset + 1] = 1 / omega;
    }
    return;
  }
  // In a parallel node, the branches holding a capacitive element set the time constant; the
  // others carry the resistance (split among their resistive elements).
  const elementsOf = (child: CircuitNode): ElementNode[] =>
    child.kind === 'element' ? [child] : child.children.flatMap(elementsOf);
  for (const child of node.kind === 'parallel' ? node.children : [node]) {
    const elements = elementsOf(child);
    const resistive = elements.filter((element) => !['C', 'CPE', 'L'].includes(element.definition.symbol));
    for (const element of elements) {
      const offset = element.parameterOffset;
      switch (element.definition.symbol) {
        case 'CPE':
          guess[offset] = omega ** -DEFAULT_EXPONENT / r_Ohm;
          guess[offset + 1] = DEFAULT_EXPONENT;
          break;
        case 'C':
          guess[offset] = 1 / (omega * r_Ohm);
          break;
        case 'L':
          guess[offset] = (1e-3 * r_Ohm) / omega;
          break;
        case 'Zarc':
          guess[offset] = r_Ohm / resistive.length;
          guess[offset + 1] = omega ** -DEFAULT_EXPONENT / r_Ohm;
          guess[offset + 2] = DEFAULT_EXPONENT;
          break;
        case 'R':
        case 'W':
          guess[offset] = r_Ohm / resistive.length;
          break;
        default:
          // Wo, Ws, G, K inside an arc: their own, slower, time constant.
          guess[offset] = r_Ohm / resistive.length;
          guess[offset + 1] = Math.max(10 / omega, 1 / (2 * Math.PI * features.lowestFrequency_Hz) / 10);
      }
    }
  }
}

function fillGeneric(
  node: ElementNode,
  scale_Ohm: number,
  features: SpectrumFeatures,
  guess: Float64Array,
): void {
  const omega = 2 * Math.PI * Math.sqrt(features.highestFrequency_Hz * features.lowestFrequency_Hz);
  const offset = node.parameterOffset;
  node.definition.kinds.forEach((kind, k) => {
    guess[offset + k] = kind === 'exponent' ? DEFAULT_EXPONENT : k === 0 ? scale_Ohm : 1 / omega;
  });
}
