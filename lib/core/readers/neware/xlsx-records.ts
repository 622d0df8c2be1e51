/**
 * The record sheets of a Neware Excel export turned into Neware records: one header row per
 * sheet (a continuation sheet may repeat it or go straight on with data), one row per record,
 * the columns of the flat CSV export (`DataPoint, Cycle Index, Step Index, Step Type, Time,
 * Total Time, Current(A), Voltage(V), Capacity(Ah), Chg. Cap.(Ah), DChg. Cap.(Ah), Date`, or
 * their Chinese and BTS 7 names). Durations are `h:mm:ss.ms` text, plain seconds, or Excel time
 * cells (a number of days whose cell style has a time format such as `[h]:mm:ss.000`: the
 * cell's number format tells them from seconds); the date is text or an Excel serial.
 */
import { MissingColumnError, NonNumericValueError, ReaderError } from '../../errors.ts';
import type { IssueSink } from '../../issues.ts';
import { message } from '../../messages.ts';
import { bdfLabel, type ColumnMapping } from '../../series.ts';
import { CellKind, NumberFormatKind, type SheetRow, type Workbook } from '../xlsx/workbook.ts';
import { type NewareColumn, type NewareColumnRole, parseDuration } from './csv-columns.ts';
import { allocateRecords, growRecords, type NewareRecords, stepTimeToTestTime } from './records.ts';
import { chargeDirection, stepTypeOfName } from './step-types.ts';
import { classifyXlsxHeader } from './xlsx-layout.ts';

/** Excel counts times in days. */
const SECONDS_PER_DAY = 86_400;

export interface SheetRecords {
  records: NewareRecords;
  mappings: ColumnMapping[];
  /** Test time of the first record, s (takes the first record's clock back to time 0). */
  firstTime_s: number;
  /** The first record's date cell: an Excel serial, its text, or null when there is none. */
  firstDate: number | string | null;
}

/** Where each role's column is in one sheet, and how its values scale to SI. */
interface RecordPlan {
  columns: NewareColumn[];
  at: Record<NewareColumnRole, number>;
  timeAt: number;
  useTotalTime: boolean;
  currentScale: number;
  capacityScale: { capacity: number; chargeCapacity: number; dischargeCapacity: number };
}

const roles: readonly NewareColumnRole[] = [
  'record',
  'cycle',
  'step',
  'stepNumber',
  'stepType',
  'stepTime',
  'totalTime',
  'voltage',
  'current',
  'capacity',
  'chargeCapacity',
  'dischargeCapacity',
  'date',
];

/** Reads the record sheets, in the order given, into one set of records (time already test time). */
export async function readRecordSheets(
  workbook: Workbook,
  sheets: readonly string[],
  issues: IssueSink,
): Promise<SheetRecords> {
  const file = workbook.file;
  let records = allocateRecords(4096, true);
  let plan: RecordPlan | null = null;
  let mappings: ColumnMapping[] = [];
  let firstDate: number | string | null = null;
  const stepTypes = new Map<string, number>();
  const cells = new CellReader(file, issues);
  for (const sheetName of sheets) {
    const where = `${file} (sheet ${sheetName})`;
    cells.where = where;
    let sheetStarted = false;
    await workbook.sheet(sheetName).forEachRow((row) => {
      if (row.width === 0) return undefined;
      if (!sheetStarted) {
        sheetStarted = true;
        const header = headerCells(row);
        if (header !== null) {
          plan = planOf(header, where, file, row.rowNumber, issues);
          cells.plan = plan;
          if (mappings.length === 0) mappings = mappingsOf(plan);
          return undefined;
        }
        if (plan === null) {
          throw new ReaderError(message.newareXlsxNoHeader(where, rowText(row)), {
            location: { file, line: row.rowNumber },
            expected: 'a header row naming Neware columns such as "Voltage(V)", "Current(A)", "Total Time"',
          });
        }
      }
      if (records.rows === records.time_s.length) records = growRecords(records);
      cells.row = row;
      const at = plan!.at;
      const index = records.rows++;
      const recordIndex = cells.number('record');
      records.recordIndex[index] = Number.isNaN(recordIndex)
        ? (index > 0 ? records.recordIndex[index - 1]! : 0) + 1
        : recordIndex;
      records.cycleIndex![index] = cells.integer('cycle', index > 0 ? records.cycleIndex![index - 1]! : 0);
      records.stepIndex[index] = cells.integer('step', index > 0 ? records.stepIndex[index - 1]! : 0);
      const stepType = at.stepType >= 0 ? stepTypeOf(row.textAt(at.stepType), stepTypes, file, issues) : 0;
      records.stepType[index] = stepType;
      const time_s = cells.duration(plan!.timeAt);
      records.time_s[index] = Number.isNaN(time_s) ? (index > 0 ? records.time_s[index - 1]! : 0) : time_s;
      records.voltage_V[index] = cells.number('voltage');
      const current_A = cells.number('current') * plan!.currentScale;
      records.current_A[index] = current_A;
      if (at.chargeCapacity >= 0 && at.dischargeCapacity >= 0) {
        records.chargeCapacity_Ah[index] =
          cells.number('chargeCapacity') * plan!.capacityScale.chargeCapacity;
        records.dischargeCapacity_Ah[index] =
          cells.number('dischargeCapacity') * plan!.capacityScale.dischargeCapacity;
      } else if (at.capacity >= 0) {
        // One unsigned counter: it belongs to charge or discharge by the step, else by the current's sign.
        const capacity_Ah = Math.abs(cells.number('capacity') * plan!.capacityScale.capacity);
        const direction = chargeDirection(stepType) || Math.sign(current_A);
        records.chargeCapacity_Ah[index] = direction > 0 ? capacity_Ah : 0;
        records.dischargeCapacity_Ah[index] = direction < 0 ? capacity_Ah : 0;
      }
      if (index === 0 && at.date >= 0) firstDate = dateCell(row, at.date);
      return undefined;
    });
  }
  const finalPlan = plan as RecordPlan | null;
  const firstTime_s = records.rows > 0 ? records.time_s[0]! : 0;
  if (finalPlan !== null && !finalPlan.useTotalTime) stepTimeToTestTime(records);
  return { records, mappings, firstTime_s, firstDate };
}

