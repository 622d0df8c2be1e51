/**
 * The dialect of a delimited table read from the head of a file: where the header line is
 * (after up to `MAX_PREAMBLE_LINES` of preamble), which byte separates fields, which byte is
 * the decimal separator, and the text encoding of the header.
 */

import { decodeText, detectEncoding, looksBinary, type TextEncoding } from '../text/decode.ts';
import { decimalByte } from '../text/numbers.ts';

export const MAX_PREAMBLE_LINES = 200;

const TAB = 9;
const SEMICOLON = 59;
const COMMA = 44;
const LF = 10;
const CANDIDATE_DELIMITERS = [TAB, SEMICOLON, COMMA] as const;

/** One line of the head: byte range (without the line end) and decoded text. */
export interface HeadLine {
  start: number;
  end: number;
  /** Byte offset of the next line. */
  next: number;
  text: string;
}

export interface TableDialect {
  encoding: TextEncoding;
  delimiter: number;
  decimal: number;
  /** 0-based index of the header line in `lines`, or -1 for a headerless table. */
  headerIndex: number;
  /** Header fields with quotes, a leading `~`/`#` and surrounding spaces removed. */
  header: string[];
  /** Byte offset of the first data line. */
  dataOffset: number;
  /** 1-based line number of the first data line. */
  firstDataLine: number;
  /** The lines of the head before the header (metadata a reader may search). */
  preamble: string[];
}

/** Splits the head into lines, decoding each in the head's encoding. A last line without LF is kept only when `complete`. */
export function headLines(head: Uint8Array, complete: boolean, encoding = detectEncoding(head)): HeadLine[] {
  const lines: HeadLine[] = [];
  let start = head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  while (start < head.length) {
    let lineFeed = head.indexOf(LF, start);
    if (lineFeed < 0) {
      if (!complete) break;
      lineFeed = head.length;
    }
    let end = lineFeed;
    if (end > start && head[end - 1] === 13) end--;
    lines.push({ start, end, next: lineFeed + 1, text: decodeText(head.subarray(start, end), encoding) });
    start = lineFeed + 1;
  }
  return lines;
}

/** Splits one decoded line on `delimiter` into cleaned fields (a whole line wrapped in quotes is unwrapped first). */
export function splitFields(text: string, delimiter: number): string[] {
  let line = text.trim();
  if (line.length >= 2 && line.startsWith('"') && line.endsWith('"') && !line.slice(1, -1).includes('"')) {
    line = line.slice(1, -1); // Novonix wraps every line, not every field, in quotes.
  }
  return line.split(String.fromCharCode(delimiter)).map((field) =>
    field
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .trim(),
  );
}

/**
 * Finds the header: the first line within the preamble limit whose fields (split by one of tab,
 * `;`, `,`) include at least `minimumRecognised` fields that `recognise` accepts, followed by a
 * line with at least as many fields as the last recognised column needs. Among delimiters the one
 * that recognises most fields wins. Returns null when no such line exists.
 */
export function findHeader(
  head: Uint8Array,
  complete: boolean,
  recognise: (field: string) => boolean,
  minimumRecognised: number,
): TableDialect | null {
  if (looksBinary(head)) return null;
  const encoding = detectEncoding(head);
  const lines = headLines(head, complete, encoding);
  const limit = Math.min(lines.length, MAX_PREAMBLE_LINES + 1);
  for (let index = 0; index < limit; index++) {
    const line = lines[index]!;
    if (line.text.trim() === '') continue;
    let best: { delimiter: number; header: string[]; recognised: number } | null = null;
    for (const delimiter of CANDIDATE_DELIMITERS) {
      const header = splitFields(line.text, delimiter).map((field) => field.replace(/^[~#]\s*/, ''));
      if (header.length < 2) continue;
      let recognised = 0;
      let lastRecognised = -1;
      header.forEach((field, position) => {
        if (recognise(field)) {
          recognised++;
          lastRecognised = position;
        }
      });
      if (recognised < minimumRecognised || (best !== null && recognised <= best.recognised)) continue;
      const data = nextNonBlank(lines, index + 1);
      if (data === null || splitFields(data.text, delimiter).length <= lastRecognised) continue;
      best = { delimiter, header, recognised };
    }
    if (best === null) continue;
    return {
      encoding,
      delimiter: best.delimiter,
      decimal: guessDecimal(lines, index + 1, best.delimiter),
      headerIndex: index,
      header: best.header,
      dataOffset: line.next,
      firstDataLine: index + 2,
      preamble: lines.slice(0, index).map((preambleLine) => preambleLine.text),
    };
  }
  return null;
}

function nextNonBlank(lines: readonly HeadLine[], from: number): HeadLine | null {
  for (let index = from; index < lines.length; index++)
    if (lines[index]!.text.trim() !== '') return lines[index]!;
  return null;
}

/**
 * Decimal comma when the delimiter is not a comma and the first data lines hold numbers like
 * `3,14` but none like `3.14`.
 */
export function guessDecimal(lines: readonly HeadLine[], from: number, delimiter: number): number {
  if (delimiter === COMMA) return decimalByte('.');
  let commaNumbers = 0;
  let dotNumbers = 0;
  for (let index = from; index < Math.min(lines.length, from + 20); index++) {
    for (const field of splitFields(lines[index]!.text, delimiter)) {
      if (/^[-+]?\d+,\d+(?:[eE][-+]?\d+)?$/.test(field)) commaNumbers++;
      else if (/^[-+]?\d*\.\d+(?:[eE][-+]?\d+)?$/.test(field)) dotNumbers++;
    }
  }
  return decimalByte(commaNumbers > 0 && dotNumbers === 0 ? ',' : '.');
}
