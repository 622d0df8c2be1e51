/**
 * Arbin `.res` result files (MITS Pro, MITS 7): a Microsoft Access (Jet 4) database, read page by
 * page with our own Jet reader (`./jet/`), the big tables straight into one typed array per column.
 * Also accepted gzip-compressed (`.res.gz`).
 *
 * Tables used: `Global_Table` (one row per test: Test_ID, Start_DateTime as an Excel serial,
 * channel, schedule, software version), `Channel_Normal_Table` (one row per data point: Test_Time,
 * DateTime, Step_Index, Cycle_Index, Current (A, charge positive), Voltage (V),
 * Charge_/Discharge_Capacity (Ah, reset by Arbin at each cycle) …), `Version_Table`, and when
 * present `Auxiliary_Table` (Data_Point, Auxiliary_Index, Data_Type, X) with the channel names of
 * `Aux_Global_Data_Table` (Auxiliary_Index, Data_Type, Nickname, Unit).
 */
import { Gunzip } from 'fflate';
import {
  CoreError,
  EmptyFileError,
  MissingColumnError,
  ReaderError,
  TruncatedFileError,
} from '../../errors.ts';
import { IssueSink } from '../../issues.ts';
import { message } from '../../messages.ts';
import {
  type AuxChannel,
  type AuxQuantity,
  bdfLabel,
  type CanonicalSeries,
  type ColumnMapping,
} from '../../series.ts';
import { parseUnit } from '../../units.ts';
import type { DetectionProbe, Reader } from '../reader.ts';
import type { ByteSource } from '../source.ts';
import { latin1Slice } from '../text/decode.ts';
import { assembleArbinSeries } from './assemble.ts';
import { type JetCatalogue, openTable, readCatalogue } from './jet/catalogue.ts';
import { hasJetSignature, type JetDatabase, openJetDatabase } from './jet/database.ts';
import {
  type JetValue,
  locateRows,
  type NumericColumn,
  readNumericColumns,
  readRecords,
} from './jet/rows.ts';
import type { JetColumn, JetTable } from './jet/table.ts';
import { type StartTime, startFromRow, startFromStamp } from './start-time.ts';

const NORMAL_TABLE = 'Channel_Normal_Table';
const GLOBAL_TABLE = 'Global_Table';
/** Arbin table names as Jet stores them (UTF-16 LE) in its catalogue. */
const ARBIN_TABLE_SIGNATURES = [NORMAL_TABLE, GLOBAL_TABLE].map((name) =>
  Array.from(name, (character) => `${character}\u0000`).join(''),
);
/** Decompressed bytes of a gzip head examined by the detector. */
const GZIP_PROBE_BYTES = 256 * 1024;

