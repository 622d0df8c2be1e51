/**
 * Streaming scanner for delimited numeric tables (CSV, TSV, `;`-separated, decimal comma).
 *
 * It consumes chunks as they arrive and walks each byte once: fields end at the delimiter or
 * the line end, and numbers are parsed in place (see `numbers.ts`), so the only per-row
 * allocations are for fields the caller asked to see as text. The header is the reader's
 * business: it tells the scanner where the data starts and what each field is.
 */
import { NonNumericValueError, ReaderError } from '../../errors.ts';
import type { IssueSink } from '../../issues.ts';
import { message } from '../../messages.ts';
import type { Float64ColumnBuilder, Int32ColumnBuilder } from './columns.ts';
import { parseIsoDateTimeField } from './datetime.ts';
import { latin1Slice } from './decode.ts';
import { newParseState, ParseStatus, parseFieldNumber, parseFieldNumberInFull } from './numbers.ts';

const LF = 10;
const CR = 13;

const SKIP = 0;
const NUMBER = 1;
const TEXT = 2;
const BYTES = 3;
const DATE_TIME = 4;
const INTEGER = 5;

/** What to do with one source field. */
export type FieldSpec =
  | { kind: 'skip' }
  /** Parse as a number (times `scale`) into `column`; `required` fields may not be empty. */
  | { kind: 'number'; name: string; column: Float64ColumnBuilder; scale: number; required: boolean }
  /**
   * A step, cycle or flag number, rounded into an int32 column (a quarter of the memory a float64
   * column would hold until the reader narrowed it); an empty optional cell reads as 0.
   */
  | { kind: 'integer'; name: string; column: Int32ColumnBuilder; required: boolean }
  /**
   * Hand the decoded text (quotes stripped) to `onValue` with the 0-based data row. Store by row
   * (not by push): a row dropped as a truncated last line may already have been seen.
   */
  | { kind: 'text'; name: string; onValue: (text: string, row: number, line: number) => void }
  /**
   * An ISO-like date-time (`YYYY-MM-DD hh:mm:ss[.fff]`, see `parseIsoDateTimeField`) read in the
   * same pass and handed to `onMs` as wall-clock milliseconds; a field of any other shape (a zone,
   * quotes, another layout, blank) goes to `onOther` as bytes. Same row rule as `text`.
   */
  | {
      kind: 'dateTime';
      name: string;
      onMs: (ms: number, row: number) => void;
      onOther: (bytes: Uint8Array, start: number, end: number, row: number, line: number) => void;
    }
  /** Hand the raw bytes of the field to `onBytes` (a reader's own fast parser); same row rule as `text`. */
  | {
      kind: 'bytes';
      name: string;
      onBytes: (bytes: Uint8Array, start: number, end: number, row: number, line: number) => void;
    };

export interface DelimitedOptions {
  file: string;
  /** Byte of the field delimiter (`,` `;` tab). */
  delimiter: number;
  /** Byte of the decimal separator (`.` or `,`). */
  decimal: number;
  /** Bytes of the content before the first data line (header, preamble). */
  dataOffset: number;
  /** 1-based line number of the first data line, for messages. */
  firstDataLine: number;
  /** One spec per source field, in order; fields beyond the specs are ignored (trailing delimiters). */
  fields: readonly FieldSpec[];
  issues: IssueSink;
  /** Stop at the first line for which this returns true (a trailer, a new section). */
  isEndOfData?: (bytes: Uint8Array, start: number, end: number) => boolean;
  /** Called once with the average data-line length after the first chunk, to size columns. */
  onLineLength?: (averageLineBytes: number) => void;
}

export interface DelimitedResult {
  rows: number;
  /** Line number after the last data line consumed. */
  nextLine: number;
}

/**
 * Scans the data lines of a delimited table. Blank lines are skipped; a line with too few fields is an
 * error unless it is the file's last line and has no line end (a file cut while being written), which
 * is dropped with an issue.
 */
