import { gunzipSync } from 'fflate';
import MDBReader from 'mdb-reader';
import { describe, expect, it } from 'vitest';
import { ReaderError, TruncatedFileError } from '../../../../lib/core/errors.ts';
import { openTable, readCatalogue } from '../../../../lib/core/readers/arbin/jet/catalogue.ts';
import {
  decodeJetText,
  type JetDatabase,
  openJetDatabase,
} from '../../../../lib/core/readers/arbin/jet/database.ts';
import { locateRows, readNumericColumns, readRecords } from '../../../../lib/core/readers/arbin/jet/rows.ts';
import type { JetTable } from '../../../../lib/core/readers/arbin/jet/table.ts';
import { buildJetDatabase, type JetTableSpec } from '../../../generators/jet-database.ts';
import { describeRealData, realDataSource } from '../../../support/real-data.ts';

const PAGE_BYTES = 4096;

const POINTS: JetTableSpec = {
  name: 'Points',
  columns: [
    { name: 'Id', kind: 'long' },
    { name: 'Time', kind: 'double' },
    { name: 'Volts', kind: 'float' },
    { name: 'Step', kind: 'integer' },
    { name: 'Flag', kind: 'byte' },
    { name: 'Stamp', kind: 'datetime' },
    { name: 'Done', kind: 'boolean' },
  ],
  rows: Array.from({ length: 25 }, (_, row) => [
    row + 1,
    row * 0.5,
    3 + row / 8,
    row % 3,
    row % 2,
    45_000 + row / 24,
    row % 2 === 0,
  ]),
  rowsPerPage: 10,
};

function open(bytes: Uint8Array): JetDatabase {
  return openJetDatabase(bytes, 'built.res');
}

function table(database: JetDatabase, name: string): JetTable {
  const found = openTable(database, readCatalogue(database), name);
  if (found === undefined) throw new Error(`no table ${name}`);
  return found;
}

function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

function column(database: JetDatabase, built: JetTable, name: string) {
  const wanted = built.columns.find((candidate) => candidate.name === name)!;
  return readNumericColumns(database, built, locateRows(database, built), [wanted])[0]!;
}

