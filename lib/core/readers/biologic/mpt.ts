/**
 * Reader for BioLogic EC-Lab / BT-Lab text exports (`.mpt`, `.txt`): the header is read from the
 * first bytes, then the tab-separated data stream through `scanDelimited` into typed columns sized
 * from the file size. Only the columns the canonical series uses are parsed.
 */
import { EmptyFileError, NonNumericValueError } from '../../errors.ts';
import { IssueSink } from '../../issues.ts';
import { message } from '../../messages.ts';
import type { CanonicalSeries } from '../../series.ts';
import type { DetectionProbe, Reader } from '../reader.ts';
import { type ByteSource, HEAD_BYTES } from '../source.ts';
import { Float64ColumnBuilder, Int32ColumnBuilder } from '../text/columns.ts';
import { decodeText } from '../text/decode.ts';
import { type FieldSpec, scanDelimited } from '../text/delimited.ts';
import { assembleSeries, columnsToRead, type RawColumn } from './assemble.ts';
import { type ColumnRole, type ColumnUse, classifyColumn } from './columns.ts';
import { parseEcLabDateTime, type WallClockMs } from './dates.ts';
import { MPT_MAGIC, type MptHeader, parseMptHeader } from './mpt-header.ts';

const LF = 10;
const TAB = 9;
const CR = 13;

/** Voltage or impedance columns that, beside `time/s`, mark a header line as EC-Lab's. */
const SIGNATURE_COLUMNS = ['Ewe/V', '<Ewe>/V', 'Ecell/V', 'freq/Hz', 'Re(Z)/Ohm'];
const DATE_TIME_FIELD = /\d[/.-]\d+[/.-]\d+\s+\d+:\d+/;

export const biologicMptReader: Reader = {
  format: 'biologic-mpt',
  description: 'BioLogic EC-Lab / BT-Lab text export (.mpt, .txt)',
  detect: detectMpt,
  read: (source) => readMpt(source),
};

/** `EC-Lab ASCII FILE` scores 0.99; a bare EC-Lab column header line (`time/s` with `Ewe/V` …) 0.9. */
function detectMpt(probe: DetectionProbe): number {
  const text = probe.headText.startsWith('\u00ef\u00bb\u00bf') ? probe.headText.slice(3) : probe.headText;
  if (MPT_MAGIC.test(text)) return 0.99;
  const firstLine = text.slice(0, text.indexOf('\n') >>> 0).replace(/\r$/, '');
  const names = firstLine.split('\t').map((name) => name.trim());
  if (names.includes('time/s') && names.some((name) => SIGNATURE_COLUMNS.includes(name))) return 0.9;
  return 0;
}

/** Columns that hold whole numbers (steps, cycles, flags): parsed straight into int32. */
const INTEGER_ROLES: ReadonlySet<ColumnRole> = new Set([
  'step',
  'cycle',
  'zCycle',
  'halfCycle',
  'mode',
  'oxRed',
]);

type PlannedColumn =
  | { name: string; use: ColumnUse; kind: 'number'; builder: Float64ColumnBuilder }
  | { name: string; use: ColumnUse; kind: 'integer'; builder: Int32ColumnBuilder };

