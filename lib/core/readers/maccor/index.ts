/**
 * Maccor exports (`maccor-text`):
 * - MIMS text exports (`.txt`, `.001`, `.0xx`, CRLF or LF): tab-separated, one preamble line
 *   (`Today's Date … Date of Test: … Filename: … Procedure: …`) or three (`Today's Date:`,
 *   `Filename:`, `Procedure:`), then the header `Rec# Cyc# Step Test (Sec) Step (Sec) Amp-hr
 *   Watt-hr Amps Volts State ES DPt Time …`. The test time is a number with its unit in the
 *   header (`Test (Sec)`, `Test (Min)`) or `Nd HH:MM:SS.fff` text (`TestTime`).
 * - the csv export with two preamble lines (`Rec,Cycle C,Step,Test Time (sec),…,DPT Time,Temp 1`);
 * - AC impedance exports (see `eis.ts`).
 *
 * Maccor writes the current as a magnitude with the direction in `State` (C charge, D
 * discharge, R rest): the current's sign and `stepType` come from `State` (charge positive).
 * `Amp-hr` counts the charge passed since the step began, so it becomes the charge counter on
 * C rows and the discharge counter on D rows (0 elsewhere). `DPt Time` gives the start time;
 * when it holds a time only, its date is the preamble's `Date of Test`.
 */
import { MissingColumnError, ReaderError } from '../../errors.ts';
import { IssueSink } from '../../issues.ts';
import { message } from '../../messages.ts';
import { bdfLabel, type CanonicalSeries, type ColumnMapping, emptySeries } from '../../series.ts';
import { splitHeaderUnit } from '../../units.ts';
import { headLines, splitFields, type TableDialect } from '../delimited/dialect.ts';
import { toInt32 } from '../delimited/fields.ts';
import { applyStateSign, splitCapacity } from '../delimited/state.ts';
import { reduceName } from '../delimited/synonyms.ts';
import { type ColumnPlan, scanTable } from '../delimited/table.ts';
import { formatWallClock, parseTimeOfDay, parseWallClock, type WallClock } from '../delimited/wallclock.ts';
import type { DetectionProbe, Reader } from '../reader.ts';
import type { ByteSource } from '../source.ts';
import { decimalByte } from '../text/numbers.ts';
import { enforceNonDecreasingTime } from '../time.ts';
import { parseMaccorDuration } from './duration.ts';
import { EIS_SIGNATURE, readMaccorEis } from './eis.ts';

export const FORMAT = 'maccor-text';
const TAB = 9;
const COMMA = 44;
/** The header line is within the first lines (MIMS: 1 or 3 preamble lines; csv: 2). */
const MAX_PREAMBLE_LINES = 12;

type MaccorField =
  | 'cycle'
  | 'step'
  | 'time'
  | 'capacity'
  | 'current'
  | 'voltage'
  | 'state'
  | 'dptTime'
  | 'temperature';

/** Reduced header names (see `reduceName`) of the columns we use. */
const FIELDS: Record<string, MaccorField> = {
  cyc: 'cycle',
  cyclec: 'cycle',
  cycle: 'cycle',
  step: 'step',
  testsec: 'time',
  testmin: 'time',
  testhr: 'time',
  testtime: 'time',
  testtimesec: 'time',
  testtimemin: 'time',
  testtimehr: 'time',
  amphr: 'capacity',
  capacity: 'capacity',
  amps: 'current',
  current: 'current',
  volts: 'voltage',
  voltage: 'voltage',
  state: 'state',
  dpttime: 'dptTime',
  temp1: 'temperature',
};

export const maccorReader: Reader = {
  format: FORMAT,
  description: 'Maccor text, csv and impedance exports',
  detect: detectMaccor,
  read: (source) => readMaccor(source),
};

