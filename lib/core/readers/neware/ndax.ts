/**
 * Neware BTS 8+ `.ndax` files: a zip archive of ndc parts and XML descriptions.
 *
 * `data.ndc` holds the records. Older archives (ndc v2/v5) keep everything there; newer ones
 * (ndc v11–v17) keep only voltage and current, with time, capacity counters and clock in
 * `data_runInfo.ndc` and cycle / step / step type in `data_step.ndc`. Auxiliary channels are
 * `data_AUX_<channel>_<type>_<n>.ndc`, described by `TestInfo.xml`. Structure from NewareNDA
 * `NewareNDAx.py` and fastnda `ndax.py`.
 *
 * Run info does not hold a row for every record: BTS 8 writes it at step starts and from time to
 * time. Neware's own software fills the other records from the logging interval and the measured
 * current, and so does this reader, reporting how many records were filled (`missing_data_filled`).
 */
import { EmptyFileError, ReaderError } from '../../errors.ts';
import { IssueSink } from '../../issues.ts';
import { message } from '../../messages.ts';
import { type AuxChannel, type AuxQuantity, bdfLabel, type CanonicalSeries } from '../../series.ts';
import type { DetectionProbe, Reader, ReadOptions } from '../reader.ts';
import type { ByteSource } from '../source.ts';
import { latin1Slice } from '../text/decode.ts';
import { inflateEntryAsync, type RawInflater, readZipDirectory } from '../zip.ts';
import { rangeMultiplier } from './current-range.ts';
import {
  endsMidPage,
  forEachFullRecord,
  type NdcPart,
  type NdcRunInfo,
  type NdcStep,
  openNdc,
  readAux,
  readRunInfo,
  readSplitData,
  readSteps,
  requireSupported,
} from './ndc.ts';
import {
  allocateRecords,
  binaryColumn,
  type NewareRecords,
  orderByRecordIndex,
  recordsToSeries,
  StepCodeMapper,
  stepTimeToTestTime,
} from './records.ts';
import { isoFromUnixSeconds, isoFromWallClock } from './start-time.ts';

const DATA_ENTRY = 'data.ndc';
const RUN_INFO_ENTRY = 'data_runInfo.ndc';
const STEP_ENTRY = 'data_step.ndc';
const TEST_INFO_ENTRY = 'TestInfo.xml';
const AUX_ENTRY = /^data_AUX_(\d+)_(\d+)_(\d+)\.ndc$/;
const INSTRUMENT = 'Neware BTS';

export const newareNdaxReader: Reader = {
  format: 'neware-ndax',
  description: 'Neware BTS archive (.ndax)',
  detect(probe: DetectionProbe): number {
    if (!probe.headText.startsWith('PK\u0003\u0004')) return 0;
    if (probe.headText.includes(DATA_ENTRY)) return 0.97;
    return /VersionInfo\.xml|TestInfo\.xml|data_\w+\.ndc/.test(probe.headText) ? 0.9 : 0;
  },
  async read(source: ByteSource, options: ReadOptions): Promise<CanonicalSeries> {
    return readNdax(source.name, await source.bytes(), options.inflateRaw);
  },
};

/** Reads a whole `.ndax` archive held in memory; `inflateRaw` inflates its parts. */
export async function readNdax(
  file: string,
  bytes: Uint8Array,
  inflateRaw?: RawInflater,
): Promise<CanonicalSeries> {
  const entries = await unzipEntries(file, bytes, inflateRaw);
  const data = entries.get(DATA_ENTRY);
  if (data === undefined) throw missingEntry(file, DATA_ENTRY, entries);
  const issues = new IssueSink();
  const dataPart = openNdc(file, DATA_ENTRY, data);
  requireSupported(file, dataPart);
  reportCutPart(file, dataPart, issues);
  const steps = new StepCodeMapper(file, issues);
  const merged =
    dataPart.version === 2 || dataPart.version === 5
      ? fullRecords(file, dataPart, steps)
      : splitRecords(file, dataPart, entries, steps, issues);
  const ordered = orderByRecordIndex(merged.records, file, issues);
  const firstStep_s = ordered.time_s[0] ?? 0;
  stepTimeToTestTime(
    ordered,
    merged.stepNumber && ordered === merged.records ? merged.stepNumber : undefined,
  );
  const startTime = merged.startTime(firstStep_s);
  if (startTime !== null && !merged.zoneKnown) {
    issues.add({
      code: 'time_zone_unknown',
      severity: 'info',
      message: message.timeZoneUnknown(),
      location: { file, column: 'date' },
    });
  }
  const aux = auxChannels(file, entries, ordered, issues);
  return recordsToSeries(ordered, {
    file,
    format: 'neware-ndax',
    formatVersion: `ndax (ndc v${dataPart.version})`,
    instrument: INSTRUMENT,
    bytes: bytes.length,
    columns: merged.columns,
    startTime,
    startTimeZoneKnown: merged.zoneKnown,
    aux: aux.channels,
    issues,
  });
}

