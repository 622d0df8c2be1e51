/**
 * Neware BTS Excel exports (.xlsx): BTS 8.x `record` sheets (continued over several sheets when
 * longer than Excel's 1,048,576 rows) beside `cycle`, `step` and `test` sheets, in English or
 * Chinese; BTS 7.x `Detail_…` sheets beside `Cycle_…` and `Statis_…`. The records are read like
 * the flat CSV export; the cycle sheet's per-cycle capacities are Neware's own summary.
 * Sheet layout: see `xlsx-layout.ts`.
 */
import { EmptyFileError, ReaderError } from '../../errors.ts';
import { IssueSink } from '../../issues.ts';
import { message } from '../../messages.ts';
import type { CanonicalSeries } from '../../series.ts';
import type { DetectionProbe, Reader, ReadOptions } from '../reader.ts';
import type { ByteSource } from '../source.ts';
import { looksLikeXlsx, sheetNamesFromHead } from '../xlsx/detect.ts';
import { excelSerialToEpochMs, isoFromEpochMs } from '../xlsx/excel-date.ts';
import { CellKind, forEachTableRow, openWorkbook, type SheetRow, type Workbook } from '../xlsx/workbook.ts';
import type { NewareCycleSummary } from './csv-nested.ts';
import { orderByRecordIndex, recordsToSeries } from './records.ts';
import { isoFromWallClock, parseWallClock } from './start-time.ts';
import {
  classifyXlsxHeader,
  cycleSheetOf,
  exportGenerationOf,
  newareWorkbookScore,
  recordSheetsOf,
} from './xlsx-layout.ts';
import { readRecordSheets } from './xlsx-records.ts';

const FORMAT = 'neware-xlsx';
const EXPECTED_SHEETS = '"record" ("记录", "详细数据", "Detail_…")';
/** Excel serial of 1980-01-01: earlier dates are not a cycler's clock. */
const EARLIEST_SERIAL = 29221;

export const newareXlsxReader: Reader = {
  format: FORMAT,
  description: 'Neware BTS Excel export (.xlsx: record, step and cycle sheets, English or Chinese)',
  detect(probe: DetectionProbe): number {
    if (!looksLikeXlsx(probe.head, probe.headText)) return 0;
    const sheetNames = sheetNamesFromHead(probe.head);
    // The sheet list is not always within the head: then a workbook is only possibly Neware's,
    // and less so than Arbin's guess so that neither claims the other's files.
    if (sheetNames === null) return 0.1;
    return newareWorkbookScore(sheetNames);
  },
  async read(source: ByteSource, options: ReadOptions): Promise<CanonicalSeries> {
    return (await readNewareXlsx(source, options)).series;
  },
};

/**
 * Reads a Neware Excel export. `cycles` is the instrument's own per-cycle summary from the cycle
 * sheet (empty when the export has none).
 */
export async function readNewareXlsx(
  source: ByteSource,
  options: ReadOptions = {},
): Promise<{ series: CanonicalSeries; cycles: NewareCycleSummary[] }> {
  const file = source.name;
  const bytes = await source.bytes();
  if (bytes.length === 0) {
    throw new EmptyFileError(message.emptyFile(file), {
      location: { file },
      expected: 'a Neware .xlsx export',
    });
  }
  const workbook = openWorkbook(bytes, file, options.inflateRaw);
  const recordSheets = recordSheetsOf(workbook.sheetNames);
  if (recordSheets.length === 0) {
    throw new ReaderError(message.noDataSheet(file, EXPECTED_SHEETS, workbook.sheetNames), {
      location: { file },
      expected: `a Neware export with a ${EXPECTED_SHEETS} sheet`,
    });
  }
  const issues = new IssueSink();
  const read = await readRecordSheets(workbook, recordSheets, issues);
  if (read.records.rows === 0) {
    throw new EmptyFileError(message.emptyFile(file), { location: { file }, expected: 'record rows' });
  }
  const startTime = startTimeOf(read.firstDate, read.firstTime_s, file, issues);
  const records = orderByRecordIndex(read.records, file, issues);
  const series = recordsToSeries(records, {
    file,
    format: FORMAT,
    formatVersion: exportGenerationOf(recordSheets[0]!),
    instrument: 'Neware BTS',
    bytes: bytes.length,
    columns: read.mappings,
    startTime,
    startTimeZoneKnown: false,
    aux: [],
    issues,
  });
  const cycleSheet = cycleSheetOf(workbook.sheetNames);
  return { series, cycles: cycleSheet === null ? [] : await readCycleSheet(workbook, cycleSheet) };
}

