/**
 * The last step shared by every Arbin reader: raw columns in canonical units become one
 * canonical series. Arbin already writes charge current as positive and keeps its charge /
 * discharge capacity counters (Ah) per cycle; both are kept exactly as the instrument wrote them.
 */
import { EmptyFileError } from '../../errors.ts';
import type { IssueSink } from '../../issues.ts';
import { message } from '../../messages.ts';
import { type AuxChannel, type CanonicalSeries, emptySeries, type Provenance } from '../../series.ts';
import { enforceNonDecreasingTime } from '../time.ts';
import type { StartTime } from './start-time.ts';

export interface ArbinColumns {
  rows: number;
  time_s: Float64Array;
  voltage_V: Float64Array;
  current_A: Float64Array;
  /** Instrument indices as read (NaN where a cell was empty); source column names for messages. */
  stepIndex: { values: Float64Array; source: string } | null;
  cycleIndex: { values: Float64Array; source: string } | null;
  chargeCapacity_Ah: Float64Array | null;
  dischargeCapacity_Ah: Float64Array | null;
  temperature_C: Float64Array | null;
  aux: AuxChannel[];
}

export function assembleArbinSeries(
  columns: ArbinColumns,
  context: { provenance: Provenance; start: StartTime | null; issues: IssueSink },
): CanonicalSeries {
  const { provenance, start, issues } = context;
  const file = provenance.file;
  if (columns.rows === 0) {
    throw new EmptyFileError(message.emptyFile(file), {
      location: { file },
      expected: 'at least one data row',
    });
  }
  enforceNonDecreasingTime(columns.time_s, file, issues);
  if (start !== null && !start.zoneKnown) {
    issues.add({
      code: 'time_zone_unknown',
      severity: 'info',
      message: message.timeZoneUnknown(),
      location: { file },
    });
  }
  const series = emptySeries(provenance);
  series.rows = columns.rows;
  series.time_s = columns.time_s;
  series.voltage_V = columns.voltage_V;
  series.current_A = columns.current_A;
  series.startTime = start?.iso ?? null;
  series.startTimeZoneKnown = start?.zoneKnown ?? false;
  series.stepIndex = columns.stepIndex
    ? toIndexColumn(columns.stepIndex.values, columns.stepIndex.source, file, issues)
    : null;
  series.cycleIndex = columns.cycleIndex
    ? toIndexColumn(columns.cycleIndex.values, columns.cycleIndex.source, file, issues)
    : null;
  series.chargeCapacity_Ah = columns.chargeCapacity_Ah;
  series.dischargeCapacity_Ah = columns.dischargeCapacity_Ah;
  series.temperature_C = columns.temperature_C;
  series.aux = columns.aux;
  series.issues = issues.list();
  return series;
}

/**
 * Step or cycle numbers as integers. A column with no value at all becomes null (the file has
 * none: BEEP's export of an unfinished test); isolated empty cells take the value of the row
 * before (the first rows the first value), and that is reported.
 */
function toIndexColumn(
  values: Float64Array,
  source: string,
  file: string,
  issues: IssueSink,
): Int32Array | null {
  const indices = new Int32Array(values.length);
  let firstValue = Number.NaN;
  for (const value of values) {
    if (Number.isFinite(value)) {
      firstValue = value;
      break;
    }
  }
  if (Number.isNaN(firstValue)) return null;
  let previous = firstValue;
  let filled = 0;
  let firstFilledRow = -1;
  for (let row = 0; row < values.length; row++) {
    const value = values[row]!;
    if (Number.isFinite(value)) previous = value;
    else {
      filled++;
      if (firstFilledRow < 0) firstFilledRow = row;
    }
    indices[row] = Math.round(previous);
  }
  if (filled > 0) {
    issues.add({
      code: 'missing_data_filled',
      severity: 'warning',
      message: message.integerColumnFilled(source, filled),
      location: { file, column: source, row: firstFilledRow },
      count: filled,
    });
  }
  return indices;
}
