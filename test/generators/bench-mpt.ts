/**
 * The benchmark's EC-Lab text export (`.mpt`): the preamble and GCPL column set of
 * `biologic-mpt.ts` (English locale, CRLF, Latin-1), rows from the benchmark model
 * (`benchCsvRow`), every number in EC-Lab's 17-significant-digit `E+000` style. Written block by
 * block with repeated values formatted once, so a million rows (≈ 390 MB) take seconds, not a
 * gigabyte of strings.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { benchCsvRow } from './bench-csv.ts';
import { type BiologicModel, ecLabExponential, writeBiologicMpt } from './biologic-mpt.ts';

const BLOCK_ROWS = 20_000;
const HALF_ROWS = 3600;
const INTERVAL_S = 0.5;

/** Writes `rows` rows to `path`; returns the file's size in bytes. */
export function writeBenchMpt(path: string, rows: number): number {
  const empty: BiologicModel = {
    time_s: [],
    voltage_V: [],
    current_A: [],
    cycle: [],
    start: { year: 2024, month: 1, day: 10, hour: 11, minute: 2, second: 29, ms: 886 },
  };
  const preamble = writeBiologicMpt(empty, { locale: 'en' });
  const fd = openSync(path, 'w');
  let written = writeSync(fd, preamble);
  const repeated = new Map<number, string>();
  const cached = (value: number): string => {
    let text = repeated.get(value);
    if (text === undefined) {
      text = ecLabExponential(value);
      if (repeated.size < 4096) repeated.set(value, text);
    }
    return text;
  };
  try {
    let net_mAh = 0;
    let half_mAh = 0;
    for (let blockStart = 0; blockStart < rows; blockStart += BLOCK_ROWS) {
      const lines: string[] = [];
      for (let row = blockStart; row < Math.min(rows, blockStart + BLOCK_ROWS); row++) {
        const model = benchCsvRow(row);
        const current_mA = model.current_A * 1000;
        const charging = current_mA > 0;
        const halfCycle = Math.floor(row / HALF_ROWS);
        if (row % HALF_ROWS === 0) half_mAh = 0;
        const dq_mAh = row === 0 ? 0 : (current_mA * INTERVAL_S) / 3600;
        net_mAh += dq_mAh;
        half_mAh += dq_mAh;
        lines.push(
          [
            '1',
            charging ? '1' : '0',
            '0',
            '0',
            '0',
            '0',
            charging ? '1' : '2',
            ecLabExponential(model.time_s),
            cached(current_mA),
            ecLabExponential(model.voltage_V),
            cached(current_mA),
            cached(dq_mAh),
            ecLabExponential(net_mAh),
            '41',
            ecLabExponential(half_mAh),
            String(halfCycle),
            cached(0),
            cached(Math.max(-half_mAh, 0)),
            cached(Math.max(half_mAh, 0)),
            cached(Math.floor(halfCycle / 2)),
          ].join('\t'),
        );
      }
      written += writeSync(fd, `${lines.join('\r\n')}\r\n`, null, 'latin1');
    }
  } finally {
    closeSync(fd);
  }
  return written;
}