/** What Arbin's Global_Table says about a test, beyond the data. */
export interface ArbinTestInfo {
  testId: number | null;
  testName: string | null;
  channel: number | null;
  scheduleFile: string | null;
  softwareVersion: string | null;
  /** Version_Table's schema, e.g. `Results File 5.26`. */
  resultsFileVersion: string | null;
  start: StartTime | null;
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** The first bytes of a gzip stream, decompressed as far as `head` allows; empty when it is not gzip. */
function gunzipHead(head: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [];
  let length = 0;
  try {
    const gunzip = new Gunzip((chunk) => {
      if (length < GZIP_PROBE_BYTES) {
        parts.push(chunk);
        length += chunk.length;
      }
    });
    gunzip.push(head, false);
  } catch {
    // A head cut mid-stream or a damaged stream: judge on what came out.
  }
  const joined = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return joined;
}

function scoreDatabaseHead(head: Uint8Array): number {
  if (!hasJetSignature(head)) return 0;
  const text = latin1Slice(head, 0, Math.min(head.length, GZIP_PROBE_BYTES));
  // The catalogue naming the tables is often, not always, within the head: without it an
  // Access database is still most likely an Arbin result here.
  return ARBIN_TABLE_SIGNATURES.some((signature) => text.includes(signature)) ? 0.95 : 0.7;
}

/** Decompresses a `.res.gz`; a cut stream is a truncated file. */
function gunzipWhole(bytes: Uint8Array, file: string): Uint8Array {
  const parts: Uint8Array[] = [];
  let length = 0;
  try {
    const gunzip = new Gunzip((chunk) => {
      parts.push(chunk);
      length += chunk.length;
    });
    gunzip.push(bytes, true);
  } catch (error) {
    throw new TruncatedFileError(message.databaseUnreadable(file, `gzip: ${(error as Error).message}`), {
      location: { file, byteOffset: bytes.length },
      expected: 'a complete gzip-compressed .res file',
      cause: error,
    });
  }
  const joined = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return joined;
}

interface ResDatabase {
  database: JetDatabase;
  catalogue: JetCatalogue;
  tableNames: string[];
}

/** Opens the database and its catalogue; every failure is a typed error. */
function openDatabase(bytes: Uint8Array, file: string): ResDatabase {
  const database = openJetDatabase(bytes, file);
  const catalogue = readCatalogue(database);
  return { database, catalogue, tableNames: [...catalogue.tables.keys()] };
}

/**
 * Runs a read; anything but our own typed errors (a damaged page read past its structure)
 * becomes a `ReaderError`, so no damaged file escapes as a bare RangeError.
 */
function guarded<T>(file: string, action: () => T): T {
  try {
    return action();
  } catch (error) {
    if (error instanceof CoreError) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new ReaderError(message.databaseUnreadable(file, detail), {
      location: { file },
      expected: 'an undamaged Arbin .res file',
      cause: error,
    });
  }
}

function numberOrNull(value: JetValue | undefined): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function textOrNull(value: JetValue | undefined): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** A table every Arbin result file has; its absence means the file is not one. */
function requiredTable({ database, catalogue, tableNames }: ResDatabase, name: string): JetTable {
  const table = openTable(database, catalogue, name);
  if (table === undefined) {
    throw new ReaderError(message.tableMissing(database.file, name, tableNames), {
      location: { file: database.file },
      expected: `an Arbin .res file with ${NORMAL_TABLE} and ${GLOBAL_TABLE}`,
    });
  }
  return table;
}

function readTestInfo(opened: ResDatabase): ArbinTestInfo {
  const { database, catalogue } = opened;
  const global = readRecords(
    database,
    requiredTable(opened, GLOBAL_TABLE),
    ['Test_ID', 'Test_Name', 'Channel_Index', 'Start_DateTime', 'Schedule_File_Name', 'Software_Version'],
    1,
  )[0];
  const versionTable = openTable(database, catalogue, 'Version_Table');
  const version = versionTable && readRecords(database, versionTable, ['Version_Schema_Field'], 1)[0];
  const startStamp = numberOrNull(global?.['Start_DateTime']);
  return {
    testId: numberOrNull(global?.['Test_ID']),
    testName: textOrNull(global?.['Test_Name']),
    channel: numberOrNull(global?.['Channel_Index']),
    scheduleFile: textOrNull(global?.['Schedule_File_Name']),
    softwareVersion: textOrNull(global?.['Software_Version']),
    resultsFileVersion: textOrNull(version?.['Version_Schema_Field']),
    start: startStamp === null ? null : startFromStamp(startStamp),
  };
}

/** What Arbin's Global_Table and Version_Table say about the test in a `.res` (or `.res.gz`) file. */
export function readArbinTestInfo(bytes: Uint8Array, file: string): ArbinTestInfo {
  return guarded(file, () =>
    readTestInfo(openDatabase(isGzip(bytes) ? gunzipWhole(bytes, file) : bytes, file)),
  );
}

const NORMAL_COLUMNS = {
  dataPoint: 'Data_Point',
  time: 'Test_Time',
  dateTime: 'DateTime',
  stepIndex: 'Step_Index',
  cycleIndex: 'Cycle_Index',
  current: 'Current',
  voltage: 'Voltage',
  chargeCapacity: 'Charge_Capacity',
  dischargeCapacity: 'Discharge_Capacity',
} as const;
const TEST_ID_COLUMN = 'Test_ID';

type NormalKey = keyof typeof NORMAL_COLUMNS;
const NORMAL_KEYS = Object.keys(NORMAL_COLUMNS) as NormalKey[];

type NormalRows = { rows: number } & Record<NormalKey, Float64Array>;

/**
 * Decodes the normal table column by column into float64 arrays, in storage order (empty fields
 * are NaN); a column the table lacks is null.
 */
function decodeNormalColumns(
  database: JetDatabase,
  table: JetTable,
  file: string,
): { rows: number; columns: Record<NormalKey, NumericColumn | null>; testIds: NumericColumn | null } {
  const byName = new Map(table.columns.map((column) => [column.name, column]));
  for (const required of [NORMAL_COLUMNS.time, NORMAL_COLUMNS.current, NORMAL_COLUMNS.voltage]) {
    if (!byName.has(required)) {
      throw new MissingColumnError(
        message.missingColumn(file, `${NORMAL_TABLE}.${required}`, [...byName.keys()]),
        {
          location: { file, column: required },
          expected: `an Arbin ${NORMAL_TABLE} with ${required}`,
        },
      );
    }
  }
  const located = locateRows(database, table);
  const names = [TEST_ID_COLUMN, ...NORMAL_KEYS.map((key) => NORMAL_COLUMNS[key])];
  const present = names.flatMap((name) => byName.get(name) ?? []);
  const decoded = new Map(
    readNumericColumns(database, table, located, present).map((column, order) => [
      present[order]!.name,
      column,
    ]),
  );
  const columns = {} as Record<NormalKey, NumericColumn | null>;
  for (const key of NORMAL_KEYS) columns[key] = decoded.get(NORMAL_COLUMNS[key]) ?? null;
  return { rows: located.count, columns, testIds: decoded.get(TEST_ID_COLUMN) ?? null };
}

/** Reads the normal table of one test into columns, in Data_Point order. */
function readNormalRows(
  database: JetDatabase,
  table: JetTable,
  testId: number | null,
  file: string,
  issues: IssueSink,
): NormalRows {
  const decoded = decodeNormalColumns(database, table, file);
  const { columns, testIds } = decoded;
  const normal = { rows: decoded.rows } as NormalRows;
  for (const key of NORMAL_KEYS)
    normal[key] = columns[key]?.values ?? new Float64Array(decoded.rows).fill(Number.NaN);
  const nulls = NORMAL_KEYS.map((key) => columns[key]?.nulls ?? null);
  if (testId !== null && testIds !== null) keepTest(normal, nulls, testIds.values, testId, file, issues);
  reportMissingValues(
    NORMAL_KEYS.map((key, order) => ({ source: NORMAL_COLUMNS[key], nulls: nulls[order]! })),
    normal.rows,
    file,
    issues,
  );
  if (columns.dataPoint === null) {
    for (let row = 0; row < normal.rows; row++) normal.dataPoint[row] = row;
  }
  sortByDataPoint(normal);
  return normal;
}

/**
 * Keeps only the rows of test `testId` (a result file can hold several tests), compacting every
 * column and null mask in place; rows with no Test_ID are kept.
 */
function keepTest(
  normal: NormalRows,
  nulls: (Uint8Array | null)[],
  testIds: Float64Array,
  testId: number,
  file: string,
  issues: IssueSink,
): void {
  const otherTests = new Set<number>();
  let kept = 0;
  for (let row = 0; row < normal.rows; row++) {
    const recordTest = testIds[row]!;
    if (recordTest !== testId && !Number.isNaN(recordTest)) {
      otherTests.add(recordTest);
      continue;
    }
    if (kept !== row) {
      for (const key of NORMAL_KEYS) normal[key][kept] = normal[key][row]!;
      for (const mask of nulls) if (mask !== null) mask[kept] = mask[row]!;
    }
    kept++;
  }
  if (otherTests.size === 0) return;
  for (const key of NORMAL_KEYS) normal[key] = normal[key].subarray(0, kept);
  normal.rows = kept;
  issues.add({
    code: 'other',
    severity: 'warning',
    message: message.otherChannelsSkipped(
      `test ${testId}`,
      [...otherTests].map((id) => `test ${id}`),
    ),
    location: { file, column: TEST_ID_COLUMN },
  });
}

/** One `missing_value` warning per column with empty fields, at its first empty row, in row order. */
function reportMissingValues(
  columns: { source: string; nulls: Uint8Array | null }[],
  rows: number,
  file: string,
  issues: IssueSink,
): void {
  const firsts: { source: string; row: number }[] = [];
  for (const { source, nulls } of columns) {
    if (nulls === null) continue;
    const row = nulls.subarray(0, rows).indexOf(1);
    if (row >= 0) firsts.push({ source, row });
  }
  firsts.sort((a, b) => a.row - b.row);
  for (const { source, row } of firsts) {
    issues.add({
      code: 'missing_value',
      severity: 'warning',
      message: message.missingValue(source),
      location: { file, column: source, row },
    });
  }
}

/** Puts rows in Data_Point order when the table stores them otherwise (a stable sort). */
function sortByDataPoint(normal: NormalRows): void {
  const { rows, dataPoint } = normal;
  let sorted = true;
  for (let row = 1; row < rows && sorted; row++) sorted = dataPoint[row - 1]! <= dataPoint[row]!;
  if (sorted) return;
  const order = Array.from({ length: rows }, (_, row) => row).sort(
    (a, b) => dataPoint[a]! - dataPoint[b]! || a - b,
  );
  for (const key of NORMAL_KEYS) {
    const source = normal[key].slice(0, rows);
    for (let row = 0; row < rows; row++) normal[key][row] = source[order[row]!]!;
  }
}

/** Index of the last row whose Data_Point is `point` in ascending `dataPoint`, or -1. */
function rowOfDataPoint(dataPoint: Float64Array, rows: number, point: number): number {
  let low = 0;
  let high = rows;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (dataPoint[middle]! <= point) low = middle + 1;
    else high = middle;
  }
  return low > 0 && dataPoint[low - 1] === point ? low - 1 : -1;
}

