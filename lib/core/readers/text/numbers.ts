/**
 * Numbers parsed straight from bytes, without a string per field: the inner loop of every
 * text reader. Every result equals `Number(text)` (correctly rounded):
 *
 * - ≤ 15 significant digits (Clinger 1990): the decimal mantissa is an exact double, and so is
 *   10^k for k ≤ 22, so one multiplication or division is correctly rounded.
 * - 16–19 digits (EC-Lab writes 17): the mantissa M < 10^19 is held exactly as a double-double,
 *   M × 10^e (−44 ≤ e ≤ 22) is computed with error-free products (Dekker) to ~2^-100 relative, and
 *   the result is taken only when both ends of a 2^-90 error interval round to the same double,
 *   which proves it is the correctly rounded value (`scaleLongMantissa`).
 * - Anything else (more digits, a larger exponent, the rare value within 2^-90 of a rounding
 *   midpoint) falls back to `Number()` on the decoded slice.
 */

const CHAR_0 = 48;
const CHAR_9 = 57;
const PLUS = 43;
const MINUS = 45;
const DOT = 46;
const COMMA = 44;
const LOWER_E = 101;
const UPPER_E = 69;
const SPACE = 32;
const TAB = 9;
const QUOTE = 34;
const LF = 10;
const CR = 13;

const EXACT_POWERS_OF_TEN = Float64Array.from({ length: 23 }, (_, k) => 10 ** k);
const MAX_EXACT_DIGITS = 15;
/** Longest decimal mantissa the double-double path takes: 10^19 < 2^64. */
const MAX_LONG_DIGITS = 19;
/** Digits gathered in one small integer before joining the mantissa: 10^8 < 2^31. */
const DIGITS_PER_GROUP = 8;

/** Result of a parse when the field is not a number: distinguishes "empty" from "garbage". */
export const NOT_A_NUMBER = Number.NaN;

/** Outcome codes written to `ParseState.status`. */
export const ParseStatus = { ok: 0, empty: 1, invalid: 2 } as const;

/** Scratch state reused across calls so the hot loop allocates nothing. */
export interface ParseState {
  status: number;
  /** Set by `parseFieldNumber`: index of the byte that ended the field (the delimiter, or `end`). */
  fieldEnd: number;
  /**
   * Set (never cleared) by `parseFieldNumberInFull` when it read an exponent or more than 15
   * digits: a column written that way (EC-Lab's `3.0152999238271150E+001`) is better parsed with
   * it directly. The caller clears it after reading it.
   */
  longForm: boolean;
}

export function newParseState(): ParseState {
  return { status: ParseStatus.ok, fieldEnd: 0, longForm: false };
}

/**
 * Parses the field that starts at `start` and ends at the next `delimiter`, line end (LF or CR) or
 * `end`, in one pass. Sets `state.fieldEnd` and `state.status`.
 *
 * This is the scanners' per-field call, kept small so V8 inlines it into their loops: one loop
 * reads `[-]digits[.digits]` of at most 15 digits (plain CSV numbers); anything else (an
 * exponent, more digits, padding, quotes, garbage) starts again in `parseFieldNumberInFull`.
 */
export function parseFieldNumber(
  bytes: Uint8Array,
  start: number,
  end: number,
  delimiter: number,
  decimal: number,
  state: ParseState,
): number {
  let i = start;
  const negative = i < end && bytes[i] === MINUS;
  if (negative) i++;
  const digitsStart = i;
  let point = -1;
  let mantissa = 0;
  let c = LF;
  while (i < end) {
    c = bytes[i]!;
    const digit = c - CHAR_0;
    if (digit >>> 0 <= 9) {
      mantissa = mantissa * 10 + digit;
    } else if (c === decimal && point < 0) {
      point = i;
    } else {
      break;
    }
    i++;
  }
  const fractionDigits = point < 0 ? 0 : i - point - 1;
  const digits = i - digitsStart - (point < 0 ? 0 : 1);
  if (digits > 0 && digits <= MAX_EXACT_DIGITS && (i === end || c === delimiter || c === LF || c === CR)) {
    state.status = ParseStatus.ok;
    state.fieldEnd = i;
    const value = fractionDigits === 0 ? mantissa : mantissa / EXACT_POWERS_OF_TEN[fractionDigits]!;
    return negative ? -value : value;
  }
  return parseFieldNumberInFull(bytes, start, end, delimiter, decimal, state);
}

/**
 * `parseFieldNumber` for every shape: `[-]digits[.digits][e[-]digits]` in one pass (16–19 digits
 * through `scaleLongMantissa`); padding, quotes or garbage fall back to finding the delimiter and
 * `parseNumberBytes`.
 */