describe('Jet page reader on hand-built databases', () => {
  it('lists user tables from MSysObjects, leaving out system tables', () => {
    // Prepare
    const database = open(buildJetDatabase([POINTS, { ...POINTS, name: 'Other', rows: [] }]));
    // Act
    const catalogue = readCatalogue(database);
    // Assess
    expect([...catalogue.tables.keys()]).toEqual(['Points', 'Other']);
  });

  it('reads every column type across several data pages, in page order', () => {
    // Prepare
    const database = open(buildJetDatabase([POINTS]));
    const points = table(database, 'Points');
    // Act
    const read = (name: string) => Array.from(column(database, points, name).values);
    // Assess
    expect(points.dataPages).toHaveLength(3);
    expect(read('Id')).toEqual(POINTS.rows.map((cells) => cells[0]));
    expect(read('Time')).toEqual(POINTS.rows.map((cells) => cells[1]));
    expect(read('Volts')).toEqual(POINTS.rows.map((cells) => Math.fround(cells[2] as number)));
    expect(read('Step')).toEqual(POINTS.rows.map((cells) => cells[3]));
    expect(read('Flag')).toEqual(POINTS.rows.map((cells) => cells[4]));
    expect(read('Stamp')).toEqual(POINTS.rows.map((cells) => cells[5]));
    expect(read('Done')).toEqual(POINTS.rows.map((cells) => (cells[6] ? 1 : 0)));
  });

  it('skips a deleted row and reads a null field as NaN, marked empty', () => {
    // Prepare
    const rows = [
      [1, 0.5],
      [2, 1.5],
      [3, null],
      [4, 3.5],
    ];
    const spec: JetTableSpec = {
      name: 'T',
      columns: [
        { name: 'Id', kind: 'long' },
        { name: 'Value', kind: 'double' },
      ],
      rows,
      deletedRows: [1],
    };
    const database = open(buildJetDatabase([spec]));
    const built = table(database, 'T');
    // Act
    const ids = column(database, built, 'Id');
    const values = column(database, built, 'Value');
    // Assess
    expect(Array.from(ids.values)).toEqual([1, 3, 4]);
    expect(ids.nulls).toBeNull();
    expect(Array.from(values.values)).toEqual([0.5, Number.NaN, 3.5]);
    expect(Array.from(values.nulls!)).toEqual([0, 1, 0]);
    expect(built.rowCount).toBe(3);
  });

  it('follows a moved row to its overflow page and reads it once, in its original place', () => {
    // Prepare
    const spec: JetTableSpec = {
      name: 'T',
      columns: [{ name: 'Id', kind: 'long' }],
      rows: [[1], [2], [3], [4]],
      movedRows: [1, 2],
    };
    const database = open(buildJetDatabase([spec]));
    // Act
    const ids = column(database, table(database, 'T'), 'Id');
    // Assess
    expect(Array.from(ids.values)).toEqual([1, 2, 3, 4]);
  });

  it('reads a column added after some rows were written as empty on those rows', () => {
    // Prepare
    const spec: JetTableSpec = {
      name: 'T',
      columns: [
        { name: 'Id', kind: 'long' },
        { name: 'Added', kind: 'double' },
      ],
      rows: [[1], [2, 2.5]],
    };
    const database = open(buildJetDatabase([spec]));
    // Act
    const added = column(database, table(database, 'T'), 'Added');
    // Assess
    expect(Array.from(added.values)).toEqual([Number.NaN, 2.5]);
  });

  it.each([
    [false, 'plain UTF-16'],
    [true, 'compressed unicode'],
  ])('reads text columns and numbers as records (%s: %s)', (compressText) => {
    // Prepare
    const spec: JetTableSpec = {
      name: 'Global_Table',
      columns: [
        { name: 'Test_ID', kind: 'long' },
        { name: 'Test_Name', kind: 'text' },
        { name: 'Comments', kind: 'text' },
        { name: 'Start', kind: 'double' },
      ],
      rows: [
        [7, 'cell A-01', null, 42587.5],
        [8, 'cell B', 'second', 1],
      ],
      compressText,
    };
    const database = open(buildJetDatabase([spec]));
    // Act
    const records = readRecords(database, table(database, 'Global_Table'), [
      'Test_ID',
      'Test_Name',
      'Comments',
      'Start',
    ]);
    // Assess
    expect(records).toEqual([
      { Test_ID: 7, Test_Name: 'cell A-01', Comments: null, Start: 42587.5 },
      { Test_ID: 8, Test_Name: 'cell B', Comments: 'second', Start: 1 },
    ]);
  });

  it('finds data pages through a usage map that lists bitmap pages', () => {
    // Prepare
    const database = open(buildJetDatabase([POINTS], { usageMapType: 1 }));
    // Act
    const points = table(database, 'Points');
    // Assess
    expect(Array.from(column(database, points, 'Id').values)).toEqual(POINTS.rows.map((cells) => cells[0]));
  });

  it('decodes compressed unicode that switches to UTF-16 and back', () => {
    // Prepare: "Ab" one byte each, 0x00 switch, "Ω" as UTF-16, 0x00 switch, "c".
    const bytes = Uint8Array.of(0xff, 0xfe, 0x41, 0x62, 0x00, 0xa9, 0x03, 0x00, 0x63);
    // Act
    const text = decodeJetText(bytes, 0, bytes.length);
    // Assess
    expect(text).toBe('AbΩc');
  });
});

