/**
 * The benchmark's cycling CSV: a date-time column plus time, current and voltage, the shape pandas'
 * `read_csv` is quoted on (issue 2). Rows come from a known model so a reader can be checked:
 *
 * - row r is at `time_s = r × 0.5` and wall clock 2024-01-10 11:02:29.886 + time (no zone);
 * - the cell runs galvanostatic halves of `HALF_ROWS` rows at ±1.5 mA with a small ripple,
 *   V = 3.4 V + 0.45 V × (fraction of the half), written with 6 decimals.
 *
 * Lines are formatted byte by byte into large buffers (no string per field), so 10 million rows
 * (≈ 550 MB) are written in a few seconds.
 */
import { closeSync, openSync, writeSync } from 'node:fs';

export const BENCH_CSV_HEADER = 'Date Time,Test Time (s),Current (A),Voltage (V)\n';
export const BENCH_CSV_INTERVAL_S = 0.5;
export const BENCH_CSV_START_MS = Date.UTC(2024, 0, 10, 11, 2, 29, 886);
const HALF_ROWS = 3600;
const BLOCK_BYTES = 8 << 20;
/** The longest line the writer produces, with margin. */
const MAX_LINE_BYTES = 96;

/** Model values of one row, as written (after rounding to the written decimals). */
export function benchCsvRow(row: number): { time_s: number; current_A: number; voltage_V: number } {
  const { current_uA10, voltage_uV } = modelIntegers(row);
  return { time_s: row * BENCH_CSV_INTERVAL_S, current_A: current_uA10 / 1e7, voltage_V: voltage_uV / 1e6 };
}

/** The model in the integers the writer prints: current in 0.1 µA, voltage in µV. */
function modelIntegers(row: number): { current_uA10: number; voltage_uV: number } {
  const half = Math.floor(row / HALF_ROWS);
  const fraction = (row % HALF_ROWS) / HALF_ROWS;
  const charging = half % 2 === 0;
  const ripple = (row * 7919) % 97; // deterministic noise, 0–9.6 µA
  const current_uA10 = (charging ? 1 : -1) * (15000 + ripple);
  const soc = charging ? fraction : 1 - fraction;
  const voltage_uV = Math.round(3_400_000 + 450_000 * soc + (charging ? 25_000 : -25_000));
  return { current_uA10, voltage_uV };
}

/** Writes `rows` data rows after the header to `path`; returns the file's size in bytes. */
export function writeBenchCsv(path: string, rows: number): number {
  const fd = openSync(path, 'w');
  let written = 0;
  try {
    const block = Buffer.allocUnsafe(BLOCK_BYTES);
    let at = block.write(BENCH_CSV_HEADER, 0, 'latin1');
    let dayText = '';
    let dayStartMs = Number.NaN;
    for (let row = 0; row < rows; row++) {
      if (at > BLOCK_BYTES - MAX_LINE_BYTES) {
        written += writeSync(fd, block, 0, at);
        at = 0;
      }
      const wallMs = BENCH_CSV_START_MS + row * BENCH_CSV_INTERVAL_S * 1000;
      if (!(wallMs - dayStartMs < 86_400_000)) {
        dayStartMs = wallMs - (wallMs % 86_400_000);
        dayText = new Date(dayStartMs).toISOString().slice(0, 10);
      }
      for (let index = 0; index < 10; index++) block[at++] = dayText.charCodeAt(index);
      const ofDay = wallMs - dayStartMs;
      block[at++] = 32;
      at = writePadded(block, at, Math.floor(ofDay / 3_600_000), 2);
      block[at++] = 58;
      at = writePadded(block, at, Math.floor(ofDay / 60_000) % 60, 2);
      block[at++] = 58;
      at = writePadded(block, at, Math.floor(ofDay / 1000) % 60, 2);
      block[at++] = 46;
      at = writePadded(block, at, ofDay % 1000, 3);
      block[at++] = 44;
      at = writeFixed(block, at, row * 500, 3); // time_s = row × 0.5 s, in ms
      block[at++] = 44;
      const { current_uA10, voltage_uV } = modelIntegers(row);
      at = writeFixed(block, at, current_uA10, 7);
      block[at++] = 44;
      at = writeFixed(block, at, voltage_uV, 6);
      block[at++] = 10;
    }
    written += writeSync(fd, block, 0, at);
  } finally {
    closeSync(fd);
  }
  return written;
}

function writePadded(block: Buffer, at: number, value: number, width: number): number {
  for (let index = width - 1; index >= 0; index--) {
    block[at + index] = 48 + (value % 10);
    value = Math.floor(value / 10);
  }
  return at + width;
}

const POWERS_OF_TEN = Array.from({ length: 16 }, (_, k) => 10 ** k);

function writeInteger(block: Buffer, at: number, value: number): number {
  let width = 1;
  while (value >= POWERS_OF_TEN[width]!) width++;
  return writePadded(block, at, value, width);
}

/** Writes `scaled / 10^decimals` in plain decimal notation (`-0.0015023`). */
function writeFixed(block: Buffer, at: number, scaled: number, decimals: number): number {
  if (scaled < 0) {
    block[at++] = 45;
    scaled = -scaled;
  }
  const integer = Math.floor(scaled / POWERS_OF_TEN[decimals]!);
  const fraction = scaled - integer * POWERS_OF_TEN[decimals]!;
  at = writeInteger(block, at, integer);
  block[at++] = 46;
  return writePadded(block, at, fraction, decimals);
}