/** The row's cells as header names, or null when it holds a number (a data row, not a header). */
function headerCells(row: SheetRow): string[] | null {
  const names: string[] = [];
  for (let column = 0; column < row.width; column++) {
    if (row.kind(column) === CellKind.number) return null;
    names.push(row.textAt(column).trim());
  }
  return names.some((name) => classifyXlsxHeader(name).role !== null) ? names : null;
}

function rowText(row: SheetRow): string {
  return row
    .values()
    .map((value) => String(value ?? ''))
    .join(', ')
    .slice(0, 120);
}

function planOf(header: string[], where: string, file: string, line: number, issues: IssueSink): RecordPlan {
  const columns = header.map(classifyXlsxHeader);
  const at = Object.fromEntries(
    roles.map((role) => [role, columns.findIndex((column) => column.role === role)]),
  ) as Record<NewareColumnRole, number>;
  const useTotalTime = at.totalTime >= 0;
  const timeAt = useTotalTime ? at.totalTime : at.stepTime;
  const missing = at.voltage < 0 ? 'voltage' : at.current < 0 ? 'current' : timeAt < 0 ? 'time' : null;
  if (missing !== null) {
    throw new MissingColumnError(message.missingColumn(where, missing, header), {
      location: { file, line },
      expected: 'Neware columns Voltage(V), Current(A) and Total Time (or Time)',
    });
  }
  const scale = (role: NewareColumnRole, expected: 'current' | 'charge') =>
    at[role] < 0 ? 1 : unitScale(columns[at[role]]!, expected, file, line, issues);
  return {
    columns,
    at,
    timeAt,
    useTotalTime,
    currentScale: scale('current', 'current'),
    capacityScale: {
      capacity: scale('capacity', 'charge'),
      chargeCapacity: scale('chargeCapacity', 'charge'),
      dischargeCapacity: scale('dischargeCapacity', 'charge'),
    },
  };
}

/** Scale of a current or capacity header to A or Ah; BTS 7 writes mA and mAh, so a bare header is read that way. */
function unitScale(
  column: NewareColumn,
  expected: 'current' | 'charge',
  file: string,
  line: number,
  issues: IssueSink,
): number {
  if (column.unit?.quantity === expected) return column.unit.scale;
  const guessed = expected === 'current' ? 'mA' : 'mAh';
  issues.add({
    code: 'unit_guessed',
    severity: 'warning',
    message: message.unitGuessed(column.header, guessed, 'Neware BTS 7 exports use it'),
    location: { file, line, column: column.header },
  });
  return 1e-3;
}

function mappingsOf(plan: RecordPlan): ColumnMapping[] {
  const { at, columns } = plan;
  const mapping = (index: number, target: string, label: string | null, scale: number): ColumnMapping => ({
    source: columns[index]!.header,
    target,
    bdfLabel: label,
    sourceUnit: columns[index]!.unitText,
    scale,
  });
  const mappings = [
    mapping(plan.timeAt, 'time_s', bdfLabel.time_s, 1),
    mapping(at.voltage, 'voltage_V', bdfLabel.voltage_V, 1),
    mapping(at.current, 'current_A', bdfLabel.current_A, plan.currentScale),
  ];
  if (at.record >= 0) mappings.push(mapping(at.record, 'recordIndex', null, 1));
  if (at.cycle >= 0) mappings.push(mapping(at.cycle, 'cycleIndex', bdfLabel.cycleIndex, 1));
  if (at.step >= 0) mappings.push(mapping(at.step, 'stepIndex', bdfLabel.stepIndex, 1));
  if (at.stepType >= 0) mappings.push(mapping(at.stepType, 'stepType', null, 1));
  if (at.chargeCapacity >= 0 && at.dischargeCapacity >= 0) {
    mappings.push(
      mapping(
        at.chargeCapacity,
        'chargeCapacity_Ah',
        bdfLabel.chargeCapacity_Ah,
        plan.capacityScale.chargeCapacity,
      ),
      mapping(
        at.dischargeCapacity,
        'dischargeCapacity_Ah',
        bdfLabel.dischargeCapacity_Ah,
        plan.capacityScale.dischargeCapacity,
      ),
    );
  } else if (at.capacity >= 0) {
    mappings.push(
      mapping(at.capacity, 'chargeCapacity_Ah', bdfLabel.chargeCapacity_Ah, plan.capacityScale.capacity),
    );
  }
  return mappings;
}