/** Arbin's aux data types, in the order of Global_Table's `Mapped_Aux_*_Number` fields. */
const AUX_DATA_TYPES: { quantity: AuxQuantity; prefix: string }[] = [
  { quantity: 'voltage', prefix: 'V' },
  { quantity: 'temperature', prefix: 'T' },
  { quantity: 'pressure', prefix: 'P' },
];
const AUX_COLUMNS = ['Data_Point', 'Auxiliary_Index', 'Data_Type', 'X'] as const;

interface AuxDefinition {
  nickname: string | null;
  unit: string | null;
}

/** One number per (data type, aux index) pair: both are Access integers (16 bit). */
function auxKey(dataType: number, auxIndex: number): number {
  return dataType * 65_536 + auxIndex;
}

function readAuxDefinitions(opened: ResDatabase): Map<number, AuxDefinition> {
  const definitions = new Map<number, AuxDefinition>();
  const table = openTable(opened.database, opened.catalogue, 'Aux_Global_Data_Table');
  if (table === undefined) return definitions;
  for (const record of readRecords(opened.database, table, [
    'Data_Type',
    'Auxiliary_Index',
    'Nickname',
    'Unit',
  ])) {
    definitions.set(auxKey(Number(record['Data_Type']), Number(record['Auxiliary_Index'])), {
      nickname: textOrNull(record['Nickname']),
      unit: textOrNull(record['Unit']),
    });
  }
  return definitions;
}

