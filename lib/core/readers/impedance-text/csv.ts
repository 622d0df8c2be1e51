/**
 * Plain impedance tables (CSV, TSV, whitespace-separated TXT, with or without a header), as
 * written by impedance.py, pyDRTtools and spreadsheets: frequency with Z′ and Z″, or frequency
 * with |Z| and phase (degrees). Without a header the columns are frequency, Z′, Z″.
 *
 * The sign of the imaginary column is detected: a header saying `-Z''` / `-Im` is negated; an
 * unsigned column whose values are mostly positive over the lowest-frequency third (where a
 * capacitive spectrum has Z″ < 0) is read as −Z″ and negated, with a `sign_convention` issue.
 * The same rule applies to a phase column.
 */
import { EmptyFileError, MissingColumnError } from '../../errors.ts';
import { IssueSink } from '../../issues.ts';
import { message } from '../../messages.ts';
import type { CanonicalSeries } from '../../series.ts';
import type { DetectionProbe, Reader } from '../reader.ts';
import type { ByteSource } from '../source.ts';
import { decodeText } from '../text/decode.ts';
import { decimalByte } from '../text/numbers.ts';
import { forEachLine, impedanceSeries, numericFields } from './table.ts';

export const impedanceCsvReader: Reader = {
  format: 'impedance-csv',
  description: 'Plain impedance table (frequency with Z′/Z″ or |Z|/phase)',
  detect(probe: DetectionProbe): number {
    const lines = probe.headText
      .split(/\r?\n/)
      .filter((line) => line.trim() !== '')
      .slice(0, 6);
    if (lines.length === 0) return 0;
    const numeric = (line: string) =>
      line
        .trim()
        .split(/[\s,;]+/)
        .every((field) => field !== '' && Number.isFinite(Number(field)));
    const header = lines[0]!.toLowerCase();
    const dataLines = numeric(lines[0]!) ? lines : lines.slice(1);
    if (dataLines.length === 0 || !dataLines.every(numeric)) return 0;
    const fields = dataLines[0]!.trim().split(/[\s,;]+/);
    if (fields.length < 3 || !(Number(fields[0]) > 0)) return 0;
    if (dataLines === lines) {
      // Headerless: only the common frequency, Z′, Z″ triple with monotonic frequencies.
      const frequencies = dataLines.map((line) => Number(line.trim().split(/[\s,;]+/)[0]));
      const monotonic =
        frequencies.every((value, index) => index === 0 || value < frequencies[index - 1]!) ||
        frequencies.every((value, index) => index === 0 || value > frequencies[index - 1]!);
      return fields.length === 3 && monotonic ? 0.3 : 0;
    }
    return /freq/.test(header) && /(z|re|im|phase|mod)/.test(header) ? 0.5 : 0;
  },
  read: readImpedanceCsv,
};

interface ColumnPlan {
  frequency: number;
  real: number;
  imag: number;
  modulus: number;
  phase: number;
  /** The header states the column is −Z″ (or −phase). */
  negated: boolean;
  names: string[];
}

