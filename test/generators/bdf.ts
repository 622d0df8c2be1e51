/**
 * BDF csv written with the machine names (`test_time_second`, `voltage_volt` …) from the
 * cycling model, to check the reader against a writer other than our own `writeBdfCsv`.
 */
import type { CyclingModel } from './generic-csv.ts';

export function writeBdfMachineCsv(model: CyclingModel): string {
  const lines = [
    'test_time_second,unix_time_second,voltage_volt,current_ampere,cycle_count,step_count,ambient_temperature_celsius',
  ];
  for (let row = 0; row < model.time_s.length; row++) {
    const t = model.time_s[row]!;
    lines.push(
      [
        t,
        model.startMs / 1000 + t,
        model.voltage_V[row],
        model.current_A[row],
        model.cycle[row],
        model.step[row],
        model.temperature_C[row],
      ].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}
