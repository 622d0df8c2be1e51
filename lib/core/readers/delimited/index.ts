/**
 * Generic delimited text reader (`delimited-text`): any CSV / TSV / `;`-separated table whose
 * header names its columns in words cyclers use (`Test Time (h)`, `Ewe/V`, `I[A]`,
 * `Potential (V)` …), found after up to `MAX_PREAMBLE_LINES` of preamble (Landt metadata,
 * BaSyTec `~` comments, Novonix `[Summary]`). It maps headers only: no vendor code.
 *
 * - Units come from the headers (`lib/core/units.ts`); a header without a unit is read in the
 *   canonical unit with a `unit_guessed` issue saying so.
 * - Decimal comma is recognised with a `;` or tab delimiter; lines wrapped in quotes (Novonix)
 *   are read like plain ones.
 * - A date-time column alone gives `time_s` from the wall clock; beside a time column it gives
 *   `startTime`, and catches milliseconds labelled as seconds (span ≈ 1000× the wall clock).
 * - A charge/discharge state column (`State`, `step_name`, `Command`) sets the current's sign
 *   where it disagrees, and splits a single capacity counter into charge and discharge.
 * - A headerless table is read only with a caller's column hint (`createDelimitedReader`) or when
 *   it is recognised as the ARTS-Lab LabVIEW strain-rig `.lvm` layout (5 numeric tab-separated
 *   columns: time s, current A, voltage V, temperature °C, hoop strain). Guessing the meaning
 *   of unnamed numbers in any other file would be inventing data.
 *
 * It scores low in detection (0.2) so a vendor reader always wins.
 */
import { MissingColumnError, ReaderError } from '../../errors.ts';
import { IssueSink } from '../../issues.ts';
import { message } from '../../messages.ts';
import {
  type AuxChannel,
  bdfLabel,
  type CanonicalSeries,
  type ColumnMapping,
  emptySeries,
} from '../../series.ts';
import type { DetectionProbe, Reader, ReadOptions } from '../reader.ts';
import { type ByteSource, HEAD_BYTES } from '../source.ts';
import { decimalByte } from '../text/numbers.ts';
import { enforceNonDecreasingTime } from '../time.ts';
import { findHeader, headLines, splitFields, type TableDialect } from './dialect.ts';
import { firstFinite, lastFinite, toInt32 } from './fields.ts';
import { applyStateSign, splitCapacity } from './state.ts';
import {
  auxQuantityOf,
  type CanonicalTarget,
  type HeaderMatch,
  matchHeader,
  targetInfo,
} from './synonyms.ts';
import { type ColumnPlan, type ScannedClock, scanTable } from './table.ts';
import { formatWallClock, parseWallClock } from './wallclock.ts';

export const FORMAT = 'delimited-text';
const DETECT_SCORE = 0.2;
const LVM_SCORE = 0.15;

/** Column names a caller supplies for a headerless table, one per field, written like headers (`Time (s)`). */
export interface ColumnHint {
  columns: readonly string[];
  /** Words for messages, e.g. `the manifest's column list`. */
  description: string;
}

/** The ARTS-Lab 30Q strain-rig LabVIEW export: no header, these five columns. */
export const LVM_STRAIN_RIG_HINT: ColumnHint = {
  columns: ['Time (s)', 'Current (A)', 'Voltage (V)', 'Temperature (°C)', 'Hoop strain (1)'],
  description: 'the LabVIEW strain-rig layout (time s, current A, voltage V, temperature °C, hoop strain)',
};

/** MATLAB datenum of 1970-01-01 (days since year 0). */
const DATENUM_UNIX_EPOCH = 719529;
const MS_PER_DAY = 86_400_000;
/** Time-column span ÷ wall-clock span taken as "milliseconds labelled seconds". */
const MS_RATIO_RANGE = [500, 2000] as const;

export const genericDelimitedReader: Reader = createDelimitedReader(null);

/** A generic delimited reader; with a `hint`, headerless files are read with the hinted columns. */
export function createDelimitedReader(hint: ColumnHint | null): Reader {
  return {
    format: FORMAT,
    description: 'Delimited text table with named columns (CSV, TSV, semicolon)',
    detect: (probe) => detectDelimited(probe, hint),
    read: (source, options) => readDelimited(source, options, hint),
  };
}

function recognisedField(field: string): boolean {
  return matchHeader(field) !== null;
}