function planColumns(header: string[] | null): ColumnPlan | null {
  if (header === null) {
    return {
      frequency: 0,
      real: 1,
      imag: 2,
      modulus: -1,
      phase: -1,
      negated: false,
      names: ['frequency', "Z'", "Z''"],
    };
  }
  const lower = header.map((name) => name.toLowerCase().replace(/\s+/g, ''));
  const find = (test: (name: string) => boolean) => lower.findIndex(test);
  const frequency = find((name) => name.includes('freq'));
  const imag = find((name) => /im|z''|z"|zimag/.test(name) && !/imp/.test(name.replace(/impedance/, '')));
  const real = find((name) => /re\b|real|z'(?!')|zreal|^re/.test(name) && !/'{2}|"/.test(name));
  const modulus = find((name) => /\|z\||mod|mag/.test(name));
  const phase = find((name) => /phase|phz|theta/.test(name));
  if (frequency < 0) return null;
  if (real >= 0 && imag >= 0 && real !== imag) {
    return {
      frequency,
      real,
      imag,
      modulus: -1,
      phase: -1,
      negated: lower[imag]!.startsWith('-'),
      names: header,
    };
  }
  if (modulus >= 0 && phase >= 0) {
    return {
      frequency,
      real: -1,
      imag: -1,
      modulus,
      phase,
      negated: lower[phase]!.startsWith('-'),
      names: header,
    };
  }
  return null;
}

async function readImpedanceCsv(source: ByteSource): Promise<CanonicalSeries> {
  const bytes = await source.bytes();
  const file = source.name;
  const issues = new IssueSink();
  // The header (if any) is the first non-empty line that is not numeric.
  const firstLines = decodeText(bytes.subarray(0, Math.min(bytes.length, 4096))).split(/\r?\n/);
  const firstNonEmpty = firstLines.findIndex((line) => line.trim() !== '');
  const firstText = firstLines[firstNonEmpty] ?? '';
  const hasHeader = !firstText
    .trim()
    .split(/[\s,;]+/)
    .every((field) => Number.isFinite(Number(field)));
  const delimiterIsSemicolon = firstText.includes(';');
  const sample = firstLines[firstNonEmpty + (hasHeader ? 1 : 0)] ?? '';
  const decimal = delimiterIsSemicolon && /\d,\d/.test(sample) && !/\d\.\d/.test(sample) ? ',' : '.';
  const header = hasHeader ? firstText.split(/\t|;|,(?![^(]*\))/).map((name) => name.trim()) : null;
  const plan = planColumns(header);
  if (plan === null) {
    throw new MissingColumnError(message.eisColumnsMissing(file, header ?? []), {
      location: { file, line: firstNonEmpty + 1 },
      expected: "frequency with Z' and Z'' columns, or frequency with |Z| and phase",
    });
  }
  const frequency_Hz: number[] = [];
  const zReal_Ohm: number[] = [];
  const zImag_Ohm: number[] = [];
  const second: number[] = [];
  const values: number[] = [];
  const needed = Math.max(plan.frequency, plan.real, plan.imag, plan.modulus, plan.phase);
  forEachLine(bytes, 0, (start, end, line) => {
    if (line <= firstNonEmpty + (hasHeader ? 1 : 0) || start === end) return true;
    const count = numericFields(bytes, start, end, decimalByte(decimal), values);
    if (count === 0) return true;
    if (count <= needed) {
      issues.add({
        code: 'truncated_record',
        severity: 'warning',
        message: message.truncatedLastLine(line),
        location: { file, line },
      });
      return false;
    }
    frequency_Hz.push(values[plan.frequency]!);
    if (plan.real >= 0) {
      zReal_Ohm.push(values[plan.real]!);
      second.push(values[plan.imag]!);
    } else {
      zReal_Ohm.push(values[plan.modulus]!);
      second.push(values[plan.phase]!);
    }
    return true;
  });
  if (frequency_Hz.length === 0) throw new EmptyFileError(message.emptyFile(file), { location: { file } });

  // Sign of the imaginary (or phase) column: capacitive spectra have Z″ < 0 at low frequency.
  const order = frequency_Hz.map((_, i) => i).sort((a, b) => frequency_Hz[a]! - frequency_Hz[b]!);
  const lowThird = order.slice(0, Math.max(1, Math.ceil(order.length / 3)));
  const positiveShare = lowThird.filter((i) => second[i]! > 0).length / lowThird.length;
  const negate = plan.negated || positiveShare > 0.5;
  const signColumn = plan.names[plan.real >= 0 ? plan.imag : plan.phase] ?? "Z''";
  if (negate && !plan.negated) {
    issues.add({
      code: 'sign_convention',
      severity: 'warning',
      message: message.spectrumImagNegated(signColumn),
      location: { file, column: signColumn },
    });
  }
  for (let i = 0; i < frequency_Hz.length; i++) {
    const value = negate ? -second[i]! : second[i]!;
    if (plan.real >= 0) {
      zImag_Ohm.push(value);
    } else {
      const modulus = zReal_Ohm[i]!;
      const phase = (value * Math.PI) / 180;
      zReal_Ohm[i] = modulus * Math.cos(phase);
      zImag_Ohm.push(modulus * Math.sin(phase));
    }
  }
  if (decimal === ',') {
    issues.add({
      code: 'decimal_comma',
      severity: 'info',
      message: message.decimalComma(),
      location: { file },
    });
  }
  return impedanceSeries(
    {
      file,
      format: 'impedance-csv',
      formatVersion: null,
      instrument: null,
      columns: [
        {
          source: plan.names[plan.frequency]!,
          target: 'impedance.frequency_Hz',
          bdfLabel: null,
          sourceUnit: 'Hz',
          scale: 1,
        },
        ...(plan.real >= 0
          ? [
              {
                source: plan.names[plan.real]!,
                target: 'impedance.zReal_Ohm',
                bdfLabel: null,
                sourceUnit: 'Ohm',
                scale: 1,
              },
              {
                source: signColumn,
                target: 'impedance.zImag_Ohm',
                bdfLabel: null,
                sourceUnit: 'Ohm',
                scale: negate ? -1 : 1,
              },
            ]
          : [
              {
                source: plan.names[plan.modulus]!,
                target: 'impedance.|Z|',
                bdfLabel: null,
                sourceUnit: 'Ohm',
                scale: 1,
              },
              {
                source: signColumn,
                target: 'impedance.phase',
                bdfLabel: null,
                sourceUnit: 'deg',
                scale: negate ? -1 : 1,
              },
            ]),
      ],
      bytes: bytes.byteLength,
    },
    { frequency_Hz, zReal_Ohm, zImag_Ohm },
    { startTime: null, zoneKnown: false },
    issues,
  );
}
