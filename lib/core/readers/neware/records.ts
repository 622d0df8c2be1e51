/**
 * The columns every Neware reader fills (one row per data record), and the steps they share on
 * the way to a canonical series: ordering by record number, turning per-step time into test
 * time, and naming step codes Neware's tables do not know.
 */
import type { IssueSink } from '../../issues.ts';
import { message } from '../../messages.ts';
import {
  type AuxChannel,
  type CanonicalSeries,
  type ColumnMapping,
  emptySeries,
  type Provenance,
  StepType,
} from '../../series.ts';
import { enforceNonDecreasingTime } from '../time.ts';
import { stepKindOfCode } from './step-types.ts';

export interface NewareRecords {
  rows: number;
  /** Neware's record number (`Index` / `DataPoint`), 1-based. */
  recordIndex: Float64Array;
  /** Step time or test time, s, depending on the format (see `stepTimeToTestTime`). */
  time_s: Float64Array;
  voltage_V: Float64Array;
  current_A: Float64Array;
  chargeCapacity_Ah: Float64Array;
  dischargeCapacity_Ah: Float64Array;
  stepIndex: Int32Array;
  /** Null when the format stores no cycle number (BTS 9.0 `.nda`). */
  cycleIndex: Int32Array | null;
  /** `StepType` codes. */
  stepType: Uint8Array;
}

/** Columns for up to `capacity` rows; `rows` starts at 0. */
export function allocateRecords(capacity: number, withCycles: boolean): NewareRecords {
  const size = Math.max(0, Math.floor(capacity));
  return {
    rows: 0,
    recordIndex: new Float64Array(size),
    time_s: new Float64Array(size),
    voltage_V: new Float64Array(size),
    current_A: new Float64Array(size),
    chargeCapacity_Ah: new Float64Array(size),
    dischargeCapacity_Ah: new Float64Array(size),
    stepIndex: new Int32Array(size),
    cycleIndex: withCycles ? new Int32Array(size) : null,
    stepType: new Uint8Array(size),
  };
}

/** The same records in arrays half again as long (streamed readers that do not know the row count). */
export function growRecords(records: NewareRecords): NewareRecords {
  const grown = allocateRecords(Math.ceil(records.time_s.length * 1.5) + 16, true);
  grown.rows = records.rows;
  grown.recordIndex.set(records.recordIndex);
  grown.time_s.set(records.time_s);
  grown.voltage_V.set(records.voltage_V);
  grown.current_A.set(records.current_A);
  grown.chargeCapacity_Ah.set(records.chargeCapacity_Ah);
  grown.dischargeCapacity_Ah.set(records.dischargeCapacity_Ah);
  grown.stepIndex.set(records.stepIndex);
  grown.cycleIndex!.set(records.cycleIndex!);
  grown.stepType.set(records.stepType);
  return grown;
}

/**
 * Maps a binary step code to its `StepType`, reporting each code Neware's tables do not list once
 * (the row gets `StepType.unknown`).
 */
export class StepCodeMapper {
  readonly #seen = new Map<number, number>();
  readonly #file: string;
  readonly #issues: IssueSink;

  constructor(file: string, issues: IssueSink) {
    this.#file = file;
    this.#issues = issues;
  }

  stepType(code: number): number {
    const known = this.#seen.get(code);
    if (known !== undefined) return known;
    const kind = stepKindOfCode(code);
    const stepType = kind?.stepType ?? StepType.unknown;
    if (kind === null) {
      this.#issues.add({
        code: 'other',
        severity: 'warning',
        message: message.unknownStepCode(code),
        location: { file: this.#file, column: 'step type' },
      });
    }
    this.#seen.set(code, stepType);
    return stepType;
  }
}

/**
 * Records as a streaming reader may hand them over: `recordIndex` is null when the reader saw while
 * reading that every row's record number is above the one before, and so kept none.
 */
export type RecordsInReadOrder = Omit<NewareRecords, 'recordIndex'> & { recordIndex: Float64Array | null };

/**
 * Neware writes records in record-number order, but a file rewritten after a crash can repeat or
 * reorder some. Rows are kept in record-number order, and a repeated record number keeps its
 * first row (as NewareNDA does); both are reported. Records already in order (one pass to check,
 * or none when the reader checked) are returned as they are.
 */
