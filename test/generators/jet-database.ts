/**
 * Writes small Microsoft Access (Jet 4) databases page by page, from the layouts in mdbtools'
 * HACKING notes, so the Jet reader can be tested on databases whose every byte is known:
 * a deleted row, a row moved to an overflow page, a null field, a row written before a column
 * was added, compressed-unicode text, both kinds of usage map.
 *
 * Layout written: page 0 header, page 1 a data page holding every table's usage map row,
 * page 2 the MSysObjects definition, then per table its definition, its data pages, and an
 * overflow page when a row is moved. Rows are packed from the end of each page down.
 */

const PAGE_BYTES = 4096;

export type JetColumnKind =
  | 'boolean'
  | 'byte'
  | 'integer'
  | 'long'
  | 'float'
  | 'double'
  | 'datetime'
  | 'text';
export type JetCell = number | string | boolean | null;

export interface JetColumnSpec {
  name: string;
  kind: JetColumnKind;
}

export interface JetTableSpec {
  name: string;
  columns: JetColumnSpec[];
  /** One array per row, in column order; a shorter array is a row written before later columns were added. */
  rows: JetCell[][];
  /** Rows per data page (default: as many as fit). */
  rowsPerPage?: number;
  /** Rows written but flagged deleted: they must not be read. */
  deletedRows?: number[];
  /** Rows stored on an overflow page, reached through a pointer left in their slot. */
  movedRows?: number[];
  /** Text columns written in Jet's compressed-unicode form (0xFF 0xFE, one byte per character). */
  compressText?: boolean;
}

export interface JetDatabaseOptions {
  /** 0: each usage map is an inline bitmap; 1: it lists bitmap pages. */
  usageMapType?: 0 | 1;
}

const KIND_CODES: Record<JetColumnKind, number> = {
  boolean: 0x01,
  byte: 0x02,
  integer: 0x03,
  long: 0x04,
  float: 0x06,
  double: 0x07,
  datetime: 0x08,
  text: 0x0a,
};
const FIXED_SIZES: Partial<Record<JetColumnKind, number>> = {
  boolean: 0,
  byte: 1,
  integer: 2,
  long: 4,
  float: 4,
  double: 8,
  datetime: 8,
};

interface PlacedColumn extends JetColumnSpec {
  index: number;
  variableIndex: number;
  fixedOffset: number;
}

function placeColumns(columns: JetColumnSpec[]): PlacedColumn[] {
  let fixedOffset = 0;
  let variableIndex = 0;
  return columns.map((column, index) => {
    const size = FIXED_SIZES[column.kind];
    const placed = {
      ...column,
      index,
      variableIndex: size === undefined ? variableIndex++ : 0,
      fixedOffset: size === undefined ? 0 : fixedOffset,
    };
    if (size !== undefined) fixedOffset += size;
    return placed;
  });
}

function utf16(text: string): number[] {
  const out: number[] = [];
  for (let at = 0; at < text.length; at++) out.push(text.charCodeAt(at) & 0xff, text.charCodeAt(at) >> 8);
  return out;
}

/** Jet's compressed unicode for Latin-1 text: the 0xFF 0xFE marker, then one byte per character. */
function compressed(text: string): number[] {
  return [0xff, 0xfe, ...Array.from(text, (character) => character.charCodeAt(0))];
}

/** One row in Jet 4 layout. */
function encodeRow(columns: PlacedColumn[], cells: JetCell[], compressText: boolean): Uint8Array {
  const columnCount = cells.length;
  const present = columns.filter((column) => column.index < columnCount);
  const fixedBytes = present.reduce((sum, column) => sum + (FIXED_SIZES[column.kind] ?? 0), 0);
  const fixed = new DataView(new ArrayBuffer(fixedBytes));
  const texts: number[][] = [];
  const mask = new Uint8Array((columnCount + 7) >> 3);
  for (const column of present) {
    const cell = cells[column.index] ?? null;
    const isSet = column.kind === 'boolean' ? cell === true : cell !== null;
    if (isSet) mask[column.index >> 3]! |= 1 << (column.index & 7);
    if (column.kind === 'text') {
      texts[column.variableIndex] =
        cell === null ? [] : compressText ? compressed(String(cell)) : utf16(String(cell));
      continue;
    }
    if (cell === null || column.kind === 'boolean') continue;
    const value = Number(cell);
    const at = column.fixedOffset;
    if (column.kind === 'byte') fixed.setUint8(at, value);
    else if (column.kind === 'integer') fixed.setInt16(at, value, true);
    else if (column.kind === 'long') fixed.setInt32(at, value, true);
    else if (column.kind === 'float') fixed.setFloat32(at, value, true);
    else fixed.setFloat64(at, value, true);
  }
  const hasVariable = columns.some((column) => column.kind === 'text');
  const bytes: number[] = [columnCount & 0xff, columnCount >> 8, ...new Uint8Array(fixed.buffer)];
  if (hasVariable) {
    const offsets: number[] = [];
    for (let variable = 0; variable < texts.length; variable++) {
      offsets.push(bytes.length);
      bytes.push(...(texts[variable] ?? []));
    }
    offsets.push(bytes.length);
    for (let entry = offsets.length - 1; entry >= 0; entry--)
      bytes.push(offsets[entry]! & 0xff, offsets[entry]! >> 8);
    bytes.push(texts.length & 0xff, texts.length >> 8);
  }
  bytes.push(...mask);
  return Uint8Array.from(bytes);
}