interface MergedRecords {
  records: NewareRecords;
  /** Count of steps, when the format states step changes explicitly (split layout). */
  stepNumber: Int32Array | null;
  startTime: (firstStep_s: number) => string | null;
  zoneKnown: boolean;
  columns: ReturnType<typeof binaryColumn>[];
}

/** ndc v2/v5: every field in `data.ndc`, integers scaled by the record's current range. */
function fullRecords(file: string, part: NdcPart, steps: StepCodeMapper): MergedRecords {
  const records = allocateRecords(part.bytes.length / 87, true);
  const cycleIndex = records.cycleIndex!;
  let firstDate: [number, number, number, number, number, number] | null = null;
  forEachFullRecord(part, (record) => {
    const multiplier = rangeMultiplier(record.range);
    if (multiplier === null) {
      throw new ReaderError(message.newareUnknownCurrentRange(file, record.range, record.offset + 75), {
        location: { file, column: DATA_ENTRY, byteOffset: record.offset + 75 },
        expected: 'a current range listed by Neware (±1 … ±200000)',
      });
    }
    const row = records.rows++;
    records.recordIndex[row] = record.index;
    cycleIndex[row] = record.cycle + 1;
    records.stepIndex[row] = record.stepIndex;
    records.stepType[row] = steps.stepType(record.stepCode);
    records.time_s[row] = record.stepTime_ms * 1e-3;
    records.voltage_V[row] = record.voltage * 1e-4;
    records.current_A[row] = record.current * multiplier * 1e-3;
    records.chargeCapacity_Ah[row] = (record.chargeCapacity * multiplier) / 3.6e6;
    records.dischargeCapacity_Ah[row] = (record.dischargeCapacity * multiplier) / 3.6e6;
    firstDate ??= record.dateParts;
  });
  requireRows(file, records.rows, DATA_ENTRY);
  return {
    records,
    stepNumber: null,
    startTime: (firstStep_s) => (firstDate ? isoFromWallClock(...firstDate, firstStep_s) : null),
    zoneKnown: false,
    columns: [
      binaryColumn(`${DATA_ENTRY}: Time (step, ms)`, 'time_s', bdfLabel.time_s, 1e-3),
      binaryColumn(`${DATA_ENTRY}: Voltage (0.1 mV)`, 'voltage_V', bdfLabel.voltage_V, 1e-4),
      binaryColumn(`${DATA_ENTRY}: Current (range-scaled)`, 'current_A', bdfLabel.current_A, 1e-3),
      binaryColumn(
        `${DATA_ENTRY}: Charge_Capacity`,
        'chargeCapacity_Ah',
        bdfLabel.chargeCapacity_Ah,
        1 / 3.6e6,
      ),
      binaryColumn(
        `${DATA_ENTRY}: Discharge_Capacity`,
        'dischargeCapacity_Ah',
        bdfLabel.dischargeCapacity_Ah,
        1 / 3.6e6,
      ),
      binaryColumn(`${DATA_ENTRY}: Cycle (0-based)`, 'cycleIndex', bdfLabel.cycleIndex, 1),
      binaryColumn(`${DATA_ENTRY}: Step`, 'stepIndex', bdfLabel.stepIndex, 1),
      binaryColumn(`${DATA_ENTRY}: Status`, 'stepType', null, 1),
    ],
  };
}

