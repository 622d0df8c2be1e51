/**
 * Arbin CSV exports: MITS Pro / Data Watcher and BEEP's export of Arbin SQL data
 * (`Data_Point,Test_Time,DateTime,…` with unix seconds, or `Test_Time(s)`, `Current(A)` with
 * units), and MITS 7/8 (`Test Time (s)`, `Current (A)`, `Date Time` as `MM/DD/YYYY hh:mm:ss.fff`).
 * The header names the columns; data lines stream through `scanDelimited`.
 */
import { EmptyFileError, MissingColumnError, ReaderError } from '../../errors.ts';
import { IssueSink } from '../../issues.ts';
import { message } from '../../messages.ts';
import type { AuxChannel, CanonicalSeries } from '../../series.ts';
import type { DetectionProbe, Reader } from '../reader.ts';
import type { ByteSource } from '../source.ts';
import { Float64ColumnBuilder } from '../text/columns.ts';
import { decodeText, hasUtf8Bom } from '../text/decode.ts';
import { type FieldSpec, scanDelimited } from '../text/delimited.ts';
import { assembleArbinSeries } from './assemble.ts';
import { type ArbinColumnPlan, isArbinTable, type PlannedColumn, planArbinColumns } from './columns.ts';
import { type StartTime, startFromRow } from './start-time.ts';

/** Lines of preamble searched for the header. */
const MAX_HEADER_LINE = 20;
const LF = 10;
const DOT = 46;
const EXPECTED_HEADER = 'Arbin columns Test_Time, Step_Index, Cycle_Index, Current and Voltage';

interface HeaderLine {
  /** 0-based line index of the header. */
  lineIndex: number;
  /** Byte offset of the first data line. */
  dataOffset: number;
  /** Byte range of the first data line in the head, when it is complete there. */
  firstDataLine: { start: number; end: number } | null;
  delimiter: string;
  headers: string[];
  plan: ArbinColumnPlan;
}

function splitFields(line: string, delimiter: string): string[] {
  return line.split(delimiter).map((field) => field.trim().replace(/^"(.*)"$/, '$1'));
}

function delimiterOf(line: string): string {
  const counts = [',', '\t', ';'].map((candidate) => ({
    candidate,
    count: line.split(candidate).length - 1,
  }));
  counts.sort((a, b) => b.count - a.count);
  return counts[0]!.count > 0 ? counts[0]!.candidate : ',';
}

/** Finds the Arbin header among the first lines of the head. */
function findHeader(head: Uint8Array): HeaderLine | null {
  let lineStart = hasUtf8Bom(head) ? 3 : 0;
  for (let lineIndex = 0; lineIndex < MAX_HEADER_LINE && lineStart < head.length; lineIndex++) {
    let lineEnd = head.indexOf(LF, lineStart);
    const complete = lineEnd >= 0;
    if (!complete) lineEnd = head.length;
    const text = decodeText(head.subarray(lineStart, lineEnd)).replace(/\r$/, '');
    const delimiter = delimiterOf(text);
    const headers = splitFields(text, delimiter);
    const plan = planArbinColumns(headers);
    if (isArbinTable(plan)) {
      const dataOffset = complete ? lineEnd + 1 : head.length;
      const nextEnd = head.indexOf(LF, dataOffset);
      return {
        lineIndex,
        dataOffset,
        firstDataLine: nextEnd >= 0 ? { start: dataOffset, end: nextEnd } : null,
        delimiter,
        headers,
        plan,
      };
    }
    if (!complete) break;
    lineStart = lineEnd + 1;
  }
  return null;
}

/** Start time from the first data line: its date stamp minus its test time. */
function startOfFirstLine(
  head: Uint8Array,
  header: HeaderLine,
  issues: IssueSink,
  file: string,
): StartTime | null {
  const { plan, firstDataLine } = header;
  if (plan.date === null || plan.time === null || firstDataLine === null) return null;
  const fields = splitFields(
    decodeText(head.subarray(firstDataLine.start, firstDataLine.end)).replace(/\r$/, ''),
    header.delimiter,
  );
  const stampText = fields[plan.date.index] ?? '';
  const start = startFromRow(stampText, Number(fields[plan.time.index]) * plan.time.scale);
  if (start === null && stampText.trim() !== '') {
    issues.add({
      code: 'other',
      severity: 'warning',
      message: message.startTimeUnreadable(stampText.trim()),
      location: { file, line: header.lineIndex + 2, column: plan.date.source },
    });
  }
  return start;
}

function requireColumn(
  column: PlannedColumn | null,
  quantity: string,
  file: string,
  headers: string[],
): PlannedColumn {
  if (column !== null) return column;
  throw new MissingColumnError(message.missingColumn(file, quantity, headers), {
    location: { file, line: 1 },
    expected: EXPECTED_HEADER,
  });
}

