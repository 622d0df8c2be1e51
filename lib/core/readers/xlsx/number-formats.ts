/**
 * What a cell's number format makes of its number (ECMA-376 part 1, §18.8.30 `numFmt` and the
 * built-in ids of §18.8.30's table, plus the East Asian ids Excel writes in Chinese, Japanese and
 * Korean locales). Excel stores dates and times as plain numbers — days since 1899-12-30, a time of
 * day or a duration as a fraction of a day — and only the cell's style says which; a cycler export
 * that writes its step time as `[h]:mm:ss` holds 0.0001157… for ten seconds.
 */
import { elementAttributes } from './xml.ts';

export const NumberFormatKind = {
  /** A plain number (General, 0.00, 0.00E+00, percentages, currencies …). */
  number: 0,
  /** A calendar date, with or without a time of day: a serial day count since 1899-12-30. */
  dateTime: 1,
  /** A time of day or an elapsed time without a date: a number of days. */
  duration: 2,
} as const;
export type NumberFormatKindCode = (typeof NumberFormatKind)[keyof typeof NumberFormatKind];

/** Built-in format ids that are dates (14–17, 22; East Asian 27–31, 36, 50–54, 57, 58). */
const BUILT_IN_DATES = new Set([14, 15, 16, 17, 22, 27, 28, 29, 30, 31, 36, 50, 51, 52, 53, 54, 57, 58]);
/** Built-in format ids that are times or elapsed times (18–21, 45–47; East Asian 32–35, 55, 56). */
const BUILT_IN_TIMES = new Set([18, 19, 20, 21, 32, 33, 34, 35, 45, 46, 47, 55, 56]);

/** The kind of a built-in format id (ids without a date or time meaning are numbers). */
export function builtInFormatKind(id: number): NumberFormatKindCode {
  if (BUILT_IN_DATES.has(id)) return NumberFormatKind.dateTime;
  if (BUILT_IN_TIMES.has(id)) return NumberFormatKind.duration;
  return NumberFormatKind.number;
}

/**
 * The kind of a format code such as `yyyy-mm-dd hh:mm:ss`, `[h]:mm:ss.000` or `0.000E+00`. Only
 * the first section counts (the one for positive numbers). Quoted text, `\`-escaped characters,
 * `_x` spacers, `*x` fills and bracketed colours or conditions are not tokens; `[h]`, `[m]`, `[s]`
 * are elapsed time. `m` is a month unless it follows an hour or precedes seconds.
 */
export function formatCodeKind(code: string): NumberFormatKindCode {
  const tokens = dateTimeTokens(firstSection(code));
  let hasDate = false;
  let hasTime = false;
  tokens.forEach((token, index) => {
    if (token === 'y' || token === 'd' || token === 'e' || token === 'g') hasDate = true;
    else if (token === 'h' || token === 's' || token === 'ampm' || token === 'elapsed') hasTime = true;
    else if (token === 'm') {
      const previous = tokens[index - 1];
      const next = tokens[index + 1];
      if (previous === 'h' || previous === 'elapsed' || next === 's') hasTime = true;
      else hasDate = true;
    }
  });
  if (hasDate) return NumberFormatKind.dateTime;
  return hasTime ? NumberFormatKind.duration : NumberFormatKind.number;
}

function firstSection(code: string): string {
  let inQuotes = false;
  for (let index = 0; index < code.length; index++) {
    const character = code[index]!;
    if (character === '"') inQuotes = !inQuotes;
    else if (!inQuotes && character === '\\') index++;
    else if (!inQuotes && character === ';') return code.slice(0, index);
  }
  return code;
}

type Token = 'y' | 'm' | 'd' | 'h' | 's' | 'e' | 'g' | 'ampm' | 'elapsed';

/** The date and time tokens of one format section, in order, one per run of the same letter. */
function dateTimeTokens(section: string): Token[] {
  const tokens: Token[] = [];
  const lower = section.toLowerCase();
  for (let index = 0; index < section.length; index++) {
    const character = lower[index]!;
    if (character === '"') {
      const close = section.indexOf('"', index + 1);
      index = close < 0 ? section.length : close;
    } else if (character === '\\' || character === '_' || character === '*') {
      index++;
    } else if (character === '[') {
      const close = section.indexOf(']', index + 1);
      const inside = lower.slice(index + 1, close < 0 ? section.length : close);
      if (/^(h+|m+|s+)$/.test(inside)) tokens.push('elapsed');
      index = close < 0 ? section.length : close;
    } else if (lower.startsWith('am/pm', index) || lower.startsWith('a/p', index)) {
      tokens.push('ampm');
      index += lower.startsWith('am/pm', index) ? 4 : 2;
    } else if (lower.startsWith('general', index)) {
      index += 6;
    } else if (character === 'e' && (lower[index + 1] === '+' || lower[index + 1] === '-')) {
      index++; // scientific notation, not the era year
    } else if ('ymdhseg'.includes(character)) {
      if (tokens.length === 0 || tokens[tokens.length - 1] !== character || lower[index - 1] !== character)
        tokens.push(character as Token);
    }
  }
  return tokens;
}

/**
 * The kind of every cell format of a styles part (`xl/styles.xml`), indexed by a cell's `s`
 * attribute: the `xf` entries of `cellXfs` in order, each through its `numFmtId` (a custom
 * `numFmt` of the part, else a built-in id).
 */
export function cellFormatKinds(stylesXml: string): Uint8Array {
  const customKinds = new Map<number, NumberFormatKindCode>();
  for (const attributes of elementAttributes(elementBody(stylesXml, 'numFmts'), 'numFmt')) {
    customKinds.set(Number(attributes['numFmtId']), formatCodeKind(attributes['formatCode'] ?? ''));
  }
  const formats = elementAttributes(elementBody(stylesXml, 'cellXfs'), 'xf');
  return Uint8Array.from(formats, (attributes) => {
    const id = Number(attributes['numFmtId'] ?? 0);
    return customKinds.get(id) ?? builtInFormatKind(id);
  });
}

/** The text between `<name …>` and `</name>` (namespace prefixes allowed), or '' when absent. */
function elementBody(xml: string, name: string): string {
  const open = new RegExp(`<(?:[\\w.-]+:)?${name}\\b[^>]*?(/?)>`).exec(xml);
  if (open === null || open[1] === '/') return '';
  const start = open.index + open[0].length;
  const close = new RegExp(`</(?:[\\w.-]+:)?${name}>`).exec(xml.slice(start));
  return close === null ? '' : xml.slice(start, start + close.index);
}
