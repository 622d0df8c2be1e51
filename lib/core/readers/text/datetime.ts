/**
 * The common date-time shape `YYYY-MM-DD[T ]hh:mm:ss[.fff…]` (or with `/` in the date), parsed
 * straight from bytes into milliseconds of the wall clock read as UTC. Anything else (a zone, AM/PM,
 * month names, day-first dates) returns NaN so the caller can fall back to its text parser.
 */

const CHAR_0 = 48;

function digitsAt(bytes: Uint8Array, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const digit = bytes[i]! - CHAR_0;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** Wall-clock milliseconds (as if UTC) of an ISO-like date-time in `bytes[start, end)`, or NaN. */
export function parseIsoDateTimeBytes(bytes: Uint8Array, start: number, end: number): number {
  while (start < end && (bytes[start] === 32 || bytes[start] === 34)) start++;
  while (end > start && (bytes[end - 1] === 32 || bytes[end - 1] === 34)) end--;
  if (end - start < 19) return Number.NaN;
  const separator = bytes[start + 4];
  if ((separator !== 45 && separator !== 47) || bytes[start + 7] !== separator) return Number.NaN;
  const middle = bytes[start + 10];
  if ((middle !== 32 && middle !== 84) || bytes[start + 13] !== 58 || bytes[start + 16] !== 58)
    return Number.NaN;
  const year = digitsAt(bytes, start, 4);
  const month = digitsAt(bytes, start + 5, 2);
  const day = digitsAt(bytes, start + 8, 2);
  const hours = digitsAt(bytes, start + 11, 2);
  const minutes = digitsAt(bytes, start + 14, 2);
  const seconds = digitsAt(bytes, start + 17, 2);
  if ((year | month | day | hours | minutes | seconds) < 0) return Number.NaN;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hours > 23 || minutes > 59 || seconds > 60)
    return Number.NaN;
  let fraction_ms = 0;
  let position = start + 19;
  if (position < end) {
    if (bytes[position] !== 46 && bytes[position] !== 44) return Number.NaN;
    position++;
    let scale = 100;
    for (; position < end; position++) {
      const digit = bytes[position]! - CHAR_0;
      if (digit < 0 || digit > 9) return Number.NaN;
      fraction_ms += digit * scale;
      scale /= 10;
    }
  }
  return (
    daysFromCivil(year, month, day) * 86_400_000 +
    ((hours * 60 + minutes) * 60 + seconds) * 1000 +
    fraction_ms
  );
}

/**
 * Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`): plain
 * integer arithmetic, several times faster than `Date.UTC` in the per-row loop.
 */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}
