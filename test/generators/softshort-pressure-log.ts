/**
 * The stack-pressure log of a `softshort-cell.ts` cell as its own logger writes it: started
 * `loggerDelay_s` after the cycler, a clock running `clockFast_s` ahead of the cycler's, its own
 * sampling interval, absolute timestamps with a zone, optional gap. Read it back with
 * `pressureLogReader` and `clockOffset_s = −clockFast_s` (what the manifest states).
 */
import { Random } from './lbhi-series.ts';
import { CYCLER_START_MS, modelPressure_MPa, type SoftShortTruth } from './softshort-cell.ts';

export interface LoggerOptions {
  loggerDelay_s: number;
  clockFast_s: number;
  interval_s: number;
  noise_MPa: number;
  /** True test times [from, to) with no samples. */
  gap?: [number, number];
  seed?: number;
}

export const defaultLogger: LoggerOptions = {
  loggerDelay_s: 137,
  clockFast_s: 23,
  interval_s: 45,
  noise_MPa: 0.0005,
};

export function writeSoftShortPressureLog(
  truth: SoftShortTruth,
  end_s: number,
  options: LoggerOptions = defaultLogger,
): string {
  const random = new Random(options.seed ?? 3);
  const lines = ['Timestamp,Stack pressure (MPa)'];
  for (let t_s = options.loggerDelay_s; t_s <= end_s; t_s += options.interval_s) {
    if (options.gap && t_s >= options.gap[0] && t_s < options.gap[1]) continue;
    const pressure_MPa = modelPressure_MPa(truth, t_s) + options.noise_MPa * random.normal();
    const stamp = new Date(CYCLER_START_MS + (t_s + options.clockFast_s) * 1000)
      .toISOString()
      .replace('T', ' ')
      .replace('Z', '+00:00');
    lines.push(`${stamp},${pressure_MPa.toFixed(5)}`);
  }
  return `${lines.join('\n')}\n`;
}
