/**
 * The nested Neware "regular export" (BTSDA "export all layers"): three header lines (cycle,
 * step, record), then each cycle's row, its steps' rows indented by one empty cell, and their
 * records indented by two. Record rows carry no cycle or step: they belong to the rows above.
 * The cycle rows hold Neware's own per-cycle charge and discharge capacity, exposed as the
 * instrument's cycle summary. Quirk of real files: the first step row is appended to the first
 * cycle row instead of standing on its own line.
 */
import { ReaderError } from '../../errors.ts';
import type { IssueSink } from '../../issues.ts';
import { message } from '../../messages.ts';
import { bdfLabel, type ColumnMapping } from '../../series.ts';
import type { ByteSource } from '../source.ts';
import { latin1Slice } from '../text/decode.ts';
import { newParseState, parseNumberBytes } from '../text/numbers.ts';
import type { NewareColumn, NewareColumnRole } from './csv-columns.ts';
import { durationOf, stepTypeOf } from './csv-flat.ts';
import type { CsvEncoding } from './csv-text.ts';
import { allocateRecords, growRecords, type NewareRecords, stepTimeToTestTime } from './records.ts';
import { chargeDirection } from './step-types.ts';

/** Neware's per-cycle totals, as its cycle rows state them. */
export interface NewareCycleSummary {
  cycle: number;
  chargeCapacity_Ah: number;
  dischargeCapacity_Ah: number;
}

export interface NestedLayout {
  file: string;
  cycleColumns: readonly NewareColumn[];
  stepColumns: readonly NewareColumn[];
  recordColumns: readonly NewareColumn[];
  delimiter: number;
  /** Bytes of the three header lines. */
  dataOffset: number;
  encoding: CsvEncoding;
  size: number | null;
}

export interface NestedResult {
  records: NewareRecords;
  cycles: NewareCycleSummary[];
  mappings: ColumnMapping[];
  firstTime_s: number;
  /** Wall-clock text of the first record's date cell, if any. */
  firstDate: string | null;
}

const LF = 10;
const CR = 13;
const DOT = 46;

