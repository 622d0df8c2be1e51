/**
 * Battery Data Format csv (`bdf-csv`): a comma-separated table whose header uses BDF labels
 * (`Test Time / s`, `Voltage / V`, `Current / A`, `Unix Time / s`, `Cycle Count / 1` …) or BDF
 * machine names (`test_time_second`, `voltage_volt`, `current_ampere` …). BDF's sign convention
 * is ours (charge positive). `Unix Time / s` gives the start time in UTC.
 *
 * Columns that are not BDF quantities but carry a unit we know (`hoop strain / 1`,
 * `Clamp Force / N`) are kept as aux channels, which lets `writeBdfCsv` round-trip them.
 */
import { MissingColumnError, ReaderError } from '../../errors.ts';
import { IssueSink } from '../../issues.ts';
import { message } from '../../messages.ts';
import {
  type AuxChannel,
  type AuxQuantity,
  bdfLabel,
  type CanonicalSeries,
  type ColumnMapping,
  emptySeries,
} from '../../series.ts';
import type { Quantity } from '../../units.ts';
import { headLines, splitFields, type TableDialect } from '../delimited/dialect.ts';
import { firstFinite, toInt32 } from '../delimited/fields.ts';
import { type ColumnPlan, scanTable } from '../delimited/table.ts';
import { formatWallClock } from '../delimited/wallclock.ts';
import type { DetectionProbe, Reader } from '../reader.ts';
import type { ByteSource } from '../source.ts';
import { decimalByte } from '../text/numbers.ts';
import { enforceNonDecreasingTime } from '../time.ts';
import { type BdfColumn, type BdfTarget, parseBdfHeader } from './labels.ts';

export { writeBdfCsv } from './write.ts';

export const FORMAT = 'bdf-csv';
const COMMA = 44;

export const bdfReader: Reader = {
  format: FORMAT,
  description: 'Battery Data Format csv (BDF)',
  detect: detectBdf,
  read: (source) => readBdf(source),
};

function headerOf(head: Uint8Array): string[] | null {
  const first = headLines(head, true)[0];
  if (first === undefined) return null;
  return splitFields(first.text, COMMA);
}

/** Recognised when the first line names time plus voltage or current in BDF words, with units. */
function detectBdf(probe: DetectionProbe): number {
  const header = headerOf(probe.head);
  if (header === null) return 0;
  const targets = new Set(
    header
      .map((field) => parseBdfHeader(field))
      .filter((c) => c.unit !== null)
      .map((c) => c.target),
  );
  const hasTime = targets.has('time_s') || targets.has('unixTime_s');
  return hasTime && (targets.has('voltage_V') || targets.has('current_A')) ? 0.95 : 0;
}

const AUX_QUANTITY: Partial<Record<Quantity, AuxQuantity>> = {
  pressure: 'pressure',
  force: 'force',
  temperature: 'temperature',
  voltage: 'voltage',
};

async function readBdf(source: ByteSource): Promise<CanonicalSeries> {
  const file = source.name;
  const issues = new IssueSink();
  const head = await source.head();
  const lines = headLines(head, true);
  const header = headerOf(head);
  if (header === null || lines.length === 0) {
    throw new ReaderError(message.headerNotFound(file, 'a BDF header line'), { location: { file, line: 1 } });
  }
  const dialect: TableDialect = {
    encoding: 'utf-8',
    delimiter: COMMA,
    decimal: decimalByte('.'),
    headerIndex: 0,
    header,
    dataOffset: lines[0]!.next,
    firstDataLine: 2,
    preamble: [],
  };
  const plans: ColumnPlan[] = [];
  const mappings: ColumnMapping[] = [];
  const chosen = new Map<BdfTarget, string>();
  const aux: { key: string; column: BdfColumn; quantity: AuxQuantity }[] = [];
  header.forEach((field, index) => {
    const column = parseBdfHeader(field);
    const scale = column.unit?.scale ?? 1;
    const key = `c${index}`;
    if (column.target !== null && !column.target.startsWith('aux:') && !chosen.has(column.target)) {
      chosen.set(column.target, key);
      plans.push({ kind: 'number', index, key, header: field, scale, required: column.target === 'time_s' });
      mappings.push({
        source: field,
        target: column.target,
        bdfLabel: field,
        sourceUnit: column.unitText,
        scale,
      });
      return;
    }
    const quantity: AuxQuantity | undefined =
      column.target === 'aux:pressure'
        ? 'pressure'
        : column.target === 'aux:temperature'
          ? 'temperature'
          : column.unit?.quantity === 'dimensionless'
            ? /strain/i.test(column.name)
              ? 'strain'
              : 'other'
            : AUX_QUANTITY[column.unit?.quantity ?? 'angle'];
    if (quantity === undefined || column.unit === null) return;
    plans.push({ kind: 'number', index, key, header: field, scale, required: false });
    mappings.push({
      source: field,
      target: `aux:${column.name}`,
      bdfLabel: column.target ? field : null,
      sourceUnit: column.unitText,
      scale,
    });
    aux.push({ key, column, quantity });
  });
  if (!chosen.has('time_s') && !chosen.has('unixTime_s')) {
    throw new MissingColumnError(message.missingColumn(file, 'time', header), {
      location: { file, line: 1 },
      expected: `a "${bdfLabel.time_s}" or "${bdfLabel.unixTime_s}" column`,
    });
  }
  const table = await scanTable(source, dialect, plans, issues);
  if (table.rows === 0) throw new ReaderError(message.emptyFile(file), { location: { file } });
  const get = (target: BdfTarget): Float64Array | null => {
    const key = chosen.get(target);
    return key === undefined ? null : table.numbers.get(key)!;
  };
  const series = emptySeries({
    file,
    format: FORMAT,
    formatVersion: null,
    instrument: null,
    columns: mappings,
    bytes: source.size ?? 0,
  });
  series.rows = table.rows;
  const unix = get('unixTime_s');
  const time = get('time_s');
  if (time !== null) {
    series.time_s = time;
  } else {
    const start = firstFinite(unix!)?.value ?? 0;
    series.time_s = unix!.map((value) => value - start);
  }
  if (unix !== null) {
    const first = firstFinite(unix);
    if (first !== null) {
      series.startTime = formatWallClock({
        ms: (first.value - series.time_s[first.row]!) * 1000,
        offsetMinutes: 0,
      });
      series.startTimeZoneKnown = true;
    }
  }
  enforceNonDecreasingTime(series.time_s, file, issues);
  series.voltage_V = get('voltage_V');
  series.current_A = get('current_A');
  const cycle = get('cycleIndex');
  series.cycleIndex = cycle ? toInt32(cycle) : null;
  const step = get('stepIndex');
  series.stepIndex = step ? toInt32(step) : null;
  series.temperature_C = get('temperature_C');
  series.chargeCapacity_Ah = get('chargeCapacity_Ah');
  series.dischargeCapacity_Ah = get('dischargeCapacity_Ah');
  series.aux = aux.map(
    ({ key, column, quantity }): AuxChannel => ({
      name: column.name,
      quantity,
      values: table.numbers.get(key)!,
    }),
  );
  series.issues = issues.list();
  return series;
}
