/**
 * Start times of Neware files. Older formats (`.nda` v29, ndc v2/v5, CSV exports) write the
 * computer's wall clock without a zone; BTS 9 `.nda` and the ndc run-info of BTS 8 write Unix
 * time (UTC). The start is the first record's clock time minus its test time, so that it is the
 * instant of `time_s = 0`.
 */

/** ISO 8601 UTC (`…Z`) of a Unix time in seconds, or null when it is not a plausible date. */
export function isoFromUnixSeconds(unix_s: number): string | null {
  if (!Number.isFinite(unix_s) || unix_s <= 0) return null;
  const date = new Date(Math.round(unix_s * 1000));
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/**
 * ISO 8601 wall-clock time without a zone suffix, `offset_s` seconds before the given local date
 * and time (month 1–12). Null when the parts are not a date.
 */
export function isoFromWallClock(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second: number,
  offset_s = 0,
): string | null {
  if (
    year < 1980 ||
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > 31 ||
    hour > 23 ||
    minute > 59 ||
    second > 60
  ) {
    return null;
  }
  const ms = Date.UTC(year, month - 1, day, hour, minute, 0) + second * 1000 - offset_s * 1000;
  if (!Number.isFinite(ms)) return null;
  const iso = new Date(Math.round(ms)).toISOString();
  return iso.endsWith('.000Z') ? iso.slice(0, 19) : iso.slice(0, 23);
}

/** Parses `YYYY-MM-DD hh:mm:ss(.fff)` (or `/` separators, `T` between) into wall-clock parts. */
export function parseWallClock(text: string): [number, number, number, number, number, number] | null {
  const match = /^\s*(\d{4})[-/](\d{1,2})[-/](\d{1,2})[ T]+(\d{1,2}):(\d{2}):(\d{2}(?:\.\d+)?)\s*$/.exec(
    text,
  );
  if (!match) return null;
  return [
    Number(match[1]),
    Number(match[2]),
    Number(match[3]),
    Number(match[4]),
    Number(match[5]),
    Number(match[6]),
  ];
}