/** Reads a nested export line by line as it streams in. */
export async function readNestedRecords(
  source: ByteSource,
  layout: NestedLayout,
  issues: IssueSink,
): Promise<NestedResult> {
  const { file, delimiter } = layout;
  const at = (columns: readonly NewareColumn[], role: NewareColumnRole) =>
    columns.findIndex((column) => column.role === role);
  const cycleAt = {
    cycle: 0,
    charge: at(layout.cycleColumns, 'chargeCapacity'),
    discharge: at(layout.cycleColumns, 'dischargeCapacity'),
  };
  const cycleScale = {
    charge: chargeScale(layout.cycleColumns[cycleAt.charge]),
    discharge: chargeScale(layout.cycleColumns[cycleAt.discharge]),
  };
  const stepAt = { index: at(layout.stepColumns, 'step'), type: at(layout.stepColumns, 'stepType') };
  const recordAt = {
    record: at(layout.recordColumns, 'record'),
    stepTime: at(layout.recordColumns, 'stepTime'),
    totalTime: at(layout.recordColumns, 'totalTime'),
    voltage: at(layout.recordColumns, 'voltage'),
    current: at(layout.recordColumns, 'current'),
    capacity: at(layout.recordColumns, 'capacity'),
    date: at(layout.recordColumns, 'date'),
  };
  if (recordAt.voltage < 0 || recordAt.current < 0) {
    throw new ReaderError(
      message.missingColumn(
        file,
        recordAt.voltage < 0 ? 'voltage' : 'current',
        layout.recordColumns.map((c) => c.header),
      ),
      { location: { file, line: 3 }, expected: 'Voltage(V) and Current(A) in the record header' },
    );
  }
  const currentScale = layout.recordColumns[recordAt.current]!.unit?.scale ?? 1;
  const capacityScale = chargeScale(layout.recordColumns[recordAt.capacity]);
  const useTotalTime = recordAt.totalTime >= 0;
  const timeAt = useTotalTime ? recordAt.totalTime : recordAt.stepTime;
  const lastNeeded = Math.max(...Object.values(recordAt));

  const estimate = layout.size === null ? 4096 : layout.size / 60;
  let records = allocateRecords(estimate, true);
  const cycles: NewareCycleSummary[] = [];
  const stepTypeCache = new Map<string, number>();
  const state = newParseState();
  const cellStarts = new Int32Array(
    Math.max(lastNeeded, layout.stepColumns.length, layout.cycleColumns.length) + 2,
  );
  let cycle = 0;
  let stepIndex = 0;
  let stepType = 0;
  let firstDate: string | null = null;
  let line = 4;

  /** Fills `cellStarts` with the start of each cell (cell k spans cellStarts[k] … cellStarts[k+1]-1). */
  const splitLine = (bytes: Uint8Array, start: number, end: number): number => {
    let cells = 0;
    cellStarts[cells++] = start;
    for (let i = start; i < end && cells < cellStarts.length - 1; i++) {
      if (bytes[i] === delimiter) cellStarts[cells++] = i + 1;
    }
    cellStarts[cells] = end + 1;
    return cells;
  };
  const number = (bytes: Uint8Array, cell: number, cells: number): number =>
    cell < 0 || cell >= cells
      ? Number.NaN
      : parseNumberBytes(bytes, cellStarts[cell]!, cellStarts[cell + 1]! - 1, DOT, state);
  const text = (bytes: Uint8Array, cell: number, cells: number): string =>
    cell < 0 || cell >= cells ? '' : latin1Slice(bytes, cellStarts[cell]!, cellStarts[cell + 1]! - 1);

  const readStep = (bytes: Uint8Array, cells: number, shift: number): void => {
    stepIndex = number(bytes, stepAt.index + shift, cells);
    stepType = stepTypeOf(
      text(bytes, stepAt.type + shift, cells),
      layout.encoding,
      stepTypeCache,
      file,
      issues,
    );
  };

  const parseLine = (bytes: Uint8Array, start: number, end: number): void => {
    if (end > start && bytes[end - 1] === CR) end--;
    if (end === start) return;
    const cells = splitLine(bytes, start, end);
    const indent = bytes[start] !== delimiter ? 0 : bytes[start + 1] !== delimiter ? 1 : 2;
    if (indent === 0) {
      cycle = number(bytes, cycleAt.cycle, cells);
      cycles.push({
        cycle,
        chargeCapacity_Ah: number(bytes, cycleAt.charge, cells) * cycleScale.charge,
        dischargeCapacity_Ah: number(bytes, cycleAt.discharge, cells) * cycleScale.discharge,
      });
      // The first step row of the file is appended to its cycle row.
      if (cells > layout.cycleColumns.length) readStep(bytes, cells, layout.cycleColumns.length - 1);
      return;
    }
    if (indent === 1) {
      readStep(bytes, cells, 0);
      return;
    }
    if (cycles.length === 0) {
      throw new ReaderError(message.newareCsvOrphanRecord(file, line), {
        location: { file, line },
        expected: 'a cycle row and a step row before the first record row',
      });
    }
    if (records.rows === records.time_s.length) records = growRecords(records);
    const row = records.rows++;
    records.recordIndex[row] = number(bytes, recordAt.record, cells);
    records.cycleIndex![row] = cycle;
    records.stepIndex[row] = stepIndex;
    records.stepType[row] = stepType;
    records.time_s[row] = durationOf(
      text(bytes, timeAt, cells),
      file,
      line,
      layout.recordColumns[timeAt]!.header,
    );
    records.voltage_V[row] = number(bytes, recordAt.voltage, cells);
    const current_A = number(bytes, recordAt.current, cells) * currentScale;
    records.current_A[row] = current_A;
    const capacity_Ah = Math.abs(number(bytes, recordAt.capacity, cells) * capacityScale);
    const direction = chargeDirection(stepType) || Math.sign(current_A);
    records.chargeCapacity_Ah[row] = direction > 0 ? capacity_Ah : 0;
    records.dischargeCapacity_Ah[row] = direction < 0 ? capacity_Ah : 0;
    if (firstDate === null && recordAt.date >= 0) firstDate = text(bytes, recordAt.date, cells);
  };

  let toSkip = layout.dataOffset;
  let carry: Uint8Array | null = null;
  for await (const chunk of source.chunks()) {
    let bytes = chunk;
    if (toSkip > 0) {
      if (bytes.length <= toSkip) {
        toSkip -= bytes.length;
        continue;
      }
      bytes = bytes.subarray(toSkip);
      toSkip = 0;
    }
    if (carry !== null) {
      const joined = new Uint8Array(carry.length + bytes.length);
      joined.set(carry);
      joined.set(bytes, carry.length);
      bytes = joined;
      carry = null;
    }
    let lineStart = 0;
    for (let i = bytes.indexOf(LF); i !== -1; i = bytes.indexOf(LF, lineStart)) {
      parseLine(bytes, lineStart, i);
      line++;
      lineStart = i + 1;
    }
    if (lineStart < bytes.length) carry = bytes.slice(lineStart);
  }
  if (carry !== null) parseLine(carry, 0, carry.length);

  const firstTime_s = records.time_s[0] ?? 0;
  if (!useTotalTime) stepTimeToTestTime(records);
  const mappings: ColumnMapping[] = [
    mapping(layout.recordColumns[timeAt]!, 'time_s', bdfLabel.time_s, 1),
    mapping(layout.recordColumns[recordAt.voltage]!, 'voltage_V', bdfLabel.voltage_V, 1),
    mapping(layout.recordColumns[recordAt.current]!, 'current_A', bdfLabel.current_A, currentScale),
  ];
  if (recordAt.capacity >= 0) {
    mappings.push(
      mapping(
        layout.recordColumns[recordAt.capacity]!,
        'chargeCapacity_Ah',
        bdfLabel.chargeCapacity_Ah,
        capacityScale,
      ),
    );
  }
  return { records, cycles, mappings, firstTime_s, firstDate };
}

/** Scale of a capacity header to Ah (Neware writes `(Ah)` or `(mAh)`); mAh when no unit is stated. */
function chargeScale(column: NewareColumn | undefined): number {
  return column?.unit?.quantity === 'charge' ? column.unit.scale : 1e-3;
}

function mapping(column: NewareColumn, target: string, label: string | null, scale: number): ColumnMapping {
  return { source: column.header, target, bdfLabel: label, sourceUnit: column.unitText, scale };
}
