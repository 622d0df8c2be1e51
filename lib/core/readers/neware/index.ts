/** Neware BTS readers: `.nda` binaries, `.ndax` archives and CSV exports. */
export { type NewareCycleSummary, newareCsvReader, newareCycleSummary, readNewareCsv } from './csv.ts';
export { UnsupportedNewareVersionError } from './errors.ts';
export { newareNdaReader, readNda } from './nda.ts';
export { newareNdaxReader, readNdax } from './ndax.ts';
export { newareXlsxCycleSummary, newareXlsxReader, readNewareXlsx } from './xlsx.ts';
