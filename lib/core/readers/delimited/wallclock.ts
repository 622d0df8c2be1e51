/**
 * Wall-clock date-times as instruments and loggers write them, to epoch milliseconds.
 *
 * A time without a zone is a local wall-clock time: it is returned as if it were UTC
 * (`offsetMinutes: null`) so that differences between two such times are exact and the
 * ISO text we format back carries no suffix. Formats accepted:
 * - ISO 8601: `2024-04-30T14:33:19.123Z`, `2025-07-19 15:26:20`, `… +02:00`, `… 10:58:07 AM`;
 * - US slashes `MM/DD/YYYY hh:mm:ss[.fff] [AM|PM]` (read as DD/MM when the first number exceeds 12);
 * - European dots `DD.MM.YYYY hh:mm:ss`;
 * - `DD-Mon-YY h:mm:ss PM` (Maccor csv), `11 December 2020, 12:22:12 PM`,
 *   `Wednesday, November 2, 2016` (dates with month names);
 * - a date alone (midnight).
 */

export interface WallClock {
  /** Milliseconds since 1970-01-01T00:00:00 (UTC when the zone is known, the wall clock otherwise). */
  ms: number;
  /** Stated offset from UTC in minutes, or null when the text states no zone. */
  offsetMinutes: number | null;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]+|$)/;
const SLASH_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{2}|\d{4})(?:[T ]+|$)/;
const DOT_DATE = /^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})(?:[T ]+|$)/;
const DASH_MONTH_DATE = /^(\d{1,2})-([A-Za-z]{3,})-(\d{2}|\d{4})(?:[T ]+|$)/;
const DAY_MONTH_DATE = /^(\d{1,2})\s+([A-Za-z]{3,})\s+(\d{4}),?(?:\s+|$)/;
const MONTH_DAY_DATE = /^(?:[A-Za-z]+,\s*)?([A-Za-z]{3,})\s+(\d{1,2}),\s*(\d{4}),?(?:\s+|$)/;
const TIME = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*([AaPp][Mm])?\s*(Z|[+-]\d{2}:?\d{2})?$/;

interface CalendarDate {
  year: number;
  month: number;
  day: number;
  rest: string;
}

/** Parses a date-time; null when the text is not one of the accepted forms. */
export function parseWallClock(text: string): WallClock | null {
  const trimmed = text.trim();
  const date = parseCalendarDate(trimmed);
  if (date === null) return null;
  const time = date.rest === '' ? { ms: 0, offsetMinutes: null } : parseTimeOfDay(date.rest);
  if (time === null) return null;
  const dayMs = Date.UTC(date.year, date.month - 1, date.day);
  const offset = time.offsetMinutes;
  return { ms: dayMs + time.ms - (offset ?? 0) * 60_000, offsetMinutes: offset };
}

/**
 * Midnight (epoch ms, as `parseWallClock` counts) of a date written alone (`04/30/2024`,
 * `2024-04-30`, `30.04.2024`), or NaN when the text is not a date alone.
 */
export function calendarDayMs(text: string): number {
  const date = parseCalendarDate(text.trim());
  if (date === null || date.rest !== '') return Number.NaN;
  return Date.UTC(date.year, date.month - 1, date.day);
}

/** Milliseconds since midnight of `hh:mm[:ss[.fff]] [AM|PM] [zone]`, or null. */
export function parseTimeOfDay(text: string): WallClock | null {
  const match = TIME.exec(text.trim());
  if (match === null) return null;
  let hours = Number(match[1]);
  const minutes = Number(match[2]);
  const seconds = match[3] === undefined ? 0 : Number(match[3]);
  const fraction = match[4] === undefined ? 0 : Number(`0.${match[4]}`);
  const meridiem = match[5]?.toLowerCase();
  if (meridiem !== undefined) {
    if (hours < 1 || hours > 12) return null;
    hours = (hours % 12) + (meridiem === 'pm' ? 12 : 0);
  }
  if (hours > 23 || minutes > 59 || seconds > 60) return null;
  return {
    ms: ((hours * 60 + minutes) * 60 + seconds + fraction) * 1000,
    offsetMinutes: match[6] === undefined ? null : parseZone(match[6]),
  };
}

function parseZone(zone: string): number {
  if (zone === 'Z') return 0;
  const digits = zone.replace(':', '');
  const sign = digits.startsWith('-') ? -1 : 1;
  return sign * (Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5)));
}

function parseCalendarDate(text: string): CalendarDate | null {
  let match = ISO_DATE.exec(text);
  if (match)
    return checked(Number(match[1]), Number(match[2]), Number(match[3]), text.slice(match[0].length));
  match = SLASH_DATE.exec(text);
  if (match) {
    const first = Number(match[1]);
    const second = Number(match[2]);
    const year = fullYear(match[3]!);
    const rest = text.slice(match[0].length);
    // US order unless it cannot be (a first number above 12 must be the day).
    return first > 12 ? checked(year, second, first, rest) : checked(year, first, second, rest);
  }
  match = DOT_DATE.exec(text);
  if (match)
    return checked(fullYear(match[3]!), Number(match[2]), Number(match[1]), text.slice(match[0].length));
  match = DASH_MONTH_DATE.exec(text) ?? DAY_MONTH_DATE.exec(text);
  if (match) {
    const month = monthNumber(match[2]!);
    if (month === null) return null;
    return checked(fullYear(match[3]!), month, Number(match[1]), text.slice(match[0].length));
  }
  match = MONTH_DAY_DATE.exec(text);
  if (match) {
    const month = monthNumber(match[1]!);
    if (month === null) return null;
    return checked(Number(match[3]), month, Number(match[2]), text.slice(match[0].length));
  }
  return null;
}

function checked(year: number, month: number, day: number, rest: string): CalendarDate | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  return { year, month, day, rest: rest.trim() };
}

/** Two-digit years are 2000–2099: cyclers did not write files before 2000 in this form. */
function fullYear(text: string): number {
  const year = Number(text);
  return text.length === 2 ? 2000 + year : year;
}

function monthNumber(name: string): number | null {
  const index = MONTHS.indexOf(name.slice(0, 3).toLowerCase());
  return index < 0 ? null : index + 1;
}

/**
 * ISO 8601 text of an instant: with the stated offset (`Z`, `+02:00`) when the zone is known,
 * as a bare wall-clock time otherwise. Milliseconds appear only when not zero.
 */
export function formatWallClock(clock: WallClock): string {
  const offset = clock.offsetMinutes;
  const local = new Date(Math.round(clock.ms) + (offset ?? 0) * 60_000).toISOString(); // …Z
  const text = local.endsWith('.000Z') ? local.slice(0, -5) : local.slice(0, -1);
  if (offset === null) return text;
  if (offset === 0) return `${text}Z`;
  const sign = offset < 0 ? '-' : '+';
  const absolute = Math.abs(offset);
  const hours = String(Math.floor(absolute / 60)).padStart(2, '0');
  const minutes = String(absolute % 60).padStart(2, '0');
  return `${text}${sign}${hours}:${minutes}`;
}

/** Inverse of `formatWallClock`: reads a canonical `startTime` back (null when absent or unreadable). */
export function parseStartTime(startTime: string | null): WallClock | null {
  return startTime === null ? null : parseWallClock(startTime);
}