function detectDelimited(probe: DetectionProbe, hint: ColumnHint | null): number {
  const complete = probe.size !== null && probe.head.length >= probe.size;
  const dialect = findHeader(probe.head, complete, recognisedField, 2);
  if (dialect !== null) {
    const targets = new Set(dialect.header.map((field) => matchHeader(field)?.target));
    const hasTime = targets.has('time_s') || targets.has('wallClock') || targets.has('datenum');
    const hasSignal = targets.has('voltage_V') || targets.has('current_A');
    return hasTime && hasSignal ? DETECT_SCORE : 0;
  }
  if (hint !== null || isStrainRigLvm(probe.name, probe.head))
    return headerlessDialect(probe.head, hint) ? LVM_SCORE : 0;
  return 0;
}

/** A `.lvm` file whose first line is exactly five tab-separated numbers. */
export function isStrainRigLvm(name: string, head: Uint8Array): boolean {
  if (!name.toLowerCase().endsWith('.lvm')) return false;
  const first = headLines(head, true).find((line) => line.text.trim() !== '');
  if (first === undefined) return false;
  const fields = first.text.trim().split('\t');
  return fields.length === LVM_STRAIN_RIG_HINT.columns.length && fields.every((field) => isNumberText(field));
}

function isNumberText(text: string): boolean {
  return /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text.trim());
}

function headerlessDialect(head: Uint8Array, hint: ColumnHint | null): TableDialect | null {
  const lines = headLines(head, true);
  const first = lines.find((line) => line.text.trim() !== '');
  if (first === undefined) return null;
  const delimiter = [9, 59, 44].find((byte) => splitFields(first.text, byte).length >= 2) ?? 9;
  const header = hint?.columns ?? LVM_STRAIN_RIG_HINT.columns;
  return {
    encoding: 'utf-8',
    delimiter,
    decimal: decimalByte('.'),
    headerIndex: -1,
    header: [...header],
    dataOffset: first.start,
    firstDataLine: lines.indexOf(first) + 1,
    preamble: [],
  };
}

interface ChosenColumn {
  index: number;
  header: string;
  match: HeaderMatch;
}

/** Per target the best header (lowest priority number, then leftmost); aux targets keep every match. */
function chooseColumns(header: readonly string[]): {
  chosen: Map<CanonicalTarget, ChosenColumn>;
  aux: ChosenColumn[];
} {
  const chosen = new Map<CanonicalTarget, ChosenColumn>();
  const aux: ChosenColumn[] = [];
  header.forEach((text, index) => {
    const match = matchHeader(text);
    if (match === null) return;
    if (auxQuantityOf(match.target) !== null) {
      aux.push({ index, header: text, match });
      return;
    }
    const current = chosen.get(match.target);
    if (current === undefined || match.priority < current.match.priority)
      chosen.set(match.target, { index, header: text, match });
  });
  return { chosen, aux };
}

