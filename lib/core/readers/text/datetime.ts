/**
 * The common date-time shape `YYYY-MM-DD[T ]hh:mm:ss[.fff…]` (or with `/` in the date), parsed
 * straight from bytes into milliseconds of the wall clock read as UTC. Anything else (a zone, AM/PM,
 * month names, day-first dates) returns NaN so the caller can fall back to its text parser.
 */

import { type ParseState, ParseStatus } from './numbers.ts';

const CHAR_0 = 48;
const LF = 10;
const CR = 13;

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

/** Whether `byte − '0'` is not 0–9 (one unsigned compare). */
function notDigit(value: number): boolean {
  return value >>> 0 > 9;
}

/** The DataView over the buffer last seen, for 4-byte compares of the cached prefix. */
let viewedBytes: Uint8Array | null = null;
let view: DataView = new DataView(new ArrayBuffer(0));
/** `YYYY-MM-DD hh:mm` of the last date-time parsed in full (as four 4-byte words) and its ms. */
let prefix0 = -1;
let prefix1 = -1;
let prefix2 = -1;
let prefix3 = -1;
let prefixMinute_ms = 0;
/** Day cache of the full parse: consecutive minutes almost always share the date. */
let cachedDateKey = -1;
let cachedDay_ms = 0;

/**
 * The scanners' one-pass version of `parseIsoDateTimeBytes` for a field that starts at `start`:
 * exactly `YYYY-MM-DD[T ]hh:mm:ss[.fff…]` up to the `delimiter`, a line end or `end`. Sets
 * `state.fieldEnd` and returns the wall-clock milliseconds; anything else (quotes, padding, a
 * zone, another layout) sets `state.status` to invalid so the caller finds the field's end and
 * parses its text.
 *
 * Rows of a log share their date, hour and minute with the row before: when the first 16 bytes
 * equal those of the last fully parsed value (four 4-byte compares), only the seconds and the
 * fraction are read. Small on purpose, so it inlines into the scan loop.
 */