export async function scanDelimited(
  chunks: AsyncIterable<Uint8Array>,
  options: DelimitedOptions,
): Promise<DelimitedResult> {
  const { fields, delimiter, decimal, file, issues, isEndOfData } = options;
  const fieldCount = fields.length;
  const requiredFields = lastRequiredField(fields) + 1;
  // Fields after the last one read are never looked at: the line's end is found in one search.
  const fieldsRead = lastReadField(fields) + 1;
  const kinds = new Uint8Array(fieldCount);
  const scales = new Float64Array(fieldCount);
  fields.forEach((spec, index) => {
    kinds[index] = {
      skip: SKIP,
      number: NUMBER,
      integer: INTEGER,
      text: TEXT,
      bytes: BYTES,
      dateTime: DATE_TIME,
    }[spec.kind];
    scales[index] = spec.kind === 'number' ? spec.scale : 1;
  });
  /** Consecutive skipped fields from each field on (up to the last field read). */
  const skipRuns = new Int32Array(fieldCount);
  for (let index = fieldsRead - 1; index >= 0; index--) {
    if (kinds[index] === SKIP) skipRuns[index] = 1 + (index + 1 < fieldsRead ? skipRuns[index + 1]! : 0);
  }
  const columns = fields.map((spec) => (spec.kind === 'number' ? spec.column : null));
  const integerColumns = fields.map((spec) => (spec.kind === 'integer' ? spec.column : null));
  const emptyReported = new Uint8Array(fieldCount);
  /** Number fields that have held a value with an exponent or 16+ digits: parsed in full from then on. */
  const longForm = new Uint8Array(fieldCount);
  const state = newParseState();

  let line = options.firstDataLine;
  let rows = 0;
  let ended = false;

  const reportBadNumber = (bytes: Uint8Array, start: number, end: number, field: number): void => {
    const spec = fields[field] as Extract<FieldSpec, { kind: 'number' | 'integer' }>;
    if (state.status === ParseStatus.invalid || spec.required) {
      const text = latin1Slice(bytes, start, end).trim();
      throw new NonNumericValueError(message.nonNumeric(file, line, spec.name, text), {
        location: { file, line, column: spec.name },
        expected: 'a number',
      });
    }
    if (emptyReported[field] === 0) {
      emptyReported[field] = 1;
      issues.add({
        code: 'missing_value',
        severity: 'warning',
        message: message.missingValue(spec.name),
        location: { file, line, column: spec.name },
      });
    }
  };

  const shortLine = (fieldsSeen: number, complete: boolean): void => {
    // Roll back the partial row so every column keeps the same length.
    for (const column of columns) column?.truncate(rows);
    for (const column of integerColumns) column?.truncate(rows);
    if (!complete) {
      issues.add({
        code: 'truncated_record',
        severity: 'warning',
        message: message.truncatedLastLine(line),
        location: { file, line },
      });
      return;
    }
    throw new ReaderError(message.shortLine(file, line, fieldsSeen, requiredFields), {
      location: { file, line },
      expected: `${requiredFields} fields`,
    });
  };

  /**
   * Parses every line in `bytes[start, end)`. With `complete`, the region ends just after a LF;
   * otherwise it is the file's unterminated last line. The line and row counters live in locals
   * for the loop (closure variables cost a memory store per line) and are written back before
   * anything that reads them runs.
   */
  const parseRegion = (bytes: Uint8Array, start: number, end: number, complete: boolean): void => {
    let position = start;
    let lineNumber = line;
    let rowCount = rows;
    while (position < end) {
      const first = bytes[position]!;
      if (first === LF || first === CR) {
        if (first === LF) lineNumber++;
        position++;
        continue;
      }
      if (isEndOfData) {
        let lineEnd = bytes.indexOf(LF, position);
        if (lineEnd === -1 || lineEnd > end) lineEnd = end;
        const contentEnd = lineEnd > position && bytes[lineEnd - 1] === CR ? lineEnd - 1 : lineEnd;
        if (isEndOfData(bytes, position, contentEnd)) {
          ended = true;
          break;
        }
      }
      let field = 0;
      let fieldStart = position;
      let stop = LF;
      while (field < fieldsRead) {
        const kind = kinds[field]!;
        let fieldEnd: number;
        if (kind === NUMBER || kind === INTEGER) {
          const value =
            longForm[field] === 0
              ? parseFieldNumber(bytes, fieldStart, end, delimiter, decimal, state)
              : parseFieldNumberInFull(bytes, fieldStart, end, delimiter, decimal, state);
          if (state.longForm) {
            longForm[field] = 1;
            state.longForm = false;
          }
          fieldEnd = state.fieldEnd;
          if (state.status !== ParseStatus.ok) {
            line = lineNumber;
            reportBadNumber(bytes, fieldStart, fieldEnd, field);
          }
          if (kind === NUMBER) columns[field]!.push(value * scales[field]!);
          else integerColumns[field]!.push(Math.round(value));
        } else if (kind === SKIP) {
          // A run of skipped fields costs one byte loop to its last delimiter, not a trip per field.
          const run = skipRuns[field]!;
          fieldEnd = findNthFieldEnd(bytes, fieldStart, end, delimiter, run);
          const closedAll = fieldEnd < end && bytes[fieldEnd] === delimiter;
          field += closedAll ? run - 1 : countByte(bytes, fieldStart, fieldEnd, delimiter);
        } else if (kind === DATE_TIME) {
          const ms = parseIsoDateTimeField(bytes, fieldStart, end, delimiter, state);
          const spec = fields[field] as DateTimeSpec;
          if (state.status === ParseStatus.ok) {
            fieldEnd = state.fieldEnd;
            spec.onMs(ms, rowCount);
          } else {
            fieldEnd = findFieldEnd(bytes, fieldStart, end, delimiter);
            spec.onOther(bytes, fieldStart, fieldEnd, rowCount, lineNumber);
          }
        } else {
          fieldEnd = findFieldEnd(bytes, fieldStart, end, delimiter);
          if (kind === BYTES) {
            (fields[field] as BytesSpec).onBytes(bytes, fieldStart, fieldEnd, rowCount, lineNumber);
          } else if (kind === TEXT) {
            (fields[field] as TextSpec).onValue(fieldText(bytes, fieldStart, fieldEnd), rowCount, lineNumber);
          }
        }
        field++;
        stop = fieldEnd < end ? bytes[fieldEnd]! : LF;
        fieldStart = fieldEnd + 1;
        if (stop !== delimiter) break;
      }
      // Skip what remains of the line (unused trailing fields, a CR) with one native search.
      let next = fieldStart;
      if (stop !== LF) {
        if (stop === CR && fieldStart < end && bytes[fieldStart] === LF) {
          next = fieldStart + 1; // CRLF: no search needed
        } else {
          const lineEnd = bytes.indexOf(LF, fieldStart - 1);
          next = lineEnd === -1 || lineEnd >= end ? end + 1 : lineEnd + 1;
        }
      }
      if (field < requiredFields) {
        line = lineNumber;
        rows = rowCount;
        shortLine(field, complete);
        if (!complete) return;
      } else {
        // Fields the line lacks but that are optional become missing values.
        for (let missing = field; missing < fieldCount; missing++) {
          columns[missing]?.push(Number.NaN);
          integerColumns[missing]?.push(0);
        }
        rowCount++;
      }
      lineNumber++;
      position = next;
    }
    line = lineNumber;
    rows = rowCount;
  };

  let toSkip = options.dataOffset;
  let carry: Uint8Array | null = null;
  let sizedColumns = options.onLineLength === undefined;
  for await (const chunk of chunks) {
    if (ended) break;
    // A plain Uint8Array view (not a Buffer subclass) keeps the byte loads monomorphic.
    let bytes = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (toSkip > 0) {
      if (bytes.length <= toSkip) {
        toSkip -= bytes.length;
        continue;
      }
      bytes = bytes.subarray(toSkip);
      toSkip = 0;
    }
    if (carry !== null) {
      // Only the line cut by the chunk boundary is joined; the rest of the chunk is read in place.
      const carriedLineEnd = bytes.indexOf(LF) + 1;
      const joined = concatenate(carry, carriedLineEnd === 0 ? bytes : bytes.subarray(0, carriedLineEnd));
      if (carriedLineEnd === 0) {
        carry = joined;
        continue;
      }
      carry = null;
      parseRegion(joined, 0, joined.length, true);
      if (ended) break;
      bytes = bytes.subarray(carriedLineEnd);
    }
    const lastLineEnd = bytes.lastIndexOf(LF) + 1;
    const linesBefore = line;
    parseRegion(bytes, 0, lastLineEnd, true);
    if (!sizedColumns && line > linesBefore) {
      sizedColumns = true;
      options.onLineLength?.(lastLineEnd / (line - linesBefore));
    }
    if (lastLineEnd < bytes.length) carry = bytes.slice(lastLineEnd);
  }
  if (carry !== null && !ended) parseRegion(carry, 0, carry.length, false);
  return { rows, nextLine: line };
}