function detectMaccor(probe: DetectionProbe): number {
  const text = probe.headText;
  if (text.startsWith('MACCOR') && text.includes(EIS_SIGNATURE)) return 0.95;
  if (/(^|\n)Rec#\tCyc#\tStep\t/.test(text)) return 0.95;
  if (text.startsWith("Today's Date") && /\nRec,Cycle[^\n]*,Step,/.test(text)) return 0.9;
  return 0;
}

async function readMaccor(source: ByteSource): Promise<CanonicalSeries> {
  const head = await source.head();
  const start = new TextDecoder('latin1').decode(head.subarray(0, 200));
  if (start.startsWith('MACCOR') && start.includes(EIS_SIGNATURE)) return readMaccorEis(source, FORMAT);
  return readMaccorTable(source, head);
}

async function readMaccorTable(source: ByteSource, head: Uint8Array): Promise<CanonicalSeries> {
  const file = source.name;
  const issues = new IssueSink();
  const dialect = findMaccorHeader(head, file);
  const firstData = firstDataFields(head, dialect);
  const plans: ColumnPlan[] = [];
  const mappings: ColumnMapping[] = [];
  const headers = new Map<MaccorField, string>();
  dialect.header.forEach((header, index) => {
    const field =
      FIELDS[reduceName(header)] ?? (reduceName(header).startsWith('testtime') ? 'time' : undefined);
    if (field === undefined || headers.has(field)) return;
    headers.set(field, header);
    if (field === 'state') {
      plans.push({ kind: 'state', index, key: field, header });
      mappings.push({ source: header, target: 'stepType', bdfLabel: null, sourceUnit: null, scale: 1 });
    } else if (field === 'dptTime') {
      plans.push({ kind: 'firstText', index, key: field, header });
      mappings.push({ source: header, target: 'startTime', bdfLabel: null, sourceUnit: null, scale: 1 });
    } else if (field === 'time' && !/^[-+]?[\d.]+(e[-+]?\d+)?$/i.test(firstData[index] ?? '')) {
      plans.push({ kind: 'parsedText', index, key: field, header, parse: parseMaccorDuration });
      mappings.push({
        source: header,
        target: 'time_s',
        bdfLabel: bdfLabel.time_s,
        sourceUnit: 'd hh:mm:ss',
        scale: 1,
      });
    } else {
      const scale = unitScaleOf(field, header, file, issues);
      plans.push({ kind: 'number', index, key: field, header, scale, required: field === 'time' });
      const target = TARGETS[field];
      mappings.push({
        source: header,
        target,
        bdfLabel: BDF[field] ?? null,
        sourceUnit: splitHeaderUnit(header).unitText,
        scale,
      });
    }
  });
  for (const required of ['time', 'current', 'voltage'] as const) {
    if (!headers.has(required)) {
      throw new MissingColumnError(message.missingColumn(file, required, dialect.header), {
        location: { file, line: dialect.headerIndex + 1 },
        expected: `a Maccor "${required === 'time' ? 'Test (Sec)' : required === 'current' ? 'Amps' : 'Volts'}" column`,
      });
    }
  }
  const table = await scanTable(source, dialect, plans, issues);
  if (table.rows === 0) {
    throw new ReaderError(message.emptyFile(file), { location: { file }, expected: 'at least one data row' });
  }
  const series = emptySeries({
    file,
    format: FORMAT,
    formatVersion: null,
    instrument: 'Maccor',
    columns: mappings,
    bytes: source.size ?? 0,
  });
  const numbers = table.numbers;
  series.rows = table.rows;
  series.time_s = numbers.get('time')!;
  series.voltage_V = numbers.get('voltage')!;
  series.current_A = numbers.get('current')!;
  const cycle = numbers.get('cycle');
  series.cycleIndex = cycle ? toInt32(cycle) : null;
  const step = numbers.get('step');
  series.stepIndex = step ? toInt32(step) : null;
  series.temperature_C = numbers.get('temperature') ?? null;
  const stepType = table.states.get('state') ?? null;
  if (stepType) {
    series.stepType = stepType;
    applyStateSign(
      series.current_A,
      stepType,
      file,
      headers.get('state')!,
      'current as a magnitude with the direction in State',
      issues,
    );
  }
  const capacity = numbers.get('capacity');
  if (capacity) {
    const split = splitCapacity(capacity, stepType, series.current_A);
    series.chargeCapacity_Ah = split.charge;
    series.dischargeCapacity_Ah = split.discharge;
  }
  const firstStamp = table.firstTexts.get('dptTime');
  const stamp = firstStamp === undefined ? null : dptClock(firstStamp, dialect.preamble);
  if (stamp !== null && Number.isFinite(series.time_s[0]!)) {
    series.startTime = formatWallClock({
      ms: stamp.ms - series.time_s[0]! * 1000,
      offsetMinutes: stamp.offsetMinutes,
    });
    series.startTimeZoneKnown = stamp.offsetMinutes !== null;
    issues.add({
      code: 'time_zone_unknown',
      severity: 'info',
      message: message.timeZoneUnknown(),
      location: { file },
    });
  }
  enforceNonDecreasingTime(series.time_s, file, issues);
  series.issues = issues.list();
  return series;
}

const TARGETS: Record<MaccorField, string> = {
  cycle: 'cycleIndex',
  step: 'stepIndex',
  time: 'time_s',
  capacity: 'chargeCapacity_Ah+dischargeCapacity_Ah',
  current: 'current_A',
  voltage: 'voltage_V',
  state: 'stepType',
  dptTime: 'startTime',
  temperature: 'temperature_C',
};

const BDF: Partial<Record<MaccorField, string>> = {
  cycle: bdfLabel.cycleIndex,
  step: bdfLabel.stepIndex,
  time: bdfLabel.time_s,
  current: bdfLabel.current_A,
  voltage: bdfLabel.voltage_V,
  temperature: bdfLabel.temperature_C,
};

/** Maccor's default units: seconds, amps, volts, amp-hours, °C. A header that states another unit is obeyed. */
function unitScaleOf(field: MaccorField, header: string, file: string, issues: IssueSink): number {
  const unit = splitHeaderUnit(header).unit;
  if (unit !== null) return unit.scale;
  if (field === 'time') {
    issues.add({
      code: 'unit_guessed',
      severity: 'warning',
      message: message.unitGuessed(
        header,
        's',
        'Maccor counts test time in seconds unless the header says otherwise',
      ),
      location: { file, column: header },
    });
  }
  return 1;
}

/** The header line: the first line starting with `Rec#` (tab) or `Rec,` (csv) within the preamble limit. */
function findMaccorHeader(head: Uint8Array, file: string): TableDialect {
  const lines = headLines(head, true, 'latin1');
  const limit = Math.min(lines.length, MAX_PREAMBLE_LINES);
  for (let index = 0; index < limit; index++) {
    const text = lines[index]!.text;
    const delimiter = text.startsWith('Rec#\t') ? TAB : text.startsWith('Rec,') ? COMMA : null;
    if (delimiter === null) continue;
    return {
      encoding: 'latin1',
      delimiter,
      decimal: decimalByte('.'),
      headerIndex: index,
      header: splitFields(text, delimiter),
      dataOffset: lines[index]!.next,
      firstDataLine: index + 2,
      preamble: lines.slice(0, index).map((line) => line.text),
    };
  }
  throw new ReaderError(message.headerNotFound(file, 'a Maccor header line starting with "Rec#"'), {
    location: { file, line: 1 },
    expected: 'a Maccor export whose header starts with "Rec#  Cyc#  Step"',
  });
}

function firstDataFields(head: Uint8Array, dialect: TableDialect): string[] {
  const line = headLines(head, true, 'latin1').find(
    (candidate) => candidate.start >= dialect.dataOffset && candidate.text.trim() !== '',
  );
  return line === undefined ? [] : splitFields(line.text, dialect.delimiter);
}

/** The first `DPt Time`: a full date-time, or a time of day dated by the preamble's `Date of Test`. */
function dptClock(text: string, preamble: readonly string[]): WallClock | null {
  const full = parseWallClock(text);
  if (full !== null) return full;
  const time = parseTimeOfDay(text);
  const date = dateOfTest(preamble);
  if (time === null || date === null) return null;
  const midnight = date.ms - (date.ms % 86_400_000);
  return { ms: midnight + time.ms, offsetMinutes: null };
}

/** `Date of Test:` in the preamble (`03/31/2016`, `11 December 2020, 12:22:12 PM`, `23-Nov-23 3:56:08 PM`). */
function dateOfTest(preamble: readonly string[]): WallClock | null {
  for (const line of preamble) {
    const match = /Date of Test:?\s*[\t,]?\s*([^\t]+)/.exec(line);
    if (match) return parseWallClock(match[1]!.replace(/,\s*$/, '').trim());
  }
  return null;
}
