/**
 * The database catalogue: MSysObjects, the system table whose definition always starts on page 2,
 * lists every object with its name, type and (for a table) the page of its definition.
 */
import type { JetDatabase } from './database.ts';
import { readRecords } from './rows.ts';
import { type JetTable, readTable } from './table.ts';

const CATALOGUE_DEFINITION_PAGE = 2;
/** MSysObjects.Type (low 7 bits) of a local table. */
const TABLE_OBJECT = 0x01;
/** MSysObjects.Flags bits that mark system tables (as jackcess reads them). */
const SYSTEM_OBJECT_FLAGS = 0x80000000 | 0x00000002;
/** MSysObjects.Id: the low 3 bytes are the first TDEF page. */
const ID_PAGE_MASK = 0x00ffffff;

export interface JetCatalogue {
  /** User tables in catalogue order, each with the first page of its definition. */
  tables: Map<string, number>;
}

export function readCatalogue(database: JetDatabase): JetCatalogue {
  const objects = readTable(database, 'MSysObjects', CATALOGUE_DEFINITION_PAGE);
  const tables = new Map<string, number>();
  for (const record of readRecords(database, objects, ['Id', 'Name', 'Type', 'Flags'])) {
    const { Id: id, Name: name, Type: type, Flags: flags } = record;
    if (typeof id !== 'number' || typeof name !== 'string' || typeof type !== 'number') continue;
    if (
      (type & 0x7f) !== TABLE_OBJECT ||
      ((typeof flags === 'number' ? flags : 0) & SYSTEM_OBJECT_FLAGS) !== 0
    )
      continue;
    tables.set(name, id & ID_PAGE_MASK);
  }
  return { tables };
}

/** Opens a user table by name; undefined when the catalogue has none of that name. */
export function openTable(
  database: JetDatabase,
  catalogue: JetCatalogue,
  name: string,
): JetTable | undefined {
  const page = catalogue.tables.get(name);
  return page === undefined ? undefined : readTable(database, name, page);
}
