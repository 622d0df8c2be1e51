import { describe, expect, it } from 'vitest';
import { message } from '../../../../lib/core/messages.ts';
import { alignToCycler } from '../../../../lib/core/readers/pressure/align.ts';
import { pressureLogReader } from '../../../../lib/core/readers/pressure/index.ts';
import { bytesSource } from '../../../../lib/core/readers/source.ts';
import { type CanonicalSeries, emptySeries } from '../../../../lib/core/series.ts';
import {
  type PressureLogOptions,
  pressureWaveform_MPa,
  writePressureLog,
} from '../../../generators/pressure-log.ts';

const logStart = Date.UTC(2024, 0, 2, 3, 4, 5);
const encode = (text: string) => new TextEncoder().encode(text);

async function log(options: Partial<PressureLogOptions> = {}): Promise<CanonicalSeries> {
  const text = writePressureLog({
    unit: 'MPa',
    startMs: logStart,
    zone: 'Z',
    rows: 1000,
    interval_s: 1,
    ...options,
  });
  return pressureLogReader.read(bytesSource('press.csv', encode(text)), {});
}

/** A cycler record starting `startOffset_s` after the log's start (by the true clock), sampled every 0.37 s. */
function cycler(startOffset_s: number, rows: number, zone = true): CanonicalSeries {
  const series = emptySeries({
    file: 'cyc',
    format: 'test',
    formatVersion: null,
    instrument: null,
    columns: [],
    bytes: 0,
  });
  series.rows = rows;
  series.time_s = Float64Array.from({ length: rows }, (_, row) => row * 0.37);
  const startText = new Date(logStart + startOffset_s * 1000).toISOString();
  series.startTime = zone ? startText : startText.slice(0, -1);
  series.startTimeZoneKnown = zone;
  return series;
}

describe('aligning a pressure log to the cycler clock', () => {
  it('recovers the known waveform at cycler times given the clock offset', async () => {
    // The logger clock runs 7 s behind: its sample at t_log happened at logStart + t_log + 7 s.
    const offset_s = 7;
    const pressureLog = await log();
    const cyc = cycler(100, 1500);

    const aligned = alignToCycler(pressureLog, cyc, offset_s);

    for (let row = 0; row < cyc.rows; row++) {
      const t_log = 100 + cyc.time_s[row]! - offset_s;
      const expected = pressureWaveform_MPa(t_log) * 1e6;
      expect(Math.abs(aligned.values[row]! - expected)).toBeLessThanOrEqual(1e-9 * expected);
    }
    expect(aligned.quantity).toBe('pressure');
  });

  it('gives NaN inside a gap of the log and says where the gap is', async () => {
    const pressureLog = await log({ gap: [300, 320] });
    const cyc = cycler(0, 2000);

    const aligned = alignToCycler(pressureLog, cyc, 0);

    const inGap = cyc.time_s.findIndex((t) => t > 305);
    expect(aligned.values[inGap]).toBeNaN();
    expect(aligned.values[10]).toBeCloseTo(pressureWaveform_MPa(3.7) * 1e6, 3);
    expect(aligned.issues.map((issue) => issue.message)).toContain(message.gapInRecord(299, 320));
  });

  it('gives NaN where the log does not cover the cycler record', async () => {
    const pressureLog = await log();
    const cyc = cycler(-10, 3000);

    const aligned = alignToCycler(pressureLog, cyc, 0);

    expect(aligned.values[0]).toBeNaN();
    expect(aligned.values[2999]).toBeNaN(); // 1099 s after the log start, the log ends at 999 s.
    expect(aligned.values[100]).toBeCloseTo(pressureWaveform_MPa(27) * 1e6, 3);
  });

  it('warns when only one file states a time zone', async () => {
    const pressureLog = await log();

    const aligned = alignToCycler(pressureLog, cycler(0, 10, false), 0);

    expect(aligned.issues.map((issue) => issue.message)).toContain(message.alignmentZoneMismatch());
    expect(aligned.values[5]).toBeCloseTo(pressureWaveform_MPa(1.85) * 1e6, 3);
  });
});