export function parseFieldNumberInFull(
  bytes: Uint8Array,
  start: number,
  end: number,
  delimiter: number,
  decimal: number,
  state: ParseState,
): number {
  let i = start;
  const negative = i < end && bytes[i] === MINUS;
  if (negative) i++;
  // One pass over the digits: M = high·10^lowDigits + low, the first 15 significant digits in
  // `high` (exact; leading zeros add nothing and are not counted), the rest in `low`. Digits are
  // gathered eight at a time in a small integer (`group`): a chain of integer multiply-adds is
  // several times shorter than one of float multiply-adds.
  const digitsStart = i;
  let point = -1;
  let high = 0;
  let group = 0;
  let groupDigits = 0;
  let low = 0;
  let significantDigits = 0;
  for (; i < end; i++) {
    const byte = bytes[i]!;
    const digit = byte - CHAR_0;
    if (digit >>> 0 > 9) {
      if (byte === decimal && point < 0) {
        point = i;
        continue;
      }
      break;
    }
    if (significantDigits === 0 && digit === 0) continue;
    significantDigits++;
    if (significantDigits > MAX_EXACT_DIGITS) {
      low = low * 10 + digit;
      continue;
    }
    group = group * 10 + digit;
    if (++groupDigits === DIGITS_PER_GROUP) {
      high = high * EXACT_POWERS_OF_TEN[DIGITS_PER_GROUP]! + group;
      group = 0;
      groupDigits = 0;
    }
  }
  high = high * EXACT_POWERS_OF_TEN[groupDigits]! + group;
  let digits = i - digitsStart - (point < 0 ? 0 : 1);
  let exponent = point < 0 ? 0 : point + 1 - i;
  let c = i < end ? bytes[i]! : LF;
  const hasExponent = c === LOWER_E || c === UPPER_E;
  if (digits > 0 && significantDigits <= MAX_LONG_DIGITS && hasExponent) {
    i++;
    let exponentNegative = false;
    if (i < end && (bytes[i] === MINUS || bytes[i] === PLUS)) {
      exponentNegative = bytes[i] === MINUS;
      i++;
    }
    const exponentStart = i;
    let written = 0;
    while (i < end && i - exponentStart < 4) {
      const digit = bytes[i]! - CHAR_0;
      if (digit >>> 0 > 9) break;
      written = written * 10 + digit;
      i++;
    }
    if (i === exponentStart) digits = 0; // "1e" is not a number: let the slow path say so.
    exponent += exponentNegative ? -written : written;
    c = i < end ? bytes[i]! : LF;
  }
  if (digits > 0 && significantDigits <= MAX_LONG_DIGITS && (c === delimiter || c === LF || c === CR)) {
    let lowDigits = significantDigits > MAX_EXACT_DIGITS ? significantDigits - MAX_EXACT_DIGITS : 0;
    // Digits past the 15th that are all zeros (`1.5000000000000000E+000`, common in EC-Lab's
    // set points and times) leave M = high·10^lowDigits: the exact one-operation path still holds.
    if (low === 0 && lowDigits > 0) {
      exponent += lowDigits;
      lowDigits = 0;
    }
    const value =
      lowDigits === 0 && exponent >= -22 && exponent <= 22
        ? exponent >= 0
          ? high * EXACT_POWERS_OF_TEN[exponent]!
          : high / EXACT_POWERS_OF_TEN[-exponent]!
        : scaleSplitMantissa(high, low, lowDigits, exponent);
    if (!Number.isNaN(value)) {
      state.status = ParseStatus.ok;
      state.fieldEnd = i;
      if (hasExponent || digits > MAX_EXACT_DIGITS) state.longForm = true;
      return negative ? -value : value;
    }
  }
  let fieldEnd = start;
  while (fieldEnd < end && !endsField(bytes[fieldEnd]!, delimiter)) fieldEnd++;
  state.fieldEnd = fieldEnd;
  return parseNumberBytes(bytes, start, fieldEnd, decimal, state);
}

/**
 * Parses the number in `bytes[start, end)`. Surrounding spaces, tabs and double quotes are
 * ignored; `decimal` is the byte of the decimal separator (`.` or `,`). Returns NaN with
 * `state.status` = `empty` for an empty field and `invalid` for text that is not a number
 * (`nan`, `NaN`, `inf` and `-inf` are accepted as such).
 */