export const arbinCsvReader: Reader = {
  format: 'arbin-csv',
  description: 'Arbin CSV export (MITS Pro, MITS 7/8, BEEP)',

  detect(probe: DetectionProbe): number {
    return findHeader(probe.head) === null ? 0 : 0.95;
  },

  async read(source: ByteSource): Promise<CanonicalSeries> {
    const file = source.name;
    const head = await source.head();
    if (head.length === 0) {
      throw new EmptyFileError(message.emptyFile(file), {
        location: { file },
        expected: 'an Arbin CSV export',
      });
    }
    const header = findHeader(head);
    if (header === null) {
      throw new ReaderError(message.headerNotFound(file, EXPECTED_HEADER), {
        location: { file, line: 1 },
        expected: EXPECTED_HEADER,
      });
    }
    const { plan, headers } = header;
    const time = requireColumn(plan.time, 'test time', file, headers);
    const voltage = requireColumn(plan.voltage, 'voltage', file, headers);
    const current = requireColumn(plan.current, 'current', file, headers);
    const issues = new IssueSink();
    for (const unknown of plan.unknown) {
      issues.add({
        code: 'unknown_column',
        severity: 'info',
        message: message.unknownColumn(unknown),
        location: { file, line: header.lineIndex + 1, column: unknown },
      });
    }

    const builders = new Map<number, Float64ColumnBuilder>();
    const builderFor = (column: PlannedColumn | null): Float64ColumnBuilder | null => {
      if (column === null) return null;
      const existing = builders.get(column.index);
      if (existing) return existing;
      const builder = new Float64ColumnBuilder();
      builders.set(column.index, builder);
      return builder;
    };
    const required = new Set([time.index, voltage.index, current.index]);
    const columns = {
      time: builderFor(time)!,
      voltage: builderFor(voltage)!,
      current: builderFor(current)!,
      stepIndex: builderFor(plan.stepIndex),
      cycleIndex: builderFor(plan.cycleIndex),
      chargeCapacity: builderFor(plan.chargeCapacity),
      dischargeCapacity: builderFor(plan.dischargeCapacity),
      temperature: builderFor(plan.temperature),
      aux: plan.aux.map((column) => ({ column, builder: builderFor(column)! })),
    };
    const planned = [
      time,
      voltage,
      current,
      plan.stepIndex,
      plan.cycleIndex,
      plan.chargeCapacity,
      plan.dischargeCapacity,
      plan.temperature,
      ...plan.aux,
    ].filter((column): column is PlannedColumn => column !== null);
    const lastField = Math.max(...planned.map((column) => column.index));
    const fields: FieldSpec[] = [];
    for (let index = 0; index <= lastField; index++) {
      const column = planned.find((candidate) => candidate.index === index);
      fields.push(
        column === undefined
          ? { kind: 'skip' }
          : {
              kind: 'number',
              name: column.source,
              column: builders.get(index)!,
              scale: column.scale,
              required: required.has(index),
            },
      );
    }

    const start = startOfFirstLine(head, header, issues, file);
    const { rows } = await scanDelimited(source.chunks(), {
      file,
      delimiter: header.delimiter.charCodeAt(0),
      decimal: DOT,
      dataOffset: header.dataOffset,
      firstDataLine: header.lineIndex + 2,
      fields,
      issues,
      onLineLength: (averageLineBytes) => {
        if (source.size === null || averageLineBytes <= 0) return;
        const estimate = Math.ceil(((source.size - header.dataOffset) / averageLineBytes) * 1.05);
        for (const builder of builders.values()) builder.reserve(estimate);
      },
    });

    const aux: AuxChannel[] = columns.aux.map(({ column, builder }) => ({
      name: column.name,
      quantity: column.quantity,
      values: builder.finish(),
    }));
    return assembleArbinSeries(
      {
        rows,
        time_s: columns.time.finish(),
        voltage_V: columns.voltage.finish(),
        current_A: columns.current.finish(),
        stepIndex: columns.stepIndex
          ? { values: columns.stepIndex.finish(), source: plan.stepIndex!.source }
          : null,
        cycleIndex: columns.cycleIndex
          ? { values: columns.cycleIndex.finish(), source: plan.cycleIndex!.source }
          : null,
        chargeCapacity_Ah: columns.chargeCapacity?.finish() ?? null,
        dischargeCapacity_Ah: columns.dischargeCapacity?.finish() ?? null,
        temperature_C: columns.temperature?.finish() ?? null,
        aux,
      },
      {
        start,
        issues,
        provenance: {
          file,
          format: 'arbin-csv',
          formatVersion: /test time/i.test(time.source) ? 'MITS 7/8 CSV' : 'MITS Pro CSV',
          instrument: 'Arbin',
          columns: plan.mappings,
          bytes: source.size ?? 0,
        },
      },
    );
  },
};
