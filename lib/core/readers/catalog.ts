/**
 * Every reader cellreport ships, in one immutable list handed to `readSeries` / `detectReader`.
 * Vendor readers recognise their own signatures; the generic delimited reader scores low so a
 * vendor reader always wins when both match.
 */
import { arbinCsvReader, arbinResReader, arbinXlsxReader } from './arbin/index.ts';
import { bdfReader } from './bdf/index.ts';
import { biologicMprReader, biologicMptReader } from './biologic/index.ts';
import { genericDelimitedReader } from './delimited/index.ts';
import { gamryDtaReader } from './gamry/index.ts';
import { impedanceCsvReader, versaStudioReader, zviewReader } from './impedance-text/index.ts';
import { maccorReader } from './maccor/index.ts';
import { newareCsvReader, newareNdaReader, newareNdaxReader, newareXlsxReader } from './neware/index.ts';
import { pressureLogReader } from './pressure/index.ts';
import type { Reader } from './reader.ts';

export const allReaders: readonly Reader[] = Object.freeze([
  biologicMptReader,
  biologicMprReader,
  arbinResReader,
  arbinXlsxReader,
  arbinCsvReader,
  maccorReader,
  newareNdaReader,
  newareNdaxReader,
  newareCsvReader,
  newareXlsxReader,
  bdfReader,
  gamryDtaReader,
  zviewReader,
  versaStudioReader,
  impedanceCsvReader,
  pressureLogReader,
  genericDelimitedReader,
]);
