/**
 * Reading XLSX (SpreadsheetML, ECMA-376 part 1 §18) workbooks: sheet names, and the cells of a
 * sheet streamed row by row. Numbers come out as numbers (parsed straight from the XML bytes),
 * shared and inline strings are resolved, and dates stay Excel serial numbers (days since
 * 1899-12-30; see `excelSerialToIso`) because the cell styles that mark them are not read.
 */
import { ReaderError } from '../../errors.ts';
import { message } from '../../messages.ts';
import { newParseState, ParseStatus, parseFieldNumber } from '../text/numbers.ts';
import { inflateEntry, inflateEntryChunks, readZipDirectory, type ZipEntry } from '../zip.ts';
import {
  decodeUtf8,
  decodeXmlText,
  elementAttributes,
  findAttribute,
  newTag,
  nextTag,
  type Tag,
  TagKind,
  tagIs,
} from './xml.ts';

/** What a cell holds. */
export const CellKind = { empty: 0, number: 1, string: 2, boolean: 3, error: 4 } as const;
export type CellKindCode = (typeof CellKind)[keyof typeof CellKind];

export type CellValue = number | string | boolean | null;

/**
 * One row of a sheet while it is being visited. The view is reused for the next row: copy what
 * you keep (`values()` returns a fresh array).
 */
export interface SheetRow {
  /** 1-based row number as the sheet numbers it (`<row r="…">`). */
  readonly rowNumber: number;
  /** Number of columns up to the last cell holding a value (its 0-based column index + 1). */
  readonly width: number;
  kind(column: number): CellKindCode;
  /** The number in a numeric cell; NaN for any other cell. */
  numberAt(column: number): number;
  /** The text of a string or error cell, a number or boolean written out, '' when empty. */
  textAt(column: number): string;
  values(): CellValue[];
}

export interface Sheet {
  readonly name: string;
  /** Visits every row present in the sheet, in order; return `false` from `visit` to stop early. */
  forEachRow(visit: (row: SheetRow) => boolean | undefined): void;
  /** All rows as arrays of values: for small sheets (metadata, summaries). */
  rowsAsValues(): CellValue[][];
}

export interface Workbook {
  readonly file: string;
  /** Sheet names in workbook order (hidden sheets included). */
  readonly sheetNames: readonly string[];
  /** The sheet called `name`; a `ReaderError` naming the sheets present when there is none. */
  sheet(name: string): Sheet;
}

/** Opens the workbook in `bytes` (the whole .xlsx file); `file` names it in messages. */
export function openWorkbook(bytes: Uint8Array, file: string): Workbook {
  const entries = readZipDirectory(bytes, file);
  const part = (path: string): ZipEntry | null => findPart(entries, path);
  const workbookPath = officeDocumentPath(bytes, entries, file);
  const workbookEntry = part(workbookPath);
  if (workbookEntry === null) {
    throw new ReaderError(message.archiveEntryMissing(file, workbookPath), {
      location: { file },
      expected: 'an .xlsx workbook with a workbook part',
    });
  }
  const relationships = readRelationships(bytes, entries, file, relationshipsPathOf(workbookPath));
  const sheets = elementAttributes(decodeUtf8(inflateEntry(bytes, workbookEntry, file)), 'sheet').map(
    (attributes) => ({
      name: attributes['name'] ?? '',
      path: resolveTarget(workbookPath, relationships.get(attributes['id'] ?? '')?.target ?? ''),
    }),
  );
  const sharedStringsTarget = [...relationships.values()].find((relation) =>
    relation.type.endsWith('/sharedStrings'),
  )?.target;
  let sharedStrings: string[] | null = null;
  const loadSharedStrings = (): string[] => {
    if (sharedStrings === null) {
      const entry = sharedStringsTarget ? part(resolveTarget(workbookPath, sharedStringsTarget)) : null;
      sharedStrings = entry ? parseSharedStrings(inflateEntry(bytes, entry, file)) : [];
    }
    return sharedStrings;
  };
  const sheetNames = sheets.map((sheet) => sheet.name);
  return {
    file,
    sheetNames,
    sheet(name: string): Sheet {
      const found = sheets.find((sheet) => sheet.name === name);
      const entry = found ? part(found.path) : null;
      if (!found || entry === null) {
        throw new ReaderError(message.sheetNotFound(file, name, sheetNames), {
          location: { file },
          expected: `a sheet named "${name}"`,
        });
      }
      return new StreamedSheet(name, () => inflateEntryChunks(bytes, entry, file), loadSharedStrings);
    },
  };
}