type TextSpec = Extract<FieldSpec, { kind: 'text' }>;
type BytesSpec = Extract<FieldSpec, { kind: 'bytes' }>;
type DateTimeSpec = Extract<FieldSpec, { kind: 'dateTime' }>;

/** Index of the delimiter or line end that closes the field starting at `start`, or `end`. */
function findFieldEnd(bytes: Uint8Array, start: number, end: number, delimiter: number): number {
  let position = start;
  while (position < end) {
    const byte = bytes[position]!;
    if (byte === delimiter || byte === LF || byte === CR) break;
    position++;
  }
  return position;
}

/**
 * Index of the byte that closes the `count`-th field from `start` on: its delimiter, or the line end
 * (or `end`) when the line has fewer fields. One loop over the bytes for a whole run of fields.
 */
function findNthFieldEnd(
  bytes: Uint8Array,
  start: number,
  end: number,
  delimiter: number,
  count: number,
): number {
  let position = start;
  let remaining = count;
  while (position < end) {
    const byte = bytes[position]!;
    if (byte === delimiter) {
      if (--remaining === 0) break;
    } else if (byte === LF || byte === CR) {
      break;
    }
    position++;
  }
  return position;
}

/** How many times `byte` occurs in `bytes[start, end)`. */
function countByte(bytes: Uint8Array, start: number, end: number, byte: number): number {
  let count = 0;
  for (let position = start; position < end; position++) if (bytes[position] === byte) count++;
  return count;
}

function concatenate(head: Uint8Array, tail: Uint8Array): Uint8Array {
  const joined = new Uint8Array(head.length + tail.length);
  joined.set(head);
  joined.set(tail, head.length);
  return joined;
}

function lastReadField(fields: readonly FieldSpec[]): number {
  for (let index = fields.length - 1; index >= 0; index--) if (fields[index]!.kind !== 'skip') return index;
  return -1;
}

function lastRequiredField(fields: readonly FieldSpec[]): number {
  for (let index = fields.length - 1; index >= 0; index--) {
    const spec = fields[index]!;
    if ((spec.kind === 'number' || spec.kind === 'integer') && spec.required) return index;
  }
  return -1;
}

/** A field's text as the `text` kind hands it over: Latin-1, trimmed, surrounding quotes removed. */
export function fieldText(bytes: Uint8Array, start: number, end: number): string {
  return stripQuotes(latin1Slice(bytes, start, end));
}

function stripQuotes(text: string): string {
  const trimmed = text.trim();
  if (trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"')) return trimmed.slice(1, -1);
  return trimmed.replace(/^"|"$/g, '');
}
