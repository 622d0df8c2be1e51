/**
 * Arbin CSV exports written from a known cycling model, so a reader's output can be compared
 * with the exact numbers that went in.
 *
 * Model: each cycle is rest → constant-current charge → rest → constant-current discharge,
 * sampled every `sample_s`. Charge moves as Q = I·t / 3600 (Ah); the voltage is a straight
 * open-circuit line plus an ohmic drop, V = V0 + slope·Q/C + R·I. Arbin's capacity counters
 * accumulate within a cycle and restart at zero when the cycle index advances; step indices
 * count 1–4 within each cycle, as an Arbin schedule of four steps writes them.
 */

export interface ArbinModelOptions {
  cycles: number;
  capacity_Ah: number;
  current_A: number;
  sample_s: number;
  rest_s: number;
  /** Unix seconds of test time 0. */
  startUnix_s: number;
}

export interface ArbinModelRow {
  time_s: number;
  stepTime_s: number;
  stepIndex: number;
  cycleIndex: number;
  current_A: number;
  voltage_V: number;
  chargeCapacity_Ah: number;
  dischargeCapacity_Ah: number;
}

export const defaultArbinModel: ArbinModelOptions = {
  cycles: 3,
  capacity_Ah: 0.002,
  current_A: 0.001,
  sample_s: 60,
  rest_s: 600,
  startUnix_s: 1_700_000_000.25,
};

const OPEN_CIRCUIT_EMPTY_V = 3.0;
const OPEN_CIRCUIT_SLOPE_V = 1.2;
const RESISTANCE_OHM = 20;

/** Rows of the model, in time order. */
export function arbinModelRows(options: ArbinModelOptions = defaultArbinModel): ArbinModelRow[] {
  const rows: ArbinModelRow[] = [];
  const stepDuration_s = (options.capacity_Ah / options.current_A) * 3600;
  let time_s = 0;
  let state_Ah = 0;
  for (let cycle = 1; cycle <= options.cycles; cycle++) {
    let charged_Ah = 0;
    let discharged_Ah = 0;
    const steps = [
      { index: 1, current_A: 0, duration_s: options.rest_s },
      { index: 2, current_A: options.current_A, duration_s: stepDuration_s },
      { index: 3, current_A: 0, duration_s: options.rest_s },
      { index: 4, current_A: -options.current_A, duration_s: stepDuration_s },
    ];
    for (const step of steps) {
      const stepStart_s = time_s;
      for (
        let stepTime_s = options.sample_s;
        stepTime_s <= step.duration_s + 1e-9;
        stepTime_s += options.sample_s
      ) {
        const moved_Ah = (step.current_A * options.sample_s) / 3600;
        state_Ah += moved_Ah;
        if (moved_Ah > 0) charged_Ah += moved_Ah;
        else discharged_Ah -= moved_Ah;
        rows.push({
          time_s: stepStart_s + stepTime_s,
          stepTime_s,
          stepIndex: step.index,
          cycleIndex: cycle,
          current_A: step.current_A,
          voltage_V:
            OPEN_CIRCUIT_EMPTY_V +
            (OPEN_CIRCUIT_SLOPE_V * state_Ah) / options.capacity_Ah +
            RESISTANCE_OHM * step.current_A,
          chargeCapacity_Ah: charged_Ah,
          dischargeCapacity_Ah: discharged_Ah,
        });
      }
      time_s = stepStart_s + step.duration_s;
    }
  }
  return rows;
}

/**
 * Header dialects Arbin software writes:
 * - `beep`: bare names, `DateTime` in unix seconds (BEEP's export of Arbin SQL data);
 * - `mits-pro`: MITS Pro units in brackets, `Date_Time` as an Excel serial;
 * - `mits8`: MITS 7/8 names with spaces, `Date Time` as a tab-prefixed `MM/DD/YYYY hh:mm:ss.fff`.
 */
export type ArbinCsvDialect = 'beep' | 'mits-pro' | 'mits8';

const headers: Record<ArbinCsvDialect, string[]> = {
  beep: [
    'Data_Point',
    'Test_Time',
    'DateTime',
    'Step_Time',
    'Step_Index',
    'Cycle_Index',
    'Current',
    'Voltage',
    'Charge_Capacity',
    'Discharge_Capacity',
    'Charge_Energy',
    'Discharge_Energy',
  ],
  'mits-pro': [
    'Data_Point',
    'Date_Time',
    'Test_Time(s)',
    'Step_Time(s)',
    'Step_Index',
    'Cycle_Index',
    'Current(A)',
    'Voltage(V)',
    'Charge_Capacity(Ah)',
    'Discharge_Capacity(Ah)',
    'Internal Resistance(Ohm)',
  ],
  mits8: [
    'Data Point',
    'Date Time',
    'Test Time (s)',
    'Step Time (s)',
    'Cycle Index',
    'Step Index',
    'Current (A)',
    'Voltage (V)',
    'Power (W)',
    'Charge Capacity (Ah)',
    'Discharge Capacity (Ah)',
    'Aux_Temperature_1 (C)',
  ],
};

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** `MM/DD/YYYY hh:mm:ss.fff` of a wall-clock time given as unix milliseconds. */
function slashDate(epochMs: number): string {
  const date = new Date(epochMs);
  return `${pad(date.getUTCMonth() + 1)}/${pad(date.getUTCDate())}/${date.getUTCFullYear()} ${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())}.${pad(date.getUTCMilliseconds(), 3)}`;
}

/** Temperature written by the `mits8` dialect's thermocouple column, °C. */
export function modelTemperature_C(row: number): number {
  return 25 + (row % 7) * 0.125;
}

/** The CSV text of `rows` in `dialect`; numbers are written with JavaScript's shortest round-trip form. */
export function writeArbinCsv(
  rows: readonly ArbinModelRow[],
  dialect: ArbinCsvDialect,
  options: ArbinModelOptions = defaultArbinModel,
): string {
  const lines = [headers[dialect].join(',')];
  rows.forEach((row, index) => {
    const unix_s = options.startUnix_s + row.time_s;
    if (dialect === 'beep') {
      lines.push(
        [
          index,
          row.time_s,
          unix_s,
          row.stepTime_s,
          row.stepIndex,
          row.cycleIndex,
          row.current_A,
          row.voltage_V,
          row.chargeCapacity_Ah,
          row.dischargeCapacity_Ah,
          row.chargeCapacity_Ah * 3.5,
          row.dischargeCapacity_Ah * 3.5,
        ].join(','),
      );
    } else if (dialect === 'mits-pro') {
      lines.push(
        [
          index + 1,
          unix_s / 86400 + 25569,
          row.time_s,
          row.stepTime_s,
          row.stepIndex,
          row.cycleIndex,
          row.current_A,
          row.voltage_V,
          row.chargeCapacity_Ah,
          row.dischargeCapacity_Ah,
          '',
        ].join(','),
      );
    } else {
      lines.push(
        [
          index + 1,
          `\t${slashDate(Math.round(unix_s * 1000))}`,
          row.time_s,
          row.stepTime_s,
          row.cycleIndex,
          row.stepIndex,
          row.current_A,
          row.voltage_V,
          row.current_A * row.voltage_V,
          row.chargeCapacity_Ah,
          row.dischargeCapacity_Ah,
          modelTemperature_C(index),
        ].join(','),
      );
    }
  });
  return `${lines.join('\r\n')}\r\n`;
}
