/**
 * Neware BTS CSV exports (BTS 7.x and 8.x, English or Chinese headers), in both layouts: the flat
 * record table and the nested "regular export" of cycle, step and record rows.
 */
import { EmptyFileError, ReaderError } from '../../errors.ts';
import { IssueSink } from '../../issues.ts';
import { message } from '../../messages.ts';
import type { CanonicalSeries } from '../../series.ts';
import type { DetectionProbe, Reader } from '../reader.ts';
import type { ByteSource } from '../source.ts';
import { classifyHeader, isCycleHeader, isFlatHeader, type NewareColumn } from './csv-columns.ts';
import { readFlatRecords } from './csv-flat.ts';
import { type NewareCycleSummary, readNestedRecords } from './csv-nested.ts';
import {
  bomLength,
  type CsvEncoding,
  decodeCsv,
  delimiterOf,
  detectCsvEncoding,
  firstLines,
  splitCells,
} from './csv-text.ts';
import { orderByRecordIndex, recordsToSeries } from './records.ts';
import { isoFromWallClock, parseWallClock } from './start-time.ts';

export type { NewareCycleSummary } from './csv-nested.ts';

const INSTRUMENT = 'Neware BTS';

type Layout =
  | { kind: 'flat'; columns: NewareColumn[]; delimiter: string; dataOffset: number; dateCell: string | null }
  | {
      kind: 'nested';
      cycleColumns: NewareColumn[];
      stepColumns: NewareColumn[];
      recordColumns: NewareColumn[];
      delimiter: string;
      dataOffset: number;
    };

export const newareCsvReader: Reader = {
  format: 'neware-csv',
  description: 'Neware BTS CSV export (flat or nested, English or Chinese headers)',
  detect(probe: DetectionProbe): number {
    return layoutOf(probe.head, detectCsvEncoding(probe.head)) === null ? 0 : 0.92;
  },
  async read(source: ByteSource): Promise<CanonicalSeries> {
    return (await readNewareCsv(source)).series;
  },
};

/**
 * Reads a Neware CSV export. `cycles` is the instrument's own per-cycle summary from the cycle
 * rows of a nested export (empty for a flat export, which writes none).
 */
export async function readNewareCsv(
  source: ByteSource,
): Promise<{ series: CanonicalSeries; cycles: NewareCycleSummary[] }> {
  const file = source.name;
  const head = await source.head();
  if (head.length === 0) {
    throw new EmptyFileError(message.emptyFile(file), {
      location: { file },
      expected: 'a Neware CSV export',
    });
  }
  const encoding = detectCsvEncoding(head);
  const layout = layoutOf(head, encoding);
  if (layout === null) {
    const firstLine = decodeCsv(
      firstLines(head.subarray(bomLength(head)), 1).lines[0] ?? new Uint8Array(0),
      encoding,
    );
    throw new ReaderError(message.newareCsvLayoutUnknown(file, firstLine.slice(0, 120)), {
      location: { file, line: 1 },
      expected: 'Neware headers such as "Cycle ID", "Step Type", "Voltage(V)", "Current(mA)"',
    });
  }
  const issues = new IssueSink();
  const delimiter = layout.delimiter.charCodeAt(0);
  let result: {
    records: Parameters<typeof orderByRecordIndex>[0];
    mappings: CanonicalSeries['provenance']['columns'];
    firstTime_s: number;
    firstDate: string | null;
    cycles: NewareCycleSummary[];
  };
  if (layout.kind === 'flat') {
    const flat = await readFlatRecords(
      source,
      {
        file,
        columns: layout.columns,
        delimiter,
        dataOffset: layout.dataOffset,
        encoding,
        size: source.size,
      },
      issues,
    );
    result = { ...flat, firstDate: layout.dateCell, cycles: [] };
  } else {
    result = await readNestedRecords(
      source,
      {
        file,
        cycleColumns: layout.cycleColumns,
        stepColumns: layout.stepColumns,
        recordColumns: layout.recordColumns,
        delimiter,
        dataOffset: layout.dataOffset,
        encoding,
        size: source.size,
      },
      issues,
    );
  }
  if (result.records.rows === 0) {
    throw new EmptyFileError(message.emptyFile(file), { location: { file }, expected: 'record rows' });
  }
  const parts = result.firstDate === null ? null : parseWallClock(result.firstDate);
  const startTime = parts ? isoFromWallClock(...parts, result.firstTime_s) : null;
  if (startTime !== null) {
    issues.add({
      code: 'time_zone_unknown',
      severity: 'info',
      message: message.timeZoneUnknown(),
      location: { file, column: 'date' },
    });
  }
  const records = orderByRecordIndex(result.records, file, issues);
  const series = recordsToSeries(records, {
    file,
    format: 'neware-csv',
    formatVersion: layout.kind === 'flat' ? 'flat export' : 'regular (nested) export',
    instrument: INSTRUMENT,
    bytes: source.size ?? 0,
    columns: result.mappings,
    startTime,
    startTimeZoneKnown: false,
    aux: [],
    issues,
  });
  return { series, cycles: result.cycles };
}

/** Neware's own per-cycle capacities from a nested export's cycle rows. */
export async function newareCycleSummary(source: ByteSource): Promise<NewareCycleSummary[]> {
  return (await readNewareCsv(source)).cycles;
}

/** Which layout the head holds, or null when it is not a Neware export. */
function layoutOf(head: Uint8Array, encoding: CsvEncoding): Layout | null {
  const skip = bomLength(head);
  const { lines, ends } = firstLines(head.subarray(skip), 4);
  if (lines.length < 2) return null;
  const text = lines.map((line) => decodeCsv(line, encoding));
  const delimiter = delimiterOf(text[0]!);
  const header = splitCells(text[0]!, delimiter).map(classifyHeader);
  if (isFlatHeader(header)) {
    const dateAt = header.findIndex((column) => column.role === 'date');
    const firstData = splitCells(text[1]!, delimiter);
    return {
      kind: 'flat',
      columns: header,
      delimiter,
      dataOffset: skip + ends[0]!,
      dateCell: dateAt >= 0 ? (firstData[dateAt] ?? null) : null,
    };
  }
  if (lines.length < 3 || !isCycleHeader(header)) return null;
  const stepColumns = splitCells(text[1]!, delimiter).map(classifyHeader);
  const recordColumns = splitCells(text[2]!, delimiter).map(classifyHeader);
  const nested =
    text[1]!.startsWith(delimiter) &&
    text[2]!.startsWith(delimiter + delimiter) &&
    stepColumns.some((column) => column.role === 'stepType') &&
    recordColumns.some((column) => column.role === 'voltage');
  if (!nested) return null;
  return {
    kind: 'nested',
    cycleColumns: header,
    stepColumns,
    recordColumns,
    delimiter,
    dataOffset: skip + ends[2]!,
  };
}
