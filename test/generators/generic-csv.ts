/**
 * A known cycling record and writers of it as generic delimited text in several dialects
 * (units A/mA, V/mV, s/min/h; `;` with decimal comma; every line quoted; milliseconds under a
 * seconds header). Readers must give back the model's numbers.
 */

/** A galvanostatic record: charge, rest, discharge, rest per cycle, sampled every `interval_s`. */
export interface CyclingModel {
  time_s: number[];
  current_A: number[];
  voltage_V: number[];
  cycle: number[];
  step: number[];
  /** Maccor-style state letter per row: C, D or R. */
  state: ('C' | 'D' | 'R')[];
  /** Charge passed since the step began, Ah (Maccor `Amp-hr`). */
  stepCapacity_Ah: number[];
  temperature_C: number[];
  /** Wall clock of time 0, ms since epoch (read as a zone-less local time). */
  startMs: number;
}

export interface CyclingModelOptions {
  cycles?: number;
  rowsPerStep?: number;
  interval_s?: number;
  current_A?: number;
}

/** V(q) = 3.2 V + 0.9 V × q/q_max during charge, mirrored in discharge; 0.2 V relaxation-free rests. */
export function cyclingModel(options: CyclingModelOptions = {}): CyclingModel {
  const cycles = options.cycles ?? 2;
  const rowsPerStep = options.rowsPerStep ?? 20;
  const interval_s = options.interval_s ?? 10;
  const current = options.current_A ?? 0.0015;
  const model: CyclingModel = {
    time_s: [],
    current_A: [],
    voltage_V: [],
    cycle: [],
    step: [],
    state: [],
    stepCapacity_Ah: [],
    temperature_C: [],
    startMs: Date.UTC(2021, 2, 4, 5, 6, 7),
  };
  const qMax = (current * rowsPerStep * interval_s) / 3600;
  let row = 0;
  let step = 0;
  for (let cycle = 1; cycle <= cycles; cycle++) {
    for (const state of ['C', 'R', 'D', 'R'] as const) {
      step++;
      for (let inStep = 0; inStep < rowsPerStep; inStep++) {
        const sign = state === 'C' ? 1 : state === 'D' ? -1 : 0;
        const q = (current * Math.abs(sign) * (inStep + 1) * interval_s) / 3600;
        const soc = state === 'C' ? q / qMax : state === 'D' ? 1 - q / qMax : step % 4 === 2 ? 1 : 0;
        model.time_s.push(row * interval_s);
        model.current_A.push(sign * current);
        model.voltage_V.push(3.2 + 0.9 * soc);
        model.cycle.push(cycle);
        model.step.push(step);
        model.state.push(state);
        model.stepCapacity_Ah.push(q);
        model.temperature_C.push(25 + 0.01 * (row % 7));
        row++;
      }
    }
  }
  return model;
}

export interface GenericCsvDialect {
  delimiter: ',' | ';' | '\t';
  decimalComma: boolean;
  /** Unit written in the time header; `ms-as-s` writes milliseconds under a seconds header. */
  timeUnit: 's' | 'min' | 'h' | 'ms-as-s';
  currentUnit: 'A' | 'mA';
  voltageUnit: 'V' | 'mV';
  /** Wrap every line in double quotes (Novonix). */
  quoteLines: boolean;
  /** Metadata lines before the header. */
  preambleLines: number;
  /** Add a `DateTime` column (ISO, no zone). */
  dateTime: boolean;
  /** Write a state column with the current as a magnitude. */
  stateColumn: boolean;
}

export const plainDialect: GenericCsvDialect = {
  delimiter: ',',
  decimalComma: false,
  timeUnit: 's',
  currentUnit: 'A',
  voltageUnit: 'V',
  quoteLines: false,
  preambleLines: 0,
  dateTime: false,
  stateColumn: false,
};

const TIME_SCALE = { s: 1, min: 1 / 60, h: 1 / 3600, 'ms-as-s': 1000 } as const;

export function writeGenericCsv(model: CyclingModel, dialect: GenericCsvDialect): string {
  const number = (value: number): string => {
    const text = String(value);
    return dialect.decimalComma ? text.replace('.', ',') : text;
  };
  const timeHeader = dialect.timeUnit === 'ms-as-s' ? 's' : dialect.timeUnit;
  const header = [
    `Test Time (${timeHeader})`,
    `Voltage (${dialect.voltageUnit})`,
    `Current (${dialect.currentUnit})`,
    'Cycle Number',
    'Step Index',
    'Temperature (°C)',
    ...(dialect.dateTime ? ['DateTime'] : []),
    ...(dialect.stateColumn ? ['State'] : []),
  ];
  const lines: string[] = [];
  for (let index = 0; index < dialect.preambleLines; index++)
    lines.push(`Metadata line ${index + 1}: cell A${index}`);
  lines.push(header.join(dialect.delimiter));
  const currentScale = dialect.currentUnit === 'mA' ? 1000 : 1;
  const voltageScale = dialect.voltageUnit === 'mV' ? 1000 : 1;
  for (let row = 0; row < model.time_s.length; row++) {
    const current = model.current_A[row]! * currentScale;
    const fields = [
      number(model.time_s[row]! * TIME_SCALE[dialect.timeUnit]),
      number(model.voltage_V[row]! * voltageScale),
      number(dialect.stateColumn ? Math.abs(current) : current),
      String(model.cycle[row]),
      String(model.step[row]),
      number(model.temperature_C[row]!),
      ...(dialect.dateTime ? [isoLocal(model.startMs + model.time_s[row]! * 1000)] : []),
      ...(dialect.stateColumn ? [{ C: 'Charge', D: 'Discharge', R: 'Rest' }[model.state[row]!]] : []),
    ];
    lines.push(fields.join(dialect.delimiter));
  }
  const body = dialect.quoteLines ? lines.map((line) => `"${line}"`) : lines;
  return `${body.join('\n')}\n`;
}

/** `YYYY-MM-DD HH:MM:SS.fff` without zone. */
export function isoLocal(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}