describe('Jet page reader on damaged databases', () => {
  it('a usage map naming a page past the end is a truncated file, at that page', () => {
    // Prepare: drop the last data page of Points.
    const bytes = buildJetDatabase([POINTS]);
    const cut = bytes.subarray(0, bytes.length - PAGE_BYTES);
    const database = open(cut);
    // Act
    const error = thrownBy(() => table(database, 'Points'));
    // Assess
    expect(error).toBeInstanceOf(TruncatedFileError);
    expect((error as TruncatedFileError).location?.byteOffset).toBe(cut.length);
  });

  it('a data page owned by another table is refused, naming its byte offset', () => {
    // Prepare: the first data page of Points (page 5, after the catalogue's) claims another owner.
    const bytes = buildJetDatabase([POINTS]);
    new DataView(bytes.buffer).setUint32(5 * PAGE_BYTES + 4, 99, true);
    const database = open(bytes);
    // Act
    const act = () => table(database, 'Points');
    // Assess
    expect(act).toThrow(ReaderError);
    expect(act).toThrow(/data page 5 at byte 20484/);
  });

  it('a table definition pointing at a page of the wrong type is refused', () => {
    // Prepare: the catalogue's definition page loses its type byte.
    const bytes = buildJetDatabase([POINTS]);
    bytes[2 * PAGE_BYTES] = 0x01;
    // Act
    const act = () => readCatalogue(open(bytes));
    // Assess
    expect(act).toThrow(ReaderError);
    expect(act).toThrow(/a table definition page/);
  });

  it('a row whose offset lies outside its page is refused', () => {
    // Prepare: row 0 of the first data page of Points (page 5) starts inside the page header.
    const bytes = buildJetDatabase([POINTS]);
    new DataView(bytes.buffer).setUint16(5 * PAGE_BYTES + 14, 3, true);
    const database = open(bytes);
    const points = table(database, 'Points');
    // Act
    const act = () => locateRows(database, points);
    // Assess
    expect(act).toThrow(ReaderError);
    expect(act).toThrow(/row 0 on page 5 at byte 20494/);
  });

  it('refuses an Access 97 (Jet 3) database by name', () => {
    // Prepare
    const bytes = buildJetDatabase([POINTS]);
    bytes[0x14] = 0;
    // Act
    const act = () => open(bytes);
    // Assess
    expect(act).toThrow(/Jet 3/);
  });
});

describeRealData('Jet page reader against mdb-reader on real Arbin files', () => {
  const files = [
    'cellpy/20160805_test001_45_cc_01.res',
    'navani/arbin_example.res',
    'battery-data-format/mits7-0.res.gz',
  ];

  async function bothReaders(file: string): Promise<{ database: JetDatabase; oracle: MDBReader }> {
    const raw = await (await realDataSource(file)).bytes();
    const bytes = file.endsWith('.gz') ? gunzipSync(raw) : raw;
    return { database: openJetDatabase(bytes, file), oracle: new MDBReader(Buffer.from(bytes)) };
  }

  it.each(files)("%s: every column of Channel_Normal_Table equals mdb-reader's values", async (file) => {
    // Prepare
    const { database, oracle } = await bothReaders(file);
    const normal = table(database, 'Channel_Normal_Table');
    const expected = oracle.getTable('Channel_Normal_Table').getData();
    // Act
    const rows = locateRows(database, normal);
    const decoded = readNumericColumns(database, normal, rows, normal.columns);
    // Assess
    expect(rows.count).toBe(expected.length);
    expect(rows.count).toBe(normal.rowCount);
    normal.columns.forEach((jetColumn, order) => {
      const truth = expected.map((record) => record[jetColumn.name] ?? Number.NaN);
      expect(Array.from(decoded[order]!.values), jetColumn.name).toEqual(truth);
    });
  });

  it.each(files)("%s: the small tables read as records equal mdb-reader's", async (file) => {
    // Prepare
    const { database, oracle } = await bothReaders(file);
    // Act / Assess
    for (const name of ['Global_Table', 'Version_Table', 'Aux_Global_Data_Table', 'Event_Table']) {
      const jetTable = table(database, name);
      const names = jetTable.columns.map((jetColumn) => jetColumn.name);
      expect(readRecords(database, jetTable, names), name).toEqual(oracle.getTable(name).getData());
    }
  });

  it.each(files)('%s: the user tables are those mdb-reader lists', async (file) => {
    // Prepare
    const { database, oracle } = await bothReaders(file);
    // Act
    const tables = [...readCatalogue(database).tables.keys()];
    // Assess
    expect(tables).toEqual(oracle.getTableNames());
  });
});
