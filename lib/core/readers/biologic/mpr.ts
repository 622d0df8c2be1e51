/**
 * Reader for BioLogic EC-Lab binary files (`.mpr`): walks the modules as the bytes stream in,
 * decodes the data module's records chunk by chunk straight into typed arrays (so memory follows
 * the columns, not the file), and takes the start time from the LOG module. Columns get the names of EC-Lab's text export, so the series comes out as
 * the `.mpt` exported from the same run does.
 */
import { EmptyFileError, ReaderError } from '../../errors.ts';
import { IssueSink } from '../../issues.ts';
import { message } from '../../messages.ts';
import type { CanonicalSeries } from '../../series.ts';
import type { DetectionProbe, Reader } from '../reader.ts';
import type { ByteSource } from '../source.ts';
import { latin1Slice } from '../text/decode.ts';
import { assembleSeries, columnsToRead, type RawColumn } from './assemble.ts';
import { ByteCursor } from './byte-cursor.ts';
import { type ColumnUse, classifyColumn } from './columns.ts';
import { oleDateToWallClock, type WallClockMs } from './dates.ts';
import { FLAG_COLUMNS } from './mpr-columns.ts';
import {
  checkRecordsPresent,
  type DataModuleLayout,
  type RecordLayout,
  readDataModuleLayout,
  readRecords,
  recordLayout,
} from './mpr-data.ts';
import {
  MPR_MAGIC,
  type MprModule,
  needModuleData,
  readFileHeader,
  readModuleData,
  readModuleHeader,
} from './mpr-modules.ts';
import type { FieldReader } from './record-kernels.ts';
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

/** The modules the series needs: the data module is decoded as it streams by, the others kept whole. */
interface MprContents {
  settings: Uint8Array | null;
  /** `MM/DD/YY` of the settings module as `YYYY-MM-DD`, to pick the LOG's start date. */
  settingsDate: string | null;
  log: Uint8Array | null;
  data: { layout: DataModuleLayout; columns: RawColumn[] } | null;
  /** Bytes of the whole file, counted as they streamed by. */
  fileBytes: number;
}

async function readMpr(source: ByteSource): Promise<CanonicalSeries> {
  const file = source.name;
  const issues = new IssueSink();
  const contents = await readModules(source, file, issues);
  if (contents.data === null) {
    throw new ReaderError(message.moduleMissing(file, 'VMP data'), {
      location: { file },
      expected: 'a "VMP data" module',
    });
  }
  const { layout, columns } = contents.data;
  const { settings, log } = contents;
  const version = log ? softwareVersion(log) : null;
  const major = version === null ? null : Number(version.split('.')[0]);
  const technique = settings && settings.length > 0 ? techniqueByMprId(settings[0]!) : null;
  return assembleSeries({
    file,
    format: 'biologic-mpr',
    formatVersion:
      version === null ? null : major !== null && major >= 10 ? `EC-Lab ${version}` : `v${version}`,
    instrument: major !== null && major < 10 ? 'BioLogic' : 'BioLogic EC-Lab',
    bytes: contents.fileBytes,
    technique,
    start: log ? startOf(log, contents.settingsDate) : null,
    rows: layout.rows,
    columns,
    allNames: columns.map((column) => column.name),
    issues,
  });
}

/** Walks the modules in file order: the file is never held whole beside its columns. */
async function readModules(source: ByteSource, file: string, issues: IssueSink): Promise<MprContents> {
  const cursor = ByteCursor.of(source.chunks());
  await readFileHeader(cursor, file);
  const contents: MprContents = { settings: null, settingsDate: null, log: null, data: null, fileBytes: 0 };
  for (
    let module = await readModuleHeader(cursor, file);
    module;
    module = await readModuleHeader(cursor, file)
  ) {
    if (module.name === 'VMP data' && contents.data === null) {
      contents.data = await readDataModule(cursor, module, file, issues);
    } else if (module.name === 'VMP Set' && contents.settings === null) {
      contents.settings = await readModuleData(cursor, module, file);
      contents.settingsDate = parseModuleDate(module.date);
    } else if (module.name === 'VMP LOG' && contents.log === null) {
      contents.log = await readModuleData(cursor, module, file);
    } else {
      needModuleData(module, await cursor.skip(module.length), file);
    }
  }
  contents.fileBytes = cursor.offset;
  return contents;
}

async function readDataModule(
  cursor: ByteCursor,
  module: MprModule,
  file: string,
  issues: IssueSink,
): Promise<{ layout: DataModuleLayout; columns: RawColumn[] }> {
  const layout = await readDataModuleLayout(cursor, module, file);
  if (layout.rows === 0) {
    throw new EmptyFileError(message.emptyFile(file), { location: { file }, expected: 'data records' });
  }
  const record = recordLayout(layout);
  reportUnknownIds(layout, record, file, issues);
  if (record.recordBytes !== null) checkRecordsPresent(layout, record.recordBytes, file);
  const columns = await readColumns(cursor, module, layout, record, file, issues);
  return { layout, columns };
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
async function readColumns(
  cursor: ByteCursor,
  module: MprModule,
  layout: DataModuleLayout,
  record: RecordLayout,
  file: string,
  issues: IssueSink,
): Promise<RawColumn[]> {
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
        : { kind: 'value', offset: column.offset, type: column.type, scale: classified.use.scale };
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
  const consumed = layout.recordsOffset - module.dataOffset;
  if (recordBytes === null || recordBytes === 0 || readable.length === 0) {
    needModuleData(module, consumed + (await cursor.skip(module.length - consumed)), file);
    return [];
  }
  const values = await readRecords(
    cursor,
    module,
    layout,
    recordBytes,
    readable.map((candidate) => candidate.field),
    file,
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
function startOf(log: Uint8Array, settingsDay: string | null): WallClockMs | null {
  const view = new DataView(log.buffer, log.byteOffset, log.byteLength);
  let fallback: WallClockMs | null = null;
  for (const offset of LOG_TIMESTAMP_OFFSETS) {
    if (offset + 8 > log.length) continue;
    const oleDays = view.getFloat64(offset, true);
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

function softwareVersion(log: Uint8Array): string | null {
  if (LOG_VERSION_OFFSET + 1 > log.length) return null;
  const length = log[LOG_VERSION_OFFSET]!;
  if (LOG_VERSION_OFFSET + 1 + length > log.length) return null;
  const text = latin1Slice(log, LOG_VERSION_OFFSET + 1, LOG_VERSION_OFFSET + 1 + length);
  return /^\d+\.\d+$/.test(text) ? text : null;
}
