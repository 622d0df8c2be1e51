/**
 * Every reader cellreport ships, in one immutable list handed to `readSeries` / `detectReader`.
 * Vendor readers recognise their own signatures; the generic delimited reader scores low so a
 * vendor reader always wins when both match.
 */
import { bdfReader } from './bdf/index.ts';
import { genericDelimitedReader } from './delimited/index.ts';
import { maccorReader } from './maccor/index.ts';
import { pressureLogReader } from './pressure/index.ts';
import type { Reader } from './reader.ts';

export const allReaders: readonly Reader[] = Object.freeze([maccorReader, bdfReader, pressureLogReader, genericDelimitedReader]);