interface Slot {
  bytes: Uint8Array;
  flags: number;
}

/** A Jet 4 data page owned by `owner`, row 0 at the page end. */
function writeDataPage(page: Uint8Array, owner: number, slots: Slot[]): void {
  const view = new DataView(page.buffer, page.byteOffset, page.byteLength);
  page[0] = 0x01;
  page[1] = 0x01;
  view.setUint32(4, owner, true);
  view.setUint16(12, slots.length, true);
  let end = PAGE_BYTES;
  slots.forEach((slot, row) => {
    const start = end - slot.bytes.length;
    if (start < 14 + 2 * slots.length) throw new Error('rows do not fit in one page');
    page.set(slot.bytes, start);
    view.setUint16(14 + 2 * row, start | slot.flags, true);
    end = start;
  });
  view.setUint16(2, end - (14 + 2 * slots.length), true);
}

/** A Jet 4 table definition page. */
function writeDefinitionPage(
  page: Uint8Array,
  columns: PlacedColumn[],
  rowCount: number,
  usageMapPointer: number,
): void {
  const view = new DataView(page.buffer, page.byteOffset, page.byteLength);
  page[0] = 0x02;
  page[1] = 0x01;
  view.setUint32(16, rowCount, true);
  page[40] = 0x4e;
  view.setUint16(41, columns.length, true);
  view.setUint16(43, columns.filter((column) => column.kind === 'text').length, true);
  view.setUint16(45, columns.length, true);
  view.setUint32(55, usageMapPointer, true);
  let at = 63;
  for (const column of columns) {
    page[at] = KIND_CODES[column.kind];
    view.setUint16(at + 5, column.index, true);
    view.setUint16(at + 7, column.variableIndex, true);
    view.setUint32(at + 9, column.index, true);
    page[at + 15] = (column.kind === 'text' ? 0 : 0x01) | 0x02;
    view.setUint16(at + 21, column.fixedOffset, true);
    view.setUint16(at + 23, column.kind === 'text' ? 510 : (FIXED_SIZES[column.kind] ?? 0), true);
    at += 25;
  }
  for (const column of columns) {
    const name = utf16(column.name);
    view.setUint16(at, name.length, true);
    page.set(name, at + 2);
    at += 2 + name.length;
  }
  view.setUint32(8, at, true);
}

interface PlannedTable {
  spec: JetTableSpec;
  columns: PlacedColumn[];
  definitionPage: number;
  /** Row indices per data page. */
  pages: { page: number; rows: number[] }[];
  overflowPage: number | null;
  bitmapPage: number | null;
}

const CATALOGUE_COLUMNS: JetColumnSpec[] = [
  { name: 'Id', kind: 'long' },
  { name: 'Name', kind: 'text' },
  { name: 'Type', kind: 'integer' },
  { name: 'Flags', kind: 'long' },
];

function rowsPerPage(spec: JetTableSpec, columns: PlacedColumn[]): number {
  if (spec.rowsPerPage !== undefined) return spec.rowsPerPage;
  // A loop, not `Math.max(...rows)`: a table of a million rows would overflow the call stack.
  let widest = 16;
  for (const cells of spec.rows) {
    widest = Math.max(widest, encodeRow(columns, cells, spec.compressText ?? false).length);
  }
  return Math.max(1, Math.floor((PAGE_BYTES - 14) / (widest + 2)));
}

