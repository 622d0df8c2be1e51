/**
 * Writes the cycling model (`generic-csv.ts`) as a Maccor MIMS text export: current as a
 * magnitude with the direction in `State`, `Amp-hr` per step, `DPt Time` with or without its
 * date, 1 or 3 preamble lines, CRLF or LF.
 */
import type { CyclingModel } from './generic-csv.ts';

export interface MaccorTextOptions {
  preamble: 'one-line' | 'three-lines';
  timeColumn: 'Test (Sec)' | 'Test (Min)' | 'TestTime';
  dptTime: 'date-and-time' | 'time-only';
  lineEnd: '\r\n' | '\n';
}

export function writeMaccorText(model: CyclingModel, options: MaccorTextOptions): string {
  const start = new Date(model.startMs);
  const pad = (value: number, width = 2): string => String(value).padStart(width, '0');
  const date = `${pad(start.getUTCMonth() + 1)}/${pad(start.getUTCDate())}/${start.getUTCFullYear()}`;
  const lines =
    options.preamble === 'one-line'
      ? [
          `Today's Date 04/04/2021  Date of Test:\t${date}\t Filename:\tC:\\Data\\cell.001 Procedure: form.000\tComment/Barcode: gen`,
        ]
      : [
          `Today's Date:\t4 April 2021\tDate of Test:\t${date}`,
          '    Filename:\tcell\tTester Channel:\t1',
          'Procedure:\tform.000\tDescription:',
        ];
  lines.push(
    [
      'Rec#',
      'Cyc#',
      'Step',
      options.timeColumn,
      'Step (Sec)',
      'Amp-hr',
      'Watt-hr',
      'Amps',
      'Volts',
      'State',
      'ES',
      'DPt Time',
      'VAR1',
    ].join('\t'),
  );
  for (let row = 0; row < model.time_s.length; row++) {
    const t = model.time_s[row]!;
    const clock = new Date(model.startMs + t * 1000);
    const timeOfDay = `${pad(clock.getUTCHours())}:${pad(clock.getUTCMinutes())}:${pad(clock.getUTCSeconds())}`;
    const stamp =
      options.dptTime === 'time-only'
        ? timeOfDay
        : `${pad(clock.getUTCMonth() + 1)}/${pad(clock.getUTCDate())}/${clock.getUTCFullYear()} ${timeOfDay}`;
    const testTime =
      options.timeColumn === 'Test (Sec)'
        ? String(t)
        : options.timeColumn === 'Test (Min)'
          ? String(t / 60)
          : `  ${Math.floor(t / 86400)}d ${pad(Math.floor((t % 86400) / 3600))}:${pad(Math.floor((t % 3600) / 60))}:${t % 60}`;
    lines.push(
      [
        String(row + 1),
        String(model.cycle[row]),
        String(model.step[row]),
        testTime,
        '0',
        String(model.stepCapacity_Ah[row]),
        '0',
        String(Math.abs(model.current_A[row]!)),
        String(model.voltage_V[row]),
        model.state[row],
        '1',
        stamp,
        'N/A',
      ].join('\t'),
    );
  }
  return lines.join(options.lineEnd) + options.lineEnd;
}