async function readDelimited(
  source: ByteSource,
  _options: ReadOptions,
  hint: ColumnHint | null,
): Promise<CanonicalSeries> {
  const file = source.name;
  const issues = new IssueSink();
  const head = await source.head();
  const complete = source.size === null ? head.length < HEAD_BYTES : head.length >= source.size;
  let dialect = findHeader(head, complete, recognisedField, 2);
  if (dialect === null) {
    const layout = hint ?? (isStrainRigLvm(file, head) ? LVM_STRAIN_RIG_HINT : null);
    dialect = layout === null ? null : headerlessDialect(head, layout);
    if (dialect === null || layout === null) {
      throw new ReaderError(
        message.headerNotFound(file, 'a header line naming time and voltage or current columns'),
        {
          location: { file, line: 1 },
          expected: 'a header line such as "Time (s),Voltage (V),Current (A)"',
        },
      );
    }
    issues.add({
      code: 'unit_guessed',
      severity: 'info',
      message: message.headerlessLayout(layout.description),
      location: { file, line: dialect.firstDataLine },
    });
  }
  if (dialect.decimal === decimalByte(',')) {
    issues.add({
      code: 'decimal_comma',
      severity: 'info',
      message: message.decimalComma(),
      location: { file },
    });
  }
  const { chosen, aux } = chooseColumns(dialect.header);
  const firstData = firstDataFields(head, dialect);

  // A "time" column holding date-times is the wall clock.
  const timeColumn = chosen.get('time_s');
  if (timeColumn && !chosen.has('wallClock')) {
    const sample = firstData[timeColumn.index] ?? '';
    if (!isNumberText(sample.replace(',', '.')) && parseWallClock(sample) !== null) {
      chosen.delete('time_s');
      chosen.set('wallClock', timeColumn);
    }
  }
  const wallClock = chosen.get('wallClock');
  if (wallClock && parseWallClock(firstData[wallClock.index] ?? '') === null) chosen.delete('wallClock');
  if (!chosen.has('time_s') && !chosen.has('wallClock') && !chosen.has('datenum')) {
    throw new MissingColumnError(message.missingColumn(file, 'time', dialect.header), {
      location: { file, line: Math.max(1, dialect.headerIndex + 1) },
      expected: 'a time column (e.g. "Test Time (s)") or a date-time column',
    });
  }
  if (!chosen.has('voltage_V') && !chosen.has('current_A')) {
    throw new MissingColumnError(message.missingColumn(file, 'voltage or current', dialect.header), {
      location: { file, line: Math.max(1, dialect.headerIndex + 1) },
      expected: 'a voltage column (e.g. "Voltage (V)") or a current column (e.g. "Current (A)")',
    });
  }

  const mappings: ColumnMapping[] = [];
  const plans: ColumnPlan[] = [];
  const numeric: CanonicalTarget[] = [
    'time_s',
    'voltage_V',
    'current_A',
    'cycleIndex',
    'stepIndex',
    'temperature_C',
    'chargeCapacity_Ah',
    'dischargeCapacity_Ah',
    'capacity_Ah',
    'datenum',
  ];
  if (chosen.has('chargeCapacity_Ah') || chosen.has('dischargeCapacity_Ah')) chosen.delete('capacity_Ah');
  for (const target of numeric) {
    const column = chosen.get(target);
    if (column === undefined) continue;
    // A MATLAB datenum is in days whatever its header says; `datenumClock` converts it.
    const scale = target === 'datenum' ? 1 : unitScale(column, file, issues);
    plans.push({
      kind: 'number',
      index: column.index,
      key: target,
      header: column.header,
      scale,
      required: false,
    });
    mappings.push(mappingOf(column, target, scale));
  }
  const auxPlans: { column: ChosenColumn; key: string }[] = [];
  for (const column of aux) {
    if (column.match.unit === null && targetInfo[column.match.target].defaultUnit === null) continue; // Pressure without a unit: no guess.
    const key = `aux${column.index}`;
    const scale = unitScale(column, file, issues);
    plans.push({ kind: 'number', index: column.index, key, header: column.header, scale, required: false });
    mappings.push(mappingOf(column, `aux:${column.header}`, scale));
    auxPlans.push({ column, key });
  }
  if (wallClock && chosen.has('wallClock')) {
    // Beside a time column the clock gives only the start time and its span: keep no column of it.
    plans.push({
      kind: 'wallClock',
      index: wallClock.index,
      key: 'wallClock',
      header: wallClock.header,
      keepValues: !chosen.has('time_s'),
    });
    mappings.push({
      source: wallClock.header,
      target: 'startTime',
      bdfLabel: bdfLabel.unixTime_s,
      sourceUnit: null,
      scale: 1,
    });
  }
  const state = chosen.get('state');
  if (state) {
    plans.push({ kind: 'state', index: state.index, key: 'state', header: state.header });
    mappings.push({ source: state.header, target: 'stepType', bdfLabel: null, sourceUnit: null, scale: 1 });
  }

  const table = await scanTable(source, dialect, plans, issues);
  if (table.rows === 0) {
    throw new ReaderError(message.emptyFile(file), { location: { file }, expected: 'at least one data row' });
  }
  const series = emptySeries({
    file,
    format: FORMAT,
    formatVersion: null,
    instrument: null,
    columns: mappings,
    bytes: source.size ?? 0,
  });
  series.rows = table.rows;
  const numbers = table.numbers;
  const clock = table.wallClocks.get('wallClock') ?? datenumClock(numbers.get('datenum'));
  series.time_s = buildTime(numbers.get('time_s'), clock, chosen.get('time_s')?.header ?? '', file, issues);
  if (clock) {
    const start = clock.first;
    if (start !== null) {
      const startMs = start.value - series.time_s[start.row]! * 1000;
      series.startTime = formatWallClock({ ms: startMs, offsetMinutes: clock.offsetMinutes });
      series.startTimeZoneKnown = clock.offsetMinutes !== null;
      if (clock.offsetMinutes === null) {
        issues.add({
          code: 'time_zone_unknown',
          severity: 'info',
          message: message.timeZoneUnknown(),
          location: { file },
        });
      }
    }
  }
  enforceNonDecreasingTime(series.time_s, file, issues);
  series.voltage_V = numbers.get('voltage_V') ?? null;
  series.current_A = numbers.get('current_A') ?? null;
  const cycle = numbers.get('cycleIndex');
  series.cycleIndex = cycle ? toInt32(cycle) : null;
  const step = numbers.get('stepIndex');
  series.stepIndex = step ? toInt32(step) : null;
  series.temperature_C = numbers.get('temperature_C') ?? null;

  const stepType = table.states.get('state');
  if (stepType?.some((code) => code !== 0)) {
    series.stepType = stepType;
    if (series.current_A && state) {
      applyStateSign(
        series.current_A,
        stepType,
        file,
        state.header,
        'current signs that disagree with its state column',
        issues,
      );
    }
  }
  series.chargeCapacity_Ah = numbers.get('chargeCapacity_Ah') ?? null;
  series.dischargeCapacity_Ah = numbers.get('dischargeCapacity_Ah') ?? null;
  const capacity = numbers.get('capacity_Ah');
  if (capacity && series.chargeCapacity_Ah === null && series.dischargeCapacity_Ah === null) {
    const split = splitCapacity(capacity, series.stepType, series.current_A);
    series.chargeCapacity_Ah = split.charge;
    series.dischargeCapacity_Ah = split.discharge;
  }
  series.aux = auxPlans.map(
    ({ column, key }): AuxChannel => ({
      name: column.header,
      quantity: auxQuantityOf(column.match.target)!,
      values: numbers.get(key)!,
    }),
  );
  series.issues = issues.list();
  return series;
}

