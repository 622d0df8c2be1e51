/**
 * The header of an EC-Lab / BT-Lab text export (`.mpt`, `.txt`):
 *
 * ```
 * EC-Lab ASCII FILE
 * Nb header lines : 81            ← lines up to and including the column header line
 * (blank)
 * Galvanostatic Cycling with Potential Limitation
 * …  Acquisition started on : 01/10/2024 11:02:29.886
 * …  EC-Lab for windows v11.50 (software)
 * mode	ox/red	…	time/s	…	Ewe/V	…      ← line N: tab-separated column names
 * 3	1	…                               ← data from line N + 1
 * ```
 *
 * Exports without the preamble start straight with the column header line. Headers are Latin-1 on
 * older systems and UTF-8 on newer ones (`Cs/µF`, `Temperature/°C`); numbers use `.` or, in a German
 * locale, `,` as the decimal separator.
 */
import { EmptyFileError, ReaderError, TruncatedFileError } from '../../errors.ts';
import { message } from '../../messages.ts';
import { decodeText, hasUtf8Bom } from '../text/decode.ts';
import { type Technique, techniqueByName } from './techniques.ts';

const LF = 10;
const TAB = 9;
const COMMA = 44;
const DOT = 46;

export const MPT_MAGIC = /^(EC|BT)-Lab ASCII FILE/;
const HEADER_COUNT = /^Nb header lines\s*:\s*(\d+)/;
const ACQUISITION_START = /^Acquisition started on\s*:\s*(.+?)\s*$/;
const TECHNIQUE_START = /^Technique started on\s*:\s*(.+?)\s*$/;
const SOFTWARE = /^((?:EC|BT)-Lab)\b.*?v?(\d+\.\d+)\s*\(software\)/;
const DEVICE = /^Device\s*:\s*(.+?)\s*$/;

export interface MptHeader {
  /** `EC-Lab` or `BT-Lab` when the preamble names the software. */
  software: string | null;
  softwareVersion: string | null;
  device: string | null;
  technique: Technique | null;
  acquisitionStart: string | null;
  techniqueStart: string | null;
  /** Column names in file order (a trailing empty name from a trailing tab is dropped). */
  columnNames: string[];
  /** Byte offset of the first data line. */
  dataOffset: number;
  /** 1-based line number of the first data line. */
  firstDataLine: number;
  /** Decimal separator byte of the numbers (`.` or `,`), read from the first data line. */
  decimal: number;
  /** Fields of the first data line: a complete data line has at least this many. */
  dataFieldCount: number;
  /** Text of the first data line's fields, to recognise date-time columns. */
  firstDataFields: string[];
}

/** Returned when the prefix holds too few lines to read the header; ask for at least `lines` lines. */
export interface NeedMoreLines {
  needLines: number;
}

/**
 * Reads the header from the first bytes of a file. `complete` says the prefix is the whole file;
 * otherwise a header longer than the prefix asks for more lines.
 */
export function parseMptHeader(
  prefix: Uint8Array,
  file: string,
  complete: boolean,
): MptHeader | NeedMoreLines {
  const start = hasUtf8Bom(prefix) ? 3 : 0;
  const lineEnds = lineEndsOf(prefix, start);
  const lineText = (index: number): string | null => {
    if (index > lineEnds.length) return null;
    const begin = index === 0 ? start : lineEnds[index - 1]! + 1;
    const terminated = index < lineEnds.length;
    const end = terminated ? lineEnds[index]! : prefix.length;
    // An unterminated last line counts only when the prefix is the whole file and it holds something.
    if (!terminated && (!complete || end === begin)) return null;
    return decodeText(prefix.subarray(begin, end)).replace(/\r$/, '');
  };

  const first = lineText(0);
  if (first === null) return { needLines: 2 };
  let headerLineIndex = 0;
  const preambleLines: string[] = [];
  if (MPT_MAGIC.test(first)) {
    const second = lineText(1);
    if (second === null) return needOrTruncated(complete, file, lineEnds.length, 2);
    const count = HEADER_COUNT.exec(second);
    if (count === null) {
      throw new ReaderError(message.headerNotFound(file, '"Nb header lines : N" on line 2'), {
        location: { file, line: 2 },
        expected: '"Nb header lines : N"',
      });
    }
    headerLineIndex = Math.max(Number(count[1]) - 1, 2);
    if (lineEnds.length < headerLineIndex && !complete) return { needLines: headerLineIndex + 2 };
    for (let index = 2; index < headerLineIndex; index++) {
      const line = lineText(index);
      if (line === null) return needOrTruncated(complete, file, index, headerLineIndex + 1);
      preambleLines.push(line);
    }
  }

  const headerText = lineText(headerLineIndex);
  if (headerText === null) return needOrTruncated(complete, file, headerLineIndex, headerLineIndex + 1);
  const columnNames = headerText.split('\t').map((name) => name.trim());
  while (columnNames.length > 0 && columnNames[columnNames.length - 1] === '') columnNames.pop();
  if (!columnNames.includes('time/s')) {
    throw new ReaderError(message.headerNotFound(file, 'a tab-separated column header line with "time/s"'), {
      location: { file, line: headerLineIndex + 1 },
      expected: 'a column header line with "time/s"',
    });
  }
  if (headerLineIndex >= lineEnds.length) throw emptyFile(file);
  const dataOffset = lineEnds[headerLineIndex]! + 1;
  const firstData = firstDataLine(prefix, dataOffset, lineEnds, headerLineIndex, complete);
  if (firstData === null) {
    if (complete) throw emptyFile(file);
    return { needLines: headerLineIndex + 3 };
  }

  return {
    ...describePreamble(preambleLines),
    columnNames,
    dataOffset,
    firstDataLine: headerLineIndex + 2,
    decimal: firstData.includes(COMMA) ? COMMA : DOT,
    dataFieldCount: countFields(firstData),
    firstDataFields: decodeText(firstData).replace(/\r$/, '').split('\t'),
  };
}