async function readMpt(source: ByteSource): Promise<CanonicalSeries> {
  const file = source.name;
  const header = await readHeader(source);
  const issues = new IssueSink();
  if (header.decimal === 44) {
    issues.add({
      code: 'decimal_comma',
      severity: 'info',
      message: message.decimalComma(),
      location: { file },
    });
  }

  const dataBytes = source.size === null ? null : source.size - header.dataOffset;
  const firstLineBytes = header.firstDataFields.reduce((sum, field) => sum + field.length + 1, 1);
  const capacity = dataBytes === null ? 1024 : (dataBytes / firstLineBytes) * 1.1 + 16;

  const planned = planColumns(header, file, issues, capacity);
  const start = startOf(header, file, issues);
  const timeIndex = header.columnNames.indexOf('time/s');
  const timeIsDateTime = DATE_TIME_FIELD.test(header.firstDataFields[timeIndex] ?? '');

  const fields: FieldSpec[] = header.columnNames.map(() => ({ kind: 'skip' }));
  for (const [index, column] of planned) {
    if (column.kind === 'integer') {
      fields[index] = { kind: 'integer', name: column.name, column: column.builder, required: false };
    } else if (column.use.role === 'time' && timeIsDateTime) {
      fields[index] = dateTimeField(column, file, start, issues);
    } else {
      fields[index] = {
        kind: 'number',
        name: column.name,
        column: column.builder,
        scale: column.use.scale,
        required: column.use.role === 'time',
      };
    }
  }

  let droppedTail = false;
  const result = await scanDelimited(
    completeLinesOnly(source.chunks(), lineShape(header), () => {
      droppedTail = true;
    }),
    {
      file,
      delimiter: TAB,
      decimal: header.decimal,
      dataOffset: header.dataOffset,
      firstDataLine: header.firstDataLine,
      fields,
      issues,
      onLineLength: (averageLineBytes) => {
        if (dataBytes === null || averageLineBytes <= 0) return;
        const rows = (dataBytes / averageLineBytes) * 1.02 + 16;
        for (const column of planned.values()) column.builder.reserve(rows);
      },
    },
  );
  if (droppedTail) {
    issues.add({
      code: 'truncated_record',
      severity: 'warning',
      message: message.truncatedLastLine(result.nextLine),
      location: { file, line: result.nextLine },
    });
  }
  if (result.rows === 0) {
    throw new EmptyFileError(message.emptyFile(file), {
      location: { file },
      expected: 'data lines after the header',
    });
  }

  const columns: RawColumn[] = [...planned.values()].map((column) => ({
    name: column.name,
    source: column.name,
    use: column.use,
    values: column.builder.finish(),
  }));
  const software = header.software ?? 'EC-Lab';
  return assembleSeries({
    file,
    format: 'biologic-mpt',
    formatVersion: header.softwareVersion ? `${software} ${header.softwareVersion}` : null,
    instrument: `BioLogic ${software}${header.device ? ` (${header.device})` : ''}`,
    bytes: source.size ?? 0,
    technique: header.technique,
    start,
    rows: result.rows,
    columns,
    allNames: header.columnNames,
    issues,
  });
}

/** Reads the first bytes, and more lines when the header is longer than the head. */
async function readHeader(source: ByteSource): Promise<MptHeader> {
  let prefix = await source.head();
  if (prefix.length === 0) {
    throw new EmptyFileError(message.emptyFile(source.name), { location: { file: source.name } });
  }
  let complete = source.size !== null ? prefix.length >= source.size : prefix.length < HEAD_BYTES;
  for (;;) {
    const parsed = parseMptHeader(prefix, source.name, complete);
    if (!('needLines' in parsed)) return parsed;
    ({ prefix, complete } = await readLines(source, parsed.needLines));
  }
}

/** The file's first `lines` lines (or all of it), read from the stream. */
async function readLines(
  source: ByteSource,
  lines: number,
): Promise<{ prefix: Uint8Array; complete: boolean }> {
  const parts: Uint8Array[] = [];
  let length = 0;
  let found = 0;
  for await (const chunk of source.chunks()) {
    parts.push(chunk.slice());
    length += chunk.length;
    for (let index = chunk.indexOf(LF); index !== -1; index = chunk.indexOf(LF, index + 1)) found++;
    if (found >= lines) return { prefix: concat(parts, length), complete: false };
  }
  return { prefix: concat(parts, length), complete: true };
}

function concat(parts: readonly Uint8Array[], length: number): Uint8Array {
  const joined = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return joined;
}

/** Decides per column: parsed (and into which builder), ignored, or reported as unknown. */
function planColumns(
  header: MptHeader,
  file: string,
  issues: IssueSink,
  capacity: number,
): Map<number, PlannedColumn> {
  const candidates: { index: number; name: string; use: ColumnUse }[] = [];
  header.columnNames.forEach((name, index) => {
    const classified = classifyColumn(name);
    if (classified.kind === 'used') candidates.push({ index, name, use: classified.use });
    else if (classified.kind === 'unknown') {
      issues.add({
        code: 'unknown_column',
        severity: 'info',
        message: message.unknownColumn(name),
        location: { file, line: header.firstDataLine - 1, column: name },
      });
    }
  });
  const planned = new Map<number, PlannedColumn>();
  for (const candidate of columnsToRead(candidates)) {
    planned.set(
      candidate.index,
      INTEGER_ROLES.has(candidate.use.role)
        ? { ...candidate, kind: 'integer', builder: new Int32ColumnBuilder(capacity) }
        : { ...candidate, kind: 'number', builder: new Float64ColumnBuilder(capacity) },
    );
  }
  return planned;
}