/** Aux channels (T1, V1 …) aligned to the normal rows by Data_Point; NaN where a point has no aux value. */
function readAuxChannels(
  opened: ResDatabase,
  normal: NormalRows,
): { channels: AuxChannel[]; mappings: ColumnMapping[] } {
  const { database, catalogue } = opened;
  const none = { channels: [], mappings: [] };
  const table = openTable(database, catalogue, 'Auxiliary_Table');
  if (table === undefined) return none;
  const columns = AUX_COLUMNS.map((name) => table.columns.find((column) => column.name === name));
  const located = locateRows(database, table);
  if (located.count === 0 || columns.some((column) => column === undefined)) return none;
  const [dataPoints, auxIndices, dataTypes, xs] = readNumericColumns(
    database,
    table,
    located,
    columns as JetColumn[],
  ).map((column) => column.values) as [Float64Array, Float64Array, Float64Array, Float64Array];
  const definitions = readAuxDefinitions(opened);
  const channels = new Map<number, { channel: AuxChannel; mapping: ColumnMapping }>();
  for (let auxRow = 0; auxRow < located.count; auxRow++) {
    const value = xs[auxRow]!;
    if (!Number.isFinite(value)) continue;
    const row = rowOfDataPoint(normal.dataPoint, normal.rows, dataPoints[auxRow]!);
    if (row < 0) continue;
    const dataType = dataTypes[auxRow]!;
    const auxIndex = auxIndices[auxRow]!;
    const key = auxKey(dataType, auxIndex);
    let entry = channels.get(key);
    if (entry === undefined) {
      entry = newAuxChannel(dataType, auxIndex, definitions.get(key), normal.rows);
      channels.set(key, entry);
    }
    entry.channel.values[row] = value * entry.mapping.scale;
  }
  const entries = [...channels.values()];
  return { channels: entries.map((entry) => entry.channel), mappings: entries.map((entry) => entry.mapping) };
}