/** A complete database: MSysObjects listing `tables` (plus itself as a system table), then the tables. */
export function buildJetDatabase(tables: JetTableSpec[], options: JetDatabaseOptions = {}): Uint8Array {
  const usageMapType = options.usageMapType ?? 0;
  const catalogueSpec: JetTableSpec = { name: 'MSysObjects', columns: CATALOGUE_COLUMNS, rows: [] };
  const all = [catalogueSpec, ...tables];
  let nextPage = 2;
  const planned: PlannedTable[] = all.map((spec) => {
    const columns = placeColumns(spec.columns);
    const definitionPage = nextPage++;
    return { spec, columns, definitionPage, pages: [], overflowPage: null, bitmapPage: null };
  });
  // The catalogue's rows name each table's definition page, known now.
  catalogueSpec.rows = [
    [2, 'MSysObjects', 1, 0x80000000 | 0],
    ...planned.slice(1).map((table) => [table.definitionPage, table.spec.name, 1, 0]),
  ];
  for (const table of planned) {
    const { spec } = table;
    const moved = new Set(spec.movedRows ?? []);
    const perPage = rowsPerPage(spec, table.columns);
    let rows: number[] = [];
    for (let row = 0; row < spec.rows.length; row++) {
      rows.push(row);
      if (rows.length === perPage) {
        table.pages.push({ page: nextPage++, rows });
        rows = [];
      }
    }
    if (rows.length > 0 || table.pages.length === 0) table.pages.push({ page: nextPage++, rows });
    if (moved.size > 0) table.overflowPage = nextPage++;
    if (usageMapType === 1) table.bitmapPage = nextPage++;
  }
  const pageCount = nextPage;
  const bytes = new Uint8Array(pageCount * PAGE_BYTES);
  const page = (number: number) => bytes.subarray(number * PAGE_BYTES, (number + 1) * PAGE_BYTES);
  bytes.set(
    Array.from('Standard Jet DB', (character) => character.charCodeAt(0)),
    4,
  );
  bytes[0x14] = 0x01;

  const usageMaps: Slot[] = [];
  planned.forEach((table, tableOrder) => {
    const { spec, columns } = table;
    const compress = spec.compressText ?? false;
    const deleted = new Set(spec.deletedRows ?? []);
    const moved = new Set(spec.movedRows ?? []);
    const owned = [
      ...table.pages.map((entry) => entry.page),
      ...(table.overflowPage === null ? [] : [table.overflowPage]),
    ];
    const overflowSlots: Slot[] = [];
    for (const { page: number, rows } of table.pages) {
      const slots = rows.map((row): Slot => {
        const encoded = encodeRow(columns, spec.rows[row]!, compress);
        if (!moved.has(row)) return { bytes: encoded, flags: deleted.has(row) ? 0x8000 : 0 };
        const pointer = new Uint8Array(4);
        new DataView(pointer.buffer).setUint32(0, (table.overflowPage! << 8) | overflowSlots.length, true);
        overflowSlots.push({ bytes: encoded, flags: 0x8000 });
        return { bytes: pointer, flags: 0x4000 };
      });
      writeDataPage(page(number), table.definitionPage, slots);
    }
    if (table.overflowPage !== null)
      writeDataPage(page(table.overflowPage), table.definitionPage, overflowSlots);
    const liveRows = spec.rows.length - deleted.size;
    writeDefinitionPage(page(table.definitionPage), columns, liveRows, (1 << 8) | tableOrder);
    usageMaps.push({ bytes: usageMap(owned, table.bitmapPage, pageCount, page), flags: 0 });
  });
  writeDataPage(page(1), 0, usageMaps);
  return bytes;
}

/** A usage map row for the pages `owned`: an inline bitmap from page 0, or one bitmap page. */
function usageMap(
  owned: number[],
  bitmapPage: number | null,
  pageCount: number,
  page: (number: number) => Uint8Array,
): Uint8Array {
  if (bitmapPage === null) {
    const map = new Uint8Array(5 + ((pageCount + 7) >> 3));
    for (const number of owned) map[5 + (number >> 3)]! |= 1 << (number & 7);
    return map;
  }
  const bitmap = page(bitmapPage);
  bitmap[0] = 0x05;
  bitmap[1] = 0x01;
  for (const number of owned) bitmap[4 + (number >> 3)]! |= 1 << (number & 7);
  const map = new Uint8Array(5);
  map[0] = 0x01;
  new DataView(map.buffer).setUint32(1, bitmapPage, true);
  return map;
}
