/**
 * Text handling shared by the Neware CSV layouts: the head of the file (encoding, delimiter,
 * first lines), and re-decoding cells the scanner hands over as Latin-1 (Chinese step names in
 * UTF-8 or GB 18030).
 */
import { decodeText, hasUtf8Bom } from '../text/decode.ts';

export type CsvEncoding = 'utf-8' | 'gb18030';

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** UTF-8 when the bytes are valid UTF-8 (a cut last character allowed), else GB 18030 (Chinese Windows). */
export function detectCsvEncoding(head: Uint8Array): CsvEncoding {
  let end = head.length;
  while (end > 0 && end > head.length - 4 && (head[end - 1]! & 0xc0) === 0x80) end--;
  if (end > 0 && head[end - 1]! >= 0xc0) end--;
  try {
    strictUtf8.decode(head.subarray(0, end));
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

export function decodeCsv(bytes: Uint8Array, encoding: CsvEncoding): string {
  if (encoding === 'utf-8') return decodeText(bytes, 'utf-8');
  return new TextDecoder('gb18030').decode(bytes);
}

/** Byte length of a UTF-8 BOM at the start, if any. */
export function bomLength(head: Uint8Array): number {
  return hasUtf8Bom(head) ? 3 : 0;
}

/** The text of a cell that arrived as Latin-1 (one char per byte), decoded in the file's encoding. */
export function redecode(latin1: string, encoding: CsvEncoding): string {
  let ascii = true;
  for (let i = 0; i < latin1.length && ascii; i++) ascii = latin1.charCodeAt(i) < 0x80;
  if (ascii) return latin1;
  const bytes = new Uint8Array(latin1.length);
  for (let i = 0; i < latin1.length; i++) bytes[i] = latin1.charCodeAt(i);
  return encoding === 'utf-8'
    ? new TextDecoder('utf-8').decode(bytes)
    : new TextDecoder('gb18030').decode(bytes);
}

/** The delimiter of a header line: tab when it has more tabs than commas. */
export function delimiterOf(headerLine: string): ',' | '\t' {
  const tabs = headerLine.split('\t').length;
  const commas = headerLine.split(',').length;
  return tabs > commas ? '\t' : ',';
}

/** Splits a line into cells, stripping surrounding quotes (Neware quotes no delimiters). */
export function splitCells(line: string, delimiter: string): string[] {
  return line.split(delimiter).map((cell) => cell.trim().replace(/^"(.*)"$/, '$1'));
}

/** The first `count` lines of a text (without line ends), and the byte offset after each in UTF-8/GB bytes. */
export function firstLines(bytes: Uint8Array, count: number): { lines: Uint8Array[]; ends: number[] } {
  const lines: Uint8Array[] = [];
  const ends: number[] = [];
  let start = 0;
  while (lines.length < count && start < bytes.length) {
    let end = bytes.indexOf(10, start);
    const next = end === -1 ? bytes.length : end + 1;
    if (end === -1) end = bytes.length;
    const lineEnd = end > start && bytes[end - 1] === 13 ? end - 1 : end;
    lines.push(bytes.subarray(start, lineEnd));
    ends.push(next);
    start = next;
  }
  return { lines, ends };
}