/**
 * ndc v11–v17: voltage and current from `data.ndc`, joined by record index with run info, whose
 * step counter indexes `data_step.ndc`. A record without run info continues from the last one
 * that has it: step time + k × logging interval, capacity + Σ current × interval (fastnda
 * `_data_interpolation`).
 */
function splitRecords(
  file: string,
  dataPart: NdcPart,
  entries: Map<string, Uint8Array>,
  steps: StepCodeMapper,
  issues: IssueSink,
): MergedRecords {
  const data = readSplitData(dataPart);
  requireRows(file, data.rows, DATA_ENTRY);
  const runInfoBytes = entries.get(RUN_INFO_ENTRY);
  if (runInfoBytes === undefined) throw missingEntry(file, RUN_INFO_ENTRY, entries);
  const runInfoPart = openNdc(file, RUN_INFO_ENTRY, runInfoBytes);
  requireSupported(file, runInfoPart);
  reportCutPart(file, runInfoPart, issues);
  const runInfo = readRunInfo(runInfoPart);
  const stepBytes = entries.get(STEP_ENTRY);
  let stepList: NdcStep[] | null = null;
  if (stepBytes !== undefined) {
    const stepPart = openNdc(file, STEP_ENTRY, stepBytes);
    requireSupported(file, stepPart);
    stepList = readSteps(stepPart);
  }

  const rowOfRecord = firstRowByRecordIndex(runInfo, data.index[data.rows - 1]!);
  const records = allocateRecords(data.rows, stepList !== null);
  const stepNumber = new Int32Array(data.rows);
  const unix_s = new Float64Array(data.rows);
  let known = -1;
  let sinceKnown_s = 0;
  let chargeSinceKnown_Ah = 0;
  let filled = 0;
  for (let row = 0; row < data.rows; row++) {
    const index = data.index[row]!;
    const current_A = data.current_A[row]!;
    const info = index < rowOfRecord.length ? rowOfRecord[index]! : -1;
    records.recordIndex[row] = index;
    records.voltage_V[row] = data.voltage_V[row]!;
    records.current_A[row] = current_A;
    if (info >= 0) {
      known = info;
      sinceKnown_s = 0;
      chargeSinceKnown_Ah = 0;
    } else {
      filled++;
      const interval_s = known >= 0 ? runInfo.interval_s[known]! : 0;
      sinceKnown_s += interval_s;
      chargeSinceKnown_Ah += (interval_s * current_A) / 3600;
    }
    const base = known;
    records.time_s[row] = (base >= 0 ? runInfo.stepTime_s[base]! : 0) + sinceKnown_s;
    records.chargeCapacity_Ah[row] =
      (base >= 0 ? runInfo.chargeCapacity_Ah[base]! : 0) + Math.max(chargeSinceKnown_Ah, 0);
    records.dischargeCapacity_Ah[row] =
      (base >= 0 ? runInfo.dischargeCapacity_Ah[base]! : 0) - Math.min(chargeSinceKnown_Ah, 0);
    unix_s[row] = (base >= 0 ? runInfo.unix_s[base]! : Number.NaN) + sinceKnown_s;
    const number = base >= 0 ? runInfo.stepNumber[base]! : 1;
    stepNumber[row] = number;
    const step = stepList?.[number - 1];
    records.stepIndex[row] = step?.stepIndex ?? number;
    records.stepType[row] = step ? steps.stepType(step.stepCode) : 0;
    if (records.cycleIndex) records.cycleIndex[row] = step?.cycle ?? 0;
  }
  records.rows = data.rows;
  if (filled > 0) {
    issues.add({
      code: 'missing_data_filled',
      severity: 'warning',
      message: message.newareRecordsFilled(filled, data.rows, RUN_INFO_ENTRY),
      location: { file, column: RUN_INFO_ENTRY },
      count: filled,
    });
  }
  const siUnits = dataPart.version === 14 || dataPart.version === 17;
  const firstUnix_s = unix_s.find((value) => Number.isFinite(value)) ?? Number.NaN;
  const firstUnixRow = unix_s.indexOf(firstUnix_s);
  return {
    records,
    stepNumber,
    // The clock of the first row that has one, taken back to time 0.
    startTime: () =>
      firstUnixRow < 0 ? null : isoFromUnixSeconds(firstUnix_s - (records.time_s[firstUnixRow] ?? 0)),
    zoneKnown: true,
    columns: [
      binaryColumn(`${RUN_INFO_ENTRY}: step time (ms)`, 'time_s', bdfLabel.time_s, 1e-3),
      binaryColumn(`${DATA_ENTRY}: voltage (f32)`, 'voltage_V', bdfLabel.voltage_V, siUnits ? 1 : 1e-4),
      binaryColumn(`${DATA_ENTRY}: current (f32)`, 'current_A', bdfLabel.current_A, siUnits ? 1 : 1e-3),
      binaryColumn(`${RUN_INFO_ENTRY}: charge capacity`, 'chargeCapacity_Ah', bdfLabel.chargeCapacity_Ah, 1),
      binaryColumn(
        `${RUN_INFO_ENTRY}: discharge capacity`,
        'dischargeCapacity_Ah',
        bdfLabel.dischargeCapacity_Ah,
        1,
      ),
      binaryColumn(`${STEP_ENTRY}: cycle (0-based)`, 'cycleIndex', bdfLabel.cycleIndex, 1),
      binaryColumn(`${STEP_ENTRY}: step index`, 'stepIndex', bdfLabel.stepIndex, 1),
      binaryColumn(`${STEP_ENTRY}: step type`, 'stepType', null, 1),
    ],
  };
}

