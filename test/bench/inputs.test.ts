/**
 * The benchmark's generated inputs are files the readers accept, holding the model's numbers:
 * otherwise `npm run bench` would time the wrong thing.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fileSource } from '../../lib/adapters/file-source.ts';
import { biologicMprReader, biologicMptReader } from '../../lib/core/readers/biologic/index.ts';
import { allReaders } from '../../lib/core/readers/catalog.ts';
import { genericDelimitedReader } from '../../lib/core/readers/delimited/index.ts';
import { detectReader, probeOf } from '../../lib/core/readers/detect.ts';
import { bytesSource } from '../../lib/core/readers/source.ts';
import { StepType } from '../../lib/core/series.ts';
import { benchCsvRow, writeBenchCsv } from '../generators/bench-csv.ts';
import { benchMprRow, buildBenchMpr } from '../generators/bench-mpr.ts';
import { writeBenchMpt } from '../generators/bench-mpt.ts';

const folder = mkdtempSync(join(tmpdir(), 'cellreport-bench-test-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Rows to check: the first, both sides of a half-cycle change (every 3600 rows), the last. */
const ROWS = 8000;
const CHECKED = [0, 1, 3599, 3600, 3601, 7199, 7200, ROWS - 1];

describe('benchmark inputs', () => {
  it('bench-mpr writes a GCPL .mpr (data module v3) that the BioLogic reader reads back exactly', async () => {
    const bytes = buildBenchMpr(ROWS);

    const series = await biologicMprReader.read(bytesSource('bench.mpr', bytes), {});

    expect(series.rows).toBe(ROWS);
    expect(series.provenance.formatVersion).toBe('EC-Lab 11.50');
    expect(series.startTime).toBe('2024-01-10T11:02:29.886');
    for (const row of CHECKED) {
      const model = benchMprRow(row);
      expect(series.time_s[row]).toBe(model.time_s);
      expect(series.voltage_V![row]).toBe(model.voltage_V);
      expect(series.current_A![row]).toBeCloseTo(model.current_mA / 1000, 15);
      expect(series.stepType![row]).toBe(
        model.charging ? StepType.constantCurrentCharge : StepType.constantCurrentDischarge,
      );
      expect(series.cycleIndex![row]).toBe(Math.floor(model.halfCycle / 2));
    }
    expect(series.issues.filter((issue) => issue.code === 'unknown_column')).toEqual([]);
  });

  it('bench-csv writes a date-time + time, current, voltage CSV the generic reader reads back exactly', async () => {
    const path = join(folder, 'cycling.csv');
    writeBenchCsv(path, ROWS);
    const source = await fileSource(path, 'cycling.csv');

    const detected = detectReader(await probeOf(source), allReaders);
    const series = await genericDelimitedReader.read(source, {});

    expect(detected.format).toBe('delimited-text');
    expect(series.rows).toBe(ROWS);
    expect(series.startTime).toBe('2024-01-10T11:02:29.886');
    for (const row of CHECKED) {
      const model = benchCsvRow(row);
      expect([series.time_s[row], series.current_A![row], series.voltage_V![row]]).toEqual([
        model.time_s,
        model.current_A,
        model.voltage_V,
      ]);
    }
  });

  it('bench-mpt writes an EC-Lab .mpt with 17-digit numbers that the BioLogic reader reads back exactly', async () => {
    const path = join(folder, 'cell.mpt');
    writeBenchMpt(path, ROWS);

    const series = await biologicMptReader.read(await fileSource(path, 'cell.mpt'), {});

    expect(series.rows).toBe(ROWS);
    expect(series.startTime).toBe('2024-01-10T11:02:29.886');
    for (const row of CHECKED) {
      const model = benchCsvRow(row);
      expect(series.time_s[row]).toBe(model.time_s);
      expect(series.voltage_V![row]).toBe(model.voltage_V);
      expect(series.current_A![row]).toBeCloseTo(model.current_A, 15);
    }
  });
});
