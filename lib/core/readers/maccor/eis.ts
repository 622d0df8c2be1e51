/**
 * Maccor AC impedance exports (`*.EDA0001.041`: `MACCOR, INC.    AC Impedance Test`): ten
 * preamble lines (the start date and time on line 7), a tab-separated header `Freq(Hz)
 * Polar(V) time(sec) Z'(a) Z''(b) Phase_Angle …` and one line per frequency. Z'' is written
 * with its sign (negative for a capacitive arc), so Z = Z' + j·Z''. The export states no
 * impedance unit: ohms are assumed (its magnitudes and phase agree with Z-Mag), with an issue.
 */
import { ReaderError } from '../../errors.ts';
import { IssueSink } from '../../issues.ts';
import { message } from '../../messages.ts';
import { type CanonicalSeries, type ColumnMapping, emptySeries, StepType } from '../../series.ts';
import { headLines, type TableDialect } from '../delimited/dialect.ts';
import { type ColumnPlan, scanTable } from '../delimited/table.ts';
import { formatWallClock, parseWallClock } from '../delimited/wallclock.ts';
import type { ByteSource } from '../source.ts';
import { decimalByte } from '../text/numbers.ts';

export const EIS_SIGNATURE = 'AC Impedance Test';

const COLUMNS: Record<string, { key: string; target: string; required: boolean }> = {
  'Freq(Hz)': { key: 'frequency', target: 'impedance.frequency_Hz', required: true },
  'time(sec)': { key: 'time', target: 'time_s', required: false },
  "Z'(a)": { key: 'zReal', target: 'impedance.zReal_Ohm', required: true },
  "Z''(b)": { key: 'zImag', target: 'impedance.zImag_Ohm', required: true },
  'V-DC': { key: 'voltage', target: 'voltage_V', required: false },
};

export async function readMaccorEis(source: ByteSource, format: string): Promise<CanonicalSeries> {
  const file = source.name;
  const issues = new IssueSink();
  const head = await source.head();
  const lines = headLines(head, true, 'latin1');
  const headerIndex = lines.findIndex((line) => line.text.startsWith('Freq(Hz)'));
  if (headerIndex < 0) {
    throw new ReaderError(message.headerNotFound(file, 'a "Freq(Hz)" header line'), {
      location: { file },
      expected: 'a Maccor impedance export with a "Freq(Hz)" header line',
    });
  }
  const header = lines[headerIndex]!.text.split('\t').map((field) => field.trim());
  const plans: ColumnPlan[] = [];
  const mappings: ColumnMapping[] = [];
  header.forEach((name, index) => {
    const column = COLUMNS[name];
    if (column === undefined) return;
    plans.push({ kind: 'number', index, key: column.key, header: name, scale: 1, required: column.required });
    mappings.push({ source: name, target: column.target, bdfLabel: null, sourceUnit: null, scale: 1 });
  });
  const dialect: TableDialect = {
    encoding: 'latin1',
    delimiter: 9,
    decimal: decimalByte('.'),
    headerIndex,
    header,
    dataOffset: lines[headerIndex]!.next,
    firstDataLine: headerIndex + 2,
    preamble: lines.slice(0, headerIndex).map((line) => line.text),
  };
  const table = await scanTable(source, dialect, plans, issues);
  const frequency = table.numbers.get('frequency');
  const zReal = table.numbers.get('zReal');
  const zImag = table.numbers.get('zImag');
  if (table.rows === 0 || !frequency || !zReal || !zImag) {
    throw new ReaderError(message.emptyFile(file), {
      location: { file },
      expected: 'frequency and Z columns with data',
    });
  }
  issues.add({
    code: 'unit_guessed',
    severity: 'info',
    message: message.unitGuessed("Z'(a)", 'Ohm', 'the Maccor impedance export states no unit'),
    location: { file, column: "Z'(a)" },
  });
  const series = emptySeries({
    file,
    format,
    formatVersion: null,
    instrument: 'Maccor',
    columns: mappings,
    bytes: source.size ?? 0,
  });
  series.rows = table.rows;
  series.time_s = table.numbers.get('time') ?? new Float64Array(table.rows);
  series.voltage_V = table.numbers.get('voltage') ?? null;
  series.impedance = { frequency_Hz: frequency, zReal_Ohm: zReal, zImag_Ohm: zImag };
  series.stepType = new Uint8Array(table.rows).fill(StepType.impedance);
  const start = startOf(dialect.preamble);
  if (start !== null) series.startTime = formatWallClock(start);
  if (start !== null) {
    issues.add({
      code: 'time_zone_unknown',
      severity: 'info',
      message: message.timeZoneUnknown(),
      location: { file },
    });
  }
  series.issues = issues.list();
  return series;
}

/** `Start Date:  Wednesday, November 2, 2016 Start Time:   15:58` → wall clock. */
function startOf(preamble: readonly string[]): ReturnType<typeof parseWallClock> {
  for (const line of preamble) {
    const match = /Start Date:\s*(.+?)\s+Start Time:\s*(\S+)/.exec(line);
    if (match) return parseWallClock(`${match[1]} ${match[2]}`);
  }
  return null;
}