/** Sheet names of the workbook in `bytes`, in workbook order. */
export function listSheets(bytes: Uint8Array, file = 'workbook.xlsx'): string[] {
  return [...openWorkbook(bytes, file).sheetNames];
}

/** One sheet of the workbook in `bytes`, by name. */
export function readSheet(bytes: Uint8Array, name: string, file = 'workbook.xlsx'): Sheet {
  return openWorkbook(bytes, file).sheet(name);
}

/**
 * Streams a sheet laid out as a table: the first non-empty row is the header (its cells as text),
 * every later row goes to `onRow`.
 */
export function forEachTableRow(
  sheet: Sheet,
  onHeader: (names: string[], rowNumber: number) => void,
  onRow: (row: SheetRow) => boolean | undefined,
): void {
  let seenHeader = false;
  sheet.forEachRow((row) => {
    if (seenHeader) return onRow(row);
    if (row.width === 0) return undefined;
    const names: string[] = [];
    for (let column = 0; column < row.width; column++) names.push(row.textAt(column).trim());
    if (names.every((name) => name === '')) return undefined;
    seenHeader = true;
    onHeader(names, row.rowNumber);
    return undefined;
  });
}

function findPart(entries: Map<string, ZipEntry>, path: string): ZipEntry | null {
  const exact = entries.get(path);
  if (exact) return exact;
  const lower = path.toLowerCase();
  for (const [name, entry] of entries) {
    if (name.toLowerCase() === lower || name.replaceAll('\\', '/').toLowerCase() === lower) return entry;
  }
  return null;
}

interface Relationship {
  target: string;
  type: string;
}

function readRelationships(
  bytes: Uint8Array,
  entries: Map<string, ZipEntry>,
  file: string,
  path: string,
): Map<string, Relationship> {
  const entry = findPart(entries, path);
  const relationships = new Map<string, Relationship>();
  if (entry === null) return relationships;
  for (const attributes of elementAttributes(decodeUtf8(inflateEntry(bytes, entry, file)), 'Relationship')) {
    relationships.set(attributes['Id'] ?? '', {
      target: attributes['Target'] ?? '',
      type: attributes['Type'] ?? '',
    });
  }
  return relationships;
}

/** The workbook part named by the package relationships (`xl/workbook.xml` when they are silent). */
function officeDocumentPath(bytes: Uint8Array, entries: Map<string, ZipEntry>, file: string): string {
  for (const relation of readRelationships(bytes, entries, file, '_rels/.rels').values()) {
    if (relation.type.endsWith('/officeDocument')) return resolveTarget('', relation.target);
  }
  return 'xl/workbook.xml';
}

function relationshipsPathOf(partPath: string): string {
  const slash = partPath.lastIndexOf('/');
  return `${partPath.slice(0, slash + 1)}_rels/${partPath.slice(slash + 1)}.rels`;
}

/** A relationship target resolved against the folder of the part that declares it. */
function resolveTarget(fromPart: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const segments = fromPart.split('/').slice(0, -1);
  for (const segment of target.split('/')) {
    if (segment === '..') segments.pop();
    else if (segment !== '.' && segment !== '') segments.push(segment);
  }
  return segments.join('/');
}

