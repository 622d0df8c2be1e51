import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EmptyFileError, ReaderError, TruncatedFileError } from '../../../../lib/core/errors.ts';
import { message } from '../../../../lib/core/messages.ts';
import { biologicMptReader } from '../../../../lib/core/readers/biologic/index.ts';
import { bytesSource } from '../../../../lib/core/readers/source.ts';
import { bdfLabel, type CanonicalSeries, StepType } from '../../../../lib/core/series.ts';
import {
  type BiologicModel,
  biologicModel,
  type MptWriteOptions,
  writeBiologicMpt,
} from '../../../generators/biologic-mpt.ts';

const model = biologicModel({ cycles: 3, pointsPerStep: 40, interval_s: 0.7, current_A: 3.9e-4 });

function read(bytes: Uint8Array, chunkSize?: number): Promise<CanonicalSeries> {
  return biologicMptReader.read(bytesSource('cell.mpt', bytes, chunkSize), {});
}

function readModel(options: MptWriteOptions, chunkSize?: number): Promise<CanonicalSeries> {
  return read(writeBiologicMpt(model, options), chunkSize);
}

function expectModel(series: CanonicalSeries, expected: BiologicModel): void {
  expect(series.rows).toBe(expected.time_s.length);
  expect(Array.from(series.time_s)).toEqual(expected.time_s);
  expect(Array.from(series.voltage_V!)).toEqual(expected.voltage_V);
  expect(Array.from(series.cycleIndex!)).toEqual(expected.cycle);
  // mA in the file, A in the series: equal up to the rounding of one multiplication each way.
  series.current_A!.forEach((current, row) => {
    expect(current).toBeCloseTo(expected.current_A[row]!, 15);
  });
}

describe('BioLogic .mpt: generated EC-Lab exports', () => {
  it('an English export (CRLF, Latin-1) gives back the model time, voltage, current and cycles', async () => {
    const series = await readModel({ locale: 'en' });

    expectModel(series, model);
    expect(series.provenance.format).toBe('biologic-mpt');
    expect(series.provenance.formatVersion).toBe('EC-Lab 11.50');
  });

  it('a German export (decimal comma) gives the same series as the English one and says so', async () => {
    const english = await readModel({ locale: 'en' });

    const german = await readModel({ locale: 'de' });

    expectModel(german, model);
    expect(german.chargeCapacity_Ah).toEqual(english.chargeCapacity_Ah);
    expect(german.issues.find((issue) => issue.code === 'decimal_comma')?.message).toBe(
      message.decimalComma(),
    );
  });

  it('UTF-8 with LF line ends reads the same as Latin-1 with CRLF', async () => {
    const series = await readModel({ locale: 'en', encoding: 'utf-8', lineEnd: '\n' });

    expectModel(series, model);
  });

  it('gives the same series whatever the chunking of the stream', async () => {
    const whole = await readModel({ locale: 'de' });

    const chunked = await readModel({ locale: 'de' }, 333);

    expect(chunked.time_s).toEqual(whole.time_s);
    expect(chunked.current_A).toEqual(whole.current_A);
    expect(chunked.dischargeCapacity_Ah).toEqual(whole.dischargeCapacity_Ah);
  });

  it('reads a file without the EC-Lab preamble: same data, no start time', async () => {
    const series = await readModel({ locale: 'en', withoutPreamble: true });

    expectModel(series, model);
    expect(series.startTime).toBeNull();
  });

  it('reads a preamble longer than the 64 KB head', async () => {
    const bytes = writeBiologicMpt(model, { locale: 'en', extraSettingsLines: 2000 });

    const series = await read(bytes, 4096);

    expect(bytes.length).toBeGreaterThan(100_000);
    expectModel(series, model);
  });

  it('takes the start from "Acquisition started on" as a zone-less wall-clock time', async () => {
    const series = await readModel({ locale: 'en' });

    expect(series.startTime).toBe('2024-01-10T11:02:29.886');
    expect(series.startTimeZoneKnown).toBe(false);
    expect(series.issues.find((issue) => issue.code === 'time_zone_unknown')?.message).toBe(
      message.timeZoneUnknown(),
    );
  });

  it('counts charge per half cycle: I × t / 3600 Ah at the end of each charge', async () => {
    const series = await readModel({ locale: 'en' });

    // 40 points of 0.39 mA, 0.7 s apart: 40 × 0.7 s × 3.9e-4 A / 3600 s/h.
    const expected_Ah = (40 * 0.7 * 3.9e-4) / 3600;
    const charge = Array.from(series.chargeCapacity_Ah!);
    const discharge = Array.from(series.dischargeCapacity_Ah!);
    expect(Math.max(...charge)).toBeCloseTo(expected_Ah, 12);
    expect(Math.max(...discharge)).toBeCloseTo(expected_Ah, 12);
    // Each counter is zero while the other half cycle runs.
    series.current_A!.forEach((current, row) => {
      if (current > 0) expect(discharge[row]).toBe(0);
      if (current < 0) expect(charge[row]).toBe(0);
    });
  });

  it('turns mode and ox/red into rest, CC charge and CC discharge steps', async () => {
    const series = await readModel({ locale: 'en' });

    const expected = model.current_A.map((current) =>
      current > 0
        ? StepType.constantCurrentCharge
        : current < 0
          ? StepType.constantCurrentDischarge
          : StepType.rest,
    );
    expect(Array.from(series.stepType!)).toEqual(expected);
    expect(Array.from(series.stepIndex!)).toEqual(
      model.current_A.map((current) => (current > 0 ? 1 : current < 0 ? 2 : 0)),
    );
  });

  it('records the column mapping with BDF labels', async () => {
    const series = await readModel({ locale: 'en' });

    const byTarget = new Map(series.provenance.columns.map((column) => [column.target, column]));
    expect(byTarget.get('time_s')).toMatchObject({ source: 'time/s', bdfLabel: bdfLabel.time_s, scale: 1 });
    expect(byTarget.get('current_A')).toMatchObject({
      source: 'I/mA',
      bdfLabel: bdfLabel.current_A,
      sourceUnit: 'mA',
      scale: 1e-3,
    });
    expect(byTarget.get('chargeCapacity_Ah')).toMatchObject({
      source: 'Q charge/discharge/mA.h',
      bdfLabel: bdfLabel.chargeCapacity_Ah,
    });
    expect(byTarget.get('cycleIndex')?.source).toBe('cycle number');
  });

  it('reports a column it does not know and still reads the rest', async () => {
    const series = await readModel({
      locale: 'en',
      extraColumn: { name: 'Pressure gauge/bar?', value: '1.0' },
    });

    expectModel(series, model);
    const issue = series.issues.find((candidate) => candidate.code === 'unknown_column');
    expect(issue?.message).toBe(message.unknownColumn('Pressure gauge/bar?'));
    expect(issue?.location.column).toBe('Pressure gauge/bar?');
  });
});

