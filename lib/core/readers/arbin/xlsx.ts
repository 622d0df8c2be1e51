/**
 * Arbin MITS Pro Excel exports (.xlsx): a `Global_Info` sheet (channel, start date-time,
 * schedule, software version) and the data in `Channel_<n>_<k>` sheets, where `k` = 1, 2 …
 * continue one channel's record when it overflows a sheet. Columns as in the CSV export
 * (`Date_Time`, `Test_Time(s)`, `Current(A)`, `Voltage(V)`, `Charge_Capacity(Ah)` …), dates as
 * Excel serial numbers.
 */
import { EmptyFileError, MissingColumnError, ReaderError } from '../../errors.ts';
import { IssueSink } from '../../issues.ts';
import { message } from '../../messages.ts';
import type { AuxChannel, CanonicalSeries } from '../../series.ts';
import type { DetectionProbe, Reader, ReadOptions } from '../reader.ts';
import type { ByteSource } from '../source.ts';
import { Float64ColumnBuilder } from '../text/columns.ts';
import { looksLikeXlsx, sheetNamesFromHead } from '../xlsx/detect.ts';
import { CellKind, forEachTableRow, openWorkbook, type SheetRow, type Workbook } from '../xlsx/workbook.ts';
import { assembleArbinSeries } from './assemble.ts';
import { type ArbinColumnPlan, type PlannedColumn, planArbinColumns } from './columns.ts';
import { type StartTime, startFromRow, startFromStamp } from './start-time.ts';

const GLOBAL_SHEET = 'Global_Info';
const EXPECTED_SHEETS = '"Channel_<n>_<k>"';
/** `Channel_11_1` → channel `11`, part 1; older exports name a channel `Channel_1-008`. */
const CHANNEL_SHEET = /^Channel[_-]?(.+?)_(\d+)$/i;
const SINGLE_CHANNEL_SHEET = /^Channel[_-]?(\d[\w-]*)$/i;

interface ChannelSheets {
  channel: string;
  /** Sheet names in continuation order. */
  sheets: string[];
}

/** Data sheets grouped by channel, in workbook order of each channel's first sheet. */
function channelSheets(sheetNames: readonly string[]): ChannelSheets[] {
  const groups = new Map<string, { part: number; sheet: string }[]>();
  for (const sheet of sheetNames) {
    const match = CHANNEL_SHEET.exec(sheet);
    const single = match ? null : SINGLE_CHANNEL_SHEET.exec(sheet);
    if (!match && !single) continue;
    const channel = match ? match[1]! : single![1]!;
    const part = match ? Number(match[2]) : 1;
    const group = groups.get(channel) ?? [];
    group.push({ part, sheet });
    groups.set(channel, group);
  }
  return [...groups].map(([channel, parts]) => ({
    channel,
    sheets: parts.sort((a, b) => a.part - b.part).map((part) => part.sheet),
  }));
}

function isArbinWorkbook(sheetNames: readonly string[]): boolean {
  return sheetNames.includes(GLOBAL_SHEET) && channelSheets(sheetNames).length > 0;
}

interface GlobalInfo {
  softwareVersion: string | null;
  start: StartTime | null;
}

/** `Start DateTime` and `Software Version` of Global_Info for `channel`, found by their header labels. */
async function readGlobalInfo(workbook: Workbook, channel: string): Promise<GlobalInfo> {
  if (!workbook.sheetNames.includes(GLOBAL_SHEET)) return { softwareVersion: null, start: null };
  const rows = await workbook.sheet(GLOBAL_SHEET).rowsAsValues();
  const headerRow = rows.findIndex((row) => row.some((cell) => cell === 'Channel'));
  if (headerRow < 0) return { softwareVersion: null, start: null };
  const header = rows[headerRow]!;
  const channelColumn = header.indexOf('Channel');
  const channelRow =
    rows.slice(headerRow + 1).find((row) => String(row[channelColumn] ?? '') === channel) ??
    rows[headerRow + 1];
  const field = (label: string) => {
    const column = header.indexOf(label);
    return column >= 0 ? (channelRow?.[column] ?? null) : null;
  };
  const version = field('Software Version');
  const stamp = field('Start DateTime');
  return {
    softwareVersion: typeof version === 'string' && version.trim() !== '' ? version.trim() : null,
    start: typeof stamp === 'number' || typeof stamp === 'string' ? startFromStamp(stamp) : null,
  };
}

interface Columns {
  time: Float64ColumnBuilder;
  voltage: Float64ColumnBuilder;
  current: Float64ColumnBuilder;
  stepIndex: Float64ColumnBuilder;
  cycleIndex: Float64ColumnBuilder;
  chargeCapacity: Float64ColumnBuilder;
  dischargeCapacity: Float64ColumnBuilder;
  temperature: Float64ColumnBuilder;
  /** Aux channels of the first sheet, by name. */
  aux: Map<string, Float64ColumnBuilder>;
}

