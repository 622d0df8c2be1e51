/**
 * Arbin `.res` result files (MITS Pro, MITS 7): a Microsoft Access (Jet 4) database, read with
 * mdb-reader. Also accepted gzip-compressed (`.res.gz`).
 *
 * Tables used: `Global_Table` (one row per test: Test_ID, Start_DateTime as an Excel serial,
 * channel, schedule, software version), `Channel_Normal_Table` (one row per data point: Test_Time,
 * DateTime, Step_Index, Cycle_Index, Current (A, charge positive), Voltage (V),
 * Charge_/Discharge_Capacity (Ah, reset by Arbin at each cycle) …), `Version_Table`, and when
 * present `Auxiliary_Table` (Data_Point, Auxiliary_Index, Data_Type, X) with the channel names of
 * `Aux_Global_Data_Table` (Auxiliary_Index, Data_Type, Nickname, Unit).
 */
import { Gunzip } from 'fflate';
import MDBReader from 'mdb-reader';
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
import { type StartTime, startFromRow, startFromStamp } from './start-time.ts';

const JET_SIGNATURES = ['Standard Jet DB', 'Standard ACE DB'];
/** Offset of the engine signature in the first database page. */
const SIGNATURE_OFFSET = 4;
/** Offset of the engine version byte: 0 = Jet 3 (2 KB pages), later versions use 4 KB pages. */
const VERSION_OFFSET = 0x14;
const NORMAL_TABLE = 'Channel_Normal_Table';
const GLOBAL_TABLE = 'Global_Table';
/** Arbin table names as Jet stores them (UTF-16 LE) in its catalogue. */
const ARBIN_TABLE_SIGNATURES = [NORMAL_TABLE, GLOBAL_TABLE].map((name) =>
  Array.from(name, (character) => `${character}\u0000`).join(''),
);
/** Rows fetched from mdb-reader at a time, so its row objects never pile up. */
const BATCH_ROWS = 50_000;
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

type Row = Record<string, unknown>;

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function jetSignatureAt(bytes: Uint8Array): boolean {
  const text = latin1Slice(bytes, SIGNATURE_OFFSET, SIGNATURE_OFFSET + 15);
  return JET_SIGNATURES.includes(text);
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
  if (!jetSignatureAt(head)) return 0;
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

/** Opens the database, turning every failure into a typed error. */
function openDatabase(bytes: Uint8Array, file: string): MDBReader {
  if (bytes.length < VERSION_OFFSET + 1 || !jetSignatureAt(bytes)) {
    throw new ReaderError(message.databaseUnreadable(file, 'no Jet database signature at byte 4'), {
      location: { file, byteOffset: SIGNATURE_OFFSET },
      expected: 'an Arbin .res file (Microsoft Access database)',
    });
  }
  const pageBytes = bytes[VERSION_OFFSET] === 0 ? 2048 : 4096;
  if (bytes.length % pageBytes !== 0) {
    const pageStart = bytes.length - (bytes.length % pageBytes);
    throw new TruncatedFileError(
      message.truncatedBinary(file, 'a database page', pageStart, pageBytes, bytes.length - pageStart),
      { location: { file, byteOffset: pageStart }, expected: 'a complete .res file' },
    );
  }
  return guarded(file, () => new MDBReader(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)));
}

/** Runs a database call; mdb-reader's own errors (damaged pages) become a `ReaderError`. */
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

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