describe('BioLogic .mpt: damaged input', () => {
  const full = writeBiologicMpt(model, { locale: 'en' });

  it('an empty file is an EmptyFileError', async () => {
    await expect(read(new Uint8Array(0))).rejects.toBeInstanceOf(EmptyFileError);
  });

  it('a header without data lines is an EmptyFileError', async () => {
    const text = new TextDecoder('latin1').decode(full);
    const headerOnly = text.slice(0, text.indexOf('cycle number\t\r\n') + 'cycle number\t\r\n'.length);

    await expect(read(new TextEncoder().encode(headerOnly))).rejects.toBeInstanceOf(EmptyFileError);
  });

  it('a file ending inside its announced header is a TruncatedFileError naming the line', async () => {
    const cut = full.subarray(0, 400);

    const error = await read(cut).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(TruncatedFileError);
    expect((error as TruncatedFileError).location?.line).toBeGreaterThan(3);
  });

  it('text that is no EC-Lab export is a ReaderError', async () => {
    const csv = new TextEncoder().encode('time,voltage\n0,3.4\n1,3.5\n');

    await expect(read(csv)).rejects.toBeInstanceOf(ReaderError);
  });

  it('any random bytes give a ReaderError, never a crash', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 400 }), async (garbage) => {
        const outcome = await read(garbage).catch((caught: unknown) => caught);
        expect(outcome).toBeInstanceOf(ReaderError);
      }),
      { numRuns: 200 },
    );
  });

  it('a file cut anywhere gives a typed error, or the rows before the cut', async () => {
    const whole = await read(full);
    const lastColumn = 'cycleIndex';

    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: full.length - 1 }), async (length) => {
        const outcome = await read(full.subarray(0, length)).catch((caught: unknown) => caught);
        if (outcome instanceof Error) {
          expect(outcome).toBeInstanceOf(ReaderError);
          return;
        }
        const series = outcome as CanonicalSeries;
        expect(series.rows).toBeLessThanOrEqual(whole.rows);
        expect(Array.from(series.time_s)).toEqual(Array.from(whole.time_s.subarray(0, series.rows)));
        expect(Array.from(series.voltage_V!)).toEqual(Array.from(whole.voltage_V!.subarray(0, series.rows)));
        expect(Array.from(series.current_A!)).toEqual(Array.from(whole.current_A!.subarray(0, series.rows)));
        // Only the line's last field ("cycle number") can be cut short and still look like a number.
        const kept = series.rows - 1;
        expect(Array.from(series[lastColumn]!.subarray(0, kept))).toEqual(
          Array.from(whole[lastColumn]!.subarray(0, kept)),
        );
      }),
      { numRuns: 300 },
    );
  });
});
