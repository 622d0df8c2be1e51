/**
 * The message catalogue: every user-facing text of the core (data issues, errors, warnings) is
 * built here, so wording stays consistent and tests compare against these builders rather than
 * retyped strings. Add a builder here instead of writing a message inline.
 */

export const message = {
  // Reading: formats and files
  unknownFormat: (file: string, hint: string) =>
    `${file}: the format is not recognised (${hint}). Expected a BioLogic, Arbin, Neware, Maccor, Gamry or delimited text export.`,
  emptyFile: (file: string) => `${file}: the file is empty or holds no data rows.`,
  truncatedBinary: (file: string, what: string, byteOffset: number, needed: number, available: number) =>
    `${file}: ${what} at byte ${byteOffset} needs ${needed} bytes but only ${available} remain: the file is truncated.`,
  missingColumn: (file: string, quantity: string, found: readonly string[]) =>
    `${file}: no ${quantity} column. Columns found: ${found.length ? found.map((name) => `"${name}"`).join(', ') : 'none'}.`,
  nonNumeric: (file: string, line: number, column: string, text: string) =>
    `${file}, line ${line}, column "${column}": "${text}" is not a number.`,
  shortLine: (file: string, line: number, fields: number, expected: number) =>
    `${file}, line ${line}: ${fields} fields where the header has ${expected}.`,
  headerNotFound: (file: string, expected: string) => `${file}: no header line found; expected ${expected}.`,
  unsupportedVersion: (file: string, what: string, version: string | number) =>
    `${file}: ${what} version ${version} is not supported.`,

  // Reading: data issues (recoverable)
  unknownColumn: (column: string) => `Column "${column}" is not used by cellreport and was skipped.`,
  unknownColumnId: (id: number) => `Binary column id ${id} is unknown; its values were skipped.`,
  unitGuessed: (column: string, unit: string, reason: string) =>
    `Column "${column}" states no unit; read as ${unit} because ${reason}.`,
  nonMonotonicTime: (rows: number) =>
    `Time goes backwards at ${rows} row(s); rows were kept in file order and time made non-decreasing.`,
  timeReset: (row: number, from_s: number, to_s: number) =>
    `Time resets at row ${row} (from ${from_s} s to ${to_s} s); later rows were offset to continue the record.`,
  duplicateRow: (rows: number) => `${rows} duplicated row(s) were dropped.`,
  missingValue: (column: string) => `Empty cells in column "${column}" were read as missing values.`,
  truncatedLastLine: (line: number) => `The last line (${line}) is incomplete and was dropped.`,
  truncatedRecords: (records: number) =>
    `${records} incomplete record(s) at the end of the file were dropped.`,
  decimalComma: () => 'Numbers use a decimal comma; read accordingly.',
  encodingGuessed: (encoding: string) => `Text is not valid UTF-8; decoded as ${encoding}.`,
  currentSignFlipped: (convention: string) =>
    `The instrument writes ${convention}; current was negated so that charge is positive.`,
  timeZoneUnknown: () => 'The file states local times without a time zone; start time is a wall-clock time.',
  missingDataFilled: (what: string) => `The file reports missing data (${what}).`,
  clockOffsetApplied: (offset_s: number) => `Clock offset of ${offset_s} s applied to align with the cycler.`,
  gapInRecord: (from_s: number, to_s: number) => `No data from ${from_s} s to ${to_s} s.`,
  unsortedFrequencies: (merged: number) =>
    `Frequencies were not in order; sorted${merged ? `, ${merged} duplicate(s) merged` : ''}.`,
  stepDisagreement: (detail: string) =>
    `Detected steps disagree with the instrument's step column: ${detail}.`,
  cycleDisagreement: (detail: string) =>
    `Detected cycles disagree with the instrument's cycle column: ${detail}.`,

  // Reading: XLSX workbooks and Arbin files
  notAZipArchive: (file: string) =>
    `${file}: not an Excel workbook (.xlsx): no zip directory found at the end of the file.`,
  archiveEntryMissing: (file: string, entry: string) => `${file}: the workbook has no part "${entry}".`,
  archiveEntryCorrupt: (file: string, entry: string, detail: string) =>
    `${file}: the workbook part "${entry}" cannot be decompressed (${detail}); the file is damaged.`,
  sheetNotFound: (file: string, sheet: string, found: readonly string[]) =>
    `${file}: no sheet "${sheet}". Sheets found: ${found.length ? found.map((name) => `"${name}"`).join(', ') : 'none'}.`,
  databaseUnreadable: (file: string, detail: string) =>
    `${file}: the Access (Jet) database cannot be read (${detail}); the file is damaged or truncated.`,
  tableMissing: (file: string, table: string, found: readonly string[]) =>
    `${file}: no table "${table}". Tables found: ${found.length ? found.map((name) => `"${name}"`).join(', ') : 'none'}.`,
  noDataSheet: (file: string, expected: string, found: readonly string[]) =>
    `${file}: no data sheet named like ${expected}. Sheets found: ${found.length ? found.map((name) => `"${name}"`).join(', ') : 'none'}.`,
  otherChannelsSkipped: (kept: string, skipped: readonly string[]) =>
    `The file holds several channels; read ${kept} and skipped ${skipped.join(', ')}.`,
  startTimeUnreadable: (text: string) =>
    `The start time "${text}" is not a date the reader knows; start time left empty.`,
  integerColumnFilled: (column: string, rows: number) =>
    `Column "${column}" is empty on ${rows} row(s); each took the value of the row before.`,

  // Job manifest
  manifestNotJson: (source: string, reason: string) => `${source} is not valid JSON: ${reason}.`,
  manifestInvalid: (source: string, problems: readonly { field: string; expected: string }[]) =>
    `${source} is not a valid job manifest: ${problems.map((problem) => `${problem.field}: expected ${problem.expected}`).join('; ')}.`,
  manifestUnknownKeys: (keys: readonly string[]) =>
    `no key ${keys.map((key) => `"${key}"`).join(', ')} (unknown keys are errors so a typo cannot drop a setting)`,
} as const;
