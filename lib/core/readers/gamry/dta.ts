/**
 * Gamry Framework `.DTA` impedance files (EISPOT, EISGALV): an `EXPLAIN` header of
 * `KEY<TAB>TYPE<TAB>VALUE…` lines, then tables. The spectrum is the `ZCURVE<TAB>TABLE` block: a
 * line of column names (`Pt Time Freq Zreal Zimag Zsig Zmod Zphz Idc Vdc …`), a line of units,
 * then indented data rows until the first line that is not indented. Zimag is the imaginary part
 * itself (negative for a capacitive arc); Idc is positive for anodic (oxidation) current.
 *
 * Variants handled: decimal-comma exports (European Windows settings), rows separated by spaces
 * instead of tabs (hand-edited files), and aborted experiments (`EXPERIMENTABORTED … T`), whose
 * table holds only the points measured before the abort.
 */
import { EmptyFileError, MissingColumnError } from '../../errors.ts';
import { IssueSink } from '../../issues.ts';
import { message } from '../../messages.ts';
import type { CanonicalSeries } from '../../series.ts';
import {
  forEachLine,
  type ImpedanceTable,
  impedanceSeries,
  lineText,
  localDateTime,
  numericFields,
} from '../impedance-text/table.ts';
import type { DetectionProbe, Reader } from '../reader.ts';
import type { ByteSource } from '../source.ts';

const TAB = 9;
const SPACE = 32;
const DOT = 46;
const COMMA = 44;

export const gamryDtaReader: Reader = {
  format: 'gamry-dta',
  description: 'Gamry Framework impedance file (.DTA, ZCURVE table)',
  detect(probe: DetectionProbe): number {
    if (!probe.headText.startsWith('EXPLAIN')) return 0;
    if (probe.headText.includes('ZCURVE\tTABLE') || /\nTAG\tEIS(POT|GALV)/.test(probe.headText)) return 0.95;
    return 0;
  },
  read: readGamryDta,
};

