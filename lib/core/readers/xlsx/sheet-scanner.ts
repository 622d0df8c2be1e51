/**
 * The worksheet scanner: `<sheetData>` of a SpreadsheetML sheet (ECMA-376 part 1 §18.3.1.80)
 * turned into rows, one byte pass over the XML as it is inflated.
 *
 * A data cell is almost always `<c r="B2" s="1"><v>2.0015000000000001</v></c>` (`t="s"` and a
 * shared-string index for text): the scanner reads the column from the reference's letters, the
 * style index from `s` (kept beside a numeric cell's number: only the style's number format says
 * whether 0.25 is a quarter or six hours) and the number straight from the bytes, and checks
 * `</v></c>` in place. Anything else in a cell (formulas, inline strings, namespace prefixes,
 * comments, odd spacing) goes through the general tag walk.
 */
import {
  newParseState,
  ParseStatus,
  parseFieldNumber,
  parseFieldNumberInFull,
  parseNumberBytes,
} from '../text/numbers.ts';
import { CellKind, RowBuffer, type SheetRow } from './row.ts';
import { decodeXmlText, findAttribute, newTag, nextTag, type Tag, TagKind, tagIs } from './xml.ts';

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const COLON = 0x3a;
const EQUALS = 0x3d;
const DOUBLE_QUOTE = 0x22;
const SINGLE_QUOTE = 0x27;
const SPACE = 0x20;
const BANG = 0x21;
const QUESTION = 0x3f;
const DOT = 0x2e;
const LETTER_C = 0x63;
const LETTER_R = 0x72;
const LETTER_S = 0x73;
const LETTER_T = 0x74;
const LETTER_V = 0x76;

/** Bytes of sheet XML gathered before a scan: rows cut at a chunk's end are carried to the next. */
const SCAN_BATCH_BYTES = 1 << 16;

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

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

function isNameEnd(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09 || byte === SLASH || byte === GT;
}

/** True when `bytes[start, end)` is the ASCII `name`. */
function isName(bytes: Uint8Array, start: number, end: number, name: string): boolean {
  if (end - start !== name.length) return false;
  for (let index = 0; index < name.length; index++) {
    if (bytes[start + index] !== name.charCodeAt(index)) return false;
  }
  return true;
}

