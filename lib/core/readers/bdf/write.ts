/**
 * Writes a canonical series as BDF csv, streaming: chunks of UTF-8 bytes, never the whole file
 * in memory, no file system (the CLI pipes the chunks to `--bdf OUT.csv`).
 *
 * Columns: `Test Time / s` always; `Unix Time / s` when the start time's zone is known (a
 * wall-clock start without zone cannot be written as Unix time, so it is not written);
 * voltage, current, cycle, step, temperature and capacities when present; the first pressure
 * channel as `Applied Pressure / Pa`; every other aux channel as `<name> / <unit>`. Numbers are
 * written in JavaScript's shortest round-trip form, so reading the file back gives the same
 * doubles; a missing value is an empty field.
 */
import { auxUnit, type CanonicalSeries } from '../../series.ts';
import { parseStartTime } from '../delimited/wallclock.ts';
import { BDF_WRITE_LABELS } from './labels.ts';

const ROWS_PER_CHUNK = 4096;

interface OutputColumn {
  label: string;
  valueAt: (row: number) => number;
}

export async function* writeBdfCsv(series: CanonicalSeries): AsyncGenerator<Uint8Array> {
  const columns = outputColumns(series);
  const encoder = new TextEncoder();
  yield encoder.encode(`${columns.map((column) => csvField(column.label)).join(',')}\n`);
  for (let first = 0; first < series.rows; first += ROWS_PER_CHUNK) {
    const last = Math.min(series.rows, first + ROWS_PER_CHUNK);
    let text = '';
    for (let row = first; row < last; row++) {
      for (let index = 0; index < columns.length; index++) {
        const value = columns[index]!.valueAt(row);
        if (index > 0) text += ',';
        if (!Number.isNaN(value)) text += String(value);
      }
      text += '\n';
    }
    yield encoder.encode(text);
  }
}

function outputColumns(series: CanonicalSeries): OutputColumn[] {
  const columns: OutputColumn[] = [{ label: BDF_WRITE_LABELS.time_s, valueAt: (row) => series.time_s[row]! }];
  const start = series.startTimeZoneKnown ? parseStartTime(series.startTime) : null;
  if (start !== null) {
    const start_s = start.ms / 1000;
    columns.push({ label: BDF_WRITE_LABELS.unixTime_s, valueAt: (row) => start_s + series.time_s[row]! });
  }
  const add = (label: string, values: ArrayLike<number> | null): void => {
    if (values !== null) columns.push({ label, valueAt: (row) => values[row]! });
  };
  add(BDF_WRITE_LABELS.voltage_V, series.voltage_V);
  add(BDF_WRITE_LABELS.current_A, series.current_A);
  add(BDF_WRITE_LABELS.cycleIndex, series.cycleIndex);
  add(BDF_WRITE_LABELS.stepIndex, series.stepIndex);
  add(BDF_WRITE_LABELS.temperature_C, series.temperature_C);
  add(BDF_WRITE_LABELS.chargeCapacity_Ah, series.chargeCapacity_Ah);
  add(BDF_WRITE_LABELS.dischargeCapacity_Ah, series.dischargeCapacity_Ah);
  let pressureWritten = false;
  for (const channel of series.aux) {
    if (channel.quantity === 'pressure' && !pressureWritten) {
      pressureWritten = true;
      add(BDF_WRITE_LABELS.pressure, channel.values);
    } else {
      add(`${channel.name} / ${auxUnit[channel.quantity] || '1'}`, channel.values);
    }
  }
  return columns;
}

/** A header field, quoted only when it holds a comma or a quote. */
function csvField(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
