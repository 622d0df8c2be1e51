/**
 * Reader for BioLogic EC-Lab binary files (`.mpr`): walks the modules, reads the data module's
 * records column by column with a DataView straight into typed arrays, and takes the start time
 * from the LOG module. Columns get the names of EC-Lab's text export, so the series comes out as
 * the `.mpt` exported from the same run does.
 */
import { EmptyFileError, ReaderError } from '../../errors.ts';
import { IssueSink } from '../../issues.ts';
import { message } from '../../messages.ts';
import type { CanonicalSeries } from '../../series.ts';
import type { DetectionProbe, Reader } from '../reader.ts';
import type { ByteSource } from '../source.ts';
import { latin1Slice } from '../text/decode.ts';
import { readWhole } from '../whole.ts';
import { assembleSeries, columnsToRead, type RawColumn } from './assemble.ts';
import { type ColumnUse, classifyColumn } from './columns.ts';
import { oleDateToWallClock, type WallClockMs } from './dates.ts';
import { FLAG_COLUMNS } from './mpr-columns.ts';
import {
  checkRecordsPresent,
  type DataModuleLayout,
  dataModuleLayout,
  type FieldReader,
  type RecordLayout,
  readBinaryColumns,
  recordLayout,
} from './mpr-data.ts';
import { MPR_MAGIC, type MprModule, readMprModules } from './mpr-modules.ts';
import { techniqueByMprId } from './techniques.ts';

export const biologicMprReader: Reader = {
  format: 'biologic-mpr',
  description: 'BioLogic EC-Lab binary file (.mpr)',
  detect: (probe: DetectionProbe) => (probe.headText.startsWith(MPR_MAGIC) ? 0.99 : 0),
  read: (source) => readMpr(source),
};

/** Offsets in the LOG module where EC-Lab stores the acquisition start (OLE date); 585 in every file seen. */
const LOG_TIMESTAMP_OFFSETS = [585, 465, 469, 473];
/** OLE dates of 1990-01-01 and 2100-01-01: a value outside is not a timestamp. */
const OLE_PLAUSIBLE_MIN = 32874;
const OLE_PLAUSIBLE_MAX = 73051;
/** Offset of the software version (a Pascal string) in the LOG module (yadg `log_dtypes`). */
const LOG_VERSION_OFFSET = 0x3b7;

async function readMpr(source: ByteSource): Promise<CanonicalSeries> {
  const file = source.name;
  const bytes = await readWhole(source);
  if (bytes.length === 0) {
    throw new EmptyFileError(message.emptyFile(file), {
      location: { file },
      expected: 'a BioLogic .mpr file',
    });
  }
  const modules = readMprModules(bytes, file);
  const dataModule = modules.find((module) => module.name === 'VMP data');
  if (!dataModule) {
    throw new ReaderError(message.moduleMissing(file, 'VMP data'), {
      location: { file },
      expected: 'a "VMP data" module',
    });
  }
  const settings = modules.find((module) => module.name === 'VMP Set') ?? null;
  const log = modules.find((module) => module.name === 'VMP LOG') ?? null;
  const issues = new IssueSink();

  const layout = dataModuleLayout(bytes, dataModule, file);
  if (layout.rows === 0) {
    throw new EmptyFileError(message.emptyFile(file), { location: { file }, expected: 'data records' });
  }
  const record = recordLayout(layout);
  reportUnknownIds(layout, record, file, issues);
  if (record.recordBytes !== null) checkRecordsPresent(layout, record.recordBytes, file);
  const columns = readColumns(bytes, layout, record, file, issues);

  const version = log ? softwareVersion(bytes, log) : null;
  const major = version === null ? null : Number(version.split('.')[0]);
  const technique = settings && settings.length > 0 ? techniqueByMprId(bytes[settings.dataOffset]!) : null;
  return assembleSeries({
    file,
    format: 'biologic-mpr',
    formatVersion:
      version === null ? null : major !== null && major >= 10 ? `EC-Lab ${version}` : `v${version}`,
    instrument: major !== null && major < 10 ? 'BioLogic' : 'BioLogic EC-Lab',
    bytes: bytes.length,
    technique,
    start: log ? startOf(bytes, log, settings) : null,
    rows: layout.rows,
    columns,
    allNames: columns.map((column) => column.name),
    issues,
  });
}

