/**
 * Streaming scanner for delimited numeric tables (CSV, TSV, `;`-separated, decimal comma).
 *
 * It consumes chunks as they arrive, splits lines and fields on bytes, and parses numbers in
 * place (see `numbers.ts`), so the only per-row allocations are for fields the caller asked to
 * see as text. The header is the reader's business: it tells the scanner where the data starts
 * and what each field is.
 */
import { NonNumericValueError, ReaderError } from '../../errors.ts';
import type { IssueSink } from '../../issues.ts';
import { message } from '../../messages.ts';
import type { Float64ColumnBuilder } from './columns.ts';
import { latin1Slice } from './decode.ts';
import { newParseState, ParseStatus, parseNumberBytes } from './numbers.ts';

const LF = 10;
const CR = 13;

/** What to do with one source field. */
export type FieldSpec =
  | { kind: 'skip' }
  /** Parse as a number (times `scale`) into `column`; `required` fields may not be empty. */
  | { kind: 'number'; name: string; column: Float64ColumnBuilder; scale: number; required: boolean }
  /** Hand the decoded text (quotes stripped) to `onValue` with the 0-based data row. */
  | { kind: 'text'; name: string; onValue: (text: string, row: number, line: number) => void };

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
  const { fields, delimiter, decimal, file, issues } = options;
  const fieldCount = fields.length;
  const requiredFields = lastRequiredField(fields) + 1;
  const kinds = new Uint8Array(fieldCount);
  const scales = new Float64Array(fieldCount);
  fields.forEach((spec, index) => {
    kinds[index] = spec.kind === 'skip' ? 0 : spec.kind === 'number' ? 1 : 2;
    scales[index] = spec.kind === 'number' ? spec.scale : 1;
  });
  const columns = fields.map((spec) => (spec.kind === 'number' ? spec.column : null));
  const emptyReported = new Uint8Array(fieldCount);
  const state = newParseState();

  let toSkip = options.dataOffset;
  let carry: Uint8Array | null = null;
  let line = options.firstDataLine;
  let rows = 0;
  let sizedColumns = options.onLineLength === undefined;
  let ended = false;

  const parseLine = (bytes: Uint8Array, start: number, end: number, hasLineEnd: boolean): void => {
    if (end > start && bytes[end - 1] === CR) end--;
    if (end === start) return;
    if (options.isEndOfData?.(bytes, start, end)) {
      ended = true;
      return;
    }
    let fieldStart = start;
    let field = 0;
    for (let i = start; i <= end && field < fieldCount; i++) {
      if (i !== end && bytes[i] !== delimiter) continue;
      const kind = kinds[field]!;
      if (kind === 1) {
        const value = parseNumberBytes(bytes, fieldStart, i, decimal, state);
        if (state.status !== ParseStatus.ok) {
          const spec = fields[field] as Extract<FieldSpec, { kind: 'number' }>;
          if (state.status === ParseStatus.invalid || spec.required) {
            const text = latin1Slice(bytes, fieldStart, i).trim();
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
        }
        columns[field]!.push(value * scales[field]!);
      } else if (kind === 2) {
        const spec = fields[field] as Extract<FieldSpec, { kind: 'text' }>;
        spec.onValue(stripQuotes(latin1Slice(bytes, fieldStart, i)), rows, line);
      }
      field++;
      fieldStart = i + 1;
    }
    if (field < requiredFields) {
      if (!hasLineEnd) {
        // Roll back the partial row so every column keeps the same length.
        for (const column of columns) column?.truncate(rows);
        issues.add({
          code: 'truncated_record',
          severity: 'warning',
          message: message.truncatedLastLine(line),
          location: { file, line },
        });
        return;
      }
      throw new ReaderError(message.shortLine(file, line, field, requiredFields), {
        location: { file, line },
        expected: `${requiredFields} fields`,
      });
    }
    // Fields the line lacks but that are optional become missing values.
    for (let missing = field; missing < fieldCount; missing++) columns[missing]?.push(Number.NaN);
    rows++;
  };

  for await (const chunk of chunks) {
    if (ended) break;
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
    const linesBefore = line;
    for (let i = bytes.indexOf(LF, 0); i !== -1; i = bytes.indexOf(LF, lineStart)) {
      parseLine(bytes, lineStart, i, true);
      line++;
      lineStart = i + 1;
      if (ended) break;
    }
    if (!sizedColumns && line > linesBefore) {
      sizedColumns = true;
      options.onLineLength?.(lineStart / (line - linesBefore));
    }
    if (lineStart < bytes.length) carry = bytes.slice(lineStart);
  }
  if (carry !== null && !ended) {
    parseLine(carry, 0, carry.length, false);
    line++;
  }
  return { rows, nextLine: line };
}

function lastRequiredField(fields: readonly FieldSpec[]): number {
  for (let index = fields.length - 1; index >= 0; index--) {
    const spec = fields[index]!;
    if (spec.kind === 'number' && spec.required) return index;
  }
  return -1;
}

function stripQuotes(text: string): string {
  const trimmed = text.trim();
  if (trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"')) return trimmed.slice(1, -1);
  return trimmed.replace(/^"|"$/g, '');
}
