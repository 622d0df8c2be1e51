/**
 * Impedance spectra: one frequency sweep each, cut out of a canonical series that may hold many
 * (one every N minutes during plating or stripping), each with the time it started so it can be
 * placed on the voltage curve.
 *
 * Conventions: Z = zReal_Ohm + j·zImag_Ohm (a capacitive arc has zImag_Ohm < 0); points are stored
 * by descending frequency, as instruments sweep.
 */
import { type DataIssue, IssueSink } from '../issues.ts';
import { message } from '../messages.ts';
import type { CanonicalSeries } from '../series.ts';
import { SpectrumError } from './errors.ts';

export interface Spectrum {
  /** Name for messages and reports: the file (and the sweep number when a file holds several). */
  label: string;
  /** Time of the spectrum's first measured point on the series' clock (s since the test started). */
  time_s: number;
  frequency_Hz: Float64Array;
  zReal_Ohm: Float64Array;
  zImag_Ohm: Float64Array;
  issues: DataIssue[];
}

/** Two frequencies closer than this (relative) are the same point measured twice. */
const SAME_FREQUENCY = 1e-9;

/**
 * Builds a spectrum from raw columns: rejects NaN or non-positive values with a `SpectrumError`,
 * sorts by descending frequency and averages duplicated frequencies (one `unsorted_frequencies`
 * issue), and warns when every Z″ is positive (an all-inductive spectrum or a −Z″ column).
 */
export function makeSpectrum(input: {
  label: string;
  time_s: number;
  frequency_Hz: ArrayLike<number>;
  zReal_Ohm: ArrayLike<number>;
  zImag_Ohm: ArrayLike<number>;
  /** Row of the first point in the source series, for messages. */
  firstRow?: number;
}): Spectrum {
  const { label, frequency_Hz, zReal_Ohm, zImag_Ohm } = input;
  const firstRow = input.firstRow ?? 0;
  const count = frequency_Hz.length;
  for (let i = 0; i < count; i++) {
    const column = !(frequency_Hz[i]! > 0)
      ? 'frequency_Hz'
      : !Number.isFinite(zReal_Ohm[i]!)
        ? 'zReal_Ohm'
        : !Number.isFinite(zImag_Ohm[i]!)
          ? 'zImag_Ohm'
          : null;
    if (column !== null) {
      throw new SpectrumError(message.spectrumNotANumber(label, firstRow + i, column), {
        location: { file: label, row: firstRow + i, column },
        expected: column === 'frequency_Hz' ? 'a positive frequency' : 'a finite impedance',
      });
    }
  }
  const issues = new IssueSink();
  const order = Array.from({ length: count }, (_, i) => i);
  let sorted = true;
  for (let i = 1; i < count && sorted; i++) sorted = frequency_Hz[i]! < frequency_Hz[i - 1]!;
  if (!sorted) order.sort((a, b) => frequency_Hz[b]! - frequency_Hz[a]!);

  const frequency = new Float64Array(count);
  const zReal = new Float64Array(count);
  const zImag = new Float64Array(count);
  let kept = 0;
  let merged = 0;
  let run = 1;
  for (const index of order) {
    const f = frequency_Hz[index]!;
    if (kept > 0 && Math.abs(f - frequency[kept - 1]!) <= SAME_FREQUENCY * f) {
      // Running mean of the repeated measurements at this frequency.
      run++;
      zReal[kept - 1]! += (zReal_Ohm[index]! - zReal[kept - 1]!) / run;
      zImag[kept - 1]! += (zImag_Ohm[index]! - zImag[kept - 1]!) / run;
      merged++;
      continue;
    }
    run = 1;
    frequency[kept] = f;
    zReal[kept] = zReal_Ohm[index]!;
    zImag[kept] = zImag_Ohm[index]!;
    kept++;
  }
  if (!sorted || merged > 0) {
    issues.add({
      code: 'unsorted_frequencies',
      severity: 'warning',
      message: message.unsortedFrequencies(merged),
      location: { file: label, row: firstRow },
      count: merged || undefined,
    });
  }
  const spectrum: Spectrum = {
    label,
    time_s: input.time_s,
    frequency_Hz: frequency.slice(0, kept),
    zReal_Ohm: zReal.slice(0, kept),
    zImag_Ohm: zImag.slice(0, kept),
    issues: [],
  };
  if (kept > 0 && spectrum.zImag_Ohm.every((value) => value > 0)) {
    issues.add({
      code: 'sign_convention',
      severity: 'warning',
      message: message.spectrumAllInductive(label),
      location: { file: label, column: 'zImag_Ohm' },
    });
  }
  spectrum.issues = issues.list();
  return spectrum;
}

/**
 * Cuts a series holding impedance columns into spectra. A new spectrum starts where the cycle
 * column changes or where the frequency jumps back against the sweep direction by more than a
 * decade (or half the span swept so far): a new sweep restarting at its initial frequency.
 */
export function splitSpectra(series: CanonicalSeries, label: string = series.provenance.file): Spectrum[] {
  const impedance = series.impedance;
  if (!impedance || impedance.frequency_Hz.length === 0) return [];
  const { frequency_Hz } = impedance;
  const rows = frequency_Hz.length;
  const starts = [0];
  const direction = sweepDirection(frequency_Hz);
  let segmentStart = 0;
  for (let row = 1; row < rows; row++) {
    const cycleChanged = series.cycleIndex !== null && series.cycleIndex[row] !== series.cycleIndex[row - 1];
    let jumpedBack = false;
    if (frequency_Hz[row]! > 0 && frequency_Hz[row - 1]! > 0) {
      const step = direction * Math.log10(frequency_Hz[row]! / frequency_Hz[row - 1]!);
      const span = Math.abs(Math.log10(frequency_Hz[row - 1]! / frequency_Hz[segmentStart]!));
      jumpedBack = step < -Math.max(1, span / 2);
    }
    if (cycleChanged || jumpedBack) {
      starts.push(row);
      segmentStart = row;
    }
  }
  starts.push(rows);
  const many = starts.length > 2;
  const spectra: Spectrum[] = [];
  for (let k = 0; k + 1 < starts.length; k++) {
    const from = starts[k]!;
    const to = starts[k + 1]!;
    spectra.push(
      makeSpectrum({
        label: many ? `${label} #${k + 1}` : label,
        time_s: series.time_s.length > from ? series.time_s[from]! : 0,
        frequency_Hz: frequency_Hz.subarray(from, to),
        zReal_Ohm: impedance.zReal_Ohm.subarray(from, to),
        zImag_Ohm: impedance.zImag_Ohm.subarray(from, to),
        firstRow: from,
      }),
    );
  }
  return spectra;
}

/** +1 when the sweep mostly rises in frequency, −1 when it mostly falls (the usual way). */
function sweepDirection(frequency_Hz: Float64Array): number {
  let rising = 0;
  let falling = 0;
  for (let i = 1; i < frequency_Hz.length; i++) {
    if (frequency_Hz[i]! > frequency_Hz[i - 1]!) rising++;
    else if (frequency_Hz[i]! < frequency_Hz[i - 1]!) falling++;
  }
  return rising > falling ? 1 : -1;
}
