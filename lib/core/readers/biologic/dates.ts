/**
 * EC-Lab date-times: the header lines of a `.mpt` (`Acquisition started on : 10/26/2020 15:02:33.123`),
 * absolute time columns (`11/20/2024 11:38:41.707`) and the OLE automation date of an `.mpr` LOG module.
 *
 * EC-Lab writes local wall-clock times without a zone. They are kept as such: epoch-like milliseconds
 * computed as if the wall clock were UTC, so differences are exact and the ISO text carries no suffix.
 */

/** Milliseconds of the wall clock, counted as if it were UTC. */
export type WallClockMs = number;

const SLASH_OR_DOT_DATE = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})$/;
const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
const TIME_OF_DAY = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?(?:\s*([AaPp][Mm]))?$/;

/**
 * Parses `MM/DD/YYYY hh:mm:ss[.fff] [AM|PM]` (EC-Lab's US order, the default), `DD/MM/YYYY …` when the
 * first number cannot be a month, `DD.MM.YYYY …` (European dots) and `YYYY-MM-DD …`. Null when the text
 * is none of these.
 */
export function parseEcLabDateTime(text: string): WallClockMs | null {
  const parts = text.trim().split(/\s+/);
  const datePart = parts[0] ?? '';
  const timePart = parts.slice(1).join(' ');
  const date = parseDate(datePart);
  if (date === null) return null;
  const time = timePart === '' ? 0 : parseTimeOfDay(timePart);
  if (time === null) return null;
  return Date.UTC(date.year, date.month - 1, date.day) + time;
}

function parseDate(text: string): { year: number; month: number; day: number } | null {
  const iso = ISO_DATE.exec(text);
  if (iso) return checked(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const match = SLASH_OR_DOT_DATE.exec(text);
  if (!match) return null;
  const first = Number(match[1]);
  const second = Number(match[3]);
  const yearText = match[4]!;
  const year = yearText.length === 2 ? 2000 + Number(yearText) : Number(yearText);
  const dayFirst = match[2] === '.' || first > 12;
  return dayFirst ? checked(year, second, first) : checked(year, first, second);
}

function checked(
  year: number,
  month: number,
  day: number,
): { year: number; month: number; day: number } | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  return { year, month, day };
}

/** Milliseconds since midnight of `hh:mm[:ss[.fff]] [AM|PM]`, or null. */
function parseTimeOfDay(text: string): number | null {
  const match = TIME_OF_DAY.exec(text.trim());
  if (!match) return null;
  let hours = Number(match[1]);
  const minutes = Number(match[2]);
  const seconds = match[3] === undefined ? 0 : Number(match[3]);
  const fraction = match[4] === undefined ? 0 : Number(`0.${match[4]}`);
  const meridiem = match[5]?.toLowerCase();
  if (meridiem === 'pm' && hours < 12) hours += 12;
  if (meridiem === 'am' && hours === 12) hours = 0;
  if (hours > 23 || minutes > 59 || seconds > 60) return null;
  return ((hours * 60 + minutes) * 60 + seconds) * 1000 + Math.round(fraction * 1000);
}

/** Days from the OLE automation epoch (1899-12-30) to the Unix epoch. */
const OLE_EPOCH_OFFSET_DAYS = 25569;
const MS_PER_DAY = 86_400_000;

/**
 * An OLE automation date (days since 1899-12-30 00:00, fraction = time of day) as wall-clock
 * milliseconds, rounded to the millisecond EC-Lab shows.
 */
export function oleDateToWallClock(oleDays: number): WallClockMs {
  return Math.round((oleDays - OLE_EPOCH_OFFSET_DAYS) * MS_PER_DAY);
}

/** ISO 8601 text of a wall-clock time, without a zone suffix: `2024-01-10T11:02:29.886`. */
export function formatWallClock(ms: WallClockMs): string {
  return new Date(ms).toISOString().slice(0, -1);
}
