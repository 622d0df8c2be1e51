/**
 * The `comparison` block of report.json (DESIGN §3.2): cells are paired by type and
 * temperature; at each condition the baseline group is set against every other group, metric
 * by metric, with delta = other − baseline. Replicates enter as their mean, with their spread.
 */

import type { CellType } from '../cycling/cycles.ts';
import { message } from '../messages.ts';
import {
  type CellMetrics,
  type ComparisonMetric,
  comparisonMetrics,
  conditionKey,
  type ReplicateSet,
  replicateSets,
  type Spread,
} from './replicates.ts';

export interface ComparisonSide {
  /** The first cell of the replicate set (the only one without replicates). */
  cell: string;
  /** Every replicate's id. */
  cells: string[];
  /** Mean over the replicates that have a value; null when none has. */
  value: number | null;
  spread: Spread;
}

export interface ComparisonOther extends ComparisonSide {
  group: string;
  /** other − baseline, in the metric's unit; null when either is null. */
  delta: number | null;
}

export interface ComparisonEntry {
  metric: ComparisonMetric;
  temperatureC: number | null;
  type: CellType;
  baseline: ComparisonSide;
  others: ComparisonOther[];
}

export interface ComparisonOutcome {
  comparison: ComparisonEntry[];
  warnings: string[];
}

function side(set: ReplicateSet, metric: ComparisonMetric): ComparisonSide {
  const { mean, spread } = set.metrics[metric];
  return { cell: set.cells[0]!, cells: set.cells, value: mean, spread };
}

/**
 * One entry per condition (type + temperature) and metric where the baseline group and at
 * least one other group have cells, skipping metrics no cell at that condition has a value for
 * (a full cell has no OCV drift). Conditions without a baseline cell are named in a warning.
 */
export function compareCells(cells: readonly CellMetrics[], baselineGroup: string): ComparisonOutcome {
  const sets = replicateSets(cells);
  const conditions = new Map<string, ReplicateSet[]>();
  for (const set of sets) {
    const key = conditionKey(set.type, set.temperatureC);
    const members = conditions.get(key);
    if (members) members.push(set);
    else conditions.set(key, [set]);
  }
  const comparison: ComparisonEntry[] = [];
  const warnings: string[] = [];
  for (const members of conditions.values()) {
    const baseline = members.find((set) => set.group === baselineGroup);
    const others = members.filter((set) => set.group !== baselineGroup);
    if (others.length === 0) continue;
    if (baseline === undefined) {
      warnings.push(message.comparisonNoBaseline(baselineGroup, others[0]!.type, others[0]!.temperatureC));
      continue;
    }
    for (const metric of comparisonMetrics) {
      const base = side(baseline, metric);
      const rest = others.map((set): ComparisonOther => {
        const other = side(set, metric);
        const delta = other.value === null || base.value === null ? null : other.value - base.value;
        return { ...other, group: set.group, delta };
      });
      if (base.value === null && rest.every((other) => other.value === null)) continue;
      comparison.push({
        metric,
        temperatureC: baseline.temperatureC,
        type: baseline.type,
        baseline: base,
        others: rest,
      });
    }
  }
  return { comparison, warnings };
}