export function parseIsoDateTimeField(
  bytes: Uint8Array,
  start: number,
  end: number,
  delimiter: number,
  state: ParseState,
): number {
  if (bytes !== viewedBytes) {
    viewedBytes = bytes;
    view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  if (
    end - start >= 19 &&
    view.getUint32(start) === prefix0 &&
    view.getUint32(start + 4) === prefix1 &&
    view.getUint32(start + 8) === prefix2 &&
    view.getUint32(start + 12) === prefix3 &&
    bytes[start + 16] === 58
  ) {
    const tens = bytes[start + 17]! - CHAR_0;
    const units = bytes[start + 18]! - CHAR_0;
    if (tens >>> 0 <= 5 && units >>> 0 <= 9) {
      const fraction_ms = fractionAt(bytes, start + 19, end, delimiter, state);
      if (fraction_ms >= 0) return prefixMinute_ms + (tens * 10 + units) * 1000 + fraction_ms;
    }
  }
  return parseIsoDateTimeFieldInFull(bytes, start, end, delimiter, state);
}

/**
 * Milliseconds of the `[.,]fff…` that may follow the seconds at `position`, checking that the
 * field then ends; -1 (with `state.status` invalid) when it does not. Sets `state.fieldEnd`.
 */
function fractionAt(
  bytes: Uint8Array,
  position: number,
  end: number,
  delimiter: number,
  state: ParseState,
): number {
  let fraction_ms = 0;
  const fractionMark = position < end ? bytes[position]! : 0;
  // A comma before the fraction (`18,98`), unless the comma is the delimiter.
  if (fractionMark === 46 || (fractionMark === 44 && delimiter !== 44)) {
    const fractionStart = ++position;
    let digits = 0;
    while (position < end) {
      const digit = bytes[position]! - CHAR_0;
      if (digit >>> 0 > 9) break;
      digits = digits * 10 + digit;
      position++;
    }
    fraction_ms = fractionMilliseconds(digits, position - fractionStart);
  }
  if (position < end) {
    const next = bytes[position]!;
    if (next !== delimiter && next !== LF && next !== CR) {
      state.status = ParseStatus.invalid;
      return -1;
    }
  }
  state.status = ParseStatus.ok;
  state.fieldEnd = position;
  return fraction_ms;
}

/**
 * Milliseconds of a fraction of a second written with `count` digits whose value is `digits`: exact
 * for milliseconds and coarser, one correctly rounded division for finer fractions (no chain of
 * divisions per digit in the per-row path).
 */
function fractionMilliseconds(digits: number, count: number): number {
  if (count <= 3) return digits * MILLISECOND_FACTORS[count]!;
  return count <= 18 ? digits / POWERS_OF_TEN[count - 3]! : digits / 10 ** (count - 3);
}
const MILLISECOND_FACTORS = [0, 100, 10, 1];
const POWERS_OF_TEN = Array.from({ length: 16 }, (_, exponent) => 10 ** exponent);

/** `parseIsoDateTimeField` without the prefix cache; remembers the prefix of what it parses. */
function parseIsoDateTimeFieldInFull(
  bytes: Uint8Array,
  start: number,
  end: number,
  delimiter: number,
  state: ParseState,
): number {
  state.status = ParseStatus.invalid;
  if (end - start < 19) return Number.NaN;
  const separator = bytes[start + 4]!;
  const middle = bytes[start + 10]!;
  if (
    (separator !== 45 && separator !== 47) ||
    bytes[start + 7] !== separator ||
    (middle !== 32 && middle !== 84) ||
    bytes[start + 13] !== 58 ||
    bytes[start + 16] !== 58
  )
    return Number.NaN;
  const y0 = bytes[start]! - CHAR_0;
  const y1 = bytes[start + 1]! - CHAR_0;
  const y2 = bytes[start + 2]! - CHAR_0;
  const y3 = bytes[start + 3]! - CHAR_0;
  const m0 = bytes[start + 5]! - CHAR_0;
  const m1 = bytes[start + 6]! - CHAR_0;
  const d0 = bytes[start + 8]! - CHAR_0;
  const d1 = bytes[start + 9]! - CHAR_0;
  const h0 = bytes[start + 11]! - CHAR_0;
  const h1 = bytes[start + 12]! - CHAR_0;
  const n0 = bytes[start + 14]! - CHAR_0;
  const n1 = bytes[start + 15]! - CHAR_0;
  const s0 = bytes[start + 17]! - CHAR_0;
  const s1 = bytes[start + 18]! - CHAR_0;
  if (
    notDigit(y0) ||
    notDigit(y1) ||
    notDigit(y2) ||
    notDigit(y3) ||
    notDigit(m0) ||
    notDigit(m1) ||
    notDigit(d0) ||
    notDigit(d1) ||
    notDigit(h0) ||
    notDigit(h1) ||
    notDigit(n0) ||
    notDigit(n1) ||
    notDigit(s0) ||
    notDigit(s1)
  )
    return Number.NaN;
  const year = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const month = m0 * 10 + m1;
  const day = d0 * 10 + d1;
  const hours = h0 * 10 + h1;
  const minutes = n0 * 10 + n1;
  const seconds = s0 * 10 + s1;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hours > 23 || minutes > 59 || seconds > 60)
    return Number.NaN;
  const fraction_ms = fractionAt(bytes, start + 19, end, delimiter, state);
  if (fraction_ms < 0) return Number.NaN;
  const dateKey = (year * 16 + month) * 32 + day;
  if (dateKey !== cachedDateKey) {
    cachedDateKey = dateKey;
    cachedDay_ms = daysFromCivil(year, month, day) * 86_400_000;
  }
  const minute_ms = cachedDay_ms + (hours * 60 + minutes) * 60_000;
  if (bytes === viewedBytes) {
    prefix0 = view.getUint32(start);
    prefix1 = view.getUint32(start + 4);
    prefix2 = view.getUint32(start + 8);
    prefix3 = view.getUint32(start + 12);
    prefixMinute_ms = minute_ms;
  }
  return minute_ms + seconds * 1000 + fraction_ms;
}
