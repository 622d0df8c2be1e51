/**
 * `parseWallClock` for the common column of local date-times whose date changes once a day
 * (`04/30/2024 14:33:19`, `30.04.2024 14:33:19,250`, `2024-04-30T14:33:19`): the date is read once
 * by `parseWallClock`'s own rules and remembered by its bytes, the time of day is read from the
 * bytes. Every value equals `parseWallClock(text).ms`; anything else (quotes, padding, AM/PM, a
 * zone, a date with spaces in it) is NaN, and the caller reads the text.
 */
import { latin1Slice } from '../text/decode.ts';
import { RepeatedCell } from '../text/repeated-cell.ts';
import { calendarDayMs } from './wallclock.ts';

const SPACE = 32;
const LETTER_T = 84;
const COLON = 58;
const DOT = 46;
const COMMA = 44;
const CHAR_0 = 48;
/** Most fraction digits read here: up to 15 the division below is `Number('0.' + digits)`. */
const MAX_FRACTION_DIGITS = 15;
const EXACT_POWERS_OF_TEN = Float64Array.from({ length: MAX_FRACTION_DIGITS + 1 }, (_, k) => 10 ** k);

export class SameDayWallClock {
  /** The date text last read, and its midnight (NaN when `parseWallClock` does not read it). */
  readonly #date = new RepeatedCell();
  #dayMs = Number.NaN;

  /** Epoch ms of the date-time in `bytes[start, end)`, or NaN when it is not of the simple shape. */
  parse(bytes: Uint8Array, start: number, end: number): number {
    let dateEnd = start;
    while (dateEnd < end && bytes[dateEnd] !== SPACE && bytes[dateEnd] !== LETTER_T) dateEnd++;
    if (dateEnd === start || dateEnd === end) return Number.NaN;
    if (!this.#date.matches(bytes, start, dateEnd)) {
      this.#date.remember(bytes, start, dateEnd);
      this.#dayMs = calendarDayMs(latin1Slice(bytes, start, dateEnd));
    }
    if (Number.isNaN(this.#dayMs)) return Number.NaN;
    let timeStart = dateEnd;
    while (timeStart < end && (bytes[timeStart] === SPACE || bytes[timeStart] === LETTER_T)) timeStart++;
    return this.#dayMs + timeOfDayMs(bytes, timeStart, end);
  }
}

/**
 * Milliseconds since midnight of `h[h]:mm[:ss[.f…]]` (trailing spaces allowed), computed as
 * `parseTimeOfDay` computes them; NaN for any other text or an hour, minute or second out of range.
 */
function timeOfDayMs(bytes: Uint8Array, start: number, end: number): number {
  let position = start;
  if (!isDigit(bytes, position, end)) return Number.NaN;
  let hours = digitAt(bytes, position++);
  if (isDigit(bytes, position, end)) hours = hours * 10 + digitAt(bytes, position++);
  if (!isColonAndTwoDigits(bytes, position, end)) return Number.NaN;
  const minutes = twoDigitsAt(bytes, position + 1);
  position += 3;
  let seconds = 0;
  let fraction = 0;
  if (position < end && bytes[position] === COLON) {
    if (!isColonAndTwoDigits(bytes, position, end)) return Number.NaN;
    seconds = twoDigitsAt(bytes, position + 1);
    position += 3;
    const mark = position < end ? bytes[position] : -1;
    if ((mark === DOT || mark === COMMA) && isDigit(bytes, position + 1, end)) {
      const fractionStart = ++position;
      let digits = 0;
      while (isDigit(bytes, position, end)) digits = digits * 10 + digitAt(bytes, position++);
      const count = position - fractionStart;
      if (count > MAX_FRACTION_DIGITS) return Number.NaN;
      fraction = digits / EXACT_POWERS_OF_TEN[count]!;
    }
  }
  while (position < end && bytes[position] === SPACE) position++;
  if (position !== end || hours > 23 || minutes > 59 || seconds > 60) return Number.NaN;
  return ((hours * 60 + minutes) * 60 + seconds + fraction) * 1000;
}

function isDigit(bytes: Uint8Array, at: number, end: number): boolean {
  return at < end && (bytes[at]! - CHAR_0) >>> 0 <= 9;
}

function digitAt(bytes: Uint8Array, at: number): number {
  return bytes[at]! - CHAR_0;
}

function isColonAndTwoDigits(bytes: Uint8Array, at: number, end: number): boolean {
  return bytes[at] === COLON && isDigit(bytes, at + 1, end) && isDigit(bytes, at + 2, end);
}

function twoDigitsAt(bytes: Uint8Array, at: number): number {
  return digitAt(bytes, at) * 10 + digitAt(bytes, at + 1);
}