/** Neware's own per-cycle capacities from the cycle sheet of an Excel export. */
export async function newareXlsxCycleSummary(source: ByteSource): Promise<NewareCycleSummary[]> {
  return (await readNewareXlsx(source)).cycles;
}

/**
 * The cycle sheet's rows: cycle number, charge and discharge capacity (Ah, or mAh when the header
 * states no unit). Empty when the sheet lacks any of the three columns.
 */
async function readCycleSheet(workbook: Workbook, sheetName: string): Promise<NewareCycleSummary[]> {
  const cycles: NewareCycleSummary[] = [];
  let at: { cycle: number; charge: number; discharge: number } | null = null;
  let scale = { charge: 1, discharge: 1 };
  await forEachTableRow(
    workbook.sheet(sheetName),
    (names) => {
      const columns = names.map(classifyXlsxHeader);
      const find = (role: string) => columns.findIndex((column) => column.role === role);
      const found = {
        cycle: find('cycle'),
        charge: find('chargeCapacity'),
        discharge: find('dischargeCapacity'),
      };
      if (found.cycle < 0 || found.charge < 0 || found.discharge < 0) return;
      at = found;
      const toAh = (index: number) =>
        columns[index]!.unit?.quantity === 'charge' ? columns[index]!.unit!.scale : 1e-3;
      scale = { charge: toAh(found.charge), discharge: toAh(found.discharge) };
    },
    (row) => {
      if (at === null) return false;
      const cycle = numberOf(row, at.cycle);
      if (Number.isNaN(cycle)) return undefined;
      cycles.push({
        cycle,
        chargeCapacity_Ah: numberOf(row, at.charge) * scale.charge,
        dischargeCapacity_Ah: numberOf(row, at.discharge) * scale.discharge,
      });
      return undefined;
    },
  );
  return cycles;
}

/** A numeric cell, or a text cell holding a number; NaN otherwise. */
function numberOf(row: SheetRow, column: number): number {
  if (row.kind(column) === CellKind.number) return row.numberAt(column);
  const text = row.textAt(column).trim();
  return text === '' ? Number.NaN : Number(text);
}

/**
 * The wall-clock instant of test time 0: the first record's date (text `YYYY-MM-DD hh:mm:ss` or
 * an Excel serial, a local time without zone) minus its test time.
 */
function startTimeOf(
  firstDate: number | string | null,
  firstTime_s: number,
  file: string,
  issues: IssueSink,
): string | null {
  if (firstDate === null) return null;
  let start: string | null = null;
  if (typeof firstDate === 'number') {
    if (Number.isFinite(firstDate) && firstDate >= EARLIEST_SERIAL) {
      start = isoFromEpochMs(excelSerialToEpochMs(firstDate) - firstTime_s * 1000, false);
    }
  } else {
    const parts = parseWallClock(firstDate);
    start = parts === null ? null : isoFromWallClock(...parts, firstTime_s);
  }
  if (start === null) {
    issues.add({
      code: 'other',
      severity: 'warning',
      message: message.startTimeUnreadable(String(firstDate)),
      location: { file, column: 'date' },
    });
    return null;
  }
  issues.add({
    code: 'time_zone_unknown',
    severity: 'info',
    message: message.timeZoneUnknown(),
    location: { file, column: 'date' },
  });
  return start;
}