export function parseNumberBytes(
  bytes: Uint8Array,
  start: number,
  end: number,
  decimal: number,
  state: ParseState,
): number {
  while (start < end) {
    const c = bytes[start]!;
    if (c !== SPACE && c !== TAB && c !== QUOTE) break;
    start++;
  }
  while (end > start) {
    const c = bytes[end - 1]!;
    if (c !== SPACE && c !== TAB && c !== QUOTE && c !== 13) break;
    end--;
  }
  if (start === end) {
    state.status = ParseStatus.empty;
    return Number.NaN;
  }
  let i = start;
  let negative = false;
  const first = bytes[i]!;
  if (first === MINUS || first === PLUS) {
    negative = first === MINUS;
    i++;
  }
  let mantissa = 0;
  let significantDigits = 0;
  let exponent = 0;
  let sawDigit = false;
  let droppedDigits = false;
  let c = 0;
  const mantissaStart = i;
  // Integer part.
  for (; i < end; i++) {
    c = bytes[i]!;
    if (c < CHAR_0 || c > CHAR_9) break;
    sawDigit = true;
    if (significantDigits > 0 || c !== CHAR_0) {
      if (significantDigits < MAX_LONG_DIGITS) {
        mantissa = mantissa * 10 + (c - CHAR_0);
        significantDigits++;
      } else {
        exponent++;
        droppedDigits = true;
      }
    }
  }
  // Fraction part.
  if (i < end && bytes[i] === decimal) {
    i++;
    for (; i < end; i++) {
      c = bytes[i]!;
      if (c < CHAR_0 || c > CHAR_9) break;
      sawDigit = true;
      if (significantDigits > 0 || c !== CHAR_0) {
        if (significantDigits < MAX_LONG_DIGITS) {
          mantissa = mantissa * 10 + (c - CHAR_0);
          significantDigits++;
          exponent--;
        } else {
          droppedDigits = true;
        }
      } else {
        exponent--;
      }
    }
  }
  const mantissaEnd = i;
  if (!sawDigit) return parseSpecial(bytes, start, end, state);
  // Exponent part.
  if (i < end && (bytes[i] === LOWER_E || bytes[i] === UPPER_E)) {
    i++;
    let exponentNegative = false;
    if (i < end && (bytes[i] === MINUS || bytes[i] === PLUS)) {
      exponentNegative = bytes[i] === MINUS;
      i++;
    }
    let written = 0;
    let digits = 0;
    for (; i < end; i++) {
      c = bytes[i]!;
      if (c < CHAR_0 || c > CHAR_9) break;
      if (written < 100000) written = written * 10 + (c - CHAR_0);
      digits++;
    }
    if (digits === 0) {
      state.status = ParseStatus.invalid;
      return Number.NaN;
    }
    exponent += exponentNegative ? -written : written;
  }
  if (i !== end) {
    state.status = ParseStatus.invalid;
    return Number.NaN;
  }
  state.status = ParseStatus.ok;
  if (mantissa === 0) return negative ? -0 : 0;
  if (significantDigits <= MAX_EXACT_DIGITS && exponent >= -22 && exponent <= 22) {
    const value =
      exponent >= 0 ? mantissa * EXACT_POWERS_OF_TEN[exponent]! : mantissa / EXACT_POWERS_OF_TEN[-exponent]!;
    return negative ? -value : value;
  }
  if (significantDigits <= MAX_LONG_DIGITS && !droppedDigits) {
    const value = scaleLongMantissa(bytes, mantissaStart, mantissaEnd, decimal, exponent);
    if (!Number.isNaN(value)) return negative ? -value : value;
  }
  return slowParse(bytes, start, end, decimal);
}

/** 2^27 + 1: Dekker's splitter, cuts a double into two 26-bit halves whose products are exact. */
const SPLITTER = 134217729;
/** Half-width of the interval around the double-double result that must round to one double. */
const LONG_PATH_MARGIN = 2 ** -90;

/**
 * M × 10^exponent, correctly rounded, where M is the integer written by the digits in
 * `[start, end)` (the `decimal` byte skipped), at most 19 significant digits; NaN when it cannot be
 * proved here (exponent outside [-44, 22], too many digits, or the value is within 2^-90 of a
 * rounding midpoint) so the caller uses `Number()`.
 *
 * M = h·10^k + l with h < 10^15 and l < 10^4 is formed exactly as a double-double (mh + ml).
 * Then, with p = 10^|exponent| exact, q1 + q2 ≈ M·p or M/p: q1 is the rounded product or
 * quotient and q2 its remainder term from Dekker's exact product, so |q1 + q2 − exact| is about
 * 2^-100 of the value (below 10^-22 the division is done twice, by 10^22 and by the rest). If q1 + (q2 − δ) and q1 + (q2 + δ) round to the same double for δ = 2^-90
 * of the value, every number in between does too (rounding is monotone), the exact one included.
 */
