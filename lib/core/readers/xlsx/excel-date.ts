/**
 * Excel serial dates: days since 1899-12-30 (the 1900 date system with Lotus's phantom
 * 1900-02-29 folded in, so it is exact from 1900-03-01 on), the fraction being the time of day.
 * Excel stores no time zone: a serial is a local wall-clock time.
 */

/** Unix epoch (1970-01-01) as an Excel serial. */
const UNIX_EPOCH_SERIAL = 25569;
const MS_PER_DAY = 86_400_000;

/** Milliseconds (fraction kept) since 1970-01-01T00:00 of the wall-clock time a serial stands for. */
export function excelSerialToEpochMs(serial: number): number {
  return (serial - UNIX_EPOCH_SERIAL) * MS_PER_DAY;
}

/**
 * ISO 8601 text of a time given as milliseconds since 1970-01-01T00:00: with `Z` when the instant
 * is known in UTC, without any suffix when it is a wall-clock time of an unknown zone.
 * Rounded to the millisecond; milliseconds are written only when non-zero.
 */
export function isoFromEpochMs(epochMs: number, zoneKnown: boolean): string {
  const text = new Date(Math.round(epochMs)).toISOString();
  const withoutZone = text.endsWith('.000Z') ? text.slice(0, -5) : text.slice(0, -1);
  return zoneKnown ? `${withoutZone}Z` : withoutZone;
}

/** ISO 8601 local wall-clock text (no zone suffix) of an Excel serial date. */
export function excelSerialToIso(serial: number): string {
  return isoFromEpochMs(excelSerialToEpochMs(serial), false);
}