/** Row of the first run-info entry of each record index (later repeats are ignored, as fastnda does). */
function firstRowByRecordIndex(runInfo: NdcRunInfo, maxIndex: number): Int32Array {
  const rowOf = new Int32Array(maxIndex + 1).fill(-1);
  for (let row = 0; row < runInfo.rows; row++) {
    const index = runInfo.recordIndex[row]!;
    if (index <= maxIndex && rowOf[index] === -1) rowOf[index] = row;
  }
  return rowOf;
}

interface TestInfoAux {
  auxId: number;
  realChannel: number;
  channelType: number;
}

/**
 * Auxiliary channels. `data_AUX_<channel>_<type>_<n>.ndc` is matched to the `<AuxN>` element of
 * TestInfo.xml with `RealChlID` = channel and `ChlType` = type + 100 (103 temperature, 102
 * voltage, as the real files pair them). Values are joined to records by record index.
 */
function auxChannels(
  file: string,
  entries: Map<string, Uint8Array>,
  records: NewareRecords,
  issues: IssueSink,
): { channels: AuxChannel[] } {
  const auxEntries = [...entries.keys()]
    .map((entry) => ({ entry, match: AUX_ENTRY.exec(entry) }))
    .filter((item): item is { entry: string; match: RegExpExecArray } => item.match !== null)
    .sort((a, b) => compareNumbers(a.match, b.match));
  if (auxEntries.length === 0) return { channels: [] };
  const described = testInfoAux(entries.get(TEST_INFO_ENTRY));
  const rowOf = rowByRecordIndex(records);
  const channels: AuxChannel[] = [];
  for (const { entry, match } of auxEntries) {
    const part = openNdc(file, entry, entries.get(entry)!);
    try {
      requireSupported(file, part);
    } catch (error) {
      issues.add({
        code: 'other',
        severity: 'warning',
        message: (error as Error).message,
        location: { file, column: entry },
      });
      continue;
    }
    const realChannel = Number(match[1]);
    const channelType = Number(match[2]) + 100;
    const info = described.find((aux) => aux.realChannel === realChannel && aux.channelType === channelType);
    if (info === undefined) {
      issues.add({
        code: 'other',
        severity: 'info',
        message: message.newareAuxUnmatched(entry),
        location: { file, column: entry },
      });
    }
    const aux = readAux(part);
    for (const { quantity, values } of aux.values) {
      const resolved =
        quantity === 'unnamed' ? quantityOfChannelType(info?.channelType ?? channelType) : quantity;
      const column = new Float64Array(records.rows).fill(Number.NaN);
      for (let k = 0; k < values.length; k++) {
        const index = aux.recordIndex[k]!;
        const row = index < rowOf.length ? rowOf[index]! : -1;
        if (row >= 0) column[row] = values[k]!;
      }
      channels.push({
        name: auxName(resolved, info?.auxId ?? realChannel, channelType),
        quantity: resolved,
        values: column,
      });
    }
  }
  return { channels };
}

