/**
 * A generated soft-shorting (or healthy) cell taken through the same path a job takes: its
 * pressure log written as CSV by its own logger and read back by `pressureLogReader` with the
 * manifest's clock offset, cycling analysed, pressure and soft shorts summarised.
 */
import { analyzeCycling, type CyclingAnalysis } from '../../lib/core/cycling/analyze-cycling.ts';
import {
  type PressureSummary,
  type SoftShortSummary,
  summarizePressure,
  summarizeSoftShorts,
} from '../../lib/core/job/pressure.ts';
import { pressureLogReader } from '../../lib/core/readers/pressure/index.ts';
import { bytesSource } from '../../lib/core/readers/source.ts';
import type { CanonicalSeries } from '../../lib/core/series.ts';
import { AREA_CM2, type SoftShortCellOptions, type SoftShortTruth, softShortCell } from './softshort-cell.ts';
import { defaultLogger, type LoggerOptions, writeSoftShortPressureLog } from './softshort-pressure-log.ts';

export interface GeneratedCellAnalysis {
  series: CanonicalSeries;
  truth: SoftShortTruth;
  log: CanonicalSeries | null;
  cycling: CyclingAnalysis;
  pressure: PressureSummary | null;
  softShorts: SoftShortSummary;
}

export async function analyzeGeneratedCell(
  cell: SoftShortCellOptions = {},
  logger: LoggerOptions | null = defaultLogger,
): Promise<GeneratedCellAnalysis> {
  const { series, truth } = softShortCell(cell);
  const cycling = analyzeCycling(series, {
    type: 'full',
    areaCm2: AREA_CM2,
    activeMassMg: null,
    referenceOffset_V: 0,
  });
  let log: CanonicalSeries | null = null;
  let pressure: PressureSummary | null = null;
  if (logger !== null) {
    const text = writeSoftShortPressureLog(truth, series.time_s[series.rows - 1]!, logger);
    log = await pressureLogReader.read(bytesSource('pressure.csv', new TextEncoder().encode(text)), {
      clockOffset_s: -logger.clockFast_s,
    });
    pressure = summarizePressure(series, log, 0, cycling, { type: 'full', areaCm2: AREA_CM2 });
  }
  const softShorts = summarizeSoftShorts(series, cycling, pressure);
  return { series, truth, log, cycling, pressure, softShorts };
}
