/**
 * Numbers parsed straight from bytes, without a string per field: the inner loop of every
 * text reader.
 *
 * Fast path (Clinger 1990): when the decimal mantissa has at most 15 significant digits it is an
 * exact double, and so is 10^k for k ≤ 22, so one multiplication or division is correctly
 * rounded and the result equals `Number(text)`. Anything longer or with a larger exponent falls
 * back to `Number()` on the decoded slice, so the result is always the correctly rounded value.
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

/** Result of a parse when the field is not a number: distinguishes "empty" from "garbage". */
export const NOT_A_NUMBER = Number.NaN;

/** Outcome codes written to `ParseState.status`. */
export const ParseStatus = { ok: 0, empty: 1, invalid: 2 } as const;

/** Scratch state reused across calls so the hot loop allocates nothing. */
export interface ParseState {
  status: number;
  /** Set by `parseFieldNumber`: index of the byte that ended the field (the delimiter, or `end`). */
  fieldEnd: number;
}

export function newParseState(): ParseState {
  return { status: ParseStatus.ok, fieldEnd: 0 };
}

/**
 * Parses the field that starts at `start` and ends at the next `delimiter`, line end (LF or CR) or
 * `end`, in one pass
 * for the common shape `[-]digits[.digits][e[-]digits]`; any other shape (padding, quotes, garbage)
 * falls back to finding the delimiter and `parseNumberBytes`. Sets `state.fieldEnd`.
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
  let negative = false;
  if (i < end && bytes[i] === MINUS) {
    negative = true;
    i++;
  }
  let mantissa = 0;
  let digits = 0;
  let exponent = 0;
  let c = 0;
  const digitsStart = i;
  while (i < end) {
    c = bytes[i]! - CHAR_0;
    if (c < 0 || c > 9) break;
    mantissa = mantissa * 10 + c;
    i++;
  }
  digits = i - digitsStart;
  if (i < end && bytes[i] === decimal) {
    i++;
    const fractionStart = i;
    while (i < end) {
      c = bytes[i]! - CHAR_0;
      if (c < 0 || c > 9) break;
      mantissa = mantissa * 10 + c;
      i++;
    }
    exponent = fractionStart - i;
    digits += i - fractionStart;
  }
  if (digits > 0 && digits <= MAX_EXACT_DIGITS && i < end && (bytes[i] === LOWER_E || bytes[i] === UPPER_E)) {
    i++;
    let exponentNegative = false;
    if (i < end && (bytes[i] === MINUS || bytes[i] === PLUS)) {
      exponentNegative = bytes[i] === MINUS;
      i++;
    }
    const exponentStart = i;
    let written = 0;
    while (i < end && i - exponentStart < 4) {
      c = bytes[i]! - CHAR_0;
      if (c < 0 || c > 9) break;
      written = written * 10 + c;
      i++;
    }
    if (i === exponentStart) digits = 0; // "1e" is not a number: let the slow path say so.
    exponent += exponentNegative ? -written : written;
  }
  if (digits > 0 && digits <= MAX_EXACT_DIGITS && (i === end || endsField(bytes[i]!, delimiter))) {
    const power = exponent < 0 ? -exponent : exponent;
    if (power <= 22) {
      state.status = ParseStatus.ok;
      state.fieldEnd = i;
      const value =
        exponent >= 0 ? mantissa * EXACT_POWERS_OF_TEN[power]! : mantissa / EXACT_POWERS_OF_TEN[power]!;
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
  let c = 0;
  // Integer part.
  for (; i < end; i++) {
    c = bytes[i]!;
    if (c < CHAR_0 || c > CHAR_9) break;
    sawDigit = true;
    if (significantDigits > 0 || c !== CHAR_0) {
      if (significantDigits < MAX_EXACT_DIGITS + 4) {
        mantissa = mantissa * 10 + (c - CHAR_0);
        significantDigits++;
      } else {
        exponent++;
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
        if (significantDigits < MAX_EXACT_DIGITS + 4) {
          mantissa = mantissa * 10 + (c - CHAR_0);
          significantDigits++;
          exponent--;
        }
      } else {
        exponent--;
      }
    }
  }
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
  return slowParse(bytes, start, end, decimal);
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
