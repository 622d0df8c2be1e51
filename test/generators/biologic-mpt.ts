/**
 * A known galvanostatic record and a writer of it as a BioLogic EC-Lab text export (`.mpt`): the
 * preamble EC-Lab writes (technique, acquisition start, software version, settings table), the GCPL
 * column set with EC-Lab's derived columns (mode, ox/red, Ns, dq, (Q-Qo), half cycle, Q charge/discharge
 * …), English or German locale (decimal comma), CRLF, Latin-1 (`µF`, `cm²`). Numbers are written with
 * 17 significant digits in EC-Lab's `E+000` style, so a reader must give back the model's doubles.
 */

/** The canonical-ish record the writer puts in the file. */
export interface BiologicModel {
  time_s: number[];
  voltage_V: number[];
  /** Positive = charge (oxidation at the working electrode), as EC-Lab counts it. */
  current_A: number[];
  cycle: number[];
  /** Wall clock of `time/s = 0` as UTC fields (EC-Lab states no zone). */
  start: {
    year: number;
    month: number;
    day: number;
    hour: number;
    minute: number;
    second: number;
    ms: number;
  };
}

export interface BiologicModelOptions {
  cycles?: number;
  pointsPerStep?: number;
  interval_s?: number;
  current_A?: number;
}

/**
 * Rest, then per cycle a constant-current charge and discharge, sampled every `interval_s`:
 * V = 3.40 V + 0.45 V × q/q_max (+25 mV polarisation while current flows), where q is the charge
 * passed in the half cycle. Cycle numbers count from 0, as EC-Lab's do.
 */
export function biologicModel(options: BiologicModelOptions = {}): BiologicModel {
  const cycles = options.cycles ?? 3;
  const points = options.pointsPerStep ?? 40;
  const interval_s = options.interval_s ?? 0.7;
  const current_A = options.current_A ?? 3.9e-4;
  const model: BiologicModel = {
    time_s: [],
    voltage_V: [],
    current_A: [],
    cycle: [],
    start: { year: 2024, month: 1, day: 10, hour: 11, minute: 2, second: 29, ms: 886 },
  };
  let time_s = 0;
  const push = (current: number, soc: number, cycle: number): void => {
    model.time_s.push(time_s);
    model.current_A.push(current);
    model.voltage_V.push(3.4 + 0.45 * soc + Math.sign(current) * 0.025);
    model.cycle.push(cycle);
    time_s += interval_s;
  };
  for (let point = 0; point < points / 2; point++) push(0, 0, 0);
  for (let cycle = 0; cycle < cycles; cycle++) {
    for (let point = 1; point <= points; point++) push(current_A, point / points, cycle);
    for (let point = 1; point <= points; point++) push(-current_A, 1 - point / points, cycle);
  }
  return model;
}

export interface MptWriteOptions {
  locale: 'en' | 'de';
  encoding?: 'latin1' | 'utf-8';
  lineEnd?: '\r\n' | '\n';
  /** Leave out the `EC-Lab ASCII FILE` preamble: the file starts with the column header line. */
  withoutPreamble?: boolean;
  /** Extra column appended to every line (name and value), e.g. a column no reader knows. */
  extraColumn?: { name: string; value: string };
  /** Settings-table lines added to the preamble (a long Modulo Bat sequence makes headers of many KB). */
  extraSettingsLines?: number;
}

/** The columns written, in EC-Lab's GCPL order; `cycle number` last, as EC-Lab 11.50 writes it. */
export const MPT_COLUMNS = [
  'mode',
  'ox/red',
  'error',
  'control changes',
  'Ns changes',
  'counter inc.',
  'Ns',
  'time/s',
  'control/V/mA',
  'Ewe/V',
  'I/mA',
  'dq/mA.h',
  '(Q-Qo)/mA.h',
  'I Range',
  'Q charge/discharge/mA.h',
  'half cycle',
  'Capacitance charge/µF',
  'Q discharge/mA.h',
  'Q charge/mA.h',
  'cycle number',
] as const;

/** EC-Lab's `Ns` of the GCPL sequences: 0 rest, 1 charge, 2 discharge. */
const SEQUENCE_OF_SIGN = { '0': 0, '1': 1, '-1': 2 } as const;

