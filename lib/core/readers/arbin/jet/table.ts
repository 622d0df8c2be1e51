/**
 * A table's definition (TDEF) page chain and the data pages its usage map lists (Jet 4 layouts,
 * mdbtools HACKING "Table Definition" and "Page Usage Maps").
 */
import type { ReaderError } from '../../../errors.ts';
import { decodeJetText, type JetDatabase, PageType, pageStart, structureError } from './database.ts';

/** The Jet column type codes this reader decodes (the first byte of a column entry). */
export const JetType = {
  boolean: 0x01,
  byte: 0x02,
  integer: 0x03,
  long: 0x04,
  float: 0x06,
  double: 0x07,
  dateTime: 0x08,
  text: 0x0a,
} as const;

export interface JetColumn {
  name: string;
  type: number;
  /** Column number: its bit in a row's null mask. */
  index: number;
  /** Position in a row's variable-length offset table (variable-length columns only). */
  variableIndex: number;
  /** Byte offset of the value after a row's 2-byte column count (fixed-length columns only). */
  fixedOffset: number;
  /** Declared size in bytes. */
  length: number;
  fixedLength: boolean;
}

export interface JetTable {
  name: string;
  /** First TDEF page: data pages name it as their owner. */
  definitionPage: number;
  /** Row count the definition records (live rows, maintained by Jet). */
  rowCount: number;
  columns: JetColumn[];
  /** Pages of the table's rows, in page order. */
  dataPages: number[];
}

/** Jet 4 TDEF offsets, counted in the definition with continuation pages' 8-byte headers removed. */
const TDEF = {
  rowCount: 16,
  columnCount: 45,
  realIndexCount: 51,
  usageMap: 55,
  realIndexStart: 63,
  realIndexEntryBytes: 12,
  columnEntryBytes: 25,
  nextPage: 4,
  continuationHeaderBytes: 8,
} as const;
const COLUMN = { type: 0, index: 5, variableIndex: 7, flags: 15, fixedOffset: 21, length: 23 } as const;
const FIXED_LENGTH_FLAG = 0x01;
/** Data page header: row count at 12, then one 2-byte offset per row. */
export const DATA_PAGE = { owner: 4, rowCount: 12, rowOffsets: 14 } as const;
/** A row offset's low 13 bits locate the row in its page; the high bits are flags. */
export const ROW_OFFSET_MASK = 0x1fff;
export const ROW_OVERFLOW_FLAG = 0x4000;
export const ROW_DELETED_FLAG = 0x8000;
/** At most this many TDEF continuation pages: a guard against a page chain that loops. */
const MAX_DEFINITION_PAGES = 256;

/** The definition bytes: the first TDEF page followed by each continuation page without its header. */
function definitionBytes(database: JetDatabase, firstPage: number, name: string): Uint8Array {
  const { bytes, view, pageBytes } = database;
  const parts: Uint8Array[] = [];
  let page = firstPage;
  while (page !== 0) {
    if (parts.length === MAX_DEFINITION_PAGES) {
      throw structureError(
        database,
        `the definition of table "${name}"`,
        page * pageBytes,
        'a page chain that ends',
      );
    }
    const start = pageStart(database, page, PageType.tableDefinition, `the definition of table "${name}"`);
    const skip = parts.length === 0 ? 0 : TDEF.continuationHeaderBytes;
    parts.push(bytes.subarray(start + skip, start + pageBytes));
    page = view.getUint32(start + TDEF.nextPage, true);
  }
  if (parts.length === 1) return parts[0]!;
  const joined = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return joined;
}

/** Reads the definition of the table whose first TDEF page is `definitionPage`. */
export function readTable(database: JetDatabase, name: string, definitionPage: number): JetTable {
  const definition = definitionBytes(database, definitionPage, name);
  const view = new DataView(definition.buffer, definition.byteOffset, definition.byteLength);
  const definitionOffset = definitionPage * database.pageBytes;
  const columnCount = view.getUint16(TDEF.columnCount, true);
  const realIndexCount = view.getUint32(TDEF.realIndexCount, true);
  const entriesStart = TDEF.realIndexStart + realIndexCount * TDEF.realIndexEntryBytes;
  let nameAt = entriesStart + columnCount * TDEF.columnEntryBytes;
  if (nameAt > definition.length) {
    throw structureError(
      database,
      `the definition of table "${name}"`,
      definitionOffset,
      `room for ${columnCount} columns and ${realIndexCount} indexes`,
    );
  }
  const columns: JetColumn[] = [];
  for (let column = 0; column < columnCount; column++) {
    const entry = entriesStart + column * TDEF.columnEntryBytes;
    const nameBytes =
      nameAt + 2 <= definition.length ? view.getUint16(nameAt, true) : Number.POSITIVE_INFINITY;
    if (nameAt + 2 + nameBytes > definition.length) {
      throw structureError(
        database,
        `column names of table "${name}"`,
        definitionOffset,
        'names inside the definition',
      );
    }
    columns.push({
      name: decodeJetText(definition, nameAt + 2, nameAt + 2 + nameBytes),
      type: definition[entry + COLUMN.type]!,
      index: view.getUint16(entry + COLUMN.index, true),
      variableIndex: view.getUint16(entry + COLUMN.variableIndex, true),
      fixedOffset: view.getUint16(entry + COLUMN.fixedOffset, true),
      length: view.getUint16(entry + COLUMN.length, true),
      fixedLength: (definition[entry + COLUMN.flags]! & FIXED_LENGTH_FLAG) !== 0,
    });
    nameAt += 2 + nameBytes;
  }
  columns.sort((a, b) => a.index - b.index);
  return {
    name,
    definitionPage,
    rowCount: view.getUint32(TDEF.rowCount, true),
    columns,
    dataPages: ownedDataPages(database, name, definitionPage, view.getUint32(TDEF.usageMap, true)),
  };
}