async function readGamryDta(source: ByteSource): Promise<CanonicalSeries> {
  const bytes = await source.bytes();
  const file = source.name;
  const issues = new IssueSink();
  const header = new Map<string, string[]>();
  let tableLine = -1;
  let tableStart = -1;
  forEachLine(bytes, 0, (start, end, line) => {
    if (bytes[start] === TAB || bytes[start] === SPACE) return true;
    const fields = lineText(bytes, start, end).split('\t');
    if (fields[0] === 'ZCURVE' && fields[1] === 'TABLE') {
      tableLine = line;
      tableStart = end;
      return false;
    }
    if (fields.length >= 3 && !header.has(fields[0]!)) header.set(fields[0]!, fields.slice(1));
    return true;
  });
  if (tableStart < 0) {
    throw new MissingColumnError(message.eisTableMissing(file, 'ZCURVE'), {
      location: { file },
      expected: 'a ZCURVE TABLE block',
    });
  }

  let names: string[] = [];
  let decimal = DOT;
  const table: Required<ImpedanceTable> = {
    frequency_Hz: [],
    zReal_Ohm: [],
    zImag_Ohm: [],
    time_s: [],
    voltage_V: [],
    current_A: [],
  };
  let columns: Record<'time' | 'frequency' | 'real' | 'imag' | 'current' | 'voltage', number> | null = null;
  const values: number[] = [];
  let aborted = false;
  forEachLine(
    bytes,
    tableStart + 1,
    (start, end, line) => {
      if (start === end) return true;
      const indented = bytes[start] === TAB || bytes[start] === SPACE;
      if (!indented) {
        const key = lineText(bytes, start, Math.min(end, start + 40));
        aborted ||= key.startsWith('EXPERIMENTABORTED') && /\tT(\t|$)/.test(lineText(bytes, start, end));
        return columns === null;
      }
      if (line === tableLine + 1) {
        names = lineText(bytes, start, end).trim().split(/\s+/);
        columns = locateColumns(names, file);
        return true;
      }
      if (line === tableLine + 2 || columns === null) return true;
      if (table.frequency_Hz.length === 0) decimal = detectDecimal(bytes, start, end);
      const count = numericFields(bytes, start, end, decimal, values);
      if (count <= Math.max(columns.frequency, columns.real, columns.imag)) {
        issues.add({
          code: 'truncated_record',
          severity: 'warning',
          message: message.truncatedLastLine(line),
          location: { file, line },
        });
        return false;
      }
      table.frequency_Hz.push(values[columns.frequency]!);
      table.zReal_Ohm.push(values[columns.real]!);
      table.zImag_Ohm.push(values[columns.imag]!);
      table.time_s.push(columns.time >= 0 ? values[columns.time]! : 0);
      table.voltage_V.push(columns.voltage >= 0 ? values[columns.voltage]! : Number.NaN);
      table.current_A.push(columns.current >= 0 ? values[columns.current]! : Number.NaN);
      return true;
    },
    tableLine + 1,
  );
  if (table.frequency_Hz.length === 0) {
    throw new EmptyFileError(message.emptyFile(file), {
      location: { file, line: tableLine },
      expected: 'ZCURVE rows',
    });
  }
  if (decimal === COMMA) {
    issues.add({
      code: 'decimal_comma',
      severity: 'info',
      message: message.decimalComma(),
      location: { file },
    });
  }
  if (aborted) {
    issues.add({
      code: 'truncated_record',
      severity: 'warning',
      message: message.eisExperimentAborted(table.frequency_Hz.length),
      location: { file },
    });
  }
  const found = columns as unknown as Record<string, number>;
  const startTime = localDateTime(header.get('DATE')?.[1] ?? '', header.get('TIME')?.[1] ?? '');
  return impedanceSeries(
    {
      file,
      format: 'gamry-dta',
      formatVersion: header.get('FRAMEWORKVERSION')?.[1] ?? null,
      instrument: header.get('PSTAT')?.[1] ? `Gamry ${header.get('PSTAT')![1]}` : 'Gamry',
      columns: [
        { source: 'Freq', target: 'impedance.frequency_Hz', bdfLabel: null, sourceUnit: 'Hz', scale: 1 },
        { source: 'Zreal', target: 'impedance.zReal_Ohm', bdfLabel: null, sourceUnit: 'ohm', scale: 1 },
        { source: 'Zimag', target: 'impedance.zImag_Ohm', bdfLabel: null, sourceUnit: 'ohm', scale: 1 },
        ...(found['time']! >= 0
          ? [{ source: 'Time', target: 'time_s', bdfLabel: 'Test Time / s', sourceUnit: 's', scale: 1 }]
          : []),
        ...(found['voltage']! >= 0
          ? [{ source: 'Vdc', target: 'voltage_V', bdfLabel: 'Voltage / V', sourceUnit: 'V', scale: 1 }]
          : []),
        ...(found['current']! >= 0
          ? [{ source: 'Idc', target: 'current_A', bdfLabel: 'Current / A', sourceUnit: 'A', scale: 1 }]
          : []),
      ],
      bytes: bytes.byteLength,
    },
    {
      frequency_Hz: table.frequency_Hz,
      zReal_Ohm: table.zReal_Ohm,
      zImag_Ohm: table.zImag_Ohm,
      time_s: table.time_s,
      voltage_V: found['voltage']! >= 0 ? table.voltage_V : undefined,
      current_A: found['current']! >= 0 ? table.current_A : undefined,
    },
    { startTime, zoneKnown: false },
    issues,
  );
}

function locateColumns(names: string[], file: string) {
  const index = (name: string) => names.indexOf(name);
  const columns = {
    time: index('Time'),
    frequency: index('Freq'),
    real: index('Zreal'),
    imag: index('Zimag'),
    current: index('Idc'),
    voltage: index('Vdc'),
  };
  for (const [key, name] of [
    ['frequency', 'Freq'],
    ['real', 'Zreal'],
    ['imag', 'Zimag'],
  ] as const) {
    if (columns[key] < 0) {
      throw new MissingColumnError(message.missingColumn(file, name, names), {
        location: { file, column: name },
        expected: `a ${name} column in the ZCURVE table`,
      });
    }
  }
  return columns;
}

/** A row written with decimal commas has commas but no dots (fields are tab-separated). */
function detectDecimal(bytes: Uint8Array, start: number, end: number): number {
  let commas = 0;
  let dots = 0;
  for (let i = start; i < end; i++) {
    if (bytes[i] === COMMA) commas++;
    else if (bytes[i] === DOT) dots++;
  }
  return commas > 0 && dots === 0 ? COMMA : DOT;
}
