/**
 * Reading XLSX (SpreadsheetML, ECMA-376 part 1 §18) workbooks: sheet names, and the cells of a
 * sheet streamed row by row as its part is inflated (a channel sheet can be hundreds of MB of
 * XML, never held whole). Numbers come out as numbers (parsed straight from the XML bytes) and
 * shared and inline strings are resolved. Dates and times stay the numbers Excel stores (days
 * since 1899-12-30, or a fraction of a day; see `excelSerialToIso`); what a number means is told
 * by its cell's number format, `SheetRow.formatKind`, read from the styles part
 * (`xl/styles.xml`) the first time a caller asks.
 */
import { ReaderError } from '../../errors.ts';
import { message } from '../../messages.ts';
import {
  inflateEntry,
  inflateEntryStream,
  platformInflateRaw,
  type RawInflater,
  readZipDirectory,
  type ZipEntry,
} from '../zip.ts';
import { cellFormatKinds } from './number-formats.ts';
import type { CellValue, SheetRow } from './row.ts';
import { parseSharedStrings } from './shared-strings.ts';
import { type SheetContext, scanSheet } from './sheet-scanner.ts';
import { decodeUtf8, elementAttributes } from './xml.ts';

export { NumberFormatKind, type NumberFormatKindCode } from './number-formats.ts';
export { CellKind, type CellKindCode, type CellValue, type SheetRow } from './row.ts';

export interface Sheet {
  readonly name: string;
  /** Visits every row present in the sheet, in order; return `false` from `visit` to stop early. */
  forEachRow(visit: (row: SheetRow) => boolean | undefined): Promise<void>;
  /** All rows as arrays of values: for small sheets (metadata, summaries). */
  rowsAsValues(): Promise<CellValue[][]>;
}

export interface Workbook {
  readonly file: string;
  /** Sheet names in workbook order (hidden sheets included). */
  readonly sheetNames: readonly string[];
  /** The sheet called `name`; a `ReaderError` naming the sheets present when there is none. */
  sheet(name: string): Sheet;
}

/**
 * Opens the workbook in `bytes` (the whole .xlsx file); `file` names it in messages, `inflateRaw`
 * inflates its sheets.
 */
export function openWorkbook(
  bytes: Uint8Array,
  file: string,
  inflateRaw: RawInflater = platformInflateRaw,
): Workbook {
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
  const partOfType = (type: string): ZipEntry | null => {
    const target = [...relationships.values()].find((relation) => relation.type.endsWith(type))?.target;
    return target ? part(resolveTarget(workbookPath, target)) : null;
  };
  let sharedStrings: string[] | null = null;
  let formatKinds: Uint8Array | null = null;
  const context: SheetContext = {
    sharedStrings(): string[] {
      if (sharedStrings === null) {
        const entry = partOfType('/sharedStrings');
        sharedStrings = entry ? parseSharedStrings(inflateEntry(bytes, entry, file)) : [];
      }
      return sharedStrings;
    },
    cellFormatKinds(): Uint8Array {
      if (formatKinds === null) {
        // Without a styles part every cell is General: its numbers are plain numbers.
        const entry = partOfType('/styles');
        formatKinds = entry
          ? cellFormatKinds(decodeUtf8(inflateEntry(bytes, entry, file)))
          : new Uint8Array(0);
      }
      return formatKinds;
    },
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
      return new StreamedSheet(name, () => inflateEntryStream(bytes, entry, file, inflateRaw), context);
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
): Promise<void> {
  let seenHeader = false;
  return sheet.forEachRow((row) => {
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

class StreamedSheet implements Sheet {
  readonly name: string;
  readonly #chunks: () => AsyncIterable<Uint8Array>;
  readonly #context: SheetContext;

  constructor(name: string, chunks: () => AsyncIterable<Uint8Array>, context: SheetContext) {
    this.name = name;
    this.#chunks = chunks;
    this.#context = context;
  }

  async rowsAsValues(): Promise<CellValue[][]> {
    const rows: CellValue[][] = [];
    await this.forEachRow((row) => {
      rows.push(row.values());
      return undefined;
    });
    return rows;
  }

  forEachRow(visit: (row: SheetRow) => boolean | undefined): Promise<void> {
    return scanSheet(this.#chunks(), this.#context, visit);
  }
}
