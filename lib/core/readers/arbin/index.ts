/** Arbin readers: the .res database, the Excel export and the CSV exports. */
export { arbinCsvReader } from './csv.ts';
export { type ArbinTestInfo, arbinResReader, readArbinTestInfo } from './res.ts';
export { arbinXlsxReader } from './xlsx.ts';