function newAuxChannel(
  dataType: number,
  index: number,
  definition: AuxDefinition | undefined,
  rows: number,
): { channel: AuxChannel; mapping: ColumnMapping } {
  const unit = definition?.unit ? parseUnit(definition.unit) : null;
  const byType = AUX_DATA_TYPES[dataType];
  // The unit, when stated, says what was measured more surely than the type code.
  const quantity: AuxQuantity =
    unit?.quantity === 'temperature' || unit?.quantity === 'voltage' || unit?.quantity === 'pressure'
      ? unit.quantity
      : (byType?.quantity ?? 'other');
  const prefix = AUX_DATA_TYPES.find((type) => type.quantity === quantity)?.prefix ?? 'X';
  const name = definition?.nickname ?? `${prefix}${index + 1}`;
  const scale = unit !== null && unit.quantity === quantity ? unit.scale : 1;
  const values = new Float64Array(rows).fill(Number.NaN);
  return {
    channel: { name, quantity, values },
    mapping: {
      source: `Auxiliary_Table[Data_Type=${dataType}, Auxiliary_Index=${index}]`,
      target: `aux:${name}`,
      bdfLabel: quantity === 'pressure' ? bdfLabel.pressure : null,
      sourceUnit: definition?.unit ?? null,
      scale,
    },
  };
}

const RES_MAPPINGS: ColumnMapping[] = [
  { source: 'Test_Time', target: 'time_s', bdfLabel: bdfLabel.time_s, sourceUnit: 's', scale: 1 },
  { source: 'Voltage', target: 'voltage_V', bdfLabel: bdfLabel.voltage_V, sourceUnit: 'V', scale: 1 },
  { source: 'Current', target: 'current_A', bdfLabel: bdfLabel.current_A, sourceUnit: 'A', scale: 1 },
  { source: 'Step_Index', target: 'stepIndex', bdfLabel: bdfLabel.stepIndex, sourceUnit: null, scale: 1 },
  { source: 'Cycle_Index', target: 'cycleIndex', bdfLabel: bdfLabel.cycleIndex, sourceUnit: null, scale: 1 },
  {
    source: 'Charge_Capacity',
    target: 'chargeCapacity_Ah',
    bdfLabel: bdfLabel.chargeCapacity_Ah,
    sourceUnit: 'Ah',
    scale: 1,
  },
  {
    source: 'Discharge_Capacity',
    target: 'dischargeCapacity_Ah',
    bdfLabel: bdfLabel.dischargeCapacity_Ah,
    sourceUnit: 'Ah',
    scale: 1,
  },
];

export const arbinResReader: Reader = {
  format: 'arbin-res',
  description: 'Arbin result database (.res, Microsoft Access), plain or gzip-compressed',

  detect(probe: DetectionProbe): number {
    if (isGzip(probe.head)) return scoreDatabaseHead(gunzipHead(probe.head));
    return scoreDatabaseHead(probe.head);
  },

  async read(source: ByteSource): Promise<CanonicalSeries> {
    const file = source.name;
    const raw = await source.bytes();
    if (raw.length === 0) {
      throw new EmptyFileError(message.emptyFile(file), {
        location: { file },
        expected: 'an Arbin .res file',
      });
    }
    const bytes = isGzip(raw) ? gunzipWhole(raw, file) : raw;
    const { info, normal, aux, issues } = guarded(file, () => {
      const opened = openDatabase(bytes, file);
      const normalTable = requiredTable(opened, NORMAL_TABLE);
      const issues = new IssueSink();
      const info = readTestInfo(opened);
      const normal = readNormalRows(opened.database, normalTable, info.testId, file, issues);
      return { info, normal, aux: readAuxChannels(opened, normal), issues };
    });
    const rows = normal.rows;
    const start =
      info.start ??
      (rows > 0 && Number.isFinite(normal.dateTime[0]!)
        ? startFromRow(normal.dateTime[0]!, normal.time[0]!)
        : null);
    return assembleArbinSeries(
      {
        rows,
        time_s: normal.time,
        voltage_V: normal.voltage,
        current_A: normal.current,
        stepIndex: { values: normal.stepIndex, source: NORMAL_COLUMNS.stepIndex },
        cycleIndex: { values: normal.cycleIndex, source: NORMAL_COLUMNS.cycleIndex },
        chargeCapacity_Ah: normal.chargeCapacity,
        dischargeCapacity_Ah: normal.dischargeCapacity,
        // The first aux thermocouple is also the cell temperature; it stays listed as an aux channel.
        temperature_C: aux.channels.find((channel) => channel.quantity === 'temperature')?.values ?? null,
        aux: aux.channels,
      },
      {
        start,
        issues,
        provenance: {
          file,
          format: 'arbin-res',
          formatVersion: info.resultsFileVersion,
          instrument: info.softwareVersion ? `Arbin MITS ${info.softwareVersion}` : 'Arbin MITS',
          columns: [...RES_MAPPINGS, ...aux.mappings],
          bytes: raw.length,
        },
      },
    );
  },
};