/** Shared strings (`<sst>`): each `<si>` is its `<t>` text, or the concatenated `<t>` of its runs (phonetic runs excluded). */
function parseSharedStrings(xml: Uint8Array): string[] {
  const strings: string[] = [];
  const tag = newTag();
  let current: string | null = null;
  let phoneticDepth = 0;
  let textStart = -1;
  for (let position = 0; nextTag(xml, position, xml.length, tag); position = tag.end) {
    if (tagIs(xml, tag, 'si')) {
      if (tag.kind === TagKind.open) current = '';
      else if (tag.kind === TagKind.selfClosing) strings.push('');
      else if (tag.kind === TagKind.close) {
        strings.push(current ?? '');
        current = null;
      }
    } else if (tagIs(xml, tag, 'rPh')) {
      if (tag.kind === TagKind.open) phoneticDepth++;
      else if (tag.kind === TagKind.close) phoneticDepth--;
    } else if (tagIs(xml, tag, 't') && current !== null && phoneticDepth === 0) {
      if (tag.kind === TagKind.open) textStart = tag.end;
      else if (tag.kind === TagKind.close && textStart >= 0) {
        current += decodeXmlText(xml, textStart, tag.start);
        textStart = -1;
      }
    }
  }
  return strings;
}

/** Column index (0-based) from the letters of a cell reference like `AB12`; -1 when none. */
function columnOfReference(bytes: Uint8Array, start: number, end: number): number {
  let column = 0;
  let position = start;
  for (; position < end; position++) {
    const byte = bytes[position]! & 0xdf; // upper-case
    if (byte < 0x41 || byte > 0x5a) break;
    column = column * 26 + (byte - 0x40);
  }
  return position === start ? -1 : column - 1;
}

