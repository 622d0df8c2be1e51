/**
 * Replicates: cells of the same group, type and temperature were built and tested the same
 * way, so each comparison metric is reported as their mean with its spread (sample standard
 * deviation, n − 1 in the denominator, and n).
 */
import type { CellType } from '../cycling/cycles.ts';

/** The metrics the comparison block reports (DESIGN §3.2), each a number or null per cell. */
export const comparisonMetrics = [
  'initialCoulombicEfficiency',
  'averageCoulombicEfficiency',
  'firstCycleDischargeCapacity_mAh',
  'firstCycleDischargeSpecificCapacity_mAh_g',
  'projectedCyclesTo80',
  'nucleationOverpotential_V',
  'ocvDriftOnset_h',
] as const;
export type ComparisonMetric = (typeof comparisonMetrics)[number];

export interface CellMetrics {
  id: string;
  group: string;
  type: CellType;
  temperatureC: number | null;
  metrics: Record<ComparisonMetric, number | null>;
}

export interface Spread {
  /** How many replicates have a value. */
  n: number;
  /** Sample standard deviation (n − 1); null for fewer than two values. */
  standardDeviation: number | null;
}

export interface ReplicateSet {
  group: string;
  type: CellType;
  temperatureC: number | null;
  /** Cell ids, in the order given. */
  cells: string[];
  /** Per metric: mean of the non-null values (null when none) and its spread. */
  metrics: Record<ComparisonMetric, { mean: number | null; spread: Spread }>;
}

/** Mean and sample standard deviation of the non-null values. */
export function meanAndSpread(values: readonly (number | null)[]): { mean: number | null; spread: Spread } {
  const present = values.filter((value): value is number => value !== null && Number.isFinite(value));
  const n = present.length;
  if (n === 0) return { mean: null, spread: { n: 0, standardDeviation: null } };
  const mean = present.reduce((sum, value) => sum + value, 0) / n;
  const standardDeviation =
    n < 2 ? null : Math.sqrt(present.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (n - 1));
  return { mean, spread: { n, standardDeviation } };
}

/** Key of a replicate set: group, type and temperature. */
export function conditionKey(type: CellType, temperatureC: number | null): string {
  return `${type}\u0000${temperatureC ?? 'none'}`;
}

/** Groups cells into replicate sets (first appearance order) with each metric's mean and spread. */
export function replicateSets(cells: readonly CellMetrics[]): ReplicateSet[] {
  const sets = new Map<string, CellMetrics[]>();
  for (const cell of cells) {
    const key = `${cell.group}\u0000${conditionKey(cell.type, cell.temperatureC)}`;
    const members = sets.get(key);
    if (members) members.push(cell);
    else sets.set(key, [cell]);
  }
  return [...sets.values()].map((members) => {
    const first = members[0]!;
    const metrics = Object.fromEntries(
      comparisonMetrics.map((metric) => [metric, meanAndSpread(members.map((cell) => cell.metrics[metric]))]),
    ) as ReplicateSet['metrics'];
    return {
      group: first.group,
      type: first.type,
      temperatureC: first.temperatureC,
      cells: members.map((cell) => cell.id),
      metrics,
    };
  });
}