/** Byte offsets of every line feed after `start`. */
function lineEndsOf(bytes: Uint8Array, start: number): number[] {
  const ends: number[] = [];
  for (let index = bytes.indexOf(LF, start); index !== -1; index = bytes.indexOf(LF, index + 1))
    ends.push(index);
  return ends;
}

/** The first non-blank data line's bytes, or null when the prefix holds none yet. */
function firstDataLine(
  prefix: Uint8Array,
  dataOffset: number,
  lineEnds: number[],
  headerLineIndex: number,
  complete: boolean,
): Uint8Array | null {
  let begin = dataOffset;
  for (let index = headerLineIndex + 1; index <= lineEnds.length; index++) {
    const end = index < lineEnds.length ? lineEnds[index]! : complete ? prefix.length : -1;
    if (end < 0) return null;
    const line = prefix.subarray(begin, end);
    if (line.some((byte) => byte !== 13 && byte !== 32 && byte !== TAB)) return line;
    begin = end + 1;
  }
  return null;
}

function countFields(line: Uint8Array): number {
  let fields = 1;
  for (const byte of line) if (byte === TAB) fields++;
  return fields;
}

function needOrTruncated(complete: boolean, file: string, found: number, announced: number): NeedMoreLines {
  if (!complete) return { needLines: announced + 1 };
  throw new TruncatedFileError(message.truncatedHeader(file, found, announced), {
    location: { file, line: found + 1 },
    expected: `${announced} header lines`,
  });
}

function emptyFile(file: string): EmptyFileError {
  return new EmptyFileError(message.emptyFile(file), {
    location: { file },
    expected: 'data lines after the header',
  });
}

function describePreamble(
  lines: readonly string[],
): Pick<
  MptHeader,
  'software' | 'softwareVersion' | 'device' | 'technique' | 'acquisitionStart' | 'techniqueStart'
> {
  let software: string | null = null;
  let softwareVersion: string | null = null;
  let device: string | null = null;
  let acquisitionStart: string | null = null;
  let techniqueStart: string | null = null;
  const techniques = new Map<string, Technique>();
  for (const raw of lines) {
    const line = raw.trim();
    const technique = techniqueByName(line);
    if (technique) techniques.set(technique.code, technique);
    acquisitionStart ??= ACQUISITION_START.exec(line)?.[1] ?? null;
    techniqueStart ??= TECHNIQUE_START.exec(line)?.[1] ?? null;
    device ??= DEVICE.exec(line)?.[1] ?? null;
    const softwareMatch = SOFTWARE.exec(line);
    if (softwareMatch && software === null) {
      software = softwareMatch[1]!;
      softwareVersion = softwareMatch[2]!;
    }
  }
  // A file of linked techniques (GCPL then PEIS …) has no single technique.
  const technique = techniques.size === 1 ? [...techniques.values()][0]! : null;
  return { software, softwareVersion, device, technique, acquisitionStart, techniqueStart };
}