/** The fields of the first data line (decoded), to check what a column really holds. */
function firstDataFields(head: Uint8Array, dialect: TableDialect): string[] {
  const line = headLines(head, true).find(
    (candidate) => candidate.start >= dialect.dataOffset && candidate.text.trim() !== '',
  );
  return line === undefined ? [] : splitFields(line.text, dialect.delimiter);
}

/** Scale of a column's unit to the canonical unit; a missing unit is assumed canonical, with an issue. */
function unitScale(column: ChosenColumn, file: string, issues: IssueSink): number {
  const info = targetInfo[column.match.target];
  if (column.match.unit !== null) return column.match.unit.scale;
  if (info.defaultUnit !== null) {
    issues.add({
      code: 'unit_guessed',
      severity: 'warning',
      message: message.unitGuessed(
        column.header,
        info.defaultUnit,
        `it is the canonical unit of ${info.quantity}`,
      ),
      location: { file, column: column.header },
    });
  }
  return 1;
}

const bdfLabels: Partial<Record<string, string>> = bdfLabel;

function mappingOf(column: ChosenColumn, target: string, scale: number): ColumnMapping {
  return {
    source: column.header,
    target,
    bdfLabel:
      bdfLabels[target] ??
      (target.startsWith('aux:') && column.match.target === 'aux:pressure' ? bdfLabel.pressure : null),
    sourceUnit: column.match.unitText,
    scale,
  };
}

/** MATLAB datenum (days since 0000-01-00) as epoch milliseconds of a wall clock without zone. */
function datenumClock(datenum: Float64Array | undefined): ScannedClock | null {
  if (datenum === undefined) return null;
  const values = new Float64Array(datenum.length);
  for (let row = 0; row < values.length; row++)
    values[row] = (datenum[row]! - DATENUM_UNIX_EPOCH) * MS_PER_DAY;
  return { values, first: firstFinite(values), last: lastFinite(values), offsetMinutes: null };
}

/**
 * `time_s` from the time column, or from the wall clock when there is none. A time column in
 * seconds whose span is ≈ 1000× the wall clock's holds milliseconds: it is rescaled with an issue.
 */
function buildTime(
  time: Float64Array | undefined,
  clock: ScannedClock | null,
  timeHeader: string,
  file: string,
  issues: IssueSink,
): Float64Array {
  if (time === undefined) {
    // Without a time column the plan kept the clock's values.
    const values = clock!.values!;
    const start = clock!.first?.value ?? 0;
    const out = new Float64Array(values.length);
    for (let row = 0; row < out.length; row++) out[row] = (values[row]! - start) / 1000;
    return out;
  }
  if (clock) {
    const clockSpan = clock.first === null || clock.last === null ? 0 : clock.last.value - clock.first.value;
    const ratio = spanOf(time) / (clockSpan / 1000);
    if (ratio >= MS_RATIO_RANGE[0] && ratio <= MS_RATIO_RANGE[1]) {
      for (let row = 0; row < time.length; row++) time[row] = time[row]! / 1000;
      issues.add({
        code: 'unit_guessed',
        severity: 'warning',
        message: message.millisecondsUnderSeconds(timeHeader, ratio),
        location: { file, column: timeHeader },
      });
    }
  }
  return time;
}

function spanOf(values: Float64Array): number {
  const first = firstFinite(values);
  const last = lastFinite(values);
  return first === null || last === null ? 0 : last.value - first.value;
}