/** Wall-clock time of `time/s = 0`: the acquisition start (time/s counts from it), else the technique start. */
function startOf(header: MptHeader, file: string, issues: IssueSink): WallClockMs | null {
  const text = header.acquisitionStart ?? header.techniqueStart;
  if (text === null) return null;
  const start = parseEcLabDateTime(text);
  if (start === null) {
    issues.add({
      code: 'other',
      severity: 'warning',
      message: message.startTimeUnreadable(text),
      location: { file },
    });
  }
  return start;
}

/**
 * A time column holding date-times (`11/20/2024 11:38:41.707`, BT-Lab's absolute-time export): seconds
 * since the acquisition start, or since the first row when the header states none.
 */
function dateTimeField(
  column: Extract<PlannedColumn, { kind: 'number' }>,
  file: string,
  start: WallClockMs | null,
  issues: IssueSink,
): FieldSpec {
  let origin = start;
  issues.add({
    code: 'other',
    severity: 'info',
    message: message.absoluteTimeColumn(column.name),
    location: { file, column: column.name },
  });
  return {
    kind: 'text',
    name: column.name,
    onValue: (text, _row, line) => {
      const ms = parseEcLabDateTime(text);
      if (ms === null) {
        throw new NonNumericValueError(message.nonNumeric(file, line, column.name, text), {
          location: { file, line, column: column.name },
          expected: 'a date-time like 11/20/2024 11:38:41.707',
        });
      }
      origin ??= ms;
      column.builder.push((ms - origin) / 1000);
    },
  };
}

/** What a complete data line looks like, to judge a last line that has no line end. */
interface LineShape {
  fieldCount: number;
  /** Data lines end with a tab (an empty last field), so a cut line always lacks fields. */
  endsWithTab: boolean;
}

function lineShape(header: MptHeader): LineShape {
  const fieldCount = header.columnNames.length;
  const trailingField = header.firstDataFields[fieldCount];
  return { fieldCount, endsWithTab: header.dataFieldCount > fieldCount && trailingField?.trim() === '' };
}

/**
 * Passes the stream on whole lines only. A last line without a line end is passed only when it
 * has every field and its last field is not visibly cut (`1.5E`, `2,`); otherwise it is a line the
 * writer did not finish, and `onDropped` is told.
 */
async function* completeLinesOnly(
  chunks: AsyncIterable<Uint8Array>,
  shape: LineShape,
  onDropped: () => void,
): AsyncIterable<Uint8Array> {
  let pending: Uint8Array[] = [];
  for await (const chunk of chunks) {
    const lastLf = chunk.lastIndexOf(LF);
    if (lastLf === -1) {
      pending.push(chunk.slice());
      continue;
    }
    for (const part of pending) yield part;
    pending = [];
    yield chunk.subarray(0, lastLf + 1);
    if (lastLf + 1 < chunk.length) pending.push(chunk.slice(lastLf + 1));
  }
  if (pending.length === 0) return;
  const tail = concat(
    pending,
    pending.reduce((sum, part) => sum + part.length, 0),
  );
  if (isCompleteLine(tail, shape)) yield tail;
  else if (tail.some((byte) => byte !== CR && byte !== 32 && byte !== TAB)) onDropped();
}

function isCompleteLine(line: Uint8Array, shape: LineShape): boolean {
  let fields = 1;
  let lastFieldStart = 0;
  for (let index = 0; index < line.length; index++) {
    if (line[index] === TAB) {
      fields++;
      lastFieldStart = index + 1;
    }
  }
  if (fields < shape.fieldCount) return false;
  if (shape.endsWithTab) return true;
  const lastField = decodeText(line.subarray(lastFieldStart)).trim();
  return lastField !== '' && !/[eE+\-.,]$/.test(lastField);
}