function parseUnsigned(bytes: Uint8Array, start: number, end: number): number {
  let value = 0;
  for (let position = start; position < end; position++) {
    const digit = bytes[position]! - 0x30;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return end > start ? value : -1;
}

/** `<`, which ends a cell's value text. */
const LESS_THAN = 0x3c;

/** How a cell's `t` attribute says to read its `<v>`. */
const CellType = {
  number: 0,
  sharedString: 1,
  inlineString: 2,
  formulaString: 3,
  boolean: 4,
  error: 5,
  date: 6,
};

function cellTypeOf(bytes: Uint8Array, start: number, end: number): number {
  const length = end - start;
  const first = bytes[start];
  if (length === 1 && first === 0x73) return CellType.sharedString; // s
  if (length === 1 && first === 0x6e) return CellType.number; // n
  if (length === 1 && first === 0x62) return CellType.boolean; // b
  if (length === 1 && first === 0x65) return CellType.error; // e
  if (length === 1 && first === 0x64) return CellType.date; // d (ISO 8601 text)
  if (length === 3 && first === 0x73) return CellType.formulaString; // str
  if (length === 9 && first === 0x69) return CellType.inlineString; // inlineStr
  return CellType.number;
}

class RowBuffer implements SheetRow {
  rowNumber = 0;
  width = 0;
  #kinds = new Uint8Array(16);
  #numbers = new Float64Array(16);
  #texts: (string | null)[] = new Array(16).fill(null);

  reset(rowNumber: number): void {
    this.#kinds.fill(CellKind.empty, 0, this.width);
    this.#texts.fill(null, 0, this.width);
    this.rowNumber = rowNumber;
    this.width = 0;
  }

  setNumber(column: number, value: number): void {
    this.#ensure(column);
    this.#kinds[column] = CellKind.number;
    this.#numbers[column] = value;
  }

  setText(column: number, kind: CellKindCode, text: string): void {
    this.#ensure(column);
    this.#kinds[column] = kind;
    this.#texts[column] = text;
  }

  setBoolean(column: number, value: boolean): void {
    this.#ensure(column);
    this.#kinds[column] = CellKind.boolean;
    this.#numbers[column] = value ? 1 : 0;
  }

  kind(column: number): CellKindCode {
    return column < this.width ? (this.#kinds[column] as CellKindCode) : CellKind.empty;
  }

  numberAt(column: number): number {
    return column < this.width && this.#kinds[column] === CellKind.number
      ? this.#numbers[column]!
      : Number.NaN;
  }

  textAt(column: number): string {
    switch (this.kind(column)) {
      case CellKind.number:
        return String(this.#numbers[column]);
      case CellKind.boolean:
        return this.#numbers[column] === 1 ? 'TRUE' : 'FALSE';
      case CellKind.string:
      case CellKind.error:
        return this.#texts[column] ?? '';
      default:
        return '';
    }
  }

  values(): CellValue[] {
    const values: CellValue[] = [];
    for (let column = 0; column < this.width; column++) {
      const kind = this.#kinds[column];
      if (kind === CellKind.number) values.push(this.#numbers[column]!);
      else if (kind === CellKind.boolean) values.push(this.#numbers[column] === 1);
      else if (kind === CellKind.string || kind === CellKind.error) values.push(this.#texts[column] ?? '');
      else values.push(null);
    }
    return values;
  }

  #ensure(column: number): void {
    if (column >= this.#kinds.length) {
      const capacity = Math.max(column + 1, this.#kinds.length * 2);
      const kinds = new Uint8Array(capacity);
      kinds.set(this.#kinds);
      const numbers = new Float64Array(capacity);
      numbers.set(this.#numbers);
      this.#kinds = kinds;
      this.#numbers = numbers;
      while (this.#texts.length < capacity) this.#texts.push(null);
    }
    if (column >= this.width) this.width = column + 1;
  }
}

class StopVisit extends Error {}

class StreamedSheet implements Sheet {
  readonly name: string;
  readonly #chunks: () => Iterable<Uint8Array>;
  readonly #sharedStrings: () => string[];

  constructor(name: string, chunks: () => Iterable<Uint8Array>, sharedStrings: () => string[]) {
    this.name = name;
    this.#chunks = chunks;
    this.#sharedStrings = sharedStrings;
  }

  rowsAsValues(): CellValue[][] {
    const rows: CellValue[][] = [];
    this.forEachRow((row) => {
      rows.push(row.values());
      return undefined;
    });
    return rows;
  }

  forEachRow(visit: (row: SheetRow) => boolean | undefined): void {
    const scanner = new RowScanner(this.#sharedStrings, visit);
    let carry: Uint8Array | null = null;
    try {
      for (const chunk of this.#chunks()) {
        let bytes = chunk;
        if (carry !== null) {
          bytes = new Uint8Array(carry.length + chunk.length);
          bytes.set(carry);
          bytes.set(chunk, carry.length);
        }
        const consumed = scanner.scan(bytes);
        carry = consumed < bytes.length ? bytes.slice(consumed) : null;
        if (scanner.finished) break;
      }
    } catch (error) {
      if (error instanceof StopVisit) return;
      throw error;
    }
  }
}

/**
 * Walks `<sheetData>` tag by tag. `scan` consumes whole rows and returns where the first
 * incomplete row starts, so a row cut by a chunk boundary is scanned again with the next chunk.
 */
class RowScanner {
  finished = false;
  readonly #row = new RowBuffer();
  readonly #tag: Tag = newTag();
  readonly #cellTag: Tag = newTag();
  readonly #valueTag: Tag = newTag();
  readonly #range = { start: 0, end: 0 };
  readonly #parseState = newParseState();
  readonly #sharedStrings: () => string[];
  readonly #visit: (row: SheetRow) => boolean | undefined;
  #inSheetData = false;
  #lastRowNumber = 0;

  constructor(sharedStrings: () => string[], visit: (row: SheetRow) => boolean | undefined) {
    this.#sharedStrings = sharedStrings;
    this.#visit = visit;
  }

  scan(bytes: Uint8Array): number {
    const tag = this.#tag;
    let position = 0;
    while (!this.finished) {
      if (!nextTag(bytes, position, bytes.length, tag)) return position;
      if (!this.#inSheetData) {
        if (tagIs(bytes, tag, 'sheetData')) {
          if (tag.kind === TagKind.open) this.#inSheetData = true;
          else this.finished = true;
        }
        position = tag.end;
        continue;
      }
      if (tagIs(bytes, tag, 'row')) {
        if (tag.kind === TagKind.close) {
          position = tag.end;
          continue;
        }
        const rowEnd = this.#scanRow(bytes, tag.end, tag);
        if (rowEnd < 0) return tag.start;
        position = rowEnd;
        continue;
      }
      if (tagIs(bytes, tag, 'sheetData') && tag.kind === TagKind.close) this.finished = true;
      position = tag.end;
    }
    return bytes.length;
  }

  /** Scans one row from its start tag; returns the position after it, or -1 when the row is incomplete. */
  #scanRow(bytes: Uint8Array, contentStart: number, rowTag: Tag): number {
    const row = this.#row;
    const range = this.#range;
    const rowNumber = findAttribute(bytes, rowTag, 'r', range)
      ? parseUnsigned(bytes, range.start, range.end)
      : this.#lastRowNumber + 1;
    row.reset(rowNumber > 0 ? rowNumber : this.#lastRowNumber + 1);
    if (rowTag.kind === TagKind.selfClosing) return this.#emit(contentStart);
    const tag = this.#cellTag;
    let position = contentStart;
    let nextColumn = 0;
    while (true) {
      if (!nextTag(bytes, position, bytes.length, tag)) return -1;
      if (tagIs(bytes, tag, 'row') && tag.kind === TagKind.close) return this.#emit(tag.end);
      if (!tagIs(bytes, tag, 'c') || tag.kind === TagKind.close) {
        position = tag.end;
        continue;
      }
      const referenced = findAttribute(bytes, tag, 'r', range)
        ? columnOfReference(bytes, range.start, range.end)
        : -1;
      const column = referenced >= 0 ? referenced : nextColumn;
      nextColumn = column + 1;
      const type = findAttribute(bytes, tag, 't', range)
        ? cellTypeOf(bytes, range.start, range.end)
        : CellType.number;
      if (tag.kind === TagKind.selfClosing) {
        position = tag.end;
        continue;
      }
      const cellEnd = this.#scanCell(bytes, tag.end, column, type);
      if (cellEnd < 0) return -1;
      position = cellEnd;
    }
  }

  /** Reads one cell's content up to `</c>`; returns the position after it, or -1 when incomplete. */
  #scanCell(bytes: Uint8Array, contentStart: number, column: number, type: number): number {
    const row = this.#row;
    const tag = this.#valueTag;
    let position = contentStart;
    let valueStart = -1;
    let valueEnd = -1;
    let inlineText: string | null = null;
    let textStart = -1;
    while (true) {
      if (!nextTag(bytes, position, bytes.length, tag)) return -1;
      position = tag.end;
      if (tagIs(bytes, tag, 'c') && tag.kind === TagKind.close) break;
      if (tagIs(bytes, tag, 'v')) {
        if (tag.kind === TagKind.open) valueStart = tag.end;
        else if (tag.kind === TagKind.close) valueEnd = tag.start;
      } else if (tagIs(bytes, tag, 't') && type === CellType.inlineString) {
        if (tag.kind === TagKind.open) textStart = tag.end;
        else if (tag.kind === TagKind.close && textStart >= 0) {
          inlineText = (inlineText ?? '') + decodeXmlText(bytes, textStart, tag.start);
          textStart = -1;
        }
      }
    }
    if (type === CellType.inlineString) {
      if (inlineText !== null) row.setText(column, CellKind.string, inlineText);
      return position;
    }
    if (valueStart < 0 || valueEnd < valueStart) return position;
    switch (type) {
      case CellType.sharedString: {
        const index = parseUnsigned(bytes, valueStart, valueEnd);
        row.setText(column, CellKind.string, this.#sharedStrings()[index] ?? '');
        break;
      }
      case CellType.boolean:
        row.setBoolean(column, bytes[valueStart] === 0x31);
        break;
      case CellType.error:
        row.setText(column, CellKind.error, decodeXmlText(bytes, valueStart, valueEnd));
        break;
      case CellType.formulaString:
      case CellType.date:
        row.setText(column, CellKind.string, decodeXmlText(bytes, valueStart, valueEnd));
        break;
      default: {
        // The value runs to the `<` of `</v>`: the scanners' in-place parser, with `<` as the delimiter.
        const value = parseFieldNumber(bytes, valueStart, valueEnd, LESS_THAN, 0x2e, this.#parseState);
        if (this.#parseState.status === ParseStatus.ok) row.setNumber(column, value);
        else if (this.#parseState.status === ParseStatus.invalid) {
          row.setText(column, CellKind.string, decodeXmlText(bytes, valueStart, valueEnd));
        }
      }
    }
    return position;
  }

  #emit(position: number): number {
    this.#lastRowNumber = this.#row.rowNumber;
    if (this.#visit(this.#row) === false) throw new StopVisit();
    return position;
  }
}