/**
 * Byte range `[start, end)` of row `row` on the data page starting at `pageOffset`, flags removed.
 * Rows are packed from the end of the page down: row 0 ends at the page end, row n at row n-1's start.
 */
export function rowBounds(database: JetDatabase, pageOffset: number, row: number): [number, number] {
  const { view, pageBytes } = database;
  const rows = view.getUint16(pageOffset + DATA_PAGE.rowCount, true);
  const slot = pageOffset + DATA_PAGE.rowOffsets + 2 * row;
  const start = view.getUint16(slot, true) & ROW_OFFSET_MASK;
  const end = row === 0 ? pageBytes : view.getUint16(slot - 2, true) & ROW_OFFSET_MASK;
  if (row >= rows || !rowInsidePage(start, end, rows, pageBytes))
    throw rowOutsidePage(database, pageOffset, row);
  return [pageOffset + start, pageOffset + end];
}

/** Whether a row `[start, end)` (offsets within its page) lies between the page's offset table and its end. */
function rowInsidePage(start: number, end: number, rows: number, pageBytes: number): boolean {
  return start >= DATA_PAGE.rowOffsets + 2 * rows && end <= pageBytes && start < end;
}

export function rowOutsidePage(database: JetDatabase, pageOffset: number, row: number): ReaderError {
  const slot = pageOffset + DATA_PAGE.rowOffsets + 2 * row;
  return structureError(
    database,
    `the offset of row ${row} on page ${pageOffset / database.pageBytes}`,
    slot,
    'a row inside its page',
  );
}

/**
 * Data pages owned by a table, from its usage map: a row holding either an inline bitmap
 * (type 0: first page number, then one bit per page) or a list of bitmap pages (type 1: each
 * page's bitmap, after a 4-byte header, covers the next (pageBytes - 4) × 8 pages).
 */
function ownedDataPages(
  database: JetDatabase,
  name: string,
  owner: number,
  usageMapPointer: number,
): number[] {
  const { bytes, view, pageBytes } = database;
  const what = `the usage map of table "${name}"`;
  const mapPage = pageStart(database, usageMapPointer >>> 8, PageType.data, what);
  const [start, end] = rowBounds(database, mapPage, usageMapPointer & 0xff);
  const listed: number[] = [];
  const collect = (bitmapStart: number, bitmapEnd: number, firstPage: number) => {
    for (let at = bitmapStart; at < bitmapEnd; at++) {
      const byte = bytes[at]!;
      if (byte === 0) continue;
      for (let bit = 0; bit < 8; bit++)
        if (byte & (1 << bit)) listed.push(firstPage + (at - bitmapStart) * 8 + bit);
    }
  };
  const mapType = bytes[start]!;
  if (mapType === 0) {
    collect(start + 5, end, view.getUint32(start + 1, true));
  } else if (mapType === 1) {
    const pagesPerBitmap = (pageBytes - 4) * 8;
    for (let entry = 0; start + 1 + 4 * entry + 4 <= end; entry++) {
      const bitmapPage = view.getUint32(start + 1 + 4 * entry, true);
      if (bitmapPage === 0) continue;
      const bitmapStart = pageStart(database, bitmapPage, PageType.usageBitmap, what);
      collect(bitmapStart + 4, bitmapStart + pageBytes, entry * pagesPerBitmap);
    }
  } else {
    throw structureError(database, what, start, 'a usage map of type 0 or 1');
  }
  for (const page of listed) {
    const at = pageStart(database, page, PageType.data, `a data page of table "${name}"`);
    if (view.getUint32(at + DATA_PAGE.owner, true) !== owner) {
      throw structureError(database, `data page ${page}`, at + DATA_PAGE.owner, `a page of table "${name}"`);
    }
  }
  return listed;
}
