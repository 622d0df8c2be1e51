import { describe, expect, it } from 'vitest';
import { message } from '../../../../lib/core/messages.ts';
import { genericDelimitedReader } from '../../../../lib/core/readers/delimited/index.ts';
import { probeOf } from '../../../../lib/core/readers/detect.ts';
import { pressureLogReader } from '../../../../lib/core/readers/pressure/index.ts';
import { bytesSource } from '../../../../lib/core/readers/source.ts';
import { cyclingModel, plainDialect, writeGenericCsv } from '../../../generators/generic-csv.ts';
import {
  type PressureLogOptions,
  pressureWaveform_MPa,
  writePressureLog,
} from '../../../generators/pressure-log.ts';

const encode = (text: string) => new TextEncoder().encode(text);
const start = Date.UTC(2024, 0, 2, 3, 4, 5);
const base: PressureLogOptions = { unit: 'MPa', startMs: start, zone: '', rows: 300, interval_s: 0.5 };

function expectPascals(values: Float64Array, times: Float64Array): void {
  for (let row = 0; row < values.length; row++) {
    const expected = pressureWaveform_MPa(times[row]!) * 1e6;
    expect(Math.abs(values[row]! - expected)).toBeLessThanOrEqual(1e-12 * expected);
  }
}

async function read(options: PressureLogOptions, readOptions = {}) {
  return pressureLogReader.read(
    bytesSource('press.csv', encode(writePressureLog(options)), 1000),
    readOptions,
  );
}

describe('pressure logger csv', () => {
  it('MPa with local timestamps gives pressure in Pa, time from the wall clock and a zone-less start', async () => {
    const series = await read(base);

    expect(series.rows).toBe(300);
    expect(series.time_s[299]).toBeCloseTo(149.5, 9);
    expect(series.voltage_V).toBeNull();
    expect(series.current_A).toBeNull();
    expect(series.aux[0]!.quantity).toBe('pressure');
    expectPascals(series.aux[0]!.values, series.time_s);
    expect(series.startTime).toBe('2024-01-02T03:04:05');
    expect(series.startTimeZoneKnown).toBe(false);
  });

  it('psi converts to Pa exactly and a Z timestamp makes the zone known', async () => {
    const series = await read({ ...base, unit: 'psi', zone: 'Z' });

    expectPascals(series.aux[0]!.values, series.time_s);
    expect(series.startTime).toBe('2024-01-02T03:04:05Z');
    expect(series.startTimeZoneKnown).toBe(true);
  });

  it('force in N with an electrode area becomes pressure', async () => {
    const series = await read({ ...base, unit: 'N', areaCm2: 0.785 }, { areaCm2: 0.785 });

    expect(series.aux[0]!.quantity).toBe('pressure');
    expectPascals(series.aux[0]!.values, series.time_s);
  });

  it('force without an area stays a force, with an issue', async () => {
    const series = await read({ ...base, unit: 'N', areaCm2: 2 });

    expect(series.aux[0]!.quantity).toBe('force');
    expect(series.aux[0]!.values[0]).toBeCloseTo(1e6 * 2e-4, 9);
    expect(series.issues.map((issue) => issue.message)).toContain(message.forceWithoutArea('Force (N)'));
  });

  it('relative seconds give time but no start time', async () => {
    const series = await read({ ...base, startMs: null });

    expect(series.time_s[10]).toBe(5);
    expect(series.startTime).toBeNull();
    expectPascals(series.aux[0]!.values, series.time_s);
  });

  it('a clock offset given by the caller moves the start time, with an issue', async () => {
    const series = await read({ ...base, zone: 'Z' }, { clockOffset_s: 12.5 });

    expect(series.startTime).toBe('2024-01-02T03:04:17.500Z');
    expect(series.issues.map((issue) => issue.code)).toContain('clock_offset_applied');
  });

  it('is recognised by its columns, and a cycler table is not taken for a pressure log', async () => {
    const log = await probeOf(bytesSource('p.csv', encode(writePressureLog(base))));
    const cycler = await probeOf(bytesSource('c.csv', encode(writeGenericCsv(cyclingModel(), plainDialect))));

    expect(pressureLogReader.detect(log)).toBeGreaterThan(genericDelimitedReader.detect(log));
    expect(pressureLogReader.detect(cycler)).toBe(0);
  });
});
