/**
 * Shared pieces of the impedance-file readers (ZView, VersaStudio, plain CSV/TXT, Gamry):
 * line iteration and numeric fields parsed straight from the bytes, and the canonical series
 * they all produce. EIS exports are small (a few hundred lines), so readers take the whole
 * buffer; the numbers still never become strings.
 */
import type { IssueSink } from '../../issues.ts';
import { message } from '../../messages.ts';
import { type CanonicalSeries, emptySeries, type Provenance, StepType } from '../../series.ts';
import { newParseState, ParseStatus, parseNumberBytes } from '../text/numbers.ts';

const LF = 10;
const CR = 13;
const TAB = 9;
const SPACE = 32;
const COMMA = 44;
const SEMICOLON = 59;

/** Calls `onLine(start, end, lineNumber)` for every line (CR stripped); stops when it returns false. */
export function forEachLine(
  bytes: Uint8Array,
  from: number,
  onLine: (start: number, end: number, line: number) => boolean | undefined,
  firstLine = 1,
): void {
  let start = from;
  let line = firstLine;
  while (start < bytes.length) {
    let end = bytes.indexOf(LF, start);
    const next = end === -1 ? bytes.length : end + 1;
    if (end === -1) end = bytes.length;
    const trimmedEnd = end > start && bytes[end - 1] === CR ? end - 1 : end;
    if (onLine(start, trimmedEnd, line) === false) return;
    start = next;
    line++;
  }
}

/**
 * Parses the numeric fields of one line into `out` and returns how many were read. Fields are
 * separated by runs of tabs and spaces, and by commas or semicolons unless the comma is the
 * decimal separator. A field that is not a number is NaN.
 */
export function numericFields(
  bytes: Uint8Array,
  start: number,
  end: number,
  decimal: number,
  out: number[],
): number {
  const state = newParseState();
  let count = 0;
  let i = start;
  const isSeparator = (c: number) =>
    c === TAB || c === SPACE || c === SEMICOLON || (c === COMMA && decimal !== COMMA);
  while (i < end) {
    while (i < end && isSeparator(bytes[i]!)) i++;
    if (i >= end) break;
    const fieldStart = i;
    while (i < end && !isSeparator(bytes[i]!)) i++;
    const value = parseNumberBytes(bytes, fieldStart, i, decimal, state);
    out[count++] = state.status === ParseStatus.ok ? value : Number.NaN;
  }
  return count;
}

/** Text of a line as Latin-1 (headers and keys only). */
export function lineText(bytes: Uint8Array, start: number, end: number): string {
  let text = '';
  for (let i = start; i < end; i++) text += String.fromCharCode(bytes[i]!);
  return text;
}

export interface ImpedanceTable {
  frequency_Hz: number[];
  zReal_Ohm: number[];
  zImag_Ohm: number[];
  time_s?: number[];
  voltage_V?: number[];
  current_A?: number[];
}

/** The canonical series of a file holding one or more impedance sweeps. */
export function impedanceSeries(
  provenance: Provenance,
  table: ImpedanceTable,
  start: { startTime: string | null; zoneKnown: boolean },
  issues: IssueSink,
): CanonicalSeries {
  const series = emptySeries(provenance);
  const rows = table.frequency_Hz.length;
  series.rows = rows;
  series.time_s = table.time_s ? Float64Array.from(table.time_s) : new Float64Array(rows);
  series.voltage_V = table.voltage_V ? Float64Array.from(table.voltage_V) : null;
  series.current_A = table.current_A ? Float64Array.from(table.current_A) : null;
  series.stepType = new Uint8Array(rows).fill(StepType.impedance);
  series.impedance = {
    frequency_Hz: Float64Array.from(table.frequency_Hz),
    zReal_Ohm: Float64Array.from(table.zReal_Ohm),
    zImag_Ohm: Float64Array.from(table.zImag_Ohm),
  };
  series.startTime = start.startTime;
  series.startTimeZoneKnown = start.zoneKnown;
  if (start.startTime !== null && !start.zoneKnown) {
    issues.add({
      code: 'time_zone_unknown',
      severity: 'info',
      message: message.timeZoneUnknown(),
      location: { file: provenance.file },
    });
  }
  series.issues = issues.list();
  return series;
}

/**
 * ISO 8601 local wall-clock time from a US-style date (`4/23/2018`, `10-12-2018`) and a time
 * (`16:43:15`, `9:40:30 AM`), or null when either does not parse.
 */
export function localDateTime(date: string, time: string): string | null {
  const dateMatch = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$/.exec(date);
  const timeMatch = /^\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM)?\s*$/i.exec(time);
  if (!dateMatch || !timeMatch) return null;
  return isoFrom(+dateMatch[3]!, +dateMatch[1]!, +dateMatch[2]!, timeMatch);
}

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/** Like `localDateTime` for a long date (`Thursday, July 19, 2018`). */
export function localLongDateTime(date: string, time: string): string | null {
  const dateMatch = /([A-Za-z]+)\s+(\d{1,2}),\s*(\d{4})/.exec(date);
  const timeMatch = /^\s*(\d{1,2}):(\d{2})(?::(\d{2}))?\s*(AM|PM)?\s*$/i.exec(time);
  if (!dateMatch || !timeMatch) return null;
  const month = MONTHS.indexOf(dateMatch[1]!.toLowerCase()) + 1;
  if (month === 0) return null;
  return isoFrom(+dateMatch[3]!, month, +dateMatch[2]!, timeMatch);
}

function isoFrom(year: number, month: number, day: number, time: RegExpExecArray): string | null {
  let hour = +time[1]!;
  const meridiem = time[4]?.toUpperCase();
  if (meridiem === 'PM' && hour < 12) hour += 12;
  if (meridiem === 'AM' && hour === 12) hour = 0;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23) return null;
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${year}-${pad(month)}-${pad(day)}T${pad(hour)}:${time[2]}:${time[3] ?? '00'}`;
}