function reportUnknownIds(
  layout: DataModuleLayout,
  record: RecordLayout,
  file: string,
  issues: IssueSink,
): void {
  for (const { id, index } of record.unknownIds) {
    issues.add({
      code: 'unknown_column',
      severity: 'warning',
      message: message.unknownColumnId(id),
      location: { file, byteOffset: layout.idOffsets[index]!, column: `id ${id}` },
    });
  }
}

interface Candidate {
  id: number;
  name: string;
  use: ColumnUse;
  field: FieldReader | null;
}

/** Reads the columns the series uses; a needed column that unknown ids hide becomes an issue. */
function readColumns(
  bytes: Uint8Array,
  layout: DataModuleLayout,
  record: RecordLayout,
  file: string,
  issues: IssueSink,
): RawColumn[] {
  const candidates: Candidate[] = [];
  const { flagsOffset, recordBytes } = record;
  for (const id of record.flagIds) {
    const flag = FLAG_COLUMNS.get(id)!;
    const classified = classifyColumn(flag.name);
    if (classified.kind !== 'used') continue;
    const field: FieldReader | null =
      flagsOffset === null || recordBytes === null
        ? null
        : { kind: 'flag', offset: flagsOffset, mask: flag.mask, shift: flag.shift };
    candidates.push({ id, name: flag.name, use: classified.use, field });
  }
  for (const column of record.columns) {
    const classified = classifyColumn(column.name);
    if (classified.kind !== 'used') continue;
    const field: FieldReader | null =
      column.offset === null || recordBytes === null
        ? null
        : { kind: 'value', offset: column.offset, type: column.type };
    candidates.push({ id: column.id, name: column.name, use: classified.use, field });
  }
  const readable: (Candidate & { field: FieldReader })[] = [];
  for (const candidate of columnsToRead(candidates)) {
    if (candidate.field !== null) {
      readable.push({ ...candidate, field: candidate.field });
      continue;
    }
    issues.add({
      code: 'missing_column',
      severity: 'warning',
      message: message.binaryColumnUnlocatable(candidate.name),
      location: { file, column: candidate.name },
    });
  }
  const values = readBinaryColumns(
    bytes,
    layout.recordsOffset,
    recordBytes ?? 0,
    layout.rows,
    readable.map((candidate) => candidate.field),
  );
  return readable.map((candidate, index) => ({
    name: candidate.name,
    source: `${candidate.name} (column id ${candidate.id})`,
    use: candidate.use,
    values: values[index]!,
  }));
}

/**
 * The acquisition start from the LOG module's OLE date. Of the offsets EC-Lab has used, the first
 * holding a plausible date on the settings module's date wins (any plausible one when that is unreadable).
 */
function startOf(bytes: Uint8Array, log: MprModule, settings: MprModule | null): WallClockMs | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const settingsDay = settings ? parseModuleDate(settings.date) : null;
  let fallback: WallClockMs | null = null;
  for (const offset of LOG_TIMESTAMP_OFFSETS) {
    if (offset + 8 > log.length) continue;
    const oleDays = view.getFloat64(log.dataOffset + offset, true);
    if (!(oleDays > OLE_PLAUSIBLE_MIN && oleDays < OLE_PLAUSIBLE_MAX)) continue;
    const start = oleDateToWallClock(oleDays);
    if (settingsDay === null || new Date(start).toISOString().slice(0, 10) === settingsDay) return start;
    fallback ??= start;
  }
  return fallback;
}

/** `MM/DD/YY` (or with `-` / `.`) of a module header as `YYYY-MM-DD`, or null. */
function parseModuleDate(text: string): string | null {
  const match = /^(\d{2})[/.-](\d{2})[/.-](\d{2})$/.exec(text);
  if (!match) return null;
  return `20${match[3]}-${match[1]}-${match[2]}`;
}

function softwareVersion(bytes: Uint8Array, log: MprModule): string | null {
  if (LOG_VERSION_OFFSET + 1 > log.length) return null;
  const start = log.dataOffset + LOG_VERSION_OFFSET;
  const length = bytes[start]!;
  if (LOG_VERSION_OFFSET + 1 + length > log.length) return null;
  const text = latin1Slice(bytes, start + 1, start + 1 + length);
  return /^\d+\.\d+$/.test(text) ? text : null;
}