export function writeBiologicMpt(model: BiologicModel, options: MptWriteOptions): Uint8Array {
  const lineEnd = options.lineEnd ?? '\r\n';
  const decimal = options.locale === 'de' ? ',' : '.';
  const localNumber = (text: string): string => text.replace('.', decimal);
  const number = (value: number): string => localNumber(ecLabExponential(value));
  const columns: string[] = [...MPT_COLUMNS];
  if (options.extraColumn) columns.push(options.extraColumn.name);

  const dataLines: string[] = [];
  let previousSign = 0;
  let oxRed = 0;
  let halfCycle = 0;
  let net_mAh = 0;
  let halfCycle_mAh = 0;
  for (let row = 0; row < model.time_s.length; row++) {
    const current_mA = model.current_A[row]! * 1000;
    const sign = Math.sign(current_mA) as -1 | 0 | 1;
    const dt_s = row === 0 ? 0 : model.time_s[row]! - model.time_s[row - 1]!;
    const dq_mAh = (current_mA * dt_s) / 3600;
    if (sign !== 0 && previousSign !== 0 && sign !== previousSign) {
      halfCycle++;
      halfCycle_mAh = 0;
    }
    if (sign !== 0) {
      previousSign = sign;
      oxRed = sign > 0 ? 1 : 0;
    }
    net_mAh += dq_mAh;
    halfCycle_mAh += dq_mAh;
    const fields = [
      sign === 0 ? '3' : '1',
      String(oxRed),
      '0',
      '0',
      '0',
      '0',
      String(SEQUENCE_OF_SIGN[String(sign) as '0' | '1' | '-1']),
      number(model.time_s[row]!),
      number(current_mA),
      number(model.voltage_V[row]!),
      number(current_mA),
      number(dq_mAh),
      number(net_mAh),
      '41',
      number(halfCycle_mAh),
      String(halfCycle),
      number(0),
      number(Math.max(-halfCycle_mAh, 0)),
      number(Math.max(halfCycle_mAh, 0)),
      number(model.cycle[row]!),
    ];
    if (options.extraColumn) fields.push(options.extraColumn.value);
    dataLines.push(fields.join('\t'));
  }

  const headerLine = `${columns.join('\t')}\t`;
  const lines = options.withoutPreamble
    ? [headerLine, ...dataLines]
    : [...preamble(model, localNumber, headerLine, options.extraSettingsLines ?? 0), ...dataLines];
  const text = lines.join(lineEnd) + lineEnd;
  return options.encoding === 'utf-8' ? new TextEncoder().encode(text) : latin1Bytes(text);
}

/** The lines before the data, ending with the column header line; line 2 counts them. */
function preamble(
  model: BiologicModel,
  localNumber: (text: string) => string,
  headerLine: string,
  extraSettingsLines: number,
): string[] {
  const { start } = model;
  const pad = (value: number, width = 2): string => String(value).padStart(width, '0');
  const startText = `${pad(start.month)}/${pad(start.day)}/${start.year} ${pad(start.hour)}:${pad(start.minute)}:${pad(start.second)}.${pad(start.ms, 3)}`;
  const body = [
    '',
    'Galvanostatic Cycling with Potential Limitation',
    '',
    'Run on channel : 1 (SN 15265)',
    'User : ',
    'Electrode connection : standard',
    'Potential control : Ewe',
    `Ewe ctrl range : min = ${localNumber('0.00')} V, max = ${localNumber('5.00')} V`,
    'Safety Limits :',
    '\tDo not start on E overload',
    `Acquisition started on : ${startText}`,
    'Loaded Setting File :  NONE',
    'Saved on :',
    '\tFile : cell.mpr',
    '\tDirectory : C:\\Data\\',
    '\tHost : 192.168.0.2',
    'Device : VMP3 (SN 0001)',
    'Address : 192.168.0.3',
    'EC-Lab for windows v11.50 (software)',
    'Internet server v11.50 (firmware)',
    'Command interpretor v11.50 (firmware)',
    'Electrode material : Cu',
    'Initial state : ',
    'Electrolyte : Li6PS5Cl',
    'Comments : ',
    `Electrode surface area : ${localNumber('0.785')} cm²`,
    `Characteristic mass : ${localNumber('0.001')} g`,
    'Cycle Definition : Charge/Discharge alternance',
    'Ns                  0                   1                   2                   ',
    'Set I/C             I                   I                   I                   ',
    `Is                  ${localNumber('0.000')}               ${localNumber('390.000')}             ${localNumber('-390.000')}            `,
    'unit Is             mA                  µA                  µA                  ',
    ...Array.from(
      { length: extraSettingsLines },
      (_, index) =>
        `lim${index}_value          ${localNumber('10.000')}              ${localNumber('10.000')}              `,
    ),
    '',
  ];
  const count = body.length + 3;
  return ['EC-Lab ASCII FILE', `Nb header lines : ${count}                          `, ...body, headerLine];
}

/** `3.0152999238271150E+001`: 17 significant digits, EC-Lab's three-digit exponent. */
export function ecLabExponential(value: number): string {
  const [mantissa, exponent] = value.toExponential(16).split('e') as [string, string];
  const exponentValue = Number(exponent);
  return `${mantissa}E${exponentValue < 0 ? '-' : '+'}${String(Math.abs(exponentValue)).padStart(3, '0')}`;
}

function latin1Bytes(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code > 0xff) throw new Error(`character U+${code.toString(16)} has no Latin-1 byte`);
    bytes[index] = code;
  }
  return bytes;
}