type ScalarKey = Exclude<keyof Columns, 'aux'>;

function newColumns(plan: ArbinColumnPlan, capacity: number): Columns {
  return {
    time: new Float64ColumnBuilder(capacity),
    voltage: new Float64ColumnBuilder(capacity),
    current: new Float64ColumnBuilder(capacity),
    stepIndex: new Float64ColumnBuilder(capacity),
    cycleIndex: new Float64ColumnBuilder(capacity),
    chargeCapacity: new Float64ColumnBuilder(capacity),
    dischargeCapacity: new Float64ColumnBuilder(capacity),
    temperature: new Float64ColumnBuilder(capacity),
    aux: new Map(plan.aux.map((column) => [column.name, new Float64ColumnBuilder(capacity)])),
  };
}

/** Where one canonical column's values come from in a sheet: its builder, the source column and its scale. */
interface Feed {
  builders: Float64ColumnBuilder[];
  /** Planned source column of each builder; null when the sheet lacks it (the builder gets NaN). */
  columns: (PlannedColumn | null)[];
}

/**
 * Reads one data sheet's rows into the columns (created on the first sheet's header, then kept
 * filling by continuation sheets). Returns the sheet's column plan.
 */
async function readDataSheet(
  workbook: Workbook,
  sheetName: string,
  columnsFor: (plan: ArbinColumnPlan) => Columns,
  issues: IssueSink,
  onFirstRow: (plan: ArbinColumnPlan, row: SheetRow) => void,
): Promise<ArbinColumnPlan | null> {
  const file = workbook.file;
  let plan: ArbinColumnPlan | null = null;
  let first: Float64ColumnBuilder | null = null;
  let feed: Feed = { builders: [], columns: [] };
  const missingReported = new Set<string>();
  await forEachTableRow(
    workbook.sheet(sheetName),
    (names) => {
      // A continuation sheet repeats the header; its own order counts.
      const sheetPlan = planArbinColumns(names);
      for (const [quantity, column] of [
        ['test time', sheetPlan.time],
        ['voltage', sheetPlan.voltage],
        ['current', sheetPlan.current],
      ] as const) {
        if (column === null) {
          throw new MissingColumnError(
            message.missingColumn(`${file} (sheet ${sheetName})`, quantity, names),
            {
              location: { file, line: 1 },
              expected: 'Arbin columns Test_Time(s), Voltage(V) and Current(A)',
            },
          );
        }
      }
      plan = sheetPlan;
      const columns = columnsFor(sheetPlan);
      first = columns.time;
      const keys: [ScalarKey, PlannedColumn | null][] = [
        ['time', sheetPlan.time],
        ['voltage', sheetPlan.voltage],
        ['current', sheetPlan.current],
        ['stepIndex', sheetPlan.stepIndex],
        ['cycleIndex', sheetPlan.cycleIndex],
        ['chargeCapacity', sheetPlan.chargeCapacity],
        ['dischargeCapacity', sheetPlan.dischargeCapacity],
        ['temperature', sheetPlan.temperature],
      ];
      const aux = [...columns.aux].map(([name, builder]) => ({
        builder,
        column: sheetPlan.aux.find((column) => column.name === name) ?? null,
      }));
      feed = {
        builders: [...keys.map(([key]) => columns[key]), ...aux.map(({ builder }) => builder)],
        columns: [...keys.map(([, column]) => column), ...aux.map(({ column }) => column)],
      };
    },
    (row) => {
      if (first!.length === 0) onFirstRow(plan!, row);
      const { builders, columns } = feed;
      for (let index = 0; index < builders.length; index++) {
        const column = columns[index]!;
        if (column === null) {
          builders[index]!.push(Number.NaN);
          continue;
        }
        const value = row.numberAt(column.index);
        if (Number.isNaN(value)) reportNotANumber(row, column, file, sheetName, missingReported, issues);
        builders[index]!.push(value * column.scale);
      }
      return undefined;
    },
  );
  return plan;
}

/** Reports the first empty or non-numeric cell of a column. */
function reportNotANumber(
  row: SheetRow,
  column: PlannedColumn,
  file: string,
  sheetName: string,
  missingReported: Set<string>,
  issues: IssueSink,
): void {
  if (missingReported.has(column.source)) return;
  missingReported.add(column.source);
  const kind = row.kind(column.index);
  issues.add({
    code: kind === CellKind.empty ? 'missing_value' : 'non_numeric_value',
    severity: 'warning',
    message:
      kind === CellKind.empty
        ? message.missingValue(column.source)
        : message.nonNumeric(
            `${file} (sheet ${sheetName})`,
            row.rowNumber,
            column.source,
            row.textAt(column.index),
          ),
    location: { file, line: row.rowNumber, column: column.source },
  });
}

