import { describe, expect, it } from 'vitest';
import { bdfReader, writeBdfCsv } from '../../../../lib/core/readers/bdf/index.ts';
import { probeOf } from '../../../../lib/core/readers/detect.ts';
import { bytesSource } from '../../../../lib/core/readers/source.ts';
import { type CanonicalSeries, emptySeries } from '../../../../lib/core/series.ts';
import { writeBdfMachineCsv } from '../../../generators/bdf.ts';
import { cyclingModel } from '../../../generators/generic-csv.ts';
import { describeRealData, realDataSource } from '../../../support/real-data.ts';

const model = cyclingModel({ cycles: 2, rowsPerStep: 10 });
const encode = (text: string) => new TextEncoder().encode(text);

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** A canonical series with every BDF-representable column, irrational-looking numbers included. */
function richSeries(): CanonicalSeries {
  const rows = 5000;
  const series = emptySeries({
    file: 'x',
    format: 'test',
    formatVersion: null,
    instrument: null,
    columns: [],
    bytes: 0,
  });
  const make = (f: (row: number) => number) => Float64Array.from({ length: rows }, (_, row) => f(row));
  series.rows = rows;
  series.time_s = make((row) => row * 0.1 + Math.sqrt(row) * 1e-7);
  series.voltage_V = make((row) => 3 + Math.sin(row / 77) / 3);
  series.current_A = make((row) => (row % 400 < 200 ? 1 : -1) * 1.234567890123e-4);
  series.current_A[17] = Number.NaN;
  series.cycleIndex = Int32Array.from({ length: rows }, (_, row) => 1 + Math.floor(row / 400));
  series.stepIndex = Int32Array.from({ length: rows }, (_, row) => 1 + Math.floor(row / 200));
  series.temperature_C = make((row) => 25 + row * 1e-5);
  series.chargeCapacity_Ah = make((row) => row / 3.7e6);
  series.dischargeCapacity_Ah = make((row) => row / 7.1e6);
  series.startTime = '2024-05-06T07:08:09.123Z';
  series.startTimeZoneKnown = true;
  series.aux = [
    { name: 'Applied Pressure', quantity: 'pressure', values: make((row) => 1.5e6 + row / 3) },
    { name: 'hoop strain', quantity: 'strain', values: make((row) => row * 1e-9) },
  ];
  return series;
}

describe('BDF csv', () => {
  it('a canonical series written as BDF reads back equal', async () => {
    const original = richSeries();

    const bytes = await collect(writeBdfCsv(original));
    const back = await bdfReader.read(bytesSource('round.bdf.csv', bytes, 4096), {});

    expect(back.rows).toBe(original.rows);
    expect(back.time_s).toEqual(original.time_s);
    expect(back.voltage_V).toEqual(original.voltage_V);
    expect(back.current_A).toEqual(original.current_A);
    expect(back.cycleIndex).toEqual(original.cycleIndex);
    expect(back.stepIndex).toEqual(original.stepIndex);
    expect(back.temperature_C).toEqual(original.temperature_C);
    expect(back.chargeCapacity_Ah).toEqual(original.chargeCapacity_Ah);
    expect(back.dischargeCapacity_Ah).toEqual(original.dischargeCapacity_Ah);
    expect(back.startTime).toBe(original.startTime);
    expect(back.startTimeZoneKnown).toBe(true);
    expect(back.aux.map((channel) => [channel.name, channel.quantity])).toEqual([
      ['Applied Pressure', 'pressure'],
      ['hoop strain', 'strain'],
    ]);
    expect(back.aux[0]!.values).toEqual(original.aux[0]!.values);
    expect(back.aux[1]!.values).toEqual(original.aux[1]!.values);
  });

  it('the writer streams in chunks instead of one string', async () => {
    const chunks: Uint8Array[] = [];
    for await (const chunk of writeBdfCsv(richSeries())) chunks.push(chunk);

    expect(chunks.length).toBeGreaterThan(2);
  });

  it('machine-name BDF (test_time_second …) from a known model reads back with its UTC start', async () => {
    const source = bytesSource('gen.bdf.csv', encode(writeBdfMachineCsv(model)));

    const series = await bdfReader.read(source, {});

    expect(bdfReader.detect(await probeOf(source))).toBeGreaterThanOrEqual(0.9);
    expect(Array.from(series.time_s)).toEqual(model.time_s);
    expect(Array.from(series.voltage_V!)).toEqual(model.voltage_V);
    expect(Array.from(series.current_A!)).toEqual(model.current_A);
    expect(Array.from(series.cycleIndex!)).toEqual(model.cycle);
    expect(series.startTime).toBe('2021-03-04T05:06:07Z');
  });
});

describeRealData('BDF reference file of battery-data-format', () => {
  it('the Landt reference conversion gives 25,162 rows over 262,657.744 s', async () => {
    const source = await realDataSource(
      'battery-data-format/SINTEF__LiGrR2032__2024-04-30__25degC__Landt.bdf.csv',
    );

    const series = await bdfReader.read(source, {});

    expect(bdfReader.detect(await probeOf(source))).toBeGreaterThanOrEqual(0.9);
    expect(series.rows).toBe(25162);
    expect(series.time_s[0]).toBe(0.02);
    expect(series.time_s[25161]).toBe(262657.764);
    expect(Math.min(...series.voltage_V!)).toBe(0.01);
    expect(Math.max(...series.voltage_V!)).toBe(2.9215);
    expect(series.dischargeCapacity_Ah![25161]).toBe(0.0013);
  });
});