/** Row of each record index (-1 where no row has it). */
function rowByRecordIndex(records: NewareRecords): Int32Array {
  let maxIndex = 0;
  for (let row = 0; row < records.rows; row++) maxIndex = Math.max(maxIndex, records.recordIndex[row]!);
  const rowOf = new Int32Array(maxIndex + 1).fill(-1);
  for (let row = 0; row < records.rows; row++) rowOf[records.recordIndex[row]!] = row;
  return rowOf;
}

function quantityOfChannelType(channelType: number): AuxQuantity {
  if (channelType === 103) return 'temperature';
  if (channelType === 102) return 'voltage';
  return 'other';
}

function auxName(quantity: AuxQuantity, auxId: number, channelType: number): string {
  if (quantity === 'temperature') return `T${auxId}`;
  if (quantity === 'voltage') return `V${auxId}`;
  return `Aux${channelType}_${auxId}`;
}

/** `<AuxN AuxID=".." RealChlID=".." ChlType=".."/>` elements of TestInfo.xml (ASCII attributes). */
function testInfoAux(bytes: Uint8Array | undefined): TestInfoAux[] {
  if (bytes === undefined) return [];
  const text = latin1Slice(bytes, 0, bytes.length);
  const found: TestInfoAux[] = [];
  for (const element of text.matchAll(/<Aux\d+\b([^>]*)>/g)) {
    const attribute = (name: string) =>
      Number(new RegExp(`\\b${name}="(-?\\d+)"`).exec(element[1]!)?.[1] ?? Number.NaN);
    found.push({
      auxId: attribute('AuxID'),
      realChannel: attribute('RealChlID'),
      channelType: attribute('ChlType'),
    });
  }
  return found;
}

function compareNumbers(a: RegExpExecArray, b: RegExpExecArray): number {
  for (let k = 1; k <= 3; k++) {
    const difference = Number(a[k]) - Number(b[k]);
    if (difference !== 0) return difference;
  }
  return 0;
}

async function unzipEntries(
  file: string,
  bytes: Uint8Array,
  inflateRaw: RawInflater | undefined,
): Promise<Map<string, Uint8Array>> {
  if (bytes.length === 0) {
    throw new EmptyFileError(message.emptyFile(file), {
      location: { file },
      expected: 'a Neware .ndax archive',
    });
  }
  const wanted = [...readZipDirectory(bytes, file).values()].filter((entry) =>
    /\.(ndc|xml)$/i.test(entry.name),
  );
  const contents = await Promise.all(
    wanted.map((entry) => inflateEntryAsync(bytes, entry, file, inflateRaw)),
  );
  return new Map(wanted.map((entry, k) => [entry.name, contents[k]!]));
}

function missingEntry(file: string, entry: string, entries: Map<string, Uint8Array>): ReaderError {
  return new ReaderError(message.newareNdaxEntryMissing(file, entry, [...entries.keys()]), {
    location: { file, column: entry },
    expected: `an archive entry "${entry}"`,
  });
}

function reportCutPart(file: string, part: NdcPart, issues: IssueSink): void {
  if (endsMidPage(part)) {
    issues.add({
      code: 'truncated_record',
      severity: 'warning',
      message: message.truncatedRecords(1),
      location: { file, column: part.entry, byteOffset: part.bytes.length },
    });
  }
}

function requireRows(file: string, rows: number, entry: string): void {
  if (rows === 0) {
    throw new EmptyFileError(message.newareNoRecords(file, `${entry} holds no data rows`), {
      location: { file, column: entry },
      expected: 'data records',
    });
  }
}