function startOfRow(plan: ArbinColumnPlan, row: SheetRow): StartTime | null {
  if (plan.date === null || plan.time === null) return null;
  const stamp =
    row.kind(plan.date.index) === CellKind.number
      ? row.numberAt(plan.date.index)
      : row.textAt(plan.date.index);
  return startFromRow(stamp, row.numberAt(plan.time.index) * plan.time.scale);
}

export const arbinXlsxReader: Reader = {
  format: 'arbin-xlsx',
  description: 'Arbin MITS Pro Excel export (.xlsx)',

  detect(probe: DetectionProbe): number {
    if (!looksLikeXlsx(probe.head, probe.headText)) return 0;
    const sheetNames = sheetNamesFromHead(probe.head);
    // The sheet list is not always within the head; then a workbook is only possibly Arbin's.
    if (sheetNames === null) return 0.2;
    return isArbinWorkbook(sheetNames) ? 0.95 : 0;
  },

  async read(source: ByteSource, options: ReadOptions): Promise<CanonicalSeries> {
    const file = source.name;
    const bytes = await source.bytes();
    if (bytes.length === 0) {
      throw new EmptyFileError(message.emptyFile(file), {
        location: { file },
        expected: 'an Arbin .xlsx export',
      });
    }
    const workbook = openWorkbook(bytes, file, options.inflateRaw);
    const channels = channelSheets(workbook.sheetNames);
    const chosen = channels[0];
    if (chosen === undefined) {
      throw new ReaderError(message.noDataSheet(file, EXPECTED_SHEETS, workbook.sheetNames), {
        location: { file },
        expected: `an Arbin export with ${EXPECTED_SHEETS} sheets`,
      });
    }
    const issues = new IssueSink();
    if (channels.length > 1) {
      issues.add({
        code: 'other',
        severity: 'warning',
        message: message.otherChannelsSkipped(
          `channel ${chosen.channel}`,
          channels.slice(1).map((group) => `channel ${group.channel}`),
        ),
        location: { file },
      });
    }
    const read: { plan: ArbinColumnPlan | null; columns: Columns | null; start: StartTime | null } = {
      plan: null,
      columns: null,
      start: null,
    };
    // Rough size: an Arbin data row is ~120 bytes of compressed XML.
    const capacity = Math.max(1024, Math.ceil(bytes.length / 100));
    for (const sheetName of chosen.sheets) {
      const sheetPlan = await readDataSheet(
        workbook,
        sheetName,
        (plan) => {
          read.columns ??= newColumns(plan, capacity);
          return read.columns;
        },
        issues,
        (plan, row) => {
          read.start = startOfRow(plan, row);
        },
      );
      read.plan ??= sheetPlan;
    }
    const { plan, columns } = read;
    if (plan === null || columns === null) {
      throw new EmptyFileError(message.emptyFile(file), {
        location: { file },
        expected: 'at least one data row',
      });
    }
    for (const unknown of plan.unknown) {
      issues.add({
        code: 'unknown_column',
        severity: 'info',
        message: message.unknownColumn(unknown),
        location: { file, line: 1, column: unknown },
      });
    }
    const aux: AuxChannel[] = plan.aux.map((column) => ({
      name: column.name,
      quantity: column.quantity,
      values: columns.aux.get(column.name)!.finish(),
    }));
    const global = await readGlobalInfo(workbook, chosen.channel);
    return assembleArbinSeries(
      {
        rows: columns.time.length,
        time_s: columns.time.finish(),
        voltage_V: columns.voltage.finish(),
        current_A: columns.current.finish(),
        stepIndex: plan.stepIndex
          ? { values: columns.stepIndex.finish(), source: plan.stepIndex.source }
          : null,
        cycleIndex: plan.cycleIndex
          ? { values: columns.cycleIndex.finish(), source: plan.cycleIndex.source }
          : null,
        chargeCapacity_Ah: plan.chargeCapacity ? columns.chargeCapacity.finish() : null,
        dischargeCapacity_Ah: plan.dischargeCapacity ? columns.dischargeCapacity.finish() : null,
        temperature_C: plan.temperature ? columns.temperature.finish() : null,
        aux,
      },
      {
        // The rows' own clock first: Global_Info's start can differ from it by minutes.
        start: read.start ?? global.start,
        issues,
        provenance: {
          file,
          format: 'arbin-xlsx',
          formatVersion: global.softwareVersion,
          instrument: global.softwareVersion ? `Arbin MITS ${global.softwareVersion}` : 'Arbin MITS',
          columns: plan.mappings,
          bytes: bytes.length,
        },
      },
    );
  },
};