function textOrNull(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

function readTestInfo(database: MDBReader, tables: string[], file: string): ArbinTestInfo {
  const global = guarded(file, () => database.getTable(GLOBAL_TABLE).getData({ rowLimit: 1 })[0]) as
    | Row
    | undefined;
  const version = tables.includes('Version_Table')
    ? (guarded(file, () => database.getTable('Version_Table').getData({ rowLimit: 1 })[0]) as Row | undefined)
    : undefined;
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
  const database = openDatabase(isGzip(bytes) ? gunzipWhole(bytes, file) : bytes, file);
  return readTestInfo(
    database,
    guarded(file, () => database.getTableNames()),
    file,
  );
}

const NORMAL_COLUMNS = {
  testId: 'Test_ID',
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

interface NormalRows {
  rows: number;
  dataPoint: Float64Array;
  time: Float64Array;
  dateTime: Float64Array;
  stepIndex: Float64Array;
  cycleIndex: Float64Array;
  current: Float64Array;
  voltage: Float64Array;
  chargeCapacity: Float64Array;
  dischargeCapacity: Float64Array;
}

/** Reads the normal table of one test into columns, in batches. Empty (null) fields become NaN. */
function readNormalRows(
  database: MDBReader,
  testId: number | null,
  file: string,
  issues: IssueSink,
): NormalRows {
  const table = guarded(file, () => database.getTable(NORMAL_TABLE));
  const present = new Set(table.getColumnNames());
  for (const required of [NORMAL_COLUMNS.time, NORMAL_COLUMNS.current, NORMAL_COLUMNS.voltage]) {
    if (!present.has(required)) {
      throw new MissingColumnError(message.missingColumn(file, `${NORMAL_TABLE}.${required}`, [...present]), {
        location: { file, column: required },
        expected: `an Arbin ${NORMAL_TABLE} with ${required}`,
      });
    }
  }
  const wanted = Object.values(NORMAL_COLUMNS).filter((name) => present.has(name));
  const capacity = table.rowCount;
  const columns: NormalRows = {
    rows: 0,
    dataPoint: new Float64Array(capacity),
    time: new Float64Array(capacity),
    dateTime: new Float64Array(capacity),
    stepIndex: new Float64Array(capacity),
    cycleIndex: new Float64Array(capacity),
    current: new Float64Array(capacity),
    voltage: new Float64Array(capacity),
    chargeCapacity: new Float64Array(capacity),
    dischargeCapacity: new Float64Array(capacity),
  };
  const keys = Object.keys(NORMAL_COLUMNS).filter((key) => key !== 'testId') as Exclude<
    keyof typeof NORMAL_COLUMNS,
    'testId'
  >[];
  const missingReported = new Set<string>();
  const otherTests = new Set<number>();
  let row = 0;
  for (let offset = 0; offset < capacity; offset += BATCH_ROWS) {
    const batch = guarded(file, () =>
      table.getData({ columns: wanted, rowOffset: offset, rowLimit: BATCH_ROWS }),
    );
    for (const record of batch as Row[]) {
      if (row >= capacity) break;
      const recordTest = record[NORMAL_COLUMNS.testId];
      if (testId !== null && typeof recordTest === 'number' && recordTest !== testId) {
        otherTests.add(recordTest);
        continue;
      }
      for (const key of keys) {
        const source = NORMAL_COLUMNS[key];
        const value = record[source];
        if (typeof value === 'number') columns[key][row] = value;
        else {
          columns[key][row] = Number.NaN;
          if (present.has(source) && !missingReported.has(source)) {
            missingReported.add(source);
            issues.add({
              code: 'missing_value',
              severity: 'warning',
              message: message.missingValue(source),
              location: { file, column: source, row },
            });
          }
        }
      }
      row++;
    }
    if (batch.length === 0) break;
  }
  columns.rows = row;
  if (otherTests.size > 0) {
    issues.add({
      code: 'other',
      severity: 'warning',
      message: message.otherChannelsSkipped(
        `test ${testId}`,
        [...otherTests].map((id) => `test ${id}`),
      ),
      location: { file, column: NORMAL_COLUMNS.testId },
    });
  }
  if (!present.has(NORMAL_COLUMNS.dataPoint)) {
    for (let index = 0; index < row; index++) columns.dataPoint[index] = index;
  }
  sortByDataPoint(columns);
  return columns;
}

/** Puts rows in Data_Point order when the table stores them otherwise (a stable sort). */
function sortByDataPoint(columns: NormalRows): void {
  const { rows, dataPoint } = columns;
  let sorted = true;
  for (let row = 1; row < rows && sorted; row++) sorted = dataPoint[row - 1]! <= dataPoint[row]!;
  if (sorted) return;
  const order = Array.from({ length: rows }, (_, row) => row).sort(
    (a, b) => dataPoint[a]! - dataPoint[b]! || a - b,
  );
  for (const key of [
    'dataPoint',
    'time',
    'dateTime',
    'stepIndex',
    'cycleIndex',
    'current',
    'voltage',
    'chargeCapacity',
    'dischargeCapacity',
  ] as const) {
    const source = columns[key].slice(0, rows);
    for (let row = 0; row < rows; row++) columns[key][row] = source[order[row]!]!;
  }
}

/** Arbin's aux data types, in the order of Global_Table's `Mapped_Aux_*_Number` fields. */
const AUX_DATA_TYPES: { quantity: AuxQuantity; prefix: string }[] = [
  { quantity: 'voltage', prefix: 'V' },
  { quantity: 'temperature', prefix: 'T' },
  { quantity: 'pressure', prefix: 'P' },
];

/** Aux channels (T1, V1 …) aligned to the normal rows by Data_Point; NaN where a point has no aux value. */
function readAuxChannels(
  database: MDBReader,
  tables: string[],
  normal: NormalRows,
  file: string,
): { channels: AuxChannel[]; mappings: ColumnMapping[] } {
  if (!tables.includes('Auxiliary_Table')) return { channels: [], mappings: [] };
  const auxTable = guarded(file, () => database.getTable('Auxiliary_Table'));
  if (auxTable.rowCount === 0) return { channels: [], mappings: [] };
  const definitions = new Map<string, { nickname: string | null; unit: string | null }>();
  if (tables.includes('Aux_Global_Data_Table')) {
    for (const record of guarded(file, () => database.getTable('Aux_Global_Data_Table').getData()) as Row[]) {
      definitions.set(`${record['Data_Type']}:${record['Auxiliary_Index']}`, {
        nickname: textOrNull(record['Nickname']),
        unit: textOrNull(record['Unit']),
      });
    }
  }
  const rowOfPoint = new Map<number, number>();
  for (let row = 0; row < normal.rows; row++) rowOfPoint.set(normal.dataPoint[row]!, row);
  const channels = new Map<string, { channel: AuxChannel; mapping: ColumnMapping }>();
  for (let offset = 0; offset < auxTable.rowCount; offset += BATCH_ROWS) {
    const batch = guarded(file, () =>
      auxTable.getData({
        columns: ['Data_Point', 'Auxiliary_Index', 'Data_Type', 'X'],
        rowOffset: offset,
        rowLimit: BATCH_ROWS,
      }),
    ) as Row[];
    for (const record of batch) {
      const row = rowOfPoint.get(record['Data_Point'] as number);
      const value = numberOrNull(record['X']);
      if (row === undefined || value === null) continue;
      const key = `${record['Data_Type']}:${record['Auxiliary_Index']}`;
      let entry = channels.get(key);
      if (entry === undefined) {
        entry = newAuxChannel(record, definitions.get(key), normal.rows);
        channels.set(key, entry);
      }
      entry.channel.values[row] = value * entry.mapping.scale;
    }
    if (batch.length === 0) break;
  }
  const entries = [...channels.values()];
  return { channels: entries.map((entry) => entry.channel), mappings: entries.map((entry) => entry.mapping) };
}

function newAuxChannel(
  record: Row,
  definition: { nickname: string | null; unit: string | null } | undefined,
  rows: number,
): { channel: AuxChannel; mapping: ColumnMapping } {
  const dataType = Number(record['Data_Type']);
  const index = Number(record['Auxiliary_Index']);
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
    const database = openDatabase(bytes, file);
    const tables = guarded(file, () => database.getTableNames());
    for (const table of [NORMAL_TABLE, GLOBAL_TABLE]) {
      if (!tables.includes(table)) {
        throw new ReaderError(message.tableMissing(file, table, tables), {
          location: { file },
          expected: `an Arbin .res file with ${NORMAL_TABLE} and ${GLOBAL_TABLE}`,
        });
      }
    }
    const issues = new IssueSink();
    const info = readTestInfo(database, tables, file);
    const normal = readNormalRows(database, info.testId, file, issues);
    const aux = readAuxChannels(database, tables, normal, file);
    const rows = normal.rows;
    const start =
      info.start ??
      (rows > 0 && Number.isFinite(normal.dateTime[0]!)
        ? startFromRow(normal.dateTime[0]!, normal.time[0]!)
        : null);
    return assembleArbinSeries(
      {
        rows,
        time_s: normal.time.subarray(0, rows),
        voltage_V: normal.voltage.subarray(0, rows),
        current_A: normal.current.subarray(0, rows),
        stepIndex: { values: normal.stepIndex.subarray(0, rows), source: NORMAL_COLUMNS.stepIndex },
        cycleIndex: { values: normal.cycleIndex.subarray(0, rows), source: NORMAL_COLUMNS.cycleIndex },
        chargeCapacity_Ah: normal.chargeCapacity.subarray(0, rows),
        dischargeCapacity_Ah: normal.dischargeCapacity.subarray(0, rows),
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
