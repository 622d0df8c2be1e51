/**
 * The absolute time of `time_s = 0` from what Arbin files write: an Excel serial date (.res
 * tables, Excel exports), unix seconds (MITS Pro SQL / BEEP CSV), or text (MITS 7/8 CSV
 * `09/20/2024 08:32:34.558`, month first as Arbin's US software writes it).
 */
import { excelSerialToEpochMs, isoFromEpochMs } from '../xlsx/excel-date.ts';

export interface StartTime {
  iso: string;
  zoneKnown: boolean;
}

/** Unix seconds below this are not plausible test dates (1973), Excel serials are far below it. */
const MIN_UNIX_SECONDS = 1e8;
/** Excel's last representable day, 9999-12-31. */
const MAX_EXCEL_SERIAL = 2_958_466;

interface Stamp {
  epochMs: number;
  zoneKnown: boolean;
}

/** A numeric date stamp: unix seconds (UTC) or an Excel serial (local wall clock). */
function stampOfNumber(value: number): Stamp | null {
  if (!Number.isFinite(value) || value <= 0) return null;
  if (value >= MIN_UNIX_SECONDS) return { epochMs: value * 1000, zoneKnown: true };
  if (value < MAX_EXCEL_SERIAL) return { epochMs: excelSerialToEpochMs(value), zoneKnown: false };
  return null;
}

const ISO_DATE =
  /^(\d{4})-(\d{1,2})-(\d{1,2})[ T]+(\d{1,2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const SLASH_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})[ T]+(\d{1,2}):(\d{2})(?::(\d{2}(?:\.\d+)?))?\s*(AM|PM)?$/i;

function wallClockMs(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  seconds: number,
): number | null {
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || seconds >= 61)
    return null;
  return Date.UTC(year, month - 1, day, hour, minute) + seconds * 1000;
}

/** A text date stamp; null when the text is not one of the shapes Arbin writes. */
function stampOfText(text: string): Stamp | null {
  const cleaned = text.replace(/^[\s"']+|[\s"']+$/g, '');
  if (cleaned === '') return null;
  const asNumber = Number(cleaned);
  if (!Number.isNaN(asNumber)) return stampOfNumber(asNumber);
  const iso = ISO_DATE.exec(cleaned);
  if (iso) {
    const [, year, month, day, hour, minute, seconds, zone] = iso;
    const local = wallClockMs(+year!, +month!, +day!, +hour!, +minute!, seconds ? +seconds : 0);
    if (local === null) return null;
    if (!zone) return { epochMs: local, zoneKnown: false };
    if (zone.toUpperCase() === 'Z') return { epochMs: local, zoneKnown: true };
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2)));
    return { epochMs: local - offsetMinutes * 60_000, zoneKnown: true };
  }
  const slash = SLASH_DATE.exec(cleaned);
  if (slash) {
    const [, first, second, year, hourText, minute, seconds, meridiem] = slash;
    // Month first (Arbin's US default) unless the first number cannot be a month.
    const [month, day] = +first! > 12 ? [+second!, +first!] : [+first!, +second!];
    let hour = +hourText!;
    if (meridiem) hour = (hour % 12) + (meridiem.toUpperCase() === 'PM' ? 12 : 0);
    const local = wallClockMs(+year!, month, day, hour, +minute!, seconds ? +seconds : 0);
    return local === null ? null : { epochMs: local, zoneKnown: false };
  }
  return null;
}

/** Start time from a stamp given for the start itself (a `Start_DateTime` field). */
export function startFromStamp(stamp: number | string): StartTime | null {
  return startFromRow(stamp, 0);
}

/**
 * Start time from a data row: its absolute stamp minus its test time, so it is the instant of
 * `time_s = 0` on the same clock as the rows.
 */
export function startFromRow(stamp: number | string, testTime_s: number): StartTime | null {
  const parsed = typeof stamp === 'number' ? stampOfNumber(stamp) : stampOfText(stamp);
  if (parsed === null) return null;
  const offsetMs = Number.isFinite(testTime_s) ? testTime_s * 1000 : 0;
  return { iso: isoFromEpochMs(parsed.epochMs - offsetMs, parsed.zoneKnown), zoneKnown: parsed.zoneKnown };
}