/**
 * Typed values of the cells of the row being visited (one reader for all rows: the sheet reuses
 * its row view); empty cells are reported once per column.
 */
class CellReader {
  row!: SheetRow;
  plan!: RecordPlan;
  /** The file and sheet, for messages. */
  where = '';
  readonly #reported = new Set<string>();

  constructor(
    private readonly file: string,
    private readonly issues: IssueSink,
  ) {}

  /** The number in the role's column; NaN when the sheet has no such column or the cell is empty. */
  number(role: NewareColumnRole): number {
    const column = this.plan.at[role];
    if (column < 0) return Number.NaN;
    const { row } = this;
    switch (row.kind(column)) {
      case CellKind.number:
        return row.numberAt(column);
      case CellKind.empty:
        this.#reportMissing(column);
        return Number.NaN;
      default: {
        // Some exports write numbers as text cells.
        const text = row.textAt(column).trim();
        const value = text === '' ? Number.NaN : Number(text);
        if (!Number.isNaN(value)) return value;
        const header = this.plan.columns[column]!.header;
        throw new NonNumericValueError(message.nonNumeric(this.where, row.rowNumber, header, text), {
          location: { file: this.file, line: row.rowNumber, column: header },
          expected: 'a number',
        });
      }
    }
  }

  /** A cycle or step number; an empty cell keeps `previous`. */
  integer(role: NewareColumnRole, previous: number): number {
    const value = this.number(role);
    return Number.isNaN(value) ? (this.plan.at[role] < 0 ? 0 : previous) : value;
  }

  /**
   * Seconds of a duration cell; NaN when empty. Text is `h:mm:ss.ms` or `d-hh:mm:ss`; a number is
   * seconds, unless the cell is formatted as a time (`[h]:mm:ss`, built-in 21, 46 …), which makes
   * it a number of days (× 86 400 s). A number formatted as a calendar date is no duration.
   */
  duration(column: number): number {
    const { row } = this;
    const kind = row.kind(column);
    if (kind === CellKind.number) {
      const value = row.numberAt(column);
      const format = row.formatKind(column);
      if (format === NumberFormatKind.number) return value;
      if (format === NumberFormatKind.duration) return value * SECONDS_PER_DAY;
      const header = this.plan.columns[column]!.header;
      throw new ReaderError(message.newareXlsxDateAsDuration(this.where, row.rowNumber, header, value), {
        location: { file: this.file, line: row.rowNumber, column: header },
        expected: 'a duration: seconds, h:mm:ss.ms text, or a cell formatted as a time ([h]:mm:ss)',
      });
    }
    if (kind === CellKind.empty) {
      this.#reportMissing(column);
      return Number.NaN;
    }
    const text = row.textAt(column);
    const seconds = parseDuration(text);
    if (!Number.isNaN(seconds)) return seconds;
    const header = this.plan.columns[column]!.header;
    throw new NonNumericValueError(message.newareCsvBadDuration(this.where, row.rowNumber, header, text), {
      location: { file: this.file, line: row.rowNumber, column: header },
      expected: 'a duration h:mm:ss.ms or d-hh:mm:ss',
    });
  }

  #reportMissing(column: number): void {
    const header = this.plan.columns[column]!.header;
    if (this.#reported.has(header)) return;
    this.#reported.add(header);
    this.issues.add({
      code: 'missing_value',
      severity: 'warning',
      message: message.missingValue(header),
      location: { file: this.file, line: this.row.rowNumber, column: header },
    });
  }
}

function stepTypeOf(name: string, cache: Map<string, number>, file: string, issues: IssueSink): number {
  const cached = cache.get(name);
  if (cached !== undefined) return cached;
  const stepType = stepTypeOfName(name);
  if (stepType === null && name.trim() !== '') {
    issues.add({
      code: 'other',
      severity: 'warning',
      message: message.unknownStepName(name),
      location: { file, column: 'step type' },
    });
  }
  cache.set(name, stepType ?? 0);
  return stepType ?? 0;
}

function dateCell(row: SheetRow, column: number): number | string | null {
  const kind = row.kind(column);
  if (kind === CellKind.number) return row.numberAt(column);
  if (kind === CellKind.string) return row.textAt(column);
  return null;
}
