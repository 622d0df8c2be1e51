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

  // Cycling analysis: steps, cycles, efficiency, nucleation, OCV, LSV, comparison
  directionChangeInsideStep: (step: number, time_s: number) =>
    `instrument step ${step} holds both a charge and a discharge (the current changes direction at ${time_s} s)`,
  cycleCountDiffers: (detected: number, instrument: number, type: string) =>
    `${detected} cycle(s) counted the ${type}-cell way where the cycle column spans ${instrument}; the ${type}-cell numbering is used`,
  halfCycleName: (type: string, direction: number) =>
    type === 'half'
      ? direction > 0
        ? 'stripping (charge)'
        : 'plating (discharge)'
      : direction > 0
        ? 'charge'
        : 'discharge',
  currentBlipsIgnored: (count: number) =>
    `${count} brief current blip(s), each carrying under 0.1 % of the largest step's charge, were not counted as steps.`,
  unpairedLeadingHalf: (half: string, capacity_mAh: number) =>
    `The record starts with a ${half} of ${capacity_mAh.toPrecision(4)} mAh before the first cycle; it is not counted as a cycle.`,
  cycleMissingHalf: (cycle: number, half: string) =>
    `Cycle ${cycle} has no ${half}: the record ends before it. Its Coulombic efficiency is not reported.`,
  halfNotOnCutoff: (cycle: number, half: string, endVoltage_V: number | null, recordEnded: boolean) =>
    `Cycle ${cycle}: the ${half} ended ${recordEnded ? 'with the record' : 'on a time or capacity limit'}${endVoltage_V === null ? '' : ` at ${endVoltage_V.toFixed(3)} V vs Li+/Li`}, not on its voltage cut-off; the cycle is incomplete and its Coulombic efficiency is not reported.`,
  energyUnavailable: () => 'Energies and mean voltages are not reported: the file has no voltage column.',
  energyEfficiencyUndefined: (type: string) =>
    `Energy efficiency is not reported for a ${type} cell: it has a meaning only for a full cell's discharge over charge.`,
  specificCapacityUnavailable: () =>
    'Specific capacities (mAh/g) are not reported: the cell states no activeMassMg.',
  capacityDensityUnavailable: () =>
    'Capacities per area (mAh/cm²) are not reported: the cell states no areaCm2.',
  noCurrentForCycling: (file: string) => `${file}: no current column, so no cycles can be found.`,
  initialCeUnavailable: (reason: string) => `Initial Coulombic efficiency is not reported: ${reason}.`,
  averageCeUnavailable: () =>
    'Average Coulombic efficiency is not reported: there is no complete cycle after the first.',
  projectedCyclesUnavailable: (averageCe: number) =>
    `Projected cycles to 80 % are not reported: the average Coulombic efficiency is ${(averageCe * 100).toFixed(2)} %, so no loss can be projected.`,
  retentionUnavailable: () => 'Capacity retention is not reported: it needs two complete cycles.',
  nucleationUnavailable: (reason: string) => `Nucleation overpotential is not reported: ${reason}.`,
  nucleationNoPlating: () => 'the record has no plating (negative-current) step',
  nucleationNoCrossing: (minimum_V: number) =>
    `the first plating never goes below 0 V vs Li+/Li (lowest ${minimum_V.toFixed(3)} V), so Li did not nucleate on Cu in it`,
  nucleationNoPlateau: () => 'the first plating ends before a plating plateau forms after the dip',
  ocvDriftUnavailable: (reason: string) => `OCV drift onset is not reported: ${reason}.`,
  ocvNoRest: () => 'the record has no rest after a plating step',
  ocvNotAtPlatedLevel: (level_V: number) =>
    `the rest starts at ${level_V.toFixed(3)} V vs Li+/Li, not at the plated-Li level (≈ 0 V)`,
  ocvNoDrift: (hours: number) =>
    `OCV drift onset is none: the OCV stays at the plated-Li level for the whole ${hours.toFixed(1)} h of rest recorded.`,
  lsvNoCurrent: (file: string) => `${file}: an LSV needs current and voltage columns.`,
  lsvOnsetNotReached: (threshold_mA_cm2: number) =>
    `LSV onset potential is not reported: the current density never reaches ${threshold_mA_cm2} mA/cm².`,
  lsvNoArea: () => 'LSV current density is not reported: the cell states no areaCm2.',
  comparisonNoBaseline: (baseline: string, type: string, temperatureC: number | null) =>
    `No ${baseline} (baseline) cell is a ${type} cell at ${temperatureC ?? 'unstated'} °C; the other cells at that condition are not compared.`,

  // Reading: XLSX workbooks and Arbin files
  notAZipArchive: (file: string) =>
    `${file}: not a zip archive (as an .xlsx workbook or a Neware .ndax is): no zip directory found at the end of the file.`,
  archiveEntryMissing: (file: string, entry: string) => `${file}: the workbook has no part "${entry}".`,
  archiveEntryCorrupt: (file: string, entry: string, detail: string) =>
    `${file}: the workbook part "${entry}" cannot be decompressed (${detail}); the file is damaged.`,
  sheetNotFound: (file: string, sheet: string, found: readonly string[]) =>
    `${file}: no sheet "${sheet}". Sheets found: ${found.length ? found.map((name) => `"${name}"`).join(', ') : 'none'}.`,
  databaseUnreadable: (file: string, detail: string) =>
    `${file}: the Access (Jet) database cannot be read (${detail}); the file is damaged or truncated.`,
  jetStructureDamaged: (file: string, what: string, byteOffset: number, expected: string) =>
    `${file}: ${what} at byte ${byteOffset} is not ${expected}; the Access (Jet) database is damaged.`,
  jetVersionUnsupported: (file: string, version: string) =>
    `${file}: the Access database is in the ${version} format, which is not read; save it as Access 2000 or later.`,
  jetColumnTypeUnsupported: (file: string, table: string, column: string, typeCode: number) =>
    `${file}: column "${column}" of table "${table}" has Access type 0x${typeCode.toString(16).padStart(2, '0')}, which is not read.`,
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

  // Impedance: circuits, spectra, fits, EIS readers
  circuitSyntax: (circuit: string, position: number, expected: string) =>
    `Circuit "${circuit}": at character ${position + 1} expected ${expected}.`,
  circuitUnknownElement: (circuit: string, name: string, known: readonly string[]) =>
    `Circuit "${circuit}": "${name}" is not a known element; element types are ${known.join(', ')} followed by a number.`,
  circuitDuplicateElement: (circuit: string, name: string) =>
    `Circuit "${circuit}": element "${name}" appears twice; give each element its own number.`,
  spectrumNotANumber: (label: string, row: number, column: string) =>
    `Spectrum ${label}: ${column} is not a number at row ${row}.`,
  spectrumTooFewPoints: (label: string, points: number, parameters: number) =>
    `Spectrum ${label}: ${points} point(s) give ${2 * points} values, too few to fit ${parameters} free parameter(s).`,
  spectrumAllInductive: (label: string) =>
    `Spectrum ${label}: every Z'' is positive (inductive); a capacitive spectrum has negative Z'', so the file may hold -Z''.`,
  spectrumImagNegated: (column: string) =>
    `Column "${column}" holds -Z'' (positive for the capacitive arcs at low frequency); it was negated to Z''.`,
  fitUnknownParameter: (circuit: string, name: string, known: readonly string[]) =>
    `Circuit "${circuit}" has no parameter "${name}"; its parameters are ${known.join(', ')}.`,
  fitBadBounds: (name: string, lower: number, upper: number) =>
    `Parameter "${name}": bounds [${lower}, ${upper}] hold no allowed value.`,
  eisTableMissing: (file: string, table: string) => `${file}: no ${table} table with impedance data.`,
  eisExperimentAborted: (points: number) =>
    `The experiment was aborted; the ${points} point(s) written before the abort were read.`,
  eisColumnsMissing: (file: string, found: readonly string[]) =>
    `${file}: no frequency and impedance columns (frequency with Z'/Z'' or |Z|/phase). Columns found: ${found.length ? found.map((name) => `"${name}"`).join(', ') : 'none'}.`,

  // Reading: delimited tables, Maccor, BDF, pressure logs
  headerlessLayout: (layout: string) => `The file has no header line; its columns were read as ${layout}.`,
  millisecondsUnderSeconds: (column: string, ratio: number) =>
    `Column "${column}" is labelled in seconds but spans ${ratio.toFixed(0)}× the wall-clock time; read as milliseconds.`,
  forceWithoutArea: (column: string) =>
    `Column "${column}" holds a force and no electrode area was given; it is kept as a force (N), not converted to pressure.`,
  noPressureColumn: (file: string, found: readonly string[]) =>
    `${file}: no pressure or force column with a unit (Pa, kPa, MPa, bar, psi, N, kN, lbf). Columns found: ${found.map((name) => `"${name}"`).join(', ')}.`,
  alignmentZoneMismatch: () =>
    'Only one of the pressure log and the cycler file states a time zone; both clocks were compared as wall-clock times.',
  alignmentZoneUnknown: () =>
    'Neither the pressure log nor the cycler file states a time zone; both clocks were assumed to be in the same zone.',
  alignmentRelative: () =>
    'The pressure log or the cycler file has no absolute start time; they were aligned by time elapsed since each start.',
  alignmentNoOverlap: () =>
    'The pressure log does not overlap the cycler record in time; no pressure was aligned.',

  // Reading: BioLogic EC-Lab (.mpt, .mpr)
  badMagic: (file: string, expected: string) => `${file}: the file does not start with ${expected}.`,
  moduleExpected: (file: string, byteOffset: number) =>
    `${file}: expected a module ("MODULE") at byte ${byteOffset}; the file is damaged.`,
  moduleMissing: (file: string, module: string) => `${file}: the file has no "${module}" module.`,
  truncatedHeader: (file: string, linesFound: number, linesAnnounced: number) =>
    `${file}: the header announces ${linesAnnounced} lines but the file ends after ${linesFound}: the file is truncated.`,
  columnIdsOverflow: (file: string, count: number, recordsOffset: number) =>
    `${file}: the "VMP data" module lists ${count} column ids, more than fit before its records at byte ${recordsOffset}; the file is damaged.`,
  binaryColumnUnlocatable: (column: string) =>
    `Column "${column}" lies between binary columns of unknown size and could not be read.`,
  currentFromChargeIncrement: (column: string) =>
    `The file stores no current; current was computed from "${column}" and time as I = dq/Δt, as EC-Lab does on export.`,
  absoluteTimeColumn: (column: string) =>
    `Column "${column}" holds date-times rather than seconds; time was counted from the acquisition start.`,

  // Job manifest
  manifestNotJson: (source: string, reason: string) => `${source} is not valid JSON: ${reason}.`,
  manifestInvalid: (source: string, problems: readonly { field: string; expected: string }[]) =>
    `${source} is not a valid job manifest: ${problems.map((problem) => `${problem.field}: expected ${problem.expected}`).join('; ')}.`,
  manifestUnknownKeys: (keys: readonly string[]) =>
    `no key ${keys.map((key) => `"${key}"`).join(', ')} (unknown keys are errors so a typo cannot drop a setting)`,

  // Platform: jobs, limits, the REST API, events, configuration
  pathOutsideJob: (path: string) =>
    `File path "${path}" would leave the job's folder; use a relative path without "..", "\\" or a leading "/".`,
  manifestTooLarge: (bytes: number, max: number) =>
    `The manifest is ${bytes} bytes; the limit is ${max} bytes. List the files, do not embed data in job.json.`,
  tooManyFiles: (count: number, max: number) =>
    `The job declares ${count} files; the limit is ${max}. Split it into several jobs.`,
  filesTooLarge: (paths: readonly string[], max: number) =>
    `${paths.map((path) => `"${path}"`).join(', ')} exceed${paths.length === 1 ? 's' : ''} the limit of ${max} bytes per file.`,
  filesMissing: (paths: readonly string[]) =>
    `Not uploaded yet: ${paths.map((path) => `"${path}"`).join(', ')}. Upload every file the manifest declares, then submit.`,
  jobNotFound: (jobId: string) => `No job "${jobId}".`,
  reportNotReady: (jobId: string, status: string) =>
    `Job "${jobId}" has no report: its status is "${status}"${status === 'failed' ? '' : '; try again when it is "done"'}.`,
  apiKeyRequired: () => 'A valid API key is required in the x-api-key header.',
  routeNotFound: (method: string, path: string) => `No ${method} ${path}; see GET /openapi.json.`,
  methodNotAllowed: (method: string, path: string, allowed: readonly string[]) =>
    `${path} does not accept ${method}; it accepts ${allowed.join(', ')}.`,
  internalError: (stage: string, reference: string) =>
    `An internal error stopped the ${stage} step; your uploaded files are kept. Quote reference ${reference} when asking for help.`,
  eventNotS3: (problems: readonly { field: string; expected: string }[]) =>
    `The event is not an S3 object-created notification: ${problems.map((problem) => `${problem.field || '(event)'}: ${problem.expected}`).join('; ')}.`,
  eventNotApiGateway: (problems: readonly { field: string; expected: string }[]) =>
    `The event is not an API Gateway proxy request: ${problems.map((problem) => `${problem.field || '(event)'}: ${problem.expected}`).join('; ')}.`,
  configInvalid: (problems: readonly { variable: string; expected: string }[]) =>
    `Configuration is incomplete: ${problems.map((problem) => `${problem.variable}: ${problem.expected}`).join('; ')}.`,

  // Reading: Neware (.nda, .ndax, BTS CSV exports)
  newareNotNda: (file: string) => `${file}: not a Neware .nda file (it does not start with "NEWARE").`,
  newareNoRecords: (file: string, what: string) => `${file}: no data records found (${what}).`,
  newareUnknownCurrentRange: (file: string, range: number, byteOffset: number) =>
    `${file}: the record at byte ${byteOffset} states current range ${range}, whose scale is not known; current and capacity cannot be read.`,
  newareNdaxEntryMissing: (file: string, entry: string, found: readonly string[]) =>
    `${file}: the .ndax archive has no "${entry}". Entries found: ${found.length ? found.map((name) => `"${name}"`).join(', ') : 'none'}.`,
  newareNdcTooShort: (file: string, entry: string, bytes: number) =>
    `${file}: "${entry}" holds ${bytes} bytes, less than one 4096-byte page: the archive entry is truncated.`,
  newareRecordsFilled: (filled: number, total: number, source: string) =>
    `${filled} of ${total} records have no time or capacity in ${source}; they were filled from the logging interval and the measured current (as Neware's own software does).`,
  newareAuxUnmatched: (entry: string) =>
    `Auxiliary file "${entry}" matches no channel in TestInfo.xml; its values are kept as an unnamed channel.`,
  unknownStepCode: (code: number) =>
    `Step type code ${code} is not a known Neware step type; its rows are "unknown".`,
  unknownStepName: (name: string) =>
    `Step type "${name}" is not a known Neware step type; its rows are "unknown".`,
  recordsReordered: () => 'Records were not in record-number order; they were sorted by record number.',
  newareCsvLayoutUnknown: (file: string, firstLine: string) =>
    `${file}: a Neware CSV export is expected, but the first line ("${firstLine}") names no cycle, step, voltage and current columns.`,
  newareCsvBadDuration: (file: string, line: number, column: string, text: string) =>
    `${file}, line ${line}, column "${column}": "${text}" is not a duration (expected h:mm:ss.ms or d-hh:mm:ss).`,
  newareCsvOrphanRecord: (file: string, line: number) =>
    `${file}, line ${line}: a record row comes before any cycle and step row of the nested export.`,
  newareXlsxNoHeader: (sheet: string, firstRow: string) =>
    `${sheet}: a Neware record sheet is expected to start with a header row, but its first row is "${firstRow}".`,
  newareXlsxDateAsDuration: (sheet: string, row: number, column: string, serial: number) =>
    `${sheet}, row ${row}, column "${column}": the cell holds ${serial} formatted as a calendar date, not as a duration (expected seconds, h:mm:ss.ms text, or a time format such as [h]:mm:ss).`,

  // Job analysis
  wrongFileKind: (path: string, field: string, declared: string, holds: string) =>
    `${path} (${field}) is declared as "${declared}" but holds ${holds}.`,
  extraCyclingFiles: (used: string, extra: number) =>
    `Only the first cycling file (${used}) was analysed; ${extra} more cycling file(s) of this cell were not.`,
  noCyclingFile: (cell: string) =>
    `Cell ${cell} has no cycling file: no capacities or Coulombic efficiencies.`,
  pressureWithoutCycling: (path: string) =>
    `${path}: a pressure log needs a cycling file of the same cell to align with.`,
  pressureNoOverlap: (path: string) =>
    `${path}: the pressure log does not overlap the cycling record in time.`,
  forceLogWithoutArea: (path: string) =>
    `${path}: the log holds force without an electrode area, so no pressure.`,
  eisStepFailed: (spectrum: string, step: string, reason: string) =>
    `${spectrum}: ${step} failed (${reason}).`,
  kramersKronigFailed: (spectrum: string, maxResidual: number, threshold: number) =>
    `${spectrum}: fails the Kramers–Kronig test (largest residual ${(maxResidual * 100).toFixed(2)} % of |Z|, limit ${(threshold * 100).toFixed(1)} %): the cell drifted or was not at steady state during the sweep; the fit is shown but should be read with care.`,
  fileMissing: (path: string, folder: string) => `a file at ${path} (relative to ${folder}); there is none`,
  parametersUndetermined: (spectrum: string, names: readonly string[]) =>
    `${spectrum}: ${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} not determined by the spectrum (standard error larger than the value); a simpler circuit may describe it as well.`,

  // Soft shorts and stack pressure
  softShortEvidenceName: (evidence: string) =>
    ({
      voltageReversal: 'voltage falls under constant charging current',
      dVdQSpike: 'dV/dQ spikes negative',
      incompleteCharge: 'charge passes well beyond earlier charges without reaching the cut-off',
      coulombicEfficiencyAbove100: 'Coulombic efficiency above 100 %',
      coulombicEfficiencyDrop: 'sudden drop in Coulombic efficiency',
      pressureFollows: 'stack pressure falls with the voltage',
    })[evidence] ?? evidence,
  softShortEvent: (
    cycle: number,
    start_s: number,
    end_s: number,
    stage: string | null,
    evidence: readonly string[],
    magnitude_mV: number | null,
    magnitude_MPa: number | null,
  ) =>
    `Cycle ${cycle}, ${(start_s / 3600).toFixed(2)}–${(end_s / 3600).toFixed(2)} h${stage === null ? '' : `, stage ${stage}`}: ${evidence.map((code) => message.softShortEvidenceName(code)).join('; ')}${magnitude_mV === null ? '' : ` (${magnitude_mV.toFixed(1)} mV${magnitude_MPa === null ? '' : `, ${magnitude_MPa.toFixed(3)} MPa`})`}.`,
  softShortFirstCycle: (cycle: number, cycles: readonly number[]) =>
    `Soft short from cycle ${cycle}: charge${cycles.length === 1 ? '' : 's'} of cycle${cycles.length === 1 ? '' : 's'} ${cycles.join(', ')} show${cycles.length === 1 ? 's' : ''} its signature (see softShorts).`,
  softShortIncompleteCharge: (cycle: number, capacity_mAh: number, reference_mAh: number) =>
    `Cycle ${cycle}: the charge passed ${capacity_mAh.toPrecision(4)} mAh, ${((capacity_mAh / reference_mAh - 1) * 100).toFixed(0)} % beyond the ${reference_mAh.toPrecision(4)} mAh of the earlier complete charges, without reaching its cut-off: it never completes.`,
  softShortStagesFromVoltage: () =>
    'Soft-short stages are told from the voltage alone (no stack-pressure log covers the charges), with lower confidence than from voltage and pressure together.',
} as const;