/** Column index (0-based) from the letters of a cell reference like `AB12`; -1 when none. */
function columnOfReference(bytes: Uint8Array, start: number, end: number): number {
  let column = 0;
  let position = start;
  for (; position < end; position++) {
    const letter = (bytes[position]! & 0xdf) - 0x40; // upper-case, A = 1
    if (letter < 1 || letter > 26) break;
    column = column * 26 + letter;
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

function cellTypeOf(bytes: Uint8Array, start: number, end: number): number {
  const length = end - start;
  const first = bytes[start];
  if (length === 1 && first === 0x73) return CellType.sharedString; // s
  if (length === 1 && first === 0x62) return CellType.boolean; // b
  if (length === 1 && first === 0x65) return CellType.error; // e
  if (length === 1 && first === 0x64) return CellType.date; // d (ISO 8601 text)
  if (length === 3 && first === 0x73) return CellType.formulaString; // str
  if (length === 9 && first === 0x69) return CellType.inlineString; // inlineStr
  return CellType.number; // n, or none
}

/** What a sheet's cells refer to elsewhere in the workbook, each loaded when first needed. */
export interface SheetContext {
  /** The shared-string table, indexed by a `t="s"` cell's value. */
  sharedStrings(): readonly string[];
  /** The number-format kind of each `cellXfs` entry, indexed by a cell's `s` (see `number-formats.ts`). */
  cellFormatKinds(): Uint8Array;
}

/**
 * Scans sheet XML handed over in pieces. `scan` consumes whole rows and returns where the first
 * incomplete one starts, so the caller keeps those bytes and hands them in again with the next
 * piece. Every method that reads past the bytes given returns -1 for "incomplete".
 */
class SheetScanner {
  /** Set at `</sheetData>`, or when the visitor asked to stop. */
  finished = false;
  readonly #row: RowBuffer;
  /** The tag of the sheet-level walk (rows and what lies between them). */
  readonly #tag: Tag = newTag();
  /** Tags inside a row: kept apart so the row's own start stays known when the row is incomplete. */
  readonly #innerTag: Tag = newTag();
  readonly #range = { start: 0, end: 0 };
  readonly #parseState = newParseState();
  readonly #context: SheetContext;
  readonly #visit: (row: SheetRow) => boolean | undefined;
  #inSheetData = false;
  #lastRowNumber = 0;
  /** Column (-1 when its tag gave none), type, style and self-closing of the cell being scanned. */
  #column = 0;
  #type = CellType.number;
  #style = 0;
  #selfClosing = false;
  /** Columns seen holding long-form numbers (17 digits, exponents): parsed by the full parser. */
  #longForm = new Uint8Array(16);

  constructor(context: SheetContext, visit: (row: SheetRow) => boolean | undefined) {
    this.#context = context;
    this.#row = new RowBuffer(() => context.cellFormatKinds());
    this.#visit = visit;
  }

  /** Scans `bytes[0, length)`; returns the position of the first byte not consumed. */
  scan(bytes: Uint8Array, length: number): number {
    const tag = this.#tag;
    let position = 0;
    while (!this.finished) {
      if (!nextTag(bytes, position, length, tag)) return position;
      if (this.#inSheetData && tagIs(bytes, tag, 'row') && tag.kind !== TagKind.close) {
        const rowEnd = this.#scanRow(bytes, length, tag);
        if (rowEnd < 0) return tag.start;
        position = rowEnd;
        continue;
      }
      if (tagIs(bytes, tag, 'sheetData')) {
        if (tag.kind === TagKind.open) this.#inSheetData = true;
        else this.finished = true;
      }
      position = tag.end;
    }
    return position;
  }

  /** Scans one row from its start tag to `</row>` and hands it to the visitor; returns the position after it. */
  #scanRow(bytes: Uint8Array, length: number, rowTag: Tag): number {
    const row = this.#row;
    const range = this.#range;
    let written = this.#rowNumberFirst(bytes, rowTag);
    if (written < 0 && findAttribute(bytes, rowTag, 'r', range)) {
      written = parseUnsigned(bytes, range.start, range.end);
    }
    row.reset(written > 0 ? written : this.#lastRowNumber + 1);
    if (rowTag.kind === TagKind.selfClosing) return this.#emit(rowTag.end);
    let position = rowTag.end;
    let nextColumn = 0;
    while (true) {
      // Cells follow one another: `<c ` straight after the last one.
      if (
        position + 2 < length &&
        bytes[position] === LT &&
        bytes[position + 1] === LETTER_C &&
        bytes[position + 2] === SPACE
      ) {
        position = this.#scanCell(bytes, length, position + 2, nextColumn);
        if (position < 0) return -1;
        nextColumn = this.#column + 1;
        continue;
      }
      while (position < length && bytes[position] !== LT) position++;
      if (position + 1 >= length) return -1;
      const tagStart = position;
      const first = bytes[tagStart + 1]!;
      if (first === BANG || first === QUESTION) {
        if (!nextTag(bytes, tagStart, length, this.#innerTag)) return -1;
        position = this.#innerTag.end;
        continue;
      }
      const closing = first === SLASH;
      let nameStart = closing ? tagStart + 2 : tagStart + 1;
      let nameEnd = nameStart;
      while (nameEnd < length && !isNameEnd(bytes[nameEnd]!)) {
        if (bytes[nameEnd] === COLON) nameStart = nameEnd + 1;
        nameEnd++;
      }
      if (nameEnd >= length) return -1;
      if (!closing && nameEnd - nameStart === 1 && bytes[nameStart] === LETTER_C) {
        position = this.#scanCell(bytes, length, nameEnd, nextColumn);
        if (position < 0) return -1;
        nextColumn = this.#column + 1;
        continue;
      }
      let tagEnd = nameEnd;
      while (tagEnd < length && bytes[tagEnd] !== GT) tagEnd++;
      if (tagEnd >= length) return -1;
      if (closing && isName(bytes, nameStart, nameEnd, 'row')) return this.#emit(tagEnd + 1);
      position = tagEnd + 1;
    }
  }

  /** The row number of a row tag that starts `<row r="123"`, as Excel writes it; -1 otherwise. */
  #rowNumberFirst(bytes: Uint8Array, rowTag: Tag): number {
    let position = rowTag.nameEnd;
    if (
      bytes[position] !== SPACE ||
      bytes[position + 1] !== LETTER_R ||
      bytes[position + 2] !== EQUALS ||
      bytes[position + 3] !== DOUBLE_QUOTE
    ) {
      return -1;
    }
    position += 4;
    let value = 0;
    for (; position < rowTag.end; position++) {
      const digit = bytes[position]! - 0x30;
      if (digit < 0 || digit > 9) break;
      value = value * 10 + digit;
    }
    return bytes[position] === DOUBLE_QUOTE ? value : -1;
  }

  /**
   * Scans one cell from just after its tag name: attributes, then the value. Sets `#column`;
   * returns the position after the cell.
   */
  #scanCell(bytes: Uint8Array, length: number, afterName: number, nextColumn: number): number {
    let position = this.#cellAttributes(bytes, length, afterName);
    if (position < 0) {
      position = this.#cellAttributesInGeneral(bytes, length, afterName);
      if (position < 0) return -1;
    }
    const column = this.#column >= 0 ? this.#column : nextColumn;
    this.#column = column;
    if (this.#selfClosing) return position;
    const type = this.#type;
    // The usual `<v>…</v></c>`, read in place.
    if (
      (type === CellType.number || type === CellType.sharedString) &&
      position + 3 < length &&
      bytes[position] === LT &&
      bytes[position + 1] === LETTER_V &&
      bytes[position + 2] === GT
    ) {
      const valueStart = position + 3;
      const state = this.#parseState;
      let value: number;
      let valueEnd: number;
      if (type === CellType.number) {
        // A column written with 17 digits (as Excel writes) goes straight to the full parser.
        const longForm = column < this.#longForm.length && this.#longForm[column] === 1;
        value = longForm
          ? parseFieldNumberInFull(bytes, valueStart, length, LT, DOT, state)
          : parseFieldNumber(bytes, valueStart, length, LT, DOT, state);
        if (state.longForm) this.#markLongForm(column);
        valueEnd = state.fieldEnd;
      } else {
        valueEnd = valueStart;
        while (valueEnd < length && bytes[valueEnd] !== LT) valueEnd++;
        value = parseUnsigned(bytes, valueStart, valueEnd);
      }
      const end = valueEnd + 8;
      if (end > length) return -1;
      if (
        bytes[valueEnd] === LT &&
        bytes[valueEnd + 1] === SLASH &&
        bytes[valueEnd + 2] === LETTER_V &&
        bytes[valueEnd + 3] === GT &&
        bytes[valueEnd + 4] === LT &&
        bytes[valueEnd + 5] === SLASH &&
        bytes[valueEnd + 6] === LETTER_C &&
        bytes[valueEnd + 7] === GT &&
        (type === CellType.sharedString || state.status === ParseStatus.ok)
      ) {
        if (type === CellType.number) this.#row.setNumber(column, value, this.#style);
        else this.#setSharedString(column, value);
        return end;
      }
    }
    return this.#scanCellContent(bytes, length, position, column, type);
  }

  /**
   * The attributes of a cell written the usual way, ` r="AB12"` first and other attributes after:
   * the column from the reference, `t` and `s` picked out on the way to `>`. Sets `#column`,
   * `#type`, `#style`, `#selfClosing`; returns the position after the start tag, or -1 when the
   * cell is written some other way (or is incomplete): then `#cellAttributesInGeneral` reads it.
   */
  #cellAttributes(bytes: Uint8Array, length: number, afterName: number): number {
    let position = afterName + 4;
    if (
      position >= length ||
      bytes[afterName] !== SPACE ||
      bytes[afterName + 1] !== LETTER_R ||
      bytes[afterName + 2] !== EQUALS ||
      bytes[afterName + 3] !== DOUBLE_QUOTE
    ) {
      return -1;
    }
    let column = 0;
    for (; position < length; position++) {
      const letter = bytes[position]! - 0x40; // A = 1
      if (letter < 1 || letter > 26) break;
      column = column * 26 + letter;
    }
    if (column === 0) return -1;
    let type = CellType.number;
    let style = 0;
    for (; position < length; position++) {
      const byte = bytes[position]!;
      if (byte === GT) {
        this.#column = column - 1;
        this.#type = type;
        this.#style = style;
        this.#selfClosing = bytes[position - 1] === SLASH;
        return position + 1;
      }
      if (byte === LETTER_T && bytes[position - 1] === SPACE && bytes[position + 1] === EQUALS) {
        const valueStart = position + 3;
        let valueEnd = valueStart;
        while (valueEnd < length && bytes[valueEnd] !== DOUBLE_QUOTE) valueEnd++;
        type = cellTypeOf(bytes, valueStart, valueEnd);
        position = valueEnd;
      } else if (byte === LETTER_S && bytes[position - 1] === SPACE && bytes[position + 1] === EQUALS) {
        if (bytes[position + 2] !== DOUBLE_QUOTE) return -1;
        // Digits straight into the index: a style is a few digits and the row's hottest attribute.
        style = 0;
        position += 3;
        for (; position < length; position++) {
          const digit = bytes[position]! - 0x30;
          if (digit < 0 || digit > 9) break;
          style = style * 10 + digit;
        }
        if (bytes[position] !== DOUBLE_QUOTE) return -1;
      }
    }
    return -1;
  }

  /** `#cellAttributes` for any spelling: attributes in any order, prefixed, single-quoted, spaced. */
  #cellAttributesInGeneral(bytes: Uint8Array, length: number, afterName: number): number {
    let position = afterName;
    this.#column = -1;
    this.#type = CellType.number;
    this.#style = 0;
    this.#selfClosing = false;
    while (true) {
      if (position >= length) return -1;
      const byte = bytes[position]!;
      if (byte === GT) return position + 1;
      if (byte === SLASH) {
        this.#selfClosing = true;
        return position + 2 > length ? -1 : position + 2;
      }
      if (isSpace(byte)) {
        position++;
        continue;
      }
      let nameStart = position;
      while (position < length && bytes[position] !== EQUALS && !isNameEnd(bytes[position]!)) {
        if (bytes[position] === COLON) nameStart = position + 1;
        position++;
      }
      const nameEnd = position;
      while (position < length && (isSpace(bytes[position]!) || bytes[position] === EQUALS)) position++;
      if (position >= length) return -1;
      const quote = bytes[position]!;
      if (quote !== DOUBLE_QUOTE && quote !== SINGLE_QUOTE) continue; // not an attribute: `>` or `/` next
      const valueStart = position + 1;
      let valueEnd = valueStart;
      while (valueEnd < length && bytes[valueEnd] !== quote) valueEnd++;
      if (valueEnd >= length) return -1;
      if (nameEnd - nameStart === 1) {
        const name = bytes[nameStart];
        if (name === LETTER_R) this.#column = columnOfReference(bytes, valueStart, valueEnd);
        else if (name === LETTER_T) this.#type = cellTypeOf(bytes, valueStart, valueEnd);
        else if (name === LETTER_S) this.#style = Math.max(0, parseUnsigned(bytes, valueStart, valueEnd));
      }
      position = valueEnd + 1;
    }
  }

  #markLongForm(column: number): void {
    if (column >= this.#longForm.length) {
      const wider = new Uint8Array(Math.max(column + 1, 2 * this.#longForm.length));
      wider.set(this.#longForm);
      this.#longForm = wider;
    }
    this.#longForm[column] = 1;
    this.#parseState.longForm = false;
  }

  /** The general walk of a cell's content up to `</c>`: any tags, prefixes, inline strings, formulas. */
  #scanCellContent(
    bytes: Uint8Array,
    length: number,
    contentStart: number,
    column: number,
    type: number,
  ): number {
    const tag = this.#innerTag;
    let position = contentStart;
    let valueStart = -1;
    let valueEnd = -1;
    let inlineText: string | null = null;
    let textStart = -1;
    let phoneticDepth = 0;
    while (true) {
      if (!nextTag(bytes, position, length, tag)) return -1;
      position = tag.end;
      if (tagIs(bytes, tag, 'c') && tag.kind === TagKind.close) break;
      if (tagIs(bytes, tag, 'v')) {
        if (tag.kind === TagKind.open) valueStart = tag.end;
        else if (tag.kind === TagKind.close) valueEnd = tag.start;
      } else if (tagIs(bytes, tag, 'rPh')) {
        if (tag.kind === TagKind.open) phoneticDepth++;
        else if (tag.kind === TagKind.close) phoneticDepth--;
      } else if (tagIs(bytes, tag, 't') && type === CellType.inlineString && phoneticDepth === 0) {
        if (tag.kind === TagKind.open) textStart = tag.end;
        else if (tag.kind === TagKind.close && textStart >= 0) {
          inlineText = (inlineText ?? '') + decodeXmlText(bytes, textStart, tag.start);
          textStart = -1;
        }
      }
    }
    const row = this.#row;
    if (type === CellType.inlineString) {
      if (inlineText !== null) row.setText(column, CellKind.string, inlineText);
      return position;
    }
    if (valueStart < 0 || valueEnd < valueStart) return position;
    switch (type) {
      case CellType.sharedString:
        this.#setSharedString(column, parseUnsigned(bytes, valueStart, valueEnd));
        break;
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
        const state = this.#parseState;
        const value = parseNumberBytes(bytes, valueStart, valueEnd, DOT, state);
        if (state.status === ParseStatus.ok) row.setNumber(column, value, this.#style);
        else if (state.status === ParseStatus.invalid) {
          row.setText(column, CellKind.string, decodeXmlText(bytes, valueStart, valueEnd));
        }
      }
    }
    return position;
  }

  #setSharedString(column: number, index: number): void {
    this.#row.setText(column, CellKind.string, this.#context.sharedStrings()[index] ?? '');
  }

  #emit(position: number): number {
    this.#lastRowNumber = this.#row.rowNumber;
    if (this.#visit(this.#row) === false) this.finished = true;
    return position;
  }
}

/**
 * Visits the rows of the sheet XML arriving in `chunks` (any sizes, cut anywhere); `context`
 * resolves shared strings and cell styles. The chunks
 * are copied into one reused buffer and scanned each time a batch has gathered; the bytes of a
 * row cut at the end stay at the front for the next batch (`batchBytes`: 1 scans every chunk as
 * it comes). Return `false` from `visit` to stop.
 */
export async function scanSheet(
  chunks: AsyncIterable<Uint8Array>,
  context: SheetContext,
  visit: (row: SheetRow) => boolean | undefined,
  batchBytes = SCAN_BATCH_BYTES,
): Promise<void> {
  const scanner = new SheetScanner(context, visit);
  let buffer = new Uint8Array(2 * batchBytes);
  let filled = 0;
  // A row longer than a batch is scanned again only once twice its bytes have gathered.
  let scanAt = batchBytes;
  for await (const chunk of chunks) {
    if (filled + chunk.length > buffer.length) {
      const larger = new Uint8Array(Math.max(2 * buffer.length, filled + chunk.length));
      larger.set(buffer.subarray(0, filled));
      buffer = larger;
    }
    buffer.set(chunk, filled);
    filled += chunk.length;
    if (filled < scanAt) continue;
    const consumed = scanner.scan(buffer, filled);
    buffer.copyWithin(0, consumed, filled);
    filled -= consumed;
    scanAt = Math.max(batchBytes, 2 * filled);
    if (scanner.finished) return;
  }
  if (filled > 0) scanner.scan(buffer, filled);
}
