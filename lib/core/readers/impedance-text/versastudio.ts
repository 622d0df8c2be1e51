/**
 * Princeton Applied Research VersaStudio `.par` files: INI-like `<Section>` blocks; each
 * `<SegmentN>` holds a `Definition=` line naming the comma-separated columns (`Frequency(Hz)`,
 * `Z Real`, `Z Imag`, `Elapsed Time(s)`, `E(V)`, `I(A)` …) and one row per point. `Z Imag` is the
 * imaginary part itself. Every segment with impedance columns is read, in file order.
 */
import { EmptyFileError, MissingColumnError } from '../../errors.ts';
import { IssueSink } from '../../issues.ts';
import { message } from '../../messages.ts';
import type { CanonicalSeries } from '../../series.ts';
import type { DetectionProbe, Reader } from '../reader.ts';
import type { ByteSource } from '../source.ts';
import { decimalByte } from '../text/numbers.ts';
import {
  forEachLine,
  type ImpedanceTable,
  impedanceSeries,
  lineText,
  localLongDateTime,
  numericFields,
} from './table.ts';

export const versaStudioReader: Reader = {
  format: 'versastudio-par',
  description: 'VersaStudio impedance file (.par)',
  detect(probe: DetectionProbe): number {
    return probe.headText.includes('<Application>') && probe.headText.includes('VersaStudio') ? 0.9 : 0;
  },
  read: readVersaStudio,
};

async function readVersaStudio(source: ByteSource): Promise<CanonicalSeries> {
  const bytes = await source.bytes();
  const file = source.name;
  const issues = new IssueSink();
  const settings = new Map<string, string>();
  const table: Required<ImpedanceTable> = {
    frequency_Hz: [],
    zReal_Ohm: [],
    zImag_Ohm: [],
    time_s: [],
    voltage_V: [],
    current_A: [],
  };
  let names: string[] = [];
  let columns: { f: number; re: number; im: number; t: number; e: number; i: number } | null = null;
  let inSegment = false;
  const values: number[] = [];
  forEachLine(bytes, 0, (start, end) => {
    const first = bytes[start];
    // Data rows start with a digit or a sign; everything else is markup or a setting.
    if (
      inSegment &&
      columns &&
      first !== undefined &&
      first !== 60 &&
      !/[A-Za-z]/.test(String.fromCharCode(first))
    ) {
      const count = numericFields(bytes, start, end, decimalByte('.'), values);
      if (count > Math.max(columns.f, columns.re, columns.im)) {
        table.frequency_Hz.push(values[columns.f]!);
        table.zReal_Ohm.push(values[columns.re]!);
        table.zImag_Ohm.push(values[columns.im]!);
        table.time_s.push(columns.t >= 0 ? values[columns.t]! : 0);
        table.voltage_V.push(columns.e >= 0 ? values[columns.e]! : Number.NaN);
        table.current_A.push(columns.i >= 0 ? values[columns.i]! : Number.NaN);
      }
      return true;
    }
    const text = lineText(bytes, start, end);
    if (/^<Segment\d+>/.test(text)) inSegment = true;
    else if (/^<\/Segment\d+>/.test(text)) {
      inSegment = false;
      columns = null;
    } else if (inSegment && text.startsWith('Definition=')) {
      names = text
        .slice('Definition='.length)
        .split(',')
        .map((name) => name.trim());
      const index = (name: string) => names.indexOf(name);
      const found = {
        f: index('Frequency(Hz)'),
        re: index('Z Real'),
        im: index('Z Imag'),
        t: index('Elapsed Time(s)'),
        e: index('E(V)'),
        i: index('I(A)'),
      };
      columns = found.f >= 0 && found.re >= 0 && found.im >= 0 ? found : null;
    } else {
      const pair = /^([^=<]+)=(.*)$/.exec(text);
      if (pair && !settings.has(pair[1]!)) settings.set(pair[1]!, pair[2]!);
    }
    return true;
  });
  if (table.frequency_Hz.length === 0) {
    if (names.length > 0) {
      throw new MissingColumnError(message.eisColumnsMissing(file, names), {
        location: { file },
        expected: 'Frequency(Hz), Z Real and Z Imag columns in a <Segment> block',
      });
    }
    throw new EmptyFileError(message.emptyFile(file), { location: { file } });
  }
  const startTime = localLongDateTime(settings.get('DateAcquired') ?? '', settings.get('TimeAcquired') ?? '');
  return impedanceSeries(
    {
      file,
      format: 'versastudio-par',
      formatVersion: settings.get('Version') ?? null,
      instrument: settings.get('Type') ? `Princeton Applied Research ${settings.get('Type')}` : 'VersaStudio',
      columns: [
        {
          source: 'Frequency(Hz)',
          target: 'impedance.frequency_Hz',
          bdfLabel: null,
          sourceUnit: 'Hz',
          scale: 1,
        },
        { source: 'Z Real', target: 'impedance.zReal_Ohm', bdfLabel: null, sourceUnit: 'Ohm', scale: 1 },
        { source: 'Z Imag', target: 'impedance.zImag_Ohm', bdfLabel: null, sourceUnit: 'Ohm', scale: 1 },
        { source: 'Elapsed Time(s)', target: 'time_s', bdfLabel: 'Test Time / s', sourceUnit: 's', scale: 1 },
      ],
      bytes: bytes.byteLength,
    },
    table,
    { startTime, zoneKnown: false },
    issues,
  );
}