export function orderByRecordIndex(records: NewareRecords, file: string, issues: IssueSink): NewareRecords;
export function orderByRecordIndex(
  records: RecordsInReadOrder,
  file: string,
  issues: IssueSink,
): RecordsInReadOrder;
export function orderByRecordIndex(
  records: RecordsInReadOrder,
  file: string,
  issues: IssueSink,
): RecordsInReadOrder {
  const { rows, recordIndex } = records;
  if (recordIndex === null || isIncreasing(recordIndex, rows)) return records;
  const order = Array.from({ length: rows }, (_, row) => row).sort(
    (a, b) => recordIndex[a]! - recordIndex[b]! || a - b,
  );
  const kept: number[] = [];
  for (const row of order) {
    if (kept.length > 0 && recordIndex[kept[kept.length - 1]!] === recordIndex[row]) continue;
    kept.push(row);
  }
  const dropped = rows - kept.length;
  if (dropped > 0) {
    issues.add({
      code: 'duplicate_row',
      severity: 'warning',
      message: message.duplicateRow(dropped),
      location: { file, column: 'record index' },
      count: dropped,
    });
  }
  issues.add({
    code: 'other',
    severity: 'info',
    message: message.recordsReordered(),
    location: { file, column: 'record index' },
  });
  const result = allocateRecords(kept.length, records.cycleIndex !== null);
  result.rows = kept.length;
  kept.forEach((source, target) => {
    result.recordIndex[target] = recordIndex[source]!;
    result.time_s[target] = records.time_s[source]!;
    result.voltage_V[target] = records.voltage_V[source]!;
    result.current_A[target] = records.current_A[source]!;
    result.chargeCapacity_Ah[target] = records.chargeCapacity_Ah[source]!;
    result.dischargeCapacity_Ah[target] = records.dischargeCapacity_Ah[source]!;
    result.stepIndex[target] = records.stepIndex[source]!;
    result.stepType[target] = records.stepType[source]!;
    if (result.cycleIndex && records.cycleIndex) result.cycleIndex[target] = records.cycleIndex[source]!;
  });
  return result;
}

/** Whether each of the first `rows` record numbers is above the one before (NaN is not). */
function isIncreasing(recordIndex: Float64Array, rows: number): boolean {
  for (let row = 1; row < rows; row++) if (!(recordIndex[row]! > recordIndex[row - 1]!)) return false;
  return true;
}

/**
 * Turns per-step time into test time, in place. Neware counts time from the start of each step;
 * a new step starts where the step number or cycle changes, or where step time falls. The first
 * record of a step is written at the moment the previous one ends (step time 0), so
 * test time = test time at the end of the previous step + step time. Pauses are not counted, as
 * in Neware's own "Total Time". `stepNumber`, when the format counts steps, marks new steps too.
 */
export function stepTimeToTestTime(records: RecordsInReadOrder, stepNumber?: Int32Array): void {
  const { rows, time_s, stepIndex, cycleIndex } = records;
  let offset_s = 0;
  let previousStep_s = 0;
  for (let row = 0; row < rows; row++) {
    const step_s = time_s[row]!;
    if (row > 0) {
      const newStep =
        (stepNumber !== undefined && stepNumber[row] !== stepNumber[row - 1]) ||
        stepIndex[row] !== stepIndex[row - 1] ||
        (cycleIndex !== null && cycleIndex[row] !== cycleIndex[row - 1]) ||
        step_s < previousStep_s;
      if (newStep) offset_s = time_s[row - 1]!;
    }
    previousStep_s = step_s;
    time_s[row] = offset_s + step_s;
  }
}

export interface SeriesParts {
  file: string;
  format: string;
  formatVersion: string | null;
  instrument: string;
  bytes: number;
  columns: ColumnMapping[];
  startTime: string | null;
  startTimeZoneKnown: boolean;
  aux: AuxChannel[];
  issues: IssueSink;
}

/** The canonical series of Neware records whose `time_s` is already test time. */
export function recordsToSeries(records: RecordsInReadOrder, parts: SeriesParts): CanonicalSeries {
  const rows = records.rows;
  const time_s = records.time_s.subarray(0, rows);
  enforceNonDecreasingTime(time_s, parts.file, parts.issues);
  const provenance: Provenance = {
    file: parts.file,
    format: parts.format,
    formatVersion: parts.formatVersion,
    instrument: parts.instrument,
    columns: parts.columns,
    bytes: parts.bytes,
  };
  const temperature = parts.aux.find((channel) => channel.quantity === 'temperature');
  return {
    ...emptySeries(provenance),
    rows,
    time_s,
    voltage_V: records.voltage_V.subarray(0, rows),
    current_A: records.current_A.subarray(0, rows),
    startTime: parts.startTime,
    startTimeZoneKnown: parts.startTimeZoneKnown,
    stepIndex: records.stepIndex.subarray(0, rows),
    cycleIndex: records.cycleIndex?.subarray(0, rows) ?? null,
    stepType: records.stepType.subarray(0, rows),
    temperature_C: temperature?.values ?? null,
    chargeCapacity_Ah: records.chargeCapacity_Ah.subarray(0, rows),
    dischargeCapacity_Ah: records.dischargeCapacity_Ah.subarray(0, rows),
    aux: parts.aux,
    issues: parts.issues.list(),
  };
}

/** Column mapping of a binary field: no unit text, the scale applied to reach the canonical unit. */
export function binaryColumn(
  source: string,
  target: string,
  bdfLabel: string | null,
  scale: number,
): ColumnMapping {
  return { source, target, bdfLabel, sourceUnit: null, scale };
}