export function scaleLongMantissa(
  bytes: Uint8Array,
  start: number,
  end: number,
  decimal: number,
  exponent: number,
): number {
  if (exponent < -44 || exponent > 22) return Number.NaN;
  let high = 0;
  let low = 0;
  let lowDigits = 0;
  let significant = 0;
  for (let i = start; i < end; i++) {
    const c = bytes[i]!;
    if (c === decimal) continue;
    const digit = c - CHAR_0;
    if (significant < MAX_EXACT_DIGITS) {
      high = high * 10 + digit;
      if (high !== 0) significant++;
    } else {
      low = low * 10 + digit;
      lowDigits++;
    }
  }
  if (lowDigits > MAX_LONG_DIGITS - MAX_EXACT_DIGITS) return Number.NaN;
  return scaleSplitMantissa(high, low, lowDigits, exponent);
}

/** `scaleLongMantissa` for M = high·10^lowDigits + low already split (high < 10^15, lowDigits ≤ 4). */
function scaleSplitMantissa(high: number, low: number, lowDigits: number, exponent: number): number {
  if (exponent < -44 || exponent > 22) return Number.NaN;
  if (high === 0 && low === 0) return 0;
  // M = high·10^lowDigits + low, exactly: product split by Dekker, then an exact two-sum.
  const scaleLow = EXACT_POWERS_OF_TEN[lowDigits]!;
  const productHigh = high * scaleLow;
  const productLow = twoProductError(high, scaleLow, productHigh);
  const mantissaHigh = productHigh + low;
  const mantissaLow = productLow + (low - (mantissaHigh - productHigh)); // an integer below 2^12: exact
  if (exponent >= 0) {
    multiplyExact(mantissaHigh, mantissaLow, EXACT_POWERS_OF_TEN[exponent]!);
  } else if (exponent >= -22) {
    divideExact(mantissaHigh, mantissaLow, EXACT_POWERS_OF_TEN[-exponent]!);
  } else {
    divideExact(mantissaHigh, mantissaLow, EXACT_POWERS_OF_TEN[22]!);
    const high = scratch[0]! + scratch[1]!;
    divideExact(high, scratch[1]! - (high - scratch[0]!), EXACT_POWERS_OF_TEN[-exponent - 22]!);
  }
  const first = scratch[0]!;
  const second = scratch[1]!;
  const margin = first * LONG_PATH_MARGIN;
  const result = first + second;
  if (first + (second - margin) !== result || first + (second + margin) !== result) return Number.NaN;
  return result;
}

/**
 * Output of `multiplyExact` / `divideExact`: an unnormalised double-double, kept here so the hot path
 * allocates nothing; a typed array because module-level `let`s pay a TDZ check on every access.
 */
const scratch = new Float64Array(2);

/** (high + low) · power with the product's rounding error carried in `scratch[1]`. */
function multiplyExact(high: number, low: number, power: number): void {
  const product = high * power;
  scratch[0] = product;
  scratch[1] = twoProductError(high, power, product) + low * power;
}

/** (high + low) / power: the rounded quotient and the remainder divided by `power`, from an exact back-product. */
function divideExact(high: number, low: number, power: number): void {
  const quotient = high / power;
  const back = quotient * power;
  const backLow = twoProductError(quotient, power, back);
  scratch[0] = quotient;
  scratch[1] = (high - back + low - backLow) / power;
}

/** a·b − product exactly, where `product` = fl(a·b) (Dekker's two-product without FMA). */
function twoProductError(a: number, b: number, product: number): number {
  let t = SPLITTER * a;
  const aHigh = t - (t - a);
  const aLow = a - aHigh;
  t = SPLITTER * b;
  const bHigh = t - (t - b);
  const bLow = b - bHigh;
  return aHigh * bHigh - product + aHigh * bLow + aLow * bHigh + aLow * bLow;
}

function slowParse(bytes: Uint8Array, start: number, end: number, decimal: number): number {
  let text = '';
  for (let i = start; i < end; i++) {
    const c = bytes[i]!;
    text += String.fromCharCode(c === decimal ? DOT : c);
  }
  return Number(text);
}

function parseSpecial(bytes: Uint8Array, start: number, end: number, state: ParseState): number {
  let text = '';
  for (let i = start; i < end && text.length < 5; i++) text += String.fromCharCode(bytes[i]! | 0x20);
  if (end - start <= 4) {
    if (text === 'nan') {
      state.status = ParseStatus.ok;
      return Number.NaN;
    }
    if (text === 'inf' || text === '+inf') {
      state.status = ParseStatus.ok;
      return Number.POSITIVE_INFINITY;
    }
    if (text === '-inf') {
      state.status = ParseStatus.ok;
      return Number.NEGATIVE_INFINITY;
    }
  }
  state.status = ParseStatus.invalid;
  return Number.NaN;
}

/** Whether `byte` ends a field: the delimiter or a line end. */
export function endsField(byte: number, delimiter: number): boolean {
  return byte === delimiter || byte === LF || byte === CR;
}

/** Byte of a decimal separator character. */
export function decimalByte(separator: '.' | ','): number {
  return separator === ',' ? COMMA : DOT;
}
