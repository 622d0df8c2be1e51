/**
 * ZView / ZPlot `.z` files (Scribner): a `ZPLOT2 ASCII` header of `key: value` lines, a column
 * line (`Freq(Hz) Ampl Bias Time(Sec) Z'(a) Z''(b) GD Err Range`), `End Comments`, then one row
 * per frequency (tab or comma separated). Z''(b) is the imaginary part itself (negative for a
 * capacitive arc).
 */
import { EmptyFileError, MissingColumnError } from '../../errors.ts';
import { IssueSink } from '../../issues.ts';
import { message } from '../../messages.ts';
import type { CanonicalSeries } from '../../series.ts';
import type { DetectionProbe, Reader } from '../reader.ts';
import type { ByteSource } from '../source.ts';
import { decimalByte } from '../text/numbers.ts';
import { forEachLine, impedanceSeries, lineText, localDateTime, numericFields } from './table.ts';

export const zviewReader: Reader = {
  format: 'zview-z',
  description: 'ZView / ZPlot impedance file (.z)',
  detect(probe: DetectionProbe): number {
    return probe.headText.startsWith('ZPLOT2 ASCII') ? 0.95 : 0;
  },
  read: readZview,
};

async function readZview(source: ByteSource): Promise<CanonicalSeries> {
  const bytes = await source.bytes();
  const file = source.name;
  const issues = new IssueSink();
  const header = new Map<string, string>();
  let names: string[] = [];
  let dataStart = -1;
  let dataLine = 0;
  forEachLine(bytes, 0, (start, end, line) => {
    const text = lineText(bytes, start, end);
    if (/^\s*End Comments/.test(text)) {
      dataStart = end + 1;
      dataLine = line + 1;
      return false;
    }
    if (/Freq\(Hz\)/.test(text))
      names = text
        .trim()
        .split(/\t|,/)
        .map((name) => name.trim());
    const pair = /^\s*([^:]+):\s*(.*)$/.exec(text);
    if (pair && !header.has(pair[1]!.trim())) header.set(pair[1]!.trim(), pair[2]!.trim());
    return true;
  });
  const column = (pattern: RegExp) => names.findIndex((name) => pattern.test(name));
  const frequency = column(/^Freq/);
  const real = column(/^Z'\(a\)/);
  const imag = column(/^Z''\(b\)/);
  const time = column(/^Time/);
  if (dataStart < 0 || frequency < 0 || real < 0 || imag < 0) {
    throw new MissingColumnError(message.eisColumnsMissing(file, names), {
      location: { file },
      expected: "a column line with Freq(Hz), Z'(a) and Z''(b) before End Comments",
    });
  }
  const table = {
    frequency_Hz: [] as number[],
    zReal_Ohm: [] as number[],
    zImag_Ohm: [] as number[],
    time_s: [] as number[],
  };
  const values: number[] = [];
  forEachLine(
    bytes,
    dataStart,
    (start, end) => {
      if (start === end) return true;
      const count = numericFields(bytes, start, end, decimalByte('.'), values);
      if (count <= Math.max(frequency, real, imag)) return false;
      table.frequency_Hz.push(values[frequency]!);
      table.zReal_Ohm.push(values[real]!);
      table.zImag_Ohm.push(values[imag]!);
      table.time_s.push(time >= 0 ? values[time]! : 0);
      return true;
    },
    dataLine,
  );
  if (table.frequency_Hz.length === 0)
    throw new EmptyFileError(message.emptyFile(file), { location: { file } });
  return impedanceSeries(
    {
      file,
      format: 'zview-z',
      formatVersion: header.get('Measured Data, ZPlot') ?? null,
      instrument: 'Scribner ZPlot',
      columns: [
        {
          source: names[frequency]!,
          target: 'impedance.frequency_Hz',
          bdfLabel: null,
          sourceUnit: 'Hz',
          scale: 1,
        },
        { source: names[real]!, target: 'impedance.zReal_Ohm', bdfLabel: null, sourceUnit: 'Ohm', scale: 1 },
        { source: names[imag]!, target: 'impedance.zImag_Ohm', bdfLabel: null, sourceUnit: 'Ohm', scale: 1 },
      ],
      bytes: bytes.byteLength,
    },
    table,
    { startTime: localDateTime(header.get('Date') ?? '', header.get('Time') ?? ''), zoneKnown: false },
    issues,
  );
}
