/**
 * Data problems are values, not exceptions: a reader or an analysis returns them beside its
 * result, and the report prints them in its data-quality section. Only unusable input throws.
 * Messages are built by the catalogue in `messages.ts`, never typed inline.
 */

export type DataIssueCode =
  | 'missing_column'
  | 'unknown_column'
  | 'unit_guessed'
  | 'non_monotonic_time'
  | 'time_reset'
  | 'duplicate_row'
  | 'non_numeric_value'
  | 'missing_value'
  | 'decimal_comma'
  | 'encoding_guessed'
  | 'sign_convention'
  | 'truncated_record'
  | 'missing_data_filled'
  | 'time_zone_unknown'
  | 'step_disagreement'
  | 'cycle_disagreement'
  | 'clock_offset_applied'
  | 'gap_in_record'
  | 'unsorted_frequencies'
  | 'other';

export interface DataLocation {
  file: string;
  /** 1-based line of a text file. */
  line?: number;
  /** Byte offset in a binary file. */
  byteOffset?: number;
  /** Column header or binary column id. */
  column?: string;
  /** 0-based data row in the canonical series. */
  row?: number;
}

export interface DataIssue {
  code: DataIssueCode;
  severity: 'info' | 'warning';
  message: string;
  location: DataLocation;
  /** How many rows or records the issue covers, when it repeats (reported once, counted). */
  count?: number;
}

/**
 * Collects issues while a reader runs, folding repeats of the same code and column into one
 * counted issue so a million duplicated rows do not become a million objects.
 */
export class IssueSink {
  readonly #issues: DataIssue[] = [];
  readonly #byKey = new Map<string, DataIssue>();

  add(issue: DataIssue): void {
    const key = `${issue.code}\u0000${issue.location.column ?? ''}`;
    const existing = this.#byKey.get(key);
    if (existing) {
      existing.count = (existing.count ?? 1) + (issue.count ?? 1);
      return;
    }
    this.#byKey.set(key, issue);
    this.#issues.push(issue);
  }

  list(): DataIssue[] {
    return [...this.#issues];
  }
}
