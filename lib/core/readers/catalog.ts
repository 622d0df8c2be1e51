/**
 * Every reader cellreport ships, in one immutable list handed to `readSeries` / `detectReader`.
 * Vendor readers recognise their own signatures; the generic delimited reader scores low so a
 * vendor reader always wins when both match.
 */
import type { Reader } from './reader.ts';

export const allReaders: readonly Reader[] = Object.freeze([]);
